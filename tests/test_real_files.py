"""Every real file of ../shared/corpus/real/ (files nobody here wrote), built as a user would.

One build per kind (a module-scoped fixture): no traceback, exit 0 or a documented code,
the number of papers equal to the entries with a title less the merges the build
records (.kgraph/merges.json), and titles, first authors and years right. The
expectations come from the input files by simple parsing done here (ElementTree, json,
a brace-matching BibTeX scanner), never from answers written down per file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest

from corpus import CORPUS  # tests/corpus.py

REAL = CORPUS / "real"
if not REAL.is_dir():
    pytest.skip(f"the real files are not here ({REAL} is absent)", allow_module_level=True)

#: The kinds (folders of REAL) this module knows how to parse independently.
KINDS = ("arxiv_atom", "arxiv_snapshot", "bibtex")

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "http://purl.org/dc/terms/"
KG = "https://w3id.org/kgraph/ontology#"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"


@dataclass
class Entry:
    """What the input file says of one paper (None where this simple parsing cannot tell)."""

    file: str
    title: str
    arxiv_id: str | None = None
    first_author_last: str | None = None
    year: int | None = None


@dataclass
class Built:
    kind: str
    run: subprocess.CompletedProcess
    out: Path
    papers: dict  # paper IRI -> {"title", "arxiv", "first", "year"}
    merged_records: int  # records joined into another paper's node
    by_arxiv: dict = field(default_factory=dict)  # arXiv id -> paper, for _find
    by_title: dict = field(default_factory=dict)  # spaced title -> first paper with it

    def __post_init__(self) -> None:
        for paper in self.papers.values():
            if paper["arxiv"]:
                self.by_arxiv.setdefault(paper["arxiv"], paper)
            self.by_title.setdefault(_space(paper["title"]), paper)


def _space(text: str) -> str:
    return " ".join(text.split())


# ---- the inputs, parsed here -------------------------------------------------------------

def atom_entries(path: Path) -> list[Entry]:
    """Entries of an arXiv API feed with a title, API error entries left out."""
    out = []
    for entry in ET.parse(path).getroot().iter(f"{ATOM}entry"):
        ident = entry.findtext(f"{ATOM}id") or ""
        title = _space(entry.findtext(f"{ATOM}title") or "")
        if "/api/errors" in ident or not title:
            continue
        m = re.search(r"/abs/(.+?)(?:v\d+)?$", ident)
        author = entry.find(f"{ATOM}author/{ATOM}name")
        published = entry.findtext(f"{ATOM}published") or ""
        out.append(Entry(path.name, title, m.group(1) if m else None,
                         _space(author.text).split()[-1] if author is not None and author.text else None,
                         int(published[:4]) if published[:4].isdigit() else None))
    return out


def snapshot_entries(path: Path) -> list[Entry]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        title = _space(obj.get("title") or "")
        if not title:
            continue
        parsed = obj.get("authors_parsed") or []
        last = parsed[0][0] if parsed and parsed[0] else None
        created = (obj.get("versions") or [{}])[0].get("created", "")
        year = re.search(r"\b(19|20)\d{2}\b", created)
        out.append(Entry(path.name, title, obj["id"], last, int(year.group(0)) if year else None))
    return out


def bibtex_entries(path: Path) -> list[Entry] | None:
    """Entries with a title; None for a file that is not UTF-8 (its encoding is not guessed here)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
    out = []
    for body in _bib_bodies(text):
        fields = _bib_fields(body)
        title = _unbrace(fields.get("title", ""))
        if not title:
            continue
        year = re.search(r"\d{4}", fields.get("year") or fields.get("date") or "")
        out.append(Entry(path.name, title, None, _first_last(fields.get("author", "")),
                         int(year.group(0)) if year else None))
    return out


@lru_cache(maxsize=None)
def bibtex_titled(path: Path) -> int:
    """How many entries of a BibTeX file have a title, whatever its encoding."""
    text = path.read_bytes().decode("latin-1")
    return sum(1 for body in _bib_bodies(text) if _has_title(_bib_fields(body)))


