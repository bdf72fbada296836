"""The only code that turns model objects into triples: one named graph per article.

Terms: SEM for events, actors, places and times; schema.org (https://schema.org/) for articles,
people, organisations, places and quotations; PROV-O for provenance; OWL-Time for times; NIF and
GAF for mentions with character offsets; the project's story: terms for what standards lack.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from datetime import UTC, datetime

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from kg import ids
from kg.model import Article, Entity, EntityKind, Event, Extraction, Granularity, Quote, Span
from kg.ontology import (
    CAMEO,
    CHANNEL,
    EVENT_CLASS,
    GAF,
    GEO,
    GEONAMES,
    KIND,
    NIF,
    PLACE_CLASS,
    ROLE,
    SCHEMA_STATUS,
    SEM,
    STATUS,
    STORY,
    UNIT,
)

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]
KIND_CLASSES = {
    EntityKind.PERSON: (SDO.Person, SEM.Actor),
    EntityKind.ORGANIZATION: (SDO.Organization, SEM.Actor),
    EntityKind.PLACE: (SDO.Place, SEM.Place),
    EntityKind.GROUP: (STORY.Group, SEM.Actor),
}


@functools.lru_cache(maxsize=1 << 16)
def _integer(n: int) -> Literal:
    """An xsd:integer literal (offsets), made once per value: an rdflib Literal takes some 7 us to make."""
    return Literal(n, datatype=XSD.integer)


@functools.lru_cache(maxsize=1 << 16)
def _text(value: str) -> Literal:
    """A string literal for a short text that repeats across mentions and articles (names, labels,
    anchors, kinds), made once per value."""
    return Literal(value)


def run_time() -> str:
    """The run's time stamp; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    dt = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return dt.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def entity_ref(ent: Entity, date: str | None = None) -> URIRef:
    """One node per real entity across a corpus, decided from the article alone (deterministic):

    - a gazetteer place or organisation: its id (GeoNames id, 'org:nato');
    - a Phoenix political actor (kg.nlp.actors) that the label or an alias names, of the entity's kind and
      not of another country: the actor's name, so 'Reagan' in a 1985 article and 'Ronald Reagan'
      anywhere are one node;
    - otherwise the full name (the label: the fullest form in the article), qualified by the country
      the article gives (nationality, '... of Lithuania'), so two 'John Smith's of different countries
      stay apart while the same name and type with the same (or no) country are one node.
    """
    return _ref(ent, _actor(ent, date))


def _ref(ent: Entity, actor) -> URIRef:  # noqa: ANN001 - kg.nlp.actors.Actor | None, imported lazily
    """entity_ref with the entity's Phoenix actor already looked up."""
    key, kind = ent.key, ent.kind
    if key.startswith("geo:"):
        return ids.entity_iri("place", "geonames-" + key[4:])
    if key.startswith("region:"):
        return ids.entity_iri("place", key[7:])
    if key.startswith("org:"):
        return ids.entity_iri("organization", key[4:])
    if kind is EntityKind.GROUP or key.split(":", 1)[0] not in {k.value for k in EntityKind}:
        return ids.entity_iri(kind.value, key.split(":", 1)[-1])  # a group, or another gazetteer id ('iso:BR-SP')
    if actor is not None:
        return ids.entity_iri(kind.value, actor.name)
    country = _country(ent)
    return ids.entity_iri(kind.value, ent.label, country.lower() if country else None)


def _country(ent: Entity) -> str | None:
    from kg.nlp.gazetteer import demonym_country

    return ent.country or (demonym_country(ent.nationality) if ent.nationality else None)


def _actor(ent: Entity, date: str | None):  # noqa: ANN202 - kg.nlp.actors.Actor, imported lazily
    if ent.kind not in (EntityKind.PERSON, EntityKind.ORGANIZATION):
        return None
    from kg.nlp.actors import lookup

    # the label, then other full names; a lone surname only when it is all the article says
    others = sorted({a for a in ent.aliases if len(a.split()) > 1} - {ent.label}, key=lambda n: (-len(n), n))
    for name in (ent.label, *others):
        actor = lookup(name, date, _country(ent), ent.kind.value)
        if actor is not None:
            return actor
    return None


