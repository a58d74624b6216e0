"""kgraph's compiled shapes give pyshacl's results: the same focus node, path, value,
message and shape for every constraint of ontology/shapes.ttl broken one at a time,
and all of them at once. pyshacl is the reference implementation here, not the checker."""

from __future__ import annotations

from collections import Counter

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SH, SKOS, XSD

from kgraph.kg_namespace import KG
from kgraph.ontology import ontology_path
from kgraph.shapes import show
from kgraph.validate import validate

from test_validate import (ADA, APP, CATEGORY, DOC, MODEL, OPENAI, PAPER, REPO, SILAS, STANFORD, UNKNOWN,
                           VENUE, conforming_graph)


def _show(term) -> str | None:
    """A pyshacl report term shown as kgraph shows it."""
    if term is None:
        return None
    from kgraph.rdfio import _LANG_STRING, _XSD_STRING
    from kgraph.graph import BNode as KB, IRI, Literal as KL

    if isinstance(term, Literal):
        if term.language:
            return show(KL(str(term), None, term.language))
        dt = str(term.datatype) if term.datatype is not None else None
        return show(KL(str(term), None if dt in (None, _XSD_STRING, _LANG_STRING) else dt))
    if isinstance(term, BNode):
        return show(KB(str(term)))
    return show(IRI(str(term)))


def _path(report: Graph, path) -> str | None:
    if path is None:
        return None
    if not isinstance(path, BNode):
        return _show(path)
    if report.value(path, RDF.first) is not None:
        return "/".join(_path(report, step) for step in report.items(path))
    inner = report.value(path, SH.zeroOrMorePath)
    if inner is not None:
        return f"{_path(report, inner)}*"
    raise AssertionError(f"a path the test does not show: {path}")


def _shape(shapes: Graph, shape) -> str:
    if not isinstance(shape, BNode):
        return _show(shape)
    name = shapes.value(shape, SH.name)
    parent = shapes.value(predicate=SH.property, object=shape)
    if parent is not None and not isinstance(parent, BNode):
        return f"{_show(parent)} {name}" if name is not None else _show(parent)
    return str(name) if name is not None else "an anonymous shape"


def pyshacl_results(g: Graph) -> Counter:
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    _, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=False)
    found = Counter()
    for result in report.objects(None, SH.result):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        found[(_show(report.value(result, SH.focusNode)), _path(report, report.value(result, SH.resultPath)),
               _show(report.value(result, SH.value)), messages[0],
               _shape(shapes, report.value(result, SH.sourceShape)))] += 1
    return found


def kgraph_results(g: Graph) -> Counter:
    return Counter((v.focus, v.path, v.value, v.message, v.shape) for v in validate(g).violations)


def _list(g: Graph, items) -> BNode:
    head = BNode()
    Collection(g, head, list(items))
    return head


def _replace_list(g: Graph, head) -> None:
    g.remove((PAPER, KG.authorList, None))
    g.add((PAPER, KG.authorList, head))


def _bad_cell(g: Graph) -> None:
    cell = BNode()
    g.add((cell, RDF.first, SILAS))
    g.add((cell, RDF.first, ADA))
    g.add((cell, RDF.rest, RDF.nil))
    _replace_list(g, cell)


def _open_list(g: Graph) -> None:
    cell = BNode()
    g.add((cell, RDF.first, SILAS))
    _replace_list(g, cell)