def _bib_bodies(text: str) -> list[str]:
    """The bodies of the @entries (not @string, @comment, @preamble), by brace matching."""
    bodies, end = [], 0
    for m in re.finditer(r"@\s*([A-Za-z]+)\s*([{(])", text):
        if m.start() < end:
            continue
        close = "}" if m.group(2) == "{" else ")"
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += text[j] in "{" + m.group(2)
            depth -= text[j] in "}" + close
            j += 1
        end = j
        if m.group(1).lower() not in ("comment", "preamble", "string"):
            bodies.append(text[m.end():j - 1])
    return bodies


def _bib_fields(body: str) -> dict[str, str]:
    parts, depth, quoted, cur = [], 0, False, []
    for ch in body:
        quoted ^= ch == '"' and depth == 0
        depth += (ch == "{") - (ch == "}")
        if ch == "," and depth == 0 and not quoted:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    fields = {}
    for part in parts[1:]:
        if "=" in part:
            name, value = part.split("=", 1)
            fields[name.strip().lower()] = value.strip()
    return fields


def _unbrace(value: str) -> str:
    """A braced or quoted field value without its delimiters and case-protecting braces; ""
    when it holds LaTeX commands or math (not decoded here) or is a macro."""
    value = value.strip()
    if not value or value[0] not in '{"' or any(mark in value for mark in ("\\", "$", "~", "--", "``", "''")):
        return ""
    return _space(value.replace("{", "").replace("}", "").strip('"'))


def _has_title(fields: dict[str, str]) -> bool:
    return bool(fields.get("title", "").strip('{}" \t\n'))


def _first_last(authors: str) -> str | None:
    """The last name of the first author ("Last, First" or "First Last"); None when unsure."""
    if not authors or "\\" in authors:
        return None
    first = re.split(r"\s+and\s+", authors.strip().strip('{}"'), maxsplit=1)[0]
    first = _space(first.replace("{", "").replace("}", ""))
    if not first or first.lower() in ("others", "et al.") or "," in first and first.count(",") > 1:
        return None
    return first.split(",")[0].strip() if "," in first else first.split()[-1]


@lru_cache(maxsize=None)
def expected(kind: str) -> dict[str, list[Entry] | None]:
    """File name -> its titled entries (None: the file's fields are not checked, see bibtex_entries);
    parsed once per kind, since the tests only read it."""
    files = sorted(p for p in (REAL / kind).iterdir() if p.is_file())
    parse = {"arxiv_atom": atom_entries, "arxiv_snapshot": snapshot_entries, "bibtex": bibtex_entries}[kind]
    return {p.name: parse(p) for p in files}


def titled_count(kind: str) -> int:
    if kind == "bibtex":
        return sum(bibtex_titled(p) for p in (REAL / kind).iterdir() if p.is_file())
    return sum(len(v or []) for v in expected(kind).values())


# ---- the build ---------------------------------------------------------------------------

def _papers(ttl: Path) -> dict:
    from rdflib import RDF, Graph, URIRef
    from rdflib.collection import Collection

    g = Graph()
    g.parse(ttl, format="turtle")
    papers = {}
    for paper in g.subjects(RDF.type, URIRef(KG + "Paper")):
        authors = g.value(paper, URIRef(KG + "authorList"))
        names = [str(g.value(a, URIRef(FOAF_NAME)) or "") for a in Collection(g, authors)] if authors else []
        issued = g.value(paper, URIRef(DC + "issued"))
        papers[str(paper)] = {"title": str(g.value(paper, URIRef(DC + "title")) or ""),
                              "arxiv": str(g.value(paper, URIRef(KG + "arxivId")) or ""),
                              "first": names[0] if names else "",
                              "year": int(str(issued)[:4]) if issued is not None else None}
    return papers


def test_every_folder_of_real_files_is_checked() -> None:
    """A new kind of real file needs its own independent parsing here before it is checked."""
    unknown = sorted(p.name for p in REAL.iterdir() if p.is_dir() and p.name not in KINDS)
    if unknown:
        pytest.skip(f"no independent parsing here yet for {', '.join(unknown)}")


