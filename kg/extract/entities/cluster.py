"""One entity of an article while it is being found: its names, mentions, titles and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import EntityKind, Span
from kg.nlp import gazetteer as gz

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Cluster:
    kind: EntityKind
    key: str
    names: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    nationality: str | None = None
    country: str | None = None
    handle: str | None = None
    gaz: str | None = None
    members: list[str] = field(default_factory=list)
    heads: list[Token] = field(default_factory=list)
    gender: str | None = None  # "m" or "f" when a title says so (Mr, Msgr, Mrs, Sister): for he/she

    @property
    def label(self) -> str:
        if self.gaz:
            info = gz.place(self.gaz) or gz.org(self.gaz)
            if info is not None:
                return info.label
        names = [n for n in self.names if not n.startswith(("@", "#"))] or self.names
        return max(names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))
