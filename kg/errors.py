"""The one small error hierarchy. Messages name the file (and line), the bad value and what was expected."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error storykg raises on purpose."""


class InputError(KgError):
    """An article or file that cannot be read as news text."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source, self.line, self.reason = source, line, message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class ExtractionError(KgError):
    """The NLP pipeline or an extractor failed on an article."""


class StoreError(KgError):
    """A store spec that cannot be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run."""
