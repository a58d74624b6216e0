"""The entity types of a kgraph graph, each declared once.

Every other list of kinds, classes, IRI prefixes, page styles and properties in
the code is read from `ENTITY_TYPES`; ``tests/test_schema.py`` checks the table
against ``ontology/kgraph.ttl`` and ``ontology/shapes.ttl``. Adding an entity type
means a row here, its terms in the ontology and shapes, and the code that finds it.

Terms are written as prefixed names ("kg:arxivId", "xsd:integer") with the
prefixes of kgraph.vocab.NS, so this module imports nothing: a build reads it
without rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Attribute",
    "Link",
    "Style",
    "EntityType",
    "ENTITY_TYPES",
    "EVIDENCE",
    "DATATYPES",
    "IRI_PREFIXES",
    "ARTIFACT_TYPES",
    "ARTIFACT_KINDS",
    "ARTIFACT_CLASSES",
    "EXTRACTED_KINDS",
    "CARD_FIELDS",
    "by_class",
    "properties_of",
    "kg_terms",
]


@dataclass(frozen=True)
class Attribute:
    """A literal property: its term and the datatype of its values."""

    term: str
    datatype: str = "xsd:string"
    card: bool = False  # an Ecosystem Graphs card field, kept as the source words it


@dataclass(frozen=True)
class Link:
    """An object property: its term and the class of its values ("owl:Thing": any IRI)."""

    term: str
    range: str


@dataclass(frozen=True)
class Style:
    """How the HTML page draws a type: fill colour, vis-network shape, place in the legend."""

    colour: str
    shape: str
    legend: int


@dataclass(frozen=True)
class EntityType:
    """One kind of node: the name records use, its kg: class, IRI prefix, page style,
    the properties whose domain it is, and its superclass among these types."""

    kind: str
    cls: str
    prefix: str
    style: Style
    attributes: tuple[Attribute, ...] = ()
    links: tuple[Link, ...] = ()
    parent: str | None = None  # class local name
    extracted: bool = False  # found in a paper's text: a vocabulary entry may have this kind
    asset_type: str | None = None  # the Ecosystem Graphs asset `type` naming this kind


#: What every node carries: one display name, other spellings, its source documents.
_NODE = (Attribute("rdfs:label"), Attribute("skos:altLabel"))
_SOURCED = (Link("prov:wasDerivedFrom", "kg:SourceDocument"),)

_CARD = ("license", "access", "modality", "size", "intendedUses", "prohibitedUses", "monitoring",
         "feedback", "analysis", "modelCard", "trainingEmissions", "trainingTime", "trainingHardware",
         "qualityControl", "adaptation", "outputSpace", "termsOfService", "userDistribution", "failures",
         "monthlyActiveUsers")

#: In the order of graph.ttl's instance prefixes (the first type of each prefix decides).
ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType(
        "paper", "Paper", "paper", Style("#4E79A7", "square", 0),
        attributes=(*_NODE, Attribute("dcterms:title"), Attribute("dcterms:abstract"), Attribute("kg:arxivId"),
                    Attribute("kg:doi"), Attribute("dcterms:issued", "kg:PartialDate"),
                    Attribute("kg:updated", "kg:PartialDate"), Attribute("kg:authorCount", "xsd:integer"),
                    Attribute("kg:authorsTruncated", "xsd:boolean"), Attribute("kg:hasCodeFlag", "xsd:boolean"),
                    Attribute("kg:upvotes", "xsd:integer"), Attribute("kg:truncatedRecord", "xsd:boolean")),
        links=(*_SOURCED, Link("dcterms:creator", "kg:Person"), Link("kg:authorList", "rdf:List"),
               Link("kg:affiliation", "kg:Organization"), Link("kg:publishedIn", "kg:Venue"),
               Link("kg:category", "kg:Category"), Link("kg:hasCode", "kg:CodeRepository"),
               Link("foaf:homepage", "owl:Thing"), Link("kg:introduces", "kg:Artifact"),
               Link("kg:uses", "kg:Artifact"), Link("kg:mentionsOrganization", "kg:Organization")),
    ),
    EntityType(
        "person", "Person", "person", Style("#F28E2B", "dot", 1),
        attributes=(*_NODE, Attribute("foaf:name")),
        links=(*_SOURCED, Link("kg:affiliatedWith", "kg:Organization")),
    ),
    EntityType(
        "organization", "Organization", "org", Style("#E15759", "diamond", 2),
        attributes=(*_NODE, Attribute("kg:slug")), links=_SOURCED, extracted=True,
    ),
    EntityType(
        "artifact", "Artifact", "artifact", Style("#BAB0AC", "hexagon", 7),
        attributes=(*_NODE, Attribute("dcterms:description"), Attribute("kg:created", "kg:PartialDate"),
                    *(Attribute("kg:" + name, card=True) for name in _CARD),
                    Attribute("kg:unresolved", "xsd:boolean")),
        links=(*_SOURCED, Link("kg:developedBy", "kg:Organization"), Link("kg:dependsOn", "kg:Artifact"),
               Link("foaf:homepage", "owl:Thing")),
        extracted=True,
    ),
    EntityType("dataset", "Dataset", "artifact", Style("#59A14F", "triangle", 3), parent="Artifact",
               extracted=True, asset_type="dataset"),
    EntityType("benchmark", "Benchmark", "artifact", Style("#8CD17D", "triangleDown", 4), parent="Dataset",
               extracted=True),
    EntityType("model", "Model", "artifact", Style("#B07AA1", "star", 5), parent="Artifact",
               extracted=True, asset_type="model"),
    EntityType("application", "Application", "artifact", Style("#FF9DA7", "hexagon", 6), parent="Artifact",
               extracted=True, asset_type="application"),
    EntityType(
        "venue", "Venue", "venue", Style("#9C755F", "diamond", 9),
        attributes=(*_NODE, Attribute("kg:venueSeries"), Attribute("kg:year", "xsd:gYear"),
                    Attribute("kg:venueKind"), Attribute("kg:track")),
        links=_SOURCED,
    ),
    EntityType(
        "category", "Category", "category", Style("#EDC948", "square", 10),
        attributes=(*_NODE, Attribute("skos:notation")), links=_SOURCED,
    ),
    EntityType(
        "repository", "CodeRepository", "repo", Style("#76B7B2", "dot", 8),
        attributes=_NODE, links=(*_SOURCED, Link("kg:url", "owl:Thing")),
    ),
    EntityType(
        "document", "SourceDocument", "doc", Style("#79706E", "square", 11),
        attributes=(*_NODE, Attribute("kg:path"), Attribute("kg:format"), Attribute("kg:contentHash")),
    ),
)

#: The properties of the reified statements in provenance.trig (domain rdf:Statement).
EVIDENCE: tuple[Attribute, ...] = (
    Attribute("kg:extractor"), Attribute("kg:confidence", "xsd:decimal"), Attribute("kg:textField"),
    Attribute("kg:spanStart", "xsd:integer"), Attribute("kg:spanEnd", "xsd:integer"), Attribute("kg:spanText"),
    Attribute("kg:explanation"),
)

#: kg: datatypes (local names).
DATATYPES: tuple[str, ...] = ("PartialDate",)

_BY_CLASS = {t.cls: t for t in ENTITY_TYPES}


def by_class(cls: str) -> EntityType:
    """The type of kg: class `cls` ("Dataset"); KeyError naming the known classes."""
    try:
        return _BY_CLASS[cls]
    except KeyError:
        raise KeyError(f"unknown entity class {cls!r}; known: {', '.join(_BY_CLASS)}") from None


def _ancestors(t: EntityType) -> list[EntityType]:
    out = [t]
    while out[-1].parent is not None:
        out.append(_BY_CLASS[out[-1].parent])
    return out


def properties_of(t: EntityType) -> tuple[Attribute | Link, ...]:
    """Every property a node of type `t` may have, its superclasses' included."""
    return tuple(p for a in _ancestors(t) for p in (*a.attributes, *a.links))


