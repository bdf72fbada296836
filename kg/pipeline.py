"""build(): ingest -> extract -> story unification -> mapping -> store, in batches, with a run report.

Who does what:

- the parent reads the inputs (a stream), skips what the store already holds, and hands each batch of
  articles to a worker;
- the worker (:func:`work`) does all the per-article work: parse, extract, unify near-duplicates within
  the batch, map to triples, and serialise the batch's N-Quads partition when one is asked for;
- the parent writes the batches' graphs to the store in input order, one article at a time, the
  article's content-hash triple last (a completion marker: after a crash, even ``kill -9``, a graph
  cut short is redone on the next run and nothing else is); at the end it computes the whole-graph
  reports the store keeps (:mod:`kg.reports`; every article write drops them until then).

The same :func:`work` runs inline (one job), in a process pool (``jobs > 1``) or on a Dask cluster
(:mod:`kg.dask_engine` passes its executor). At most ``2 x workers`` batches are in flight, so memory
stays flat in corpus size. Only the CLI prints; this module logs and returns a :class:`Report`.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg import ids, ingest, mapping, reports, story
from kg.errors import InputError, KgError
from kg.ingest.decode import DEFAULT_MAX_BYTES
from kg.ingest.dedup import clusters
from kg.model import Article, Extraction
from kg.ontology import STORY
from kg.store import replace_graph

log = logging.getLogger(__name__)
BATCH_SIZE = 200
Triple = tuple[Any, Any, Any]


@dataclass
class Report:
    """What a run did. ``counts`` holds, per (section, kind) as ``kg stats`` names them, digests of the
    distinct things written, so the summary counts what ``kg stats`` counts on a fresh output."""

    articles_in: int = 0
    articles_out: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    duplicates: list[list[str]] = field(default_factory=list)
    partitions: list[str] = field(default_factory=list)
    triples: int = 0
    counts: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    seconds: float = 0.0

    def total(self, section: str) -> int:
        return sum(len(v) for (sec, _), v in self.counts.items() if sec == section)

    @property
    def entities(self) -> int:
        return self.total("entities")

    @property
    def events(self) -> int:
        return self.total("events")

    @property
    def quotes(self) -> int:
        return self.total("quotes")

    @property
    def nothing_to_do(self) -> bool:
        """Everything read was already in the store, unchanged."""
        return self.unchanged > 0 and self.articles_out == 0 and not self.skipped

    def lines(self) -> list[str]:
        out = [f"articles: {self.articles_in} read, {self.articles_out} built, {self.unchanged} unchanged "
               f"(no NLP), {len(self.skipped)} skipped"]
        if self.articles_out:
            related = len(self.counts.get(("articles", "related (headline only)"), ()))
            out.append(f"written: {self.entities} entities, {self.events} events, {self.quotes} quotes"
                       + (f", {related} related articles (headline only)" if related else "")
                       + f"; {self.triples} triples in {self.seconds:.1f} s")
        for group in self.duplicates:
            out.append("one story (near-duplicates): " + ", ".join(group))
        for source, reason in self.skipped:
            out.append(f"skipped {source}: {reason}")
        return out

    def merge(self, other: Report) -> None:
        for name in ("articles_in", "articles_out", "unchanged", "triples"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped += other.skipped
        self.duplicates += other.duplicates
        self.partitions += other.partitions
        for key, digests in other.counts.items():
            self.counts.setdefault(key, set()).update(digests)

    def count(self, triples: Iterable[Triple]) -> None:
        from kg.stats import tally

        for key, things in tally(triples).items():
            self.counts.setdefault(key, set()).update(_digest(str(t)) for t in things)


def _digest(text: str) -> int:
    """8 bytes of BLAKE2b: the same in every process (unlike hash()), small to keep for a whole run."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Options:
    """What a worker needs besides the articles (picklable)."""

    extractor: str | None = None  # None: kg.extract.DEFAULT
    model: str | None = None
    on_error: str = "skip"
    when: str = ""
    nquads: bool = False  # also serialise the batch as one N-Quads partition


@dataclass
class ArticleGraph:
    name: URIRef
    triples: list[Triple]  # everything but the completion marker
    marker: list[Triple]  # the content-hash triple, written last


@dataclass
class BatchResult:
    graphs: list[ArticleGraph]
    report: Report
    nquads: bytes | None = None


_EXTRACTORS: dict[tuple[str, str | None], Any] = {}


def _extractor(name: str | None, model: str | None):
    """One extractor (and spaCy pipeline) per worker process, loaded on its first batch."""
    from kg import extract

    name = name or extract.DEFAULT
    if (name, model) not in _EXTRACTORS:
        _EXTRACTORS[(name, model)] = extract.get(name, model=model)
    return _EXTRACTORS[(name, model)]


def extract_articles(articles: list[Article], extractor: str | None = None, model: str | None = None,
                     report: Report | None = None, on_error: str = "skip") -> list[Extraction]:
    """Extract, then unify near-duplicates into stories."""
    report = report if report is not None else Report()
    ex = _extractor(extractor, model)
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


def work(articles: list[Article], options: Options) -> BatchResult:
    """All the per-article work of one batch, in whichever process runs it: parse, extract, unify,
    map to triples (and serialise the partition). The store is not touched here."""
    report = Report()
    graphs = []
    marker = STORY.contentHash  # looked up once: a closed namespace's attribute is a Python call
    for x in extract_articles(articles, options.extractor, options.model, report, options.on_error):
        triples = list(dict.fromkeys(mapping.triples(x, options.when)))
        body: list[Triple] = []
        last: list[Triple] = []
        for t in triples:
            (last if t[1] == marker else body).append(t)
        graphs.append(ArticleGraph(mapping.graph_for(x.article), body, last))
        report.articles_out += 1
        report.triples += len(triples)
        report.count(triples)
    return BatchResult(graphs, report, _nquads(graphs) if options.nquads and graphs else None)


