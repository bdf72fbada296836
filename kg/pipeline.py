"""build(): ingest -> extract -> story unification -> mapping -> store, in batches, with a run report.

Memory stays flat: articles stream from the readers and are processed ``batch_size`` at a time.
Incremental: an article whose source and content hash are already in the store is not parsed again
(its graph's content-hash triple is written last, so a graph cut off by a crash is redone).
Near-duplicates are found within a batch. Only the CLI prints; this module logs and returns a Report.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg import ids, ingest, mapping, story
from kg.errors import InputError, KgError
from kg.ingest.decode import DEFAULT_MAX_BYTES
from kg.ingest.dedup import clusters
from kg.model import Article, Extraction
from kg.ontology import STORY
from kg.store import replace_graph

log = logging.getLogger(__name__)
BATCH_SIZE = 200


@dataclass
class Report:
    articles_in: int = 0
    articles_out: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    duplicates: list[list[str]] = field(default_factory=list)
    partitions: list[str] = field(default_factory=list)
    triples: int = 0
    entities: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"articles: {self.articles_in} read, {self.articles_out} built, {self.unchanged} unchanged "
               f"(no NLP), {len(self.skipped)} skipped",
               f"extracted: {self.entities} entities, {self.events} events, {self.quotes} quotes; "
               f"{self.triples} triples in {self.seconds:.1f} s"]
        for group in self.duplicates:
            out.append("one story (near-duplicates): " + ", ".join(group))
        for source, reason in self.skipped:
            out.append(f"skipped {source}: {reason}")
        return out

    def merge(self, other: Report) -> None:
        for name in ("articles_in", "articles_out", "unchanged", "triples", "entities", "events", "quotes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped += other.skipped
        self.duplicates += other.duplicates
        self.partitions += other.partitions


def extract_articles(articles: list[Article], extractor: str = "rules.v1", model: str | None = None,
                     report: Report | None = None, on_error: str = "skip", jobs: int = 1) -> list[Extraction]:
    """Extract, then unify near-duplicates into stories."""
    from kg import extract

    report = report if report is not None else Report()
    ex = extract.get(extractor, model=model, **({"n_process": jobs} if jobs > 1 else {}))
    results: list[Extraction | None]
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


def batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def already_built(ds: Dataset, art: Article) -> bool:
    """The store holds this source with this exact content (and its graph was written to the end)."""
    if isinstance(ds.store, SPARQLStore):
        rows = ds.query("SELECT ?a WHERE { GRAPH ?g { ?a ?p ?h } } LIMIT 1", initBindings={
            "g": mapping.graph_for(art), "p": STORY.contentHash, "h": Literal(art.content_hash)})
        return len(list(rows)) > 0
    g = ds.graph(mapping.graph_for(art))
    return (ids.article_iri(art.source, art.content_hash), STORY.contentHash, Literal(art.content_hash)) in g


def write_extraction(ds: Dataset, x: Extraction, when: str) -> int:
    """Replace the article's graph; the content-hash triple goes in last (completion marker)."""
    triples = list(dict.fromkeys(mapping.triples(x, when)))
    marker = [t for t in triples if t[1] == STORY.contentHash]
    return replace_graph(ds, mapping.graph_for(x.article), [t for t in triples if t[1] != STORY.contentHash],
                         last=marker)


def write_partition(extractions: list[Extraction], path: Path, when: str) -> int:
    """One N-Quads file per batch (atomic write): any SPARQL store can load it."""
    from kg.store import write

    part = Dataset()
    n = 0
    for x in extractions:
        n += replace_graph(part, mapping.graph_for(x.article), mapping.triples(x, when))
    write(part, path, "nq")
    return n


def process_batch(batch: list[Article | InputError], ds: Dataset | None, extractor: str, model: str | None,
                  on_error: str, jobs: int, when: str, partition: Path | None = None) -> Report:
    report = Report(articles_in=len(batch))
    todo: list[Article] = []
    for item in batch:
        if isinstance(item, InputError):
            if on_error == "raise":
                raise item
            report.skipped.append((item.source + (f":{item.line}" if item.line else ""), item.reason))
        elif ds is not None and already_built(ds, item):
            report.unchanged += 1
        else:
            todo.append(item)
    if not todo:
        return report
    extractions = extract_articles(todo, extractor, model, report, on_error, jobs)
    if partition is not None:
        report.triples += write_partition(extractions, partition, when)
        report.partitions.append(str(partition))
    if ds is not None and partition is None:  # with partitions, the caller bulk-loads the file
        for x in extractions:
            report.triples += write_extraction(ds, x, when)
    for x in extractions:
        report.articles_out += 1
        report.entities += len(x.entities)
        report.events += len(x.events)
        report.quotes += len(x.quotes)
    return report


def build(inputs: Iterable[str | Path], ds: Dataset, extractor: str = "rules.v1", model: str | None = None,
          on_error: str = "skip", max_bytes: int | None = None, check_language: bool = True,
          jobs: int = 1, batch_size: int = BATCH_SIZE, partitions: str | Path | None = None,
          progress: Callable[[Report], None] | None = None) -> Report:
    """Build the graph of every article in inputs into ds (one named graph per article).

    With ``partitions`` each batch is also written as ``part-NNNNN.nq`` there and bulk-loaded."""
    t0 = time.perf_counter()
    report = Report()
    when = mapping.run_time()
    stream = ingest.read(inputs, check_language=check_language, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    for i, batch in enumerate(batches(stream, batch_size)):
        part = Path(partitions) / f"part-{i:05d}.nq" if partitions else None
        rep = process_batch(batch, ds, extractor, model, on_error, jobs, when, part)
        if part is not None and rep.partitions:
            from kg.store import bulk_load

            bulk_load(ds, [part])
        report.merge(rep)
        report.seconds = time.perf_counter() - t0
        if progress:
            progress(report)
    report.seconds = time.perf_counter() - t0
    return report
