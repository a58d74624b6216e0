"""Records: what a source document says, before any resolution or graph building.

Readers produce these; extractors add mentions to them; the resolver and graph
builder consume them. They are plain pydantic models so they validate at the
boundary and serialize to JSON for debugging and for the Dask engine.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "PartialDate",
    "PersonName",
    "Institution",
    "Venue",
    "PaperRecord",
    "DocumentRecords",
    "ArtifactKind",
    "Mention",
    "Relation",
    "ArtifactRecord",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PartialDate(_Frozen):
    """A date as precise as the source prints it; a missing year is never invented."""

    year: int | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    def lexical(self) -> tuple[str, str] | None:
        """(lexical form, XSD datatype local name), or None when nothing is known."""
        y, m, d = self.year, self.month, self.day
        if y is not None and m is not None and d is not None:
            return f"{y:04d}-{m:02d}-{d:02d}", "date"
        if y is not None and m is not None:
            return f"{y:04d}-{m:02d}", "gYearMonth"
        if y is not None:
            return f"{y:04d}", "gYear"
        if m is not None and d is not None:
            return f"--{m:02d}-{d:02d}", "gMonthDay"
        return None


class PersonName(_Frozen):
    """A person as a page names them: `name` is always "First Last" order.

    `affiliations` are the institutions the source ties to this person (such as
    arXiv's per-author affiliations), as printed.
    """

    name: str
    as_printed: str | None = None
    affiliations: tuple[str, ...] = ()


class Institution(_Frozen):
    """An institution attached to a paper or person; `slug` is the page's short form."""

    name: str
    slug: str | None = None


class Venue(_Frozen):
    """Where a paper was published or presented, parsed from a comment line."""

    series: str
    year: int | None = None
    kind: Literal["conference", "workshop", "journal"] | None = None
    track: str | None = None
    event_name: str | None = None  # e.g. "2nd Workshop on Generative AI and Law"
    text: str  # the line as printed


ArtifactKind = Literal["dataset", "benchmark", "model", "application", "artifact"]


#: How sure an extractor is of what it found: a probability (written as an xsd:decimal).
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class Mention(_Frozen):
    """A named thing found in a record's text, with the evidence for it."""

    name: str
    kind: ArtifactKind | Literal["organization"]
    role: Literal["introduces", "uses", "mentions"]
    start: int = -1  # character offsets into `field`; -1 when not from text
    end: int = -1
    field: Literal["title", "abstract", "comment"] = "abstract"
    extractor: str = ""
    confidence: Confidence = 1.0


class Relation(_Frozen):
    """A stated link between two named things: developedBy or dependsOn."""

    subject: str
    subject_kind: ArtifactKind
    predicate: Literal["developedBy", "dependsOn"]
    object: str
    object_kind: ArtifactKind | Literal["organization"]
    start: int = -1
    end: int = -1
    field: Literal["title", "abstract", "comment"] = "abstract"
    extractor: str = ""
    confidence: Confidence = 1.0


class PaperRecord(BaseModel):
    """Everything one source says about one paper."""

    model_config = ConfigDict(extra="forbid")

    index: int  # 0-based position in its document
    title: str | None = None
    abstract: str | None = None
    arxiv_id: str | None = None  # without version suffix
    arxiv_version: int | None = None
    doi: str | None = None
    issued: PartialDate | None = None
    updated: PartialDate | None = None
    categories: list[str] = Field(default_factory=list)  # arXiv codes, e.g. "cs.CL"
    has_code_flag: bool | None = None
    authors: list[PersonName] = Field(default_factory=list)
    authors_inferred: list[PersonName] = Field(default_factory=list)  # e.g. the page owner
    authors_truncated: bool = False
    author_count: int | None = None
    institutions: list[Institution] = Field(default_factory=list)
    venue: Venue | None = None
    comments: list[str] = Field(default_factory=list)
    code_urls: list[str] = Field(default_factory=list)
    homepage_urls: list[str] = Field(default_factory=list)
    upvotes: int | None = None
    truncated: bool = False  # the page was cut off inside this record
    mentions: list[Mention] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    @property
    def all_authors(self) -> list[PersonName]:
        """Printed authors then inferred ones (the page owner), without repeats."""
        if not self.authors_inferred:
            return list(self.authors)  # the usual case, without folding every name
        seen = {a.name.casefold() for a in self.authors}
        return self.authors + [a for a in self.authors_inferred if a.name.casefold() not in seen]


class ArtifactRecord(BaseModel):
    """A dataset, model or application described by a structured source (Ecosystem Graphs)."""

    model_config = ConfigDict(extra="forbid")

    index: int
    name: str
    kind: ArtifactKind
    organizations: list[str] = Field(default_factory=list)
    dependencies: list[str] = Field(default_factory=list)
    description: str | None = None
    created: PartialDate | None = None
    url: str | None = None
    properties: dict[str, str] = Field(default_factory=dict)


class DocumentRecords(BaseModel):
    """What a reader returns for one document: its layout, owner and records."""

    model_config = ConfigDict(extra="forbid")

    format: str
    owner: PersonName | None = None
    papers: list[PaperRecord] = Field(default_factory=list)
    artifacts: list[ArtifactRecord] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    #: The document itself says it holds no records (an API answer with zero results):
    #: a used input with none, not a skipped one.
    stated_empty: bool = False
    #: LaTeX commands the reader did not know (kept as written), by name: the build says so once.
    unknown_latex: dict[str, int] = Field(default_factory=dict)
