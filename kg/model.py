"""Value objects that travel through the pipeline: ingest -> Article -> extract -> Extraction.

Everything is a frozen dataclass; closed sets are Enums. Offsets are character offsets into
``Article.text`` (end exclusive), the clean text that is also stored in the graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum


class EntityKind(str, Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"  # "Leaders of all three Baltic countries": several actors named by one noun phrase


class EventType(str, Enum):
    MEETING = "Meeting"
    SUMMIT = "Summit"
    VISIT = "Visit"
    TRAVEL = "Travel"
    STATEMENT = "Statement"
    REQUEST = "Request"
    PLEDGE = "Pledge"
    AGREEMENT = "Agreement"
    DISCUSSION = "Discussion"
    CRITICISM = "Criticism"
    THREAT = "Threat"
    SANCTION = "Sanction"
    ANNOUNCEMENT = "Announcement"
    ATTACK = "Attack"
    ELECTION = "Election"
    APPOINTMENT = "Appointment"
    ACQUISITION = "Acquisition"
    ARREST = "Arrest"
    PROTEST = "Protest"
    STRIKE = "Strike"  # a labour strike or walkout
    COOPERATION = "Cooperation"  # praise, endorse, support, cooperate (CAMEO 05-06)
    AID = "Aid"  # rescue, evacuation, aid (CAMEO 07)
    CONCESSION = "Concession"  # surrender, yield (CAMEO 08)
    INVESTIGATION = "Investigation"  # investigate, review, study (CAMEO 09)
    REJECTION = "Rejection"  # reject, refuse, deny, oppose (CAMEO 12)
    FORCE = "ForcePosture"  # mobilise, deploy, blockade (CAMEO 15)
    SUSPENSION = "Suspension"  # suspend, halt, abolish, close (CAMEO 16)
    COERCION = "Coercion"  # CAMEO 17 other than arrests
    DEATH = "Death"  # killings and deaths
    DISASTER = "Disaster"  # earthquakes, floods, crashes, collapses
    LEGAL_ACTION = "LegalAction"  # charges, trials, lawsuits, rulings, testimony
    RESIGNATION = "Resignation"  # resignations, dismissals
    SALE = "Sale"  # sales, privatisations, investments
    PUBLICATION = "Publication"  # releases, publications, reports
    POSTPONEMENT = "Postponement"  # postponements, delays, cancellations
    ECONOMIC_CHANGE = "EconomicChange"  # cuts, increases, reductions
    PROPOSAL = "Proposal"  # proposals, plans, initiatives, packages
    DECISION = "Decision"  # decisions, orders, authorisations
    CONTEST = "Contest"  # wins and defeats
    INTERVIEW = "Interview"


class Status(str, Enum):
    HAPPENED = "happened"
    PLANNED = "planned"
    CANCELLED = "cancelled"
    DENIED = "denied"
    UNKNOWN = "unknown"


class Role(str, Enum):
    AGENT = "agent"
    PATIENT = "patient"
    PARTICIPANT = "participant"  # co-participant, e.g. the "with"-phrase of a meeting
    HOST = "host"
    VISITOR = "visitor"
    SPEAKER = "speaker"
    ORGANIZER = "organizer"


class Channel(str, Enum):
    PRESS_RELEASE = "press release"
    FACEBOOK = "Facebook post"
    TWITTER = "tweet"
    INTERVIEW = "interview"
    STATEMENT = "statement"
    PRESS_CONFERENCE = "press conference"
    SPEECH = "speech"
    BLOG = "blog post"
    TELEVISION = "television"
    RADIO = "radio"
    LETTER = "letter"
    EMAIL = "email"
    INSTAGRAM = "Instagram post"


class Granularity(str, Enum):
    MINUTE = "minute"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: [start, end) with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SocialPost:
    """A post embedded in an article (a tweet, a Facebook post) with its author."""

    span: Span
    text: str
    author: str
    handle: str | None = None
    date: str | None = None
    channel: Channel = Channel.TWITTER


@dataclass(frozen=True)
class RelatedHeadline:
    """A 'related articles' entry on a scraped page, kept as a stub article."""

    headline: str
    published: str | None = None


@dataclass(frozen=True)
class Article:
    """One news article with clean text (headline first, then the body) and its metadata."""

    source: str
    text: str
    headline: str | None = None
    body_start: int = 0
    published: str | None = None  # ISO date or date-time, timezone kept when known
    granularity: Granularity = Granularity.DAY
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    url: str | None = None
    language: str = "en"
    photo_credits: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()
    related: tuple[RelatedHeadline, ...] = ()
    posts: tuple[SocialPost, ...] = ()
    reader: str = "text"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def date(self) -> str | None:
        return self.published[:10] if self.published else None


@dataclass(frozen=True)
class Entity:
    """One real-world entity of an article with every mention of it."""

    key: str  # stable within the story; ids.py turns it into an IRI
    kind: EntityKind
    label: str
    mentions: tuple[Span, ...]
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # "President of Lithuania"
    nationality: str | None = None  # "Lithuanian"
    country: str | None = None  # ISO 3166 alpha-2
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    place_type: str | None = None  # Country, City, Region ...
    members: tuple[str, ...] = ()  # keys of the entities a GROUP stands for
    roles: tuple[str, ...] = ()  # dated political roles on the article's date ("government of Japan, 1982-11-26 to 1987-11-06")


@dataclass(frozen=True)
class Participant:
    entity: str  # entity key
    role: Role


@dataclass(frozen=True)
class TimeValue:
    value: str  # ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY)
    granularity: Granularity
    span: Span | None = None


@dataclass(frozen=True)
class Event:
    key: str
    type: EventType
    cameo: str
    label: str
    mentions: tuple[Span, ...]
    sentences: tuple[Span, ...]
    participants: tuple[Participant, ...] = ()
    place: str | None = None  # entity key
    time: TimeValue | None = None
    status: Status = Status.HAPPENED
    negated: bool = False
    sub_event_of: str | None = None  # event key
    after: tuple[str, ...] = ()  # event keys this event follows
    name_entity: str | None = None  # "NATO" in "the NATO summit"
    kind: str = ""  # what the text calls it, as a noun where English has one: "postponement", "earthquake"


@dataclass(frozen=True)
class Quote:
    key: str
    text: str
    span: Span
    sentence: Span
    speaker: str | None  # entity key
    verb: str | None = None
    channel: Channel | None = None
    direct: bool = True
    date: str | None = None
    about: str | None = None  # event key


@dataclass(frozen=True)
class Extraction:
    """What one extractor found in one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    extractor: str = "rules.v2"
    extractor_version: str = "1"
    pipeline: str | None = None  # the spaCy pipeline that parsed the article, "en_storykg 0.1.0" (kg.nlp.describe)
    story: str | None = None  # story id shared by near-duplicate articles
    duplicates: tuple[str, ...] = field(default=())  # sources of near-duplicates of this article
