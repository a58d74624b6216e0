"""The kg: vocabulary as a closed rdflib namespace, for notebooks and tests that use rdflib.

Made from the same table as kgraph.vocab.KG (kgraph.schema), so the two cannot
drift: ``KG.Paper`` is a URIRef, ``KG.Papr`` raises AttributeError. A build writes
plain strings and never imports this module (rdflib costs a tenth of a second).
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kgraph.vocab import KG_NS
from kgraph.vocab import KG as TERMS

__all__ = ["KG"]

KG = type(DefinedNamespace)("KG", (DefinedNamespace,), {
    "__doc__": "The kgraph ontology, ``https://w3id.org/kgraph/ontology#`` (prefix ``kg:``).",
    "__module__": __name__,
    "__annotations__": {name: URIRef for name in TERMS},
    "_fail": True,
    "_NS": Namespace(KG_NS),
})
