"""The terms kgraph writes, as closed vocabularies of plain strings, and the prefixes
it writes and queries with.

`KG` holds every kg: term of the schema table (kgraph.schema), `DCT`, `FOAF`, `SKOS`,
`PROV`, `RDFS` and `RDF` the other terms a graph uses. ``KG.developedBy`` is the IRI
string; ``KG.developedBi`` raises AttributeError where it is written (at import for a
module constant), and ``KG["created"]``, for names that arrive as data, raises a
KeyError naming the vocabulary. Plain strings, so a build never imports rdflib; the
rdflib namespace for notebooks is kgraph.kg_namespace.KG, made from the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kgraph.schema import ENTITY_TYPES, EVIDENCE, kg_terms

__all__ = ["KG", "KG_NS", "NS", "Terms", "DCT", "FOAF", "SKOS", "PROV", "RDFS", "RDF", "sparql_prefixes"]

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


class Terms:
    """A closed set of terms of one namespace: each name is an attribute holding its IRI.

    Not a string, so adding a name to it (the unchecked way to make a term) is a TypeError.
    """

    def __init__(self, prefix: str, names: Iterable[str]) -> None:
        namespace = NS[prefix]
        self._prefix = prefix
        self._iris = {name: namespace + name for name in names}
        vars(self).update(self._iris)

    def __getattr__(self, name: str) -> str:
        """Only reached for a name that is not a term."""
        raise AttributeError(f"{self._prefix}:{name} is not a term of kgraph's vocabulary "
                             f"(kgraph.schema declares the terms)")

    def __getitem__(self, name: str) -> str:
        try:
            return self._iris[name]
        except KeyError:
            raise KeyError(f"{self._prefix}:{name} is not a term of kgraph's vocabulary "
                           f"(kgraph.schema declares the terms)") from None

    def __contains__(self, name: object) -> bool:
        return name in self._iris

    def __iter__(self) -> Iterator[str]:
        """The local names, in the table's order."""
        return iter(self._iris)

    def __len__(self) -> int:
        return len(self._iris)

    def __repr__(self) -> str:
        return f"Terms({self._prefix!r}, {len(self._iris)} terms)"


#: RDF's own terms that give a graph its structure: types, lists, reified statements.
_STRUCTURE = ("rdf:type", "rdf:first", "rdf:rest", "rdf:nil", "rdf:List", "rdf:Statement",
              "rdf:subject", "rdf:predicate", "rdf:object")


def _external(prefix: str) -> Terms:
    """The terms of namespace `prefix` that the table's properties or the structure use."""
    curies = [p.term for t in ENTITY_TYPES for p in (*t.attributes, *t.links)]
    curies += [p.term for p in EVIDENCE] + list(_STRUCTURE)
    return Terms(prefix, dict.fromkeys(c.split(":", 1)[1] for c in curies if c.startswith(prefix + ":")))


KG = Terms("kg", kg_terms())
DCT = _external("dcterms")
FOAF = _external("foaf")
SKOS = _external("skos")
PROV = _external("prov")
RDFS = _external("rdfs")
RDF = _external("rdf")