def _nquads(graphs: list[ArticleGraph]) -> bytes:
    part = Dataset()
    for g in graphs:
        graph = part.graph(g.name)
        graph.addN((s, p, o, graph) for s, p, o in [*g.triples, *g.marker])
    return part.serialize(format="nquads", encoding="utf-8")


def batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def already_built(ds: Dataset, art: Article, extractor: str | None = None) -> bool:
    """The store holds this source with this exact content, built by this extractor at this version (a store
    built by older rules is rebuilt), and its graph was written to the end."""
    from kg.extract import DEFAULT, version_of

    name = extractor or DEFAULT
    a = ids.article_iri(art.source, art.content_hash)
    agent = ids.software_iri(name, version_of(name))
    if isinstance(ds.store, SPARQLStore):
        rows = ds.query("SELECT ?a WHERE { GRAPH ?g { ?a ?p ?h . ?a ?gen ?act . ?act ?assoc ?agent } } LIMIT 1",
                        initBindings={"g": mapping.graph_for(art), "p": STORY.contentHash,
                                      "h": Literal(art.content_hash), "a": a, "gen": PROV.wasGeneratedBy,
                                      "assoc": PROV.wasAssociatedWith, "agent": agent})
        return len(list(rows)) > 0
    g = ds.graph(mapping.graph_for(art))
    return (a, STORY.contentHash, Literal(art.content_hash)) in g and \
        (URIRef(f"{a}#extraction"), PROV.wasAssociatedWith, agent) in g


def _triage(batch: list[Article | InputError], ds: Dataset | None, on_error: str,
            extractor: str | None = None) -> tuple[list[Article], Report]:
    """Split a batch into articles to build and a report of what was skipped or is already built."""
    report = Report(articles_in=len(batch))
    todo: list[Article] = []
    for item in batch:
        if isinstance(item, InputError):
            if on_error == "raise":
                raise item
            report.skipped.append((item.source + (f":{item.line}" if item.line else ""), item.reason))
        elif ds is not None and already_built(ds, item, extractor):
            report.unchanged += 1
        else:
            todo.append(item)
    return todo, report


def _store(ds: Dataset | None, result: BatchResult, partition: Path | None, report: Report) -> None:
    """The parent's share: write each article's graph (marker last), then the partition file."""
    if ds is not None:
        for g in result.graphs:
            replace_graph(ds, g.name, g.triples, last=g.marker)
    if partition is not None and result.nquads is not None:
        partition.parent.mkdir(parents=True, exist_ok=True)
        tmp = partition.with_name(f".{partition.name}.{os.getpid()}")
        tmp.write_bytes(result.nquads)
        os.replace(tmp, partition)
        report.partitions.append(str(partition))


def build(inputs: Iterable[str | Path], ds: Dataset | None, extractor: str | None = None, model: str | None = None,
          on_error: str = "skip", max_bytes: int | None = None, check_language: bool = True,
          jobs: int = 1, batch_size: int = BATCH_SIZE, partitions: str | Path | None = None,
          progress: Callable[[Report], None] | None = None, executor: Executor | None = None) -> Report:
    """Build the graph of every article in inputs into ds (one named graph per article).

    ``jobs > 1`` runs :func:`work` in that many processes; ``executor`` (e.g. a Dask client's) runs it
    wherever that executor does, with ``jobs`` batches per worker kept in flight. With ``partitions``
    each batch is also written as ``part-NNNNN.nq`` there (any SPARQL store can load it)."""
    t0 = time.perf_counter()
    report = Report()
    options = Options(extractor, model, on_error, mapping.run_time(), nquads=partitions is not None)
    own = None
    if executor is None and jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn: a fresh interpreter per worker, never a fork of a process holding store handles
        own = executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
    window = 2 * max(jobs, 1)
    pending: deque[tuple[Future | BatchResult | None, Report, Path | None]] = deque()

    def finish() -> None:
        job, rep, part = pending.popleft()
        if job is not None:
            result = job.result() if isinstance(job, Future) else job
            _store(ds, result, part, rep)
            rep.merge(result.report)
        report.merge(rep)
        report.seconds = time.perf_counter() - t0
        if progress:
            progress(report)

    try:
        stream = ingest.read(inputs, check_language=check_language, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        for i, batch in enumerate(batches(stream, batch_size)):
            todo, rep = _triage(batch, ds, on_error, extractor)
            part = Path(partitions) / f"part-{i:05d}.nq" if partitions else None
            job: Future | BatchResult | None = None
            if todo:
                job = executor.submit(work, todo, options) if executor is not None else work(todo, options)
            pending.append((job, rep, part))
            while len(pending) > (window if executor is not None else 0):
                finish()
        while pending:
            finish()
        if ds is not None and (report.articles_out or not reports.kept(ds)):
            reports.refresh(ds)  # the whole-graph reports of what the store now holds
    finally:
        for job, _, _ in pending:
            if isinstance(job, Future):
                job.cancel()
        if own is not None:
            own.shutdown(cancel_futures=True)
    report.seconds = time.perf_counter() - t0
    return report
