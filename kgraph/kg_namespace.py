"""The kg: vocabulary as a closed rdflib namespace (``kgraph.vocab.KG``).

`KG` lists every term of ``ontology/kgraph.ttl``, one line each, and nothing else:
``KG.Paper`` is a URIRef, ``KG.Papr`` raises AttributeError instead of minting a
new IRI. ``tests/test_vocab.py`` keeps the class and the ontology in step. It lives
apart from kgraph.vocab so that a build, which writes plain strings, never has to
import rdflib (a tenth of a second of start-up).
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kgraph.vocab import KG_NS

__all__ = ["KG"]


class KG(DefinedNamespace):
    """The kgraph ontology, ``https://w3id.org/kgraph/ontology#`` (prefix ``kg:``)."""

    _fail = True
    _NS = Namespace(KG_NS)

    # Classes
    Paper: URIRef  # a research paper, one node for all its versions
    Person: URIRef  # an author or profile owner; foaf:name in "First Last" order
    Organization: URIRef  # a university, institute, company or lab
    Artifact: URIRef  # superclass of Dataset, Model, Application; alone when the kind is unknown
    Dataset: URIRef  # a collection of data
    Benchmark: URIRef  # a dataset made for evaluation; subclass of Dataset
    Model: URIRef  # a trained machine-learning model or model family
    Application: URIRef  # a software product or service, typically built on models
    Venue: URIRef  # a conference or workshop edition, a series, or a journal
    CodeRepository: URIRef  # a source-code repository; its address is kg:url
    Category: URIRef  # a subject category such as arXiv cs.CL; code in skos:notation
    SourceDocument: URIRef  # an input document; the object of prov:wasDerivedFrom

    # Datatypes
    PartialDate: URIRef  # xsd:date, xsd:gYearMonth, xsd:gYear or xsd:gMonthDay

    # Paper -> node
    authorList: URIRef  # rdf:List of Person, in printed order
    affiliation: URIRef  # Organization the source attaches to the paper
    publishedIn: URIRef  # Venue
    category: URIRef  # Category
    hasCode: URIRef  # CodeRepository
    introduces: URIRef  # Artifact presented as the paper's own contribution
    uses: URIRef  # existing Artifact the paper evaluates on, trains on, analyses
    mentionsOrganization: URIRef  # Organization named in the paper's text

    # Person, Artifact, CodeRepository -> node
    affiliatedWith: URIRef  # Person -> Organization
    developedBy: URIRef  # Artifact -> Organization
    dependsOn: URIRef  # Artifact -> Artifact it is trained on or built on
    url: URIRef  # CodeRepository -> its web address, as an IRI node

    # Paper -> literal
    arxivId: URIRef  # "2412.06966", no version suffix
    doi: URIRef  # bare DOI, "10.1234/abc"
    authorCount: URIRef  # xsd:integer, the count the source states
    authorsTruncated: URIRef  # xsd:boolean, the source shows only some authors
    updated: URIRef  # kg:PartialDate of the latest version
    hasCodeFlag: URIRef  # xsd:boolean, the page's "Code" marker
    upvotes: URIRef  # xsd:integer, a daily-paper feed's upvote count
    truncatedRecord: URIRef  # xsd:boolean, the page was cut off inside this record

    # Venue -> literal
    venueSeries: URIRef  # "NeurIPS"
    year: URIRef  # xsd:gYear
    venueKind: URIRef  # "conference", "workshop" or "journal"
    track: URIRef  # "Datasets and Benchmarks Track"

    # Artifact -> literal (Ecosystem Graphs fields)
    created: URIRef  # kg:PartialDate of release
    license: URIRef  # license as worded by the source
    access: URIRef  # "open", "limited" or "closed"
    modality: URIRef  # kinds of data handled, as worded by the source
    size: URIRef  # size as worded by the source
    intendedUses: URIRef  # intended uses, as worded by the source (Ecosystem Graphs card)
    prohibitedUses: URIRef  # prohibited uses, as worded by the source (Ecosystem Graphs card)
    monitoring: URIRef  # monitoring, as worded by the source (Ecosystem Graphs card)
    feedback: URIRef  # feedback, as worded by the source (Ecosystem Graphs card)
    analysis: URIRef  # analysis, as worded by the source (Ecosystem Graphs card)
    modelCard: URIRef  # model card, as worded by the source (Ecosystem Graphs card)
    trainingEmissions: URIRef  # training emissions, as worded by the source (Ecosystem Graphs card)
    trainingTime: URIRef  # training time, as worded by the source (Ecosystem Graphs card)
    trainingHardware: URIRef  # training hardware, as worded by the source (Ecosystem Graphs card)
    qualityControl: URIRef  # quality control, as worded by the source (Ecosystem Graphs card)
    adaptation: URIRef  # adaptation, as worded by the source (Ecosystem Graphs card)
    outputSpace: URIRef  # output space, as worded by the source (Ecosystem Graphs card)
    termsOfService: URIRef  # terms of service, as worded by the source (Ecosystem Graphs card)
    userDistribution: URIRef  # user distribution, as worded by the source (Ecosystem Graphs card)
    failures: URIRef  # failures, as worded by the source (Ecosystem Graphs card)
    monthlyActiveUsers: URIRef  # monthly active users, as worded by the source (Ecosystem Graphs card)
    unresolved: URIRef  # xsd:boolean, a dependency that matches no known asset

    # Organization, SourceDocument -> literal
    slug: URIRef  # the organization's short name in a page's links
    path: URIRef  # the source document's file path
    format: URIRef  # the name of the reader that read the document
    contentHash: URIRef  # SHA-256 of the document's bytes, 64 lowercase hex digits

    # Evidence for an extracted fact (an rdf:Statement in provenance.trig) -> literal
    extractor: URIRef  # the extractor and rule that found the fact
    confidence: URIRef  # xsd:decimal in [0, 1]
    textField: URIRef  # title, abstract or comment
    spanStart: URIRef  # xsd:integer offset into the field
    spanEnd: URIRef  # xsd:integer offset just past the span
    spanText: URIRef  # the supporting text
    explanation: URIRef  # the source's own reason for the fact (Ecosystem Graphs)