def graph_for(article: Article) -> URIRef:
    return ids.graph_iri(article.source)


def triples(x: Extraction, when: str | None = None) -> Iterator[Triple]:
    """Every triple of one article's named graph."""
    art = x.article
    a = ids.article_iri(art.source, art.content_hash)
    yield from _article(x, a, when or run_time())
    kinds = {e.key: e.kind for e in x.entities}
    actors = {e.key: _actor(e, art.date) for e in x.entities}  # looked up once: for the IRI and the roles
    refs = {e.key: _ref(e, actors[e.key]) for e in x.entities}
    for ent in x.entities:
        yield from _entity(ent, refs, a, art.date, actors[ent.key])
    events = {ev.key: ids.event_iri(x.story or art.content_hash, ev.key) for ev in x.events}
    for ev in x.events:
        yield from _event(ev, events, refs, kinds, a)
    for q in x.quotes:
        yield from _quote(q, events, refs, a)


def _article(x: Extraction, a: URIRef, when: str) -> Iterator[Triple]:
    art = x.article
    yield a, RDF.type, SDO.NewsArticle
    yield a, RDF.type, NIF.Context
    yield a, RDF.type, PROV.Entity
    yield a, NIF.isString, Literal(art.text)
    yield a, NIF.beginIndex, _integer(0)
    yield a, NIF.endIndex, _integer(len(art.text))
    yield a, STORY.sourcePath, Literal(art.source)
    yield a, STORY.contentHash, Literal(art.content_hash)
    yield a, STORY.reader, Literal(art.reader)
    yield a, SDO.inLanguage, Literal(art.language)
    if art.url or art.source.startswith(("http://", "https://")):
        yield a, SDO.url, Literal(art.url or art.source, datatype=XSD.anyURI)
    if art.headline:
        yield a, SDO.headline, Literal(art.headline)
        yield a, RDFS.label, Literal(art.headline)
    if art.published:
        yield a, SDO.datePublished, _date_literal(art.published)
        yield a, STORY.granularity, UNIT[art.granularity]
    if art.publisher:
        pub = ids.entity_iri("organization", art.publisher)
        yield a, SDO.publisher, pub
        yield pub, RDF.type, SDO.Organization
        yield pub, RDFS.label, Literal(art.publisher)
    for name in art.authors:
        person = ids.entity_iri("person", name)
        yield a, SDO.author, person
        yield person, RDF.type, SDO.Person
        yield person, RDFS.label, _text(name)
    for kw in art.keywords:
        yield a, SDO.keywords, Literal(kw)
    for credit in art.photo_credits:
        yield a, STORY.photoCredit, Literal(credit)
    for line in art.furniture:
        yield a, STORY.furniture, Literal(line)
    for rel in art.related:
        r = ids.related_iri(rel.headline, rel.published)
        yield a, STORY.relatedArticle, r
        yield r, RDF.type, SDO.NewsArticle
        yield r, SDO.headline, Literal(rel.headline)
        if rel.published:
            yield r, SDO.datePublished, _date_literal(rel.published)
    activity = URIRef(f"{a}#extraction")
    yield a, PROV.wasGeneratedBy, activity
    yield activity, RDF.type, PROV.Activity
    yield activity, RDFS.label, Literal(f"storykg {x.extractor} {x.extractor_version}")
    yield activity, PROV.endedAtTime, Literal(when, datatype=XSD.dateTime)
    agent = ids.software_iri(x.extractor, x.extractor_version)
    yield activity, PROV.wasAssociatedWith, agent
    yield from _software(agent, PROV.SoftwareAgent, x.extractor, x.extractor_version)
    if x.pipeline:
        name, _, version = x.pipeline.partition(" ")
        model = ids.software_iri(name, version)
        yield activity, PROV.used, model
        yield from _software(model, PROV.Entity, name, version)
    if x.story:
        story = ids.story_iri(x.story)
        yield story, RDF.type, STORY.Story
        yield story, SDO.hasPart, a
        yield a, SDO.isPartOf, story
        for other in x.duplicates:
            yield a, PROV.alternateOf, ids.graph_iri(other)


