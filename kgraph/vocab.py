"""The kg: vocabulary as a closed namespace, and the prefixes kgraph writes and queries with.

`KG` lists every term of ``ontology/kgraph.ttl``, one line each, and nothing else:
``KG.Paper`` is a URIRef, ``KG.Papr`` raises AttributeError instead of minting a
new IRI. ``tests/test_vocab.py`` keeps the class and the ontology in step. It is
defined in kgraph.kg_namespace and imported on first use, with rdflib.

`KG_NS`, `NS` and `sparql_prefixes()` are plain strings for the code paths that
write Turtle or SPARQL text without rdflib.
"""

from __future__ import annotations

__all__ = ["KG", "KG_NS", "NS", "sparql_prefixes"]

KG_NS = "https://w3id.org/kgraph/ontology#"


NS: dict[str, str] = {
    "kg": KG_NS,
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
"""Prefix -> namespace IRI, for Turtle output and SPARQL prefix declarations."""


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace in `NS`, one per line, ending with a newline."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in NS.items())


def __getattr__(name: str):
    """`KG`, imported on first use (it needs rdflib, which a build does not)."""
    if name == "KG":
        from kgraph.kg_namespace import KG

        return KG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
