"""Namespaces and term tables: the only module that holds IRI strings.

``STORY`` is a closed namespace: a typo in a project term fails at once. A test checks that its
terms and ``ontology/story.ttl`` agree.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, ClosedNamespace

from kg.model import Channel, EventType, Granularity, Role, Status

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
DCT = Namespace("http://purl.org/dc/terms/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEONAMES = Namespace("https://sws.geonames.org/")
CAMEO = Namespace("https://w3id.org/storykg/cameo/")
KIND = Namespace("https://w3id.org/storykg/kind/")  # event kinds: the noun the text uses
DATA = Namespace("https://w3id.org/storykg/id/")
SCHEMA = SDO  # https://schema.org/ everywhere, as rdflib's SDO

STORY_IRI = "https://w3id.org/storykg/ontology#"
STORY_TERMS = [
    # classes
    *(t.value for t in EventType), "Quote", "Group", "Mention", "Story",
    # properties
    "status", "negated", "channel", "speechVerb", "direct", "title", "nationality", "member",
    "contentHash", "sourcePath", "reader", "granularity", "furniture", "photoCredit", "relatedArticle",
    "geonamesId", "countryCode", "handle", "quoteOf", "participation", "quadClass", "goldstein", "actorRole",
    "reportRows",
    # schemes and their values
    "StatusScheme", "StatusValue", "Happened", "Planned", "Cancelled", "Denied", "Unknown",
    "ChannelScheme", "ChannelValue", "PressRelease", "FacebookPost", "Tweet", "Interview", "PublicStatement",
    "PressConference", "Speech", "BlogPost", "Television", "Radio", "Letter", "Email", "InstagramPost",
    "RoleTypeScheme", "EventKindScheme", "Agent", "Patient", "CoParticipant", "Host", "Visitor", "Speaker", "Organizer",
]
STORY = ClosedNamespace(STORY_IRI, STORY_TERMS)
RDF_JSON = RDF.JSON  # rdf:JSON, the datatype of JSON literals (RDF 1.1 JSON-LD)

STATUS = {
    Status.HAPPENED: STORY.Happened, Status.PLANNED: STORY.Planned, Status.CANCELLED: STORY.Cancelled,
    Status.DENIED: STORY.Denied, Status.UNKNOWN: STORY.Unknown,
}
SCHEMA_STATUS = {Status.PLANNED: SDO.EventScheduled, Status.CANCELLED: SDO.EventCancelled}
CHANNEL = {
    Channel.PRESS_RELEASE: STORY.PressRelease, Channel.FACEBOOK: STORY.FacebookPost, Channel.TWITTER: STORY.Tweet,
    Channel.INTERVIEW: STORY.Interview, Channel.STATEMENT: STORY.PublicStatement,
    Channel.PRESS_CONFERENCE: STORY.PressConference, Channel.SPEECH: STORY.Speech, Channel.BLOG: STORY.BlogPost,
    Channel.TELEVISION: STORY.Television, Channel.RADIO: STORY.Radio, Channel.LETTER: STORY.Letter,
    Channel.EMAIL: STORY.Email, Channel.INSTAGRAM: STORY.InstagramPost,
}
ROLE = {
    Role.AGENT: STORY.Agent, Role.PATIENT: STORY.Patient, Role.PARTICIPANT: STORY.CoParticipant,
    Role.HOST: STORY.Host, Role.VISITOR: STORY.Visitor, Role.SPEAKER: STORY.Speaker, Role.ORGANIZER: STORY.Organizer,
}
EVENT_CLASS = {t: STORY[t.value] for t in EventType}
UNIT = {
    Granularity.MINUTE: TIME.unitMinute, Granularity.DAY: TIME.unitDay, Granularity.WEEK: TIME.unitWeek,
    Granularity.MONTH: TIME.unitMonth, Granularity.YEAR: TIME.unitYear,
}
PLACE_CLASS = {"Country": SDO.Country, "City": SDO.City, "State": SDO.State, "Continent": SDO.Continent,
               "Region": SDO.AdministrativeArea}

PREFIXES = {
    "story": STORY_IRI, "sem": str(SEM), "schema": str(SDO), "prov": str(PROV), "time": str(TIME),
    "nif": str(NIF), "gaf": str(GAF), "skos": str(SKOS), "owl": str(OWL), "rdfs": str(RDFS), "rdf": str(RDF),
    "xsd": str(XSD), "dct": str(DCT), "geo": str(GEO), "cameo": str(CAMEO), "kind": str(KIND), "kgid": str(DATA),
}


def ontology_dir() -> Path:
    """The folder with story.ttl, shapes.ttl and queries/ (shipped inside the package)."""
    return Path(str(resources.files("kg") / "ontology_files"))


def cameo(code: str) -> URIRef:
    return CAMEO[code]


__all__ = ["SEM", "NIF", "GAF", "DCT", "GEO", "GEONAMES", "CAMEO", "KIND", "DATA", "SCHEMA", "STORY", "PREFIXES"]