@pytest.fixture(scope="module", params=[k for k in KINDS if (REAL / k).is_dir()])
def built(request, tmp_path_factory) -> Built:
    kind = request.param
    out = tmp_path_factory.mktemp(kind) / "out"
    run = subprocess.run([sys.executable, "-m", "kgraph.cli", "build", str(REAL / kind), "--out", str(out)],
                         capture_output=True, text=True, timeout=900)
    merges = json.loads((out / ".kgraph" / "merges.json").read_text(encoding="utf-8")) if out.exists() else {}
    merged = sum(len(p["records"]) - 1 for p in merges.get("papers", {}).values())
    return Built(kind, run, out, _papers(out / "graph.ttl") if out.exists() else {}, merged)


def test_the_build_ends_cleanly(built: Built) -> None:
    """No traceback or internal error, and exit 0 or 3 (some inputs skipped, each named on a line)."""
    err = built.run.stderr
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    assert built.run.returncode in (0, 3), err[-2000:]
    skipped = [line for line in err.splitlines() if line.startswith("skipped: ")]
    assert (built.run.returncode == 3) == bool(skipped)


def test_no_file_with_titled_entries_is_skipped(built: Built) -> None:
    """Only a file with no entry with a title (an API error answer, a macros-only file) may be skipped."""
    skipped = {Path(line[len("skipped: "):].split(": ", 1)[0]).name
               for line in built.run.stderr.splitlines() if line.startswith("skipped: ")}
    counts = {p.name: (bibtex_titled(p) if built.kind == "bibtex" else len(entries or []))
              for p, entries in ((REAL / built.kind / name, e) for name, e in expected(built.kind).items())}
    assert not {name for name in skipped if counts.get(name)}, built.run.stderr[-2000:]


def test_papers_are_the_titled_entries_less_the_merges(built: Built) -> None:
    assert len(built.papers) == titled_count(built.kind) - built.merged_records


def _find(built: Built, entry: Entry) -> dict | None:
    if entry.arxiv_id:
        return built.by_arxiv.get(entry.arxiv_id)
    return built.by_title.get(entry.title)


def _checked(built: Built) -> list[Entry]:
    """The entries whose fields are checked: every one this parsing can read, one per paper;
    a paper met in several entries that disagree (so that the merge may take a field from
    another entry) is left out."""
    entries = [e for v in expected(built.kind).values() for e in (v or [])]
    key = (lambda e: e.arxiv_id) if built.kind != "bibtex" else (lambda e: re.sub(r"\W", "", e.title.casefold()))
    groups: dict = {}
    for e in entries:
        groups.setdefault(key(e), []).append(e)
    return [g[0] for g in groups.values()
            if len({(e.title, e.first_author_last, e.year) for e in g}) == 1]


def test_titles_are_right(built: Built) -> None:
    entries = _checked(built)
    assert entries
    wrong = [(e.file, e.title, (_find(built, e) or {}).get("title")) for e in entries
             if (_find(built, e) or {}).get("title", "") != e.title]
    assert not wrong, wrong[:10]


def test_first_authors_are_right(built: Built) -> None:
    entries = [e for e in _checked(built) if e.first_author_last and re.fullmatch(r"(?:[^\W\d_]|[' .-])+", e.first_author_last)]
    assert entries
    wrong = []
    for e in entries:
        paper = _find(built, e)
        if paper is None or not paper["first"].casefold().endswith(e.first_author_last.casefold()):
            wrong.append((e.file, e.title, e.first_author_last, paper and paper["first"]))
    assert not wrong, wrong[:10]


def test_years_are_right(built: Built) -> None:
    entries = [e for e in _checked(built) if e.year]
    assert entries
    wrong = [(e.file, e.title, e.year, (_find(built, e) or {}).get("year")) for e in entries
             if (_find(built, e) or {}).get("year") != e.year]
    assert not wrong, wrong[:10]
