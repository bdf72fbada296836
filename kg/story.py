"""Stories: near-duplicate articles are one story. Within a story the same entity and the same event
get one identity, so the graph built from several copies holds each of them once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kg.ids import digest
from kg.model import Event, Extraction, Participant, Status


def story_id(extractions: Sequence[Extraction]) -> str:
    """Deterministic: the content hash of the first article by source name."""
    first = min(extractions, key=lambda x: x.article.source)
    return first.article.content_hash[:16]


def unify(extractions: Sequence[Extraction]) -> list[Extraction]:
    """Give the articles of one story a shared story id, shared entity keys and shared event keys."""
    sid = story_id(extractions)
    sources = [x.article.source for x in extractions]
    alias = _entity_aliases(extractions)
    canon: list[tuple[Event, str, int]] = []  # (representative event, story-wide key, article index)
    out = []
    for xi, x in enumerate(extractions):
        mapping: dict[str, str] = {}
        events = []
        taken: set[str] = set()  # two events of one article are two events: the extractor kept them apart
        for ev in x.events:
            ev = _rekey_entities(ev, alias)
            key = None
            for rep, k, owner in canon:
                if owner != xi and k not in taken and _same_event(rep, ev):
                    key = k
                    break
            if key is None:
                key = f"{ev.type.value}:{digest(sid, ev.key.split('#')[0], len(canon))}"
                canon.append((ev, key, xi))
            taken.add(key)
            mapping[ev.key] = key
            events.append(ev)
        labels = {k: rep.label for rep, k, _ in canon}
        events = [replace(ev, key=mapping[ev.key], label=labels[mapping[ev.key]],
                          sub_event_of=mapping.get(ev.sub_event_of) if ev.sub_event_of else None,
                          after=tuple(mapping.get(a, a) for a in ev.after)) for ev in events]
        entities = tuple(replace(e, key=alias.get(e.key, e.key), members=tuple(alias.get(m, m) for m in e.members))
                         for e in x.entities)
        quotes = tuple(replace(q, speaker=alias.get(q.speaker, q.speaker) if q.speaker else None,
                               about=mapping.get(q.about) if q.about else None) for q in x.quotes)
        out.append(replace(x, events=tuple(events), entities=entities, quotes=quotes, story=sid,
                           duplicates=tuple(s for s in sources if s != x.article.source)))
    return out


def _entity_aliases(extractions: Sequence[Extraction]) -> dict[str, str]:
    """'person:nauseda' in one copy and 'person:gitanas nauseda' in another are the same person."""
    people = {e.key for x in extractions for e in x.entities if e.key.startswith("person:")}
    alias = {}
    for key in people:
        words = key.split(":", 1)[1].split()
        fuller = [k for k in people if k != key and len(k.split()) > len(words)
                  and k.split(":", 1)[1].split()[-len(words):] == words]
        if len(fuller) == 1:
            alias[key] = fuller[0]
    return alias


def _rekey_entities(ev: Event, alias: dict[str, str]) -> Event:
    if not alias:
        return ev
    parts = tuple(Participant(alias.get(p.entity, p.entity), p.role) for p in ev.participants)
    return replace(ev, participants=parts, place=alias.get(ev.place, ev.place) if ev.place else None,
                   name_entity=alias.get(ev.name_entity, ev.name_entity) if ev.name_entity else None)


def _same_event(a: Event, b: Event) -> bool:
    if a.type is not b.type:
        return False
    known = {Status.HAPPENED, Status.PLANNED}
    if a.status in known and b.status in known and a.status is not b.status:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.time and b.time and a.time.value != b.time.value:
        return False
    actors_a = {p.entity for p in a.participants}
    actors_b = {p.entity for p in b.participants}
    if actors_a & actors_b:
        return True
    return bool(not actors_a and not actors_b and a.place and a.place == b.place)