def _software(node: URIRef, cls: URIRef, name: str, version: str) -> Iterator[Triple]:
    yield node, RDF.type, cls
    yield node, RDF.type, SDO.SoftwareApplication
    yield node, RDFS.label, Literal(f"{name} {version}".strip())
    yield node, SDO.name, _text(name)
    if version:
        yield node, SDO.softwareVersion, Literal(version)


def _mention(a: URIRef, span: Span) -> Iterator[Triple]:
    m = ids.mention_iri(a, span.start, span.end)
    yield m, RDF.type, STORY.Mention
    yield m, RDF.type, NIF.String
    yield m, NIF.beginIndex, _integer(span.start)
    yield m, NIF.endIndex, _integer(span.end)
    yield m, NIF.anchorOf, _text(span.text)
    yield m, NIF.referenceContext, a


def _entity(ent: Entity, refs: dict[str, URIRef], a: URIRef, date: str | None = None,
            actor=None) -> Iterator[Triple]:  # noqa: ANN001 - kg.nlp.actors.Actor | None
    e = refs[ent.key]
    for cls in KIND_CLASSES[ent.kind]:
        yield e, RDF.type, cls
    if ent.place_type in PLACE_CLASS:
        yield e, RDF.type, PLACE_CLASS[ent.place_type]
    yield e, RDFS.label, _text(ent.label)
    for alias in ent.aliases:
        yield e, SKOS.altLabel, _text(alias)
    for title in ent.titles:
        yield e, STORY.title, _text(title)
        yield e, SDO.jobTitle, _text(title)
    for role in ent.roles or (actor.roles(date) if actor else ()):
        yield e, STORY.actorRole, _text(role)
    if ent.nationality:
        yield e, STORY.nationality, _text(ent.nationality)
    if ent.country:
        yield e, STORY.countryCode, _text(ent.country)
    if ent.geonames_id:
        yield e, STORY.geonamesId, Literal(ent.geonames_id)
        yield e, OWL.sameAs, GEONAMES[f"{ent.geonames_id}/"]
    if ent.latitude is not None and ent.longitude is not None:
        yield e, GEO.lat, Literal(ent.latitude, datatype=XSD.decimal)
        yield e, GEO.long, Literal(ent.longitude, datatype=XSD.decimal)
    for member in ent.members:
        if member in refs:
            yield e, STORY.member, refs[member]
    for span in ent.mentions:
        yield e, GAF.denotedBy, ids.mention_iri(a, span.start, span.end)
        yield from _mention(a, span)


