"""Extractors behind a registry, spaCy-style: ``get("rules.v2")``. An extractor turns articles into
:class:`kg.model.Extraction` values (never triples); a behaviour change gets a new version name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from kg.model import Article, Extraction


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """One Extraction per article, in order."""
        ...


DEFAULT = "rules.v2"  # the extractor kg build uses
_REGISTRY: dict[str, Callable[..., Extractor]] = {}


def register(name: str) -> Callable[[Callable[..., Extractor]], Callable[..., Extractor]]:
    def deco(factory: Callable[..., Extractor]) -> Callable[..., Extractor]:
        _REGISTRY[name] = factory
        return factory
    return deco


def get(name: str = DEFAULT, **options: object) -> Extractor:
    if name not in _REGISTRY:
        from kg.extract import rules  # noqa: F401  (registers rules.v2)
    if name not in _REGISTRY:
        from kg.errors import ExtractionError

        raise ExtractionError(f"unknown extractor {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](**options)


def version_of(name: str) -> str:
    """A registered extractor's version, without building it (no model is loaded)."""
    if name not in _REGISTRY:
        from kg.extract import rules  # noqa: F401
    factory = _REGISTRY.get(name)
    return str(getattr(factory, "version", "")) if factory is not None else ""


def names() -> list[str]:
    from kg.extract import rules  # noqa: F401

    return sorted(_REGISTRY)