BREAKS = {
    "two labels": lambda g: g.add((SILAS, RDFS.label, Literal("S. Alberti"))),
    "label with a language": lambda g: g.set((OPENAI, RDFS.label, Literal("OpenAI", lang="en"))),
    "typed altLabel": lambda g: g.add((PAPER, SKOS.altLabel, Literal(3))),
    "no provenance": lambda g: g.remove((STANFORD, PROV.wasDerivedFrom, None)),
    "provenance to a paper": lambda g: g.add((VENUE, PROV.wasDerivedFrom, PAPER)),
    "provenance to a literal": lambda g: g.add((VENUE, PROV.wasDerivedFrom, Literal("doc"))),
    "untyped node": lambda g: g.add((URIRef("urn:stray"), PROV.wasDerivedFrom, DOC)),
    "no title or abstract": lambda g: (g.remove((PAPER, DCTERMS.title, None)),
                                       g.remove((PAPER, DCTERMS.abstract, None))),
    "typed title": lambda g: g.set((PAPER, DCTERMS.title, Literal("T", datatype=XSD.token))),
    "bad arXiv id": lambda g: g.set((PAPER, KG.arxivId, Literal("2412.06966v2"))),
    "two arXiv ids": lambda g: g.add((PAPER, KG.arxivId, Literal("2401.00001"))),
    "issued as text": lambda g: g.set((PAPER, DCTERMS.issued, Literal("December 2024"))),
    "issued ill-formed": lambda g: g.set((PAPER, DCTERMS.issued, Literal("2024-13", datatype=XSD.gYearMonth))),
    "impossible date": lambda g: g.set((PAPER, KG.updated, Literal("2024-02-30", datatype=XSD.date))),
    "creator an organization": lambda g: g.add((PAPER, DCTERMS.creator, STANFORD)),
    "creator never described": lambda g: g.add((PAPER, DCTERMS.creator, URIRef("urn:ghost"))),
    "list member an organization": lambda g: _replace_list(g, _list(g, [SILAS, STANFORD])),
    "list without rest": _open_list,
    "list cell with two firsts": _bad_cell,
    "list a literal": lambda g: _replace_list(g, Literal("Silas, Ada")),
    "author count zero": lambda g: g.set((PAPER, KG.authorCount, Literal(0))),
    "author count not a number": lambda g: g.set((PAPER, KG.authorCount, Literal("many", datatype=XSD.integer))),
    "truncated as text": lambda g: g.set((PAPER, KG.authorsTruncated, Literal("yes"))),
    "affiliation a person": lambda g: g.add((PAPER, KG.affiliation, ADA)),
    "venue a category": lambda g: g.add((PAPER, KG.publishedIn, CATEGORY)),
    "category a venue": lambda g: g.add((PAPER, KG.category, VENUE)),
    "code a literal": lambda g: g.add((PAPER, KG.hasCode, Literal("github.com/x"))),
    "homepage a literal": lambda g: g.add((PAPER, FOAF.homepage, Literal("https://example.org"))),
    "introduces a person": lambda g: g.add((PAPER, KG.introduces, ADA)),
    "uses a literal": lambda g: g.add((PAPER, KG.uses, Literal("BERT"))),
    "organization mention a model": lambda g: g.add((PAPER, KG.mentionsOrganization, MODEL)),
    "bad DOI": lambda g: g.set((PAPER, KG.doi, Literal("doi:10.1/x"))),
    "code flag as text": lambda g: g.set((PAPER, KG.hasCodeFlag, Literal("true"))),
    "negative upvotes": lambda g: g.set((PAPER, KG.upvotes, Literal(-1))),
    "truncated record as int": lambda g: g.set((PAPER, KG.truncatedRecord, Literal(1))),
    "person without a name": lambda g: g.remove((ADA, FOAF.name, None)),
    "person with two names": lambda g: g.add((ADA, FOAF.name, Literal("A. Lovelace"))),
    "affiliated with a paper": lambda g: g.add((ADA, KG.affiliatedWith, PAPER)),
    "typed slug": lambda g: g.set((STANFORD, KG.slug, Literal(1))),
    "developed by a person": lambda g: g.add((MODEL, KG.developedBy, ADA)),
    "depends on a paper": lambda g: g.add((APP, KG.dependsOn, PAPER)),
    "artifact homepage a literal": lambda g: g.add((MODEL, FOAF.homepage, Literal("x"))),
    "created as text": lambda g: g.set((MODEL, KG.created, Literal("March 2023"))),
    "unresolved as text": lambda g: g.set((UNKNOWN, KG.unresolved, Literal("yes"))),
    "license typed": lambda g: g.set((MODEL, KG.license, Literal(1))),
    "access typed": lambda g: g.set((MODEL, KG.access, Literal(1))),
    "modality typed": lambda g: g.set((MODEL, KG.modality, Literal(1))),
    "size typed": lambda g: g.set((MODEL, KG.size, Literal(7))),
    "two series": lambda g: g.add((VENUE, KG.venueSeries, Literal("NIPS"))),
    "year as text": lambda g: g.set((VENUE, KG.year, Literal("2024"))),
    "venue kind unknown": lambda g: g.set((VENUE, KG.venueKind, Literal("symposium"))),
    "track typed": lambda g: g.set((VENUE, KG.track, Literal(1))),
    "repository without url": lambda g: g.remove((REPO, KG.url, None)),
    "repository url a string": lambda g: g.set((REPO, KG.url, Literal("https://github.com/x"))),
    "repository url an anyURI": lambda g: g.set((REPO, KG.url, Literal("https://github.com/x",
                                                                       datatype=XSD.anyURI))),
    "category without notation": lambda g: g.remove((CATEGORY, SKOS.notation, None)),
    "category notation an IRI": lambda g: g.set((CATEGORY, SKOS.notation, URIRef("urn:cs.CL"))),
    "document without path": lambda g: g.remove((DOC, KG.path, None)),
    "document with two formats": lambda g: g.add((DOC, KG.format, Literal("bibtex"))),
    "bad content hash": lambda g: g.set((DOC, KG.contentHash, Literal("ABC"))),
}


#: Where kgraph may be stricter than pyshacl: plain rdflib accepts "2024-13" as an
#: xsd:gYearMonth, which XSD's lexical space does not (month 13), so pyshacl lets
#: sh:datatype pass, unless owlrl (imported by other tests) has registered its stricter parser.
STRICTER = {
    "issued ill-formed": (str(PAPER), "dcterms:issued", '"2024-13"^^xsd:gYearMonth',
                          "dcterms:issued must be an xsd:date, xsd:gYearMonth, xsd:gYear or xsd:gMonthDay literal",
                          "kgsh:PaperShape dcterms:issued"),
}


def expected_results(g: Graph, names) -> Counter:
    expected = pyshacl_results(g)
    for name in names:
        if name in STRICTER:
            expected[STRICTER[name]] = 1
    return expected


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_gives_pyshacls_results(name):
    g = conforming_graph()
    BREAKS[name](g)
    expected = expected_results(g, [name])
    if name != "repository url an anyURI":  # a kg:WebAddress may be an xsd:anyURI literal
        assert expected, f"{name}: the break should break something"
    assert kgraph_results(g) == expected


def test_every_break_at_once_gives_pyshacls_results():
    g = conforming_graph()
    names = [name for name in sorted(BREAKS) if "list" not in name]  # the list breaks each replace the list
    for name in names:
        BREAKS[name](g)
    _bad_cell(g)
    expected = expected_results(g, names)
    assert sum(expected.values()) > 40
    assert kgraph_results(g) == expected
