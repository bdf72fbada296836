"""build(): ingest -> extract -> story unification -> mapping -> store, with a run report.

Only the CLI prints; this module logs and returns a :class:`Report`."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg import ingest, mapping, story
from kg.errors import InputError, KgError
from kg.ingest.dedup import clusters
from kg.model import Article, Extraction
from kg.store import replace_graph

log = logging.getLogger(__name__)


@dataclass
class Report:
    articles_in: int = 0
    articles_out: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    duplicates: list[list[str]] = field(default_factory=list)
    triples: int = 0
    entities: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"articles: {self.articles_in} read, {self.articles_out} in the graph, {len(self.skipped)} skipped",
               f"extracted: {self.entities} entities, {self.events} events, {self.quotes} quotes; "
               f"{self.triples} triples in {self.seconds:.1f} s"]
        for group in self.duplicates:
            out.append("one story (near-duplicates): " + ", ".join(group))
        for source, reason in self.skipped:
            out.append(f"skipped {source}: {reason}")
        return out


def extract_articles(articles: list[Article], extractor: str = "rules.v1", model: str | None = None,
                     report: Report | None = None, on_error: str = "skip", jobs: int = 1) -> list[Extraction]:
    """Extract, then unify near-duplicates into stories."""
    from kg import extract

    report = report if report is not None else Report()
    ex = extract.get(extractor, model=model, **({"n_process": jobs} if jobs > 1 else {}))
    results: list[Extraction | None] = []
    try:
        results = list(ex.extract(articles))
    except KgError:
        raise
    except Exception as exc:  # one bad article must not sink the batch: retry one by one
        if on_error == "raise":
            raise
        log.warning("batch extraction failed (%s); retrying article by article", exc)
        results = []
        for art in articles:
            try:
                results += list(ex.extract([art]))
            except Exception as err:  # noqa: BLE001
                report.skipped.append((art.source, f"extraction failed: {type(err).__name__}: {err}"))
                results.append(None)
    done = [r for r in results if r is not None]
    out: list[Extraction] = []
    for group in clusters([x.article for x in done]):
        members = [done[i] for i in group]
        if len(members) > 1:
            report.duplicates.append([m.article.source for m in members])
        out += story.unify(members)
    return out


def build(inputs: Iterable[str | Path], ds: Dataset, extractor: str = "rules.v1", model: str | None = None,
          on_error: str = "skip", max_bytes: int | None = None, check_language: bool = True,
          jobs: int = 1) -> Report:
    """Build the graph of every article in inputs into ds (one named graph per article)."""
    t0 = time.perf_counter()
    report = Report()
    articles: list[Article] = []
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    for item in ingest.read(inputs, check_language=check_language, **kwargs):
        report.articles_in += 1
        if isinstance(item, InputError):
            if on_error == "raise":
                raise item
            report.skipped.append((item.source + (f":{item.line}" if item.line else ""), item.reason))
            continue
        articles.append(item)
    when = mapping.run_time()
    for x in extract_articles(articles, extractor, model, report, on_error, jobs):
        report.triples += replace_graph(ds, mapping.graph_for(x.article), mapping.triples(x, when))
        report.articles_out += 1
        report.entities += len(x.entities)
        report.events += len(x.events)
        report.quotes += len(x.quotes)
    report.seconds = time.perf_counter() - t0
    return report