def kg_terms() -> tuple[str, ...]:
    """Every kg: local name the table declares: classes, datatypes, properties; each once."""
    names = [t.cls for t in ENTITY_TYPES] + list(DATATYPES)
    for p in (*(p for t in ENTITY_TYPES for p in (*t.attributes, *t.links)), *EVIDENCE):
        if p.term.startswith("kg:"):
            names.append(p.term[3:])
    return tuple(dict.fromkeys(names))


#: Instance-IRI prefix names in graph.ttl's order ("paper", "person", "org", ...).
IRI_PREFIXES: tuple[str, ...] = tuple(dict.fromkeys(t.prefix for t in ENTITY_TYPES))

#: kg:Artifact and its subclasses.
ARTIFACT_TYPES: tuple[EntityType, ...] = tuple(t for t in ENTITY_TYPES if by_class("Artifact") in _ancestors(t))
ARTIFACT_KINDS: frozenset[str] = frozenset(t.kind for t in ARTIFACT_TYPES)
ARTIFACT_CLASSES: frozenset[str] = frozenset(t.cls for t in ARTIFACT_TYPES)
#: Kinds a vocabulary entry or a text mention may have.
EXTRACTED_KINDS: frozenset[str] = frozenset(t.kind for t in ENTITY_TYPES if t.extracted)
#: Ecosystem Graphs card fields kept as literals, in table order, by their kg: local name,
#: which is the reader's name for the field ("intended_uses" -> "intendedUses").
CARD_FIELDS: tuple[str, ...] = tuple(a.term[3:] for t in ENTITY_TYPES for a in t.attributes if a.card)