def _event(ev: Event, events: dict[str, URIRef], refs: dict[str, URIRef], kinds: dict,
           a: URIRef) -> Iterator[Triple]:
    e = events[ev.key]
    yield e, RDF.type, SEM.Event
    yield e, RDF.type, SDO.Event
    yield e, RDF.type, EVENT_CLASS[ev.type]
    yield e, RDFS.label, _text(ev.label)
    if ev.cameo:
        yield e, SEM.eventType, CAMEO[ev.cameo]
    if ev.kind:
        kind = KIND[ids.slug(ev.kind)]
        yield e, SEM.eventType, kind
        yield kind, RDF.type, SKOS.Concept
        yield kind, SKOS.inScheme, STORY.EventKindScheme
        yield kind, RDFS.label, _text(ev.kind)
        yield kind, SKOS.prefLabel, _text(ev.kind)
        if ev.cameo:
            yield kind, SKOS.broader, CAMEO[ev.cameo]
    yield e, STORY.status, STATUS[ev.status]
    if ev.status in SCHEMA_STATUS:
        yield e, SDO.eventStatus, SCHEMA_STATUS[ev.status]
    if ev.negated:
        yield e, STORY.negated, Literal(True)
    yield e, PROV.wasDerivedFrom, a
    for p in ev.participants:
        if p.entity not in refs:
            continue
        actor = refs[p.entity]
        yield e, SEM.hasActor, actor
        if kinds.get(p.entity) is EntityKind.ORGANIZATION and p.role.value == "organizer":
            yield e, SDO.organizer, actor
        role = ids.role_iri(e, actor, p.role.value)
        yield e, STORY.participation, role
        yield role, RDF.type, SEM.Role
        yield role, RDF.value, actor
        yield role, SEM.roleType, ROLE[p.role]
    if ev.place and ev.place in refs:
        yield e, SEM.hasPlace, refs[ev.place]
        yield e, SDO.location, refs[ev.place]
    if ev.time:
        t = ids.time_iri(ev.time.value)
        yield e, SEM.hasTime, t
        yield t, RDF.type, TIME.Instant
        yield t, TIME.unitType, UNIT[ev.time.granularity]
        if ev.time.granularity in (Granularity.DAY, Granularity.WEEK):
            yield e, SEM.hasTimeStamp, Literal(ev.time.value, datatype=XSD.date)
            yield t, TIME.inXSDDate, Literal(ev.time.value, datatype=XSD.date)
        elif ev.time.granularity is Granularity.MONTH:
            yield t, TIME.inXSDgYearMonth, Literal(ev.time.value, datatype=XSD.gYearMonth)
        else:
            yield t, TIME.inXSDgYear, Literal(ev.time.value[:4], datatype=XSD.gYear)
    if ev.sub_event_of and ev.sub_event_of in events:
        yield e, SEM.subEventOf, events[ev.sub_event_of]
        yield events[ev.sub_event_of], SEM.hasSubEvent, e
    for other in ev.after:
        if other in events:
            yield e, TIME.after, events[other]
            yield events[other], TIME.before, e
    for span in ev.mentions:
        yield e, GAF.denotedBy, ids.mention_iri(a, span.start, span.end)
        yield from _mention(a, span)


def _quote(q: Quote, events: dict[str, URIRef], refs: dict[str, URIRef], a: URIRef) -> Iterator[Triple]:
    if not q.speaker or q.speaker not in refs:
        return
    node = ids.quote_iri(a, q.span.start, q.span.end)
    yield node, RDF.type, SDO.Quotation
    yield node, RDF.type, STORY.Quote
    yield node, SDO.text, Literal(q.text)
    yield node, SDO.creator, refs[q.speaker]
    yield node, PROV.wasAttributedTo, refs[q.speaker]
    yield node, STORY.direct, Literal(q.direct)
    yield node, SDO.isPartOf, a
    yield node, PROV.wasDerivedFrom, a
    if q.verb:
        yield node, STORY.speechVerb, _text(q.verb)
    if q.channel:
        c = CHANNEL[q.channel]
        yield node, STORY.channel, c
        yield c, RDF.type, SKOS.Concept
        yield c, SKOS.prefLabel, _text(q.channel.value)
    if q.date:
        yield node, SDO.dateCreated, _date_literal(q.date)
    if q.about and q.about in events:
        yield node, SDO.about, events[q.about]
    yield node, GAF.denotedBy, ids.mention_iri(a, q.span.start, q.span.end)
    yield from _mention(a, q.span)


def _date_literal(value: str) -> Literal:
    if "T" in value:
        v = value if value.count(":") >= 2 or len(value) > 16 else value + ":00"
        return Literal(v, datatype=XSD.dateTime)
    return Literal(value[:10], datatype=XSD.date)


__all__ = ["triples", "graph_for", "entity_ref", "run_time"]
