"""The ``kg`` command: a thin layer over the library. Only this module prints."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kg.errors import KgError

STORE_HELP = "a graph file (.trig .nq .ttl .jsonld), oxigraph:DIR or sparql:QUERY_URL[,UPDATE_URL]"


class KgGroup(click.Group):
    """Turn every KgError into a one-line message and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(2)
        except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
            click.echo(f"kg: error: {exc.filename}: {exc.strerror}", err=True)
            sys.exit(2)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storykg")
@click.option("-v", "--verbose", count=True, help="log more (-v info, -vv debug)")
def main(verbose: int) -> None:
    """storykg: news articles -> story-event knowledge graph (RDF), with SPARQL, networkx and HTML views."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s")


def _open(spec: str, read_only: bool = True):
    from kg.store import open_store

    return open_store(spec, read_only=read_only)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="graph file to write (.trig .nq .ttl .jsonld)")
@click.option("--format", "fmt", type=click.Choice(["trig", "nq", "ttl", "jsonld"]), help="output format (default: from the suffix)")
@click.option("--html", type=click.Path(dir_okay=False), help="also write the interactive HTML view here")
@click.option("--store", default="memory", show_default=True, help="where to build: memory, oxigraph:DIR or sparql:URL[,UPDATE]")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="parallel NLP processes")
@click.option("--model", help="spaCy pipeline name or path (default: the bundled model, or $STORYKG_MODEL)")
@click.option("--extractor", default="rules.v2", show_default=True, help="registered extractor name")
@click.option("--max-bytes", type=int, help="skip files larger than this (default 20 MB)")
@click.option("--any-language", is_flag=True, help="do not skip articles that are not English")
@click.option("--strict", is_flag=True, help="stop at the first bad input instead of skipping it")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1), help="articles per batch")
@click.option("--partitions", type=click.Path(file_okay=False), help="also write one N-Quads file per batch here")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (default: a local cluster of --jobs workers)")
def build(inputs, out, fmt, html, store, jobs, model, extractor, max_bytes, any_language, strict,
          batch_size, partitions, engine, scheduler) -> None:
    """Build the graph of articles: files, folders or globs.

    INPUTS are article files (.txt .html .json .jsonl), directories or globs. Articles already in a persistent --store with the same content are not parsed again."""
    from kg.pipeline import build as run_build
    from kg.store import format_for

    if not out and store == "memory":
        raise click.UsageError("give -o OUT (a graph file) or --store (a persistent store)")
    if out:
        format_for(out, fmt)  # fail on an unknown format before any work
    _exit_cleanly_on_signals()
    if store == "memory":  # the graph file's store, as kg query/view/stats read it back: fast to fill and write
        from kg.store import memory_oxigraph

        ds = memory_oxigraph()
    else:
        ds = _open(store, read_only=False)
    try:
        common = {"extractor": extractor, "model": model, "on_error": "raise" if strict else "skip",
                  "max_bytes": max_bytes, "check_language": not any_language, "batch_size": batch_size,
                  "partitions": partitions, "progress": _progress()}
        if engine == "dask":
            from kg.dask_engine import build as dask_build

            report = dask_build(inputs, ds, scheduler=scheduler, n_workers=max(jobs, 1), **common)
        else:
            report = run_build(inputs, ds, jobs=jobs, **common)
        if sys.stderr.isatty():
            click.echo("", err=True)
        for line in report.lines():
            click.echo(line, err=True)
        if report.articles_out == 0 and report.unchanged == 0:  # a run that reads nothing writes nothing
            click.echo("kg: error: no article could be read; nothing written", err=True)
            sys.exit(1)
        if out:
            click.echo(f"graph: {_write_output(ds, out, fmt)}")
        if html:
            from kg.viz import view as write_view

            click.echo(f"view: {write_view(ds, html)}")
        if store != "memory":
            click.echo(f"store: {store}")
        if report.skipped:
            sys.exit(3)
        if report.articles_out == 0:
            click.echo(f"nothing to do: all {report.unchanged} articles are already in {store}, unchanged", err=True)
    finally:
        ds.close()  # a persistent store's lock goes with it


def _exit_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does, so a half-written temp file is removed."""
    import signal

    def stop(signum, _frame):  # noqa: ANN001, ANN202 - signal handler signature
        sys.exit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)


def _write_output(ds, out, fmt) -> Path:
    """Write a graph file atomically, first removing temp files that an earlier killed run left beside it.

    kg.store.write writes ``.NAME.XXXXXXXX`` and renames it. Every storykg writer holds a shared lock on
    the folder while it writes; only a writer that gets the lock exclusively (so no other storykg writer
    is busy there) removes such files: their writers are gone (a lock dies with its process)."""
    import fcntl
    import os
    import re

    from kg.store import write

    target = Path(out)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            stale = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}")
            for f in folder.iterdir():
                if stale.fullmatch(f.name) and f.is_file():
                    f.unlink(missing_ok=True)
        except BlockingIOError:
            pass  # another storykg writer is busy in this folder: its temp file is not stale
        fcntl.flock(fd, fcntl.LOCK_SH)
        return write(ds, target, fmt)
    finally:
        os.close(fd)


def _progress():
    """A progress line with rate on a terminal; nothing when stderr is not a TTY."""
    if not sys.stderr.isatty():
        return None

    def show(report) -> None:
        rate = report.articles_in / report.seconds if report.seconds else 0.0
        click.echo(f"\r{report.articles_in} articles read, {report.articles_out} built, "
                   f"{rate:.1f} articles/s", err=True, nl=False)
    return show


@main.command()
@click.argument("graph")
@click.argument("query_text", required=False)
@click.option("-f", "--file", "qfile", type=click.Path(exists=True, dir_okay=False), help="SPARQL query file")
@click.option("--name", help="a named query from ontology/queries (see --list)")
@click.option("--param", multiple=True, help="binding k=v for a variable of the query (repeatable)")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="list the named queries and exit")
@click.option("--allow-service", is_flag=True, help="let SERVICE clauses query other endpoints over the network")
def query(graph, query_text, qfile, name, param, fmt, list_, allow_service) -> None:
    """Run a SPARQL query (text, file or named) on GRAPH.

    GRAPH is a graph file (.trig .nq .ttl .jsonld), oxigraph:DIR or sparql:QUERY_URL[,UPDATE_URL]."""
    from kg import query as q

    if list_:
        for n in q.names():
            click.echo(f"{n:20} {q.describe(n)}")
        return
    given = [x for x in (query_text, qfile, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY_TEXT, -f FILE or --name NAME")
    params = {}
    for p in param:
        if "=" not in p:
            raise click.UsageError(f"--param expects k=v, got {p!r}")
        k, v = p.split("=", 1)
        params[k.lstrip("?")] = v
    text = q.load(name) if name else (Path(qfile).read_text(encoding="utf-8") if qfile else query_text)
    cols, rows = q.run(_open(graph), text, params, allow_service=allow_service)
    click.echo(q.render(cols, rows, fmt))


@main.command()
@click.argument("graph")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False), help="HTML file to write")
@click.option("--projection", type=click.Choice(["actors", "events", "full"]), default="actors", show_default=True,
              help="actors: the actor network of all articles; events; full: entities, events and quotes")
@click.option("--max-nodes", default=50_000, show_default=True, help="above this, show the most connected nodes")
def view(graph, out, projection, max_nodes) -> None:
    """Write an offline interactive HTML view of GRAPH."""
    from kg.viz import view as write_view

    click.echo(f"view: {write_view(_open(graph), out, projection, max_nodes)}")


@main.command()
@click.argument("graph")
@click.option("--min-articles", default=2, show_default=True, type=click.IntRange(1), help="list stories at least this big")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stories(graph, min_articles, fmt) -> None:
    """List the stories of GRAPH (articles grouped by story).

    A story groups articles by shared actors, events and time."""
    import json

    from kg.stories import cluster, read

    facts = read(_open(graph))
    found = [s for s in cluster(facts) if len(s.articles) >= min_articles]
    by_iri = {f.article: f for f in facts}
    source = {a: f.source for a, f in by_iri.items()}
    if fmt == "json":
        click.echo(json.dumps([{"id": s.id, "headline": s.headline, "start": s.start, "end": s.end,
                                "articles": [source[a] for a in s.articles]} for s in found], indent=1))
        return
    for s in found:
        span = f"{s.start} to {s.end}" if s.start and s.end != s.start else (s.start or "undated")
        click.echo(f"{len(s.articles):4} articles  {span:24}  {s.headline or source[s.id]}")
        for a in s.articles:
            click.echo(f"{'':6}{by_iri[a].date or 'undated':10}  {source[a]}  {by_iri[a].headline}")
    click.echo(f"{len(found)} stories of {min_articles}+ articles, {len(facts)} articles in all", err=True)


@main.command()
@click.argument("graph")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7879, show_default=True, type=int)
@click.option("--timeout", default=10.0, show_default=True, help="per-query time limit in seconds")
@click.option("--max-rows", default=100_000, show_default=True, help="result size limit")
@click.option("--workers", default=0, type=click.IntRange(0, 64), help="query worker processes (default: 2-4)")
@click.option("--allow-host", multiple=True, help="a Host name to answer besides the loopback names (repeatable)")
@click.option("--cors-origin", help="send Access-Control-Allow-Origin for this origin (default: none)")
def serve(graph, host, port, timeout, max_rows, workers, allow_host, cors_origin) -> None:
    """Serve GRAPH read-only as a SPARQL 1.1 endpoint at /sparql."""
    from kg.serve import make_server

    server = make_server(graph, host, port, timeout, max_rows, workers=workers, allowed_hosts=allow_host,
                         cors_origin=cors_origin)
    click.echo(f"SPARQL endpoint: http://{host}:{server.server_address[1]}/sparql (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@click.argument("graph")
def validate(graph) -> None:
    """Check GRAPH against the SHACL shapes (exit 1 if not).

    Prints the SHACL report; exits 1 when GRAPH does not conform."""
    from kg.validate import validate as run

    conforms, report = run(_open(graph))
    click.echo(report)
    sys.exit(0 if conforms else 1)


@main.command()
@click.argument("graph")
def stats(graph) -> None:
    """Count articles, entities, events and quotes in GRAPH.

    Entities and events are broken down by type, with the names the build summary uses."""
    from kg.stats import stats as run

    for section, counts in run(_open(graph)).items():
        rest = {k: v for k, v in counts.items() if k != section}
        total = counts.get(section, 0) if section in counts or not rest else sum(rest.values())
        click.echo(f"{section}: {total}")  # the build summary's names and totals
        for k, v in rest.items():
            click.echo(f"  {k:16} {v}")


@main.command()
@click.argument("graph")
@click.argument("source")
def delete(graph, source) -> None:
    """Delete one article and what only it supported.

    Removes the article read from SOURCE, and everything only it supported, from GRAPH."""
    from kg import reports
    from kg.ids import graph_iri
    from kg.store import remove_graph

    ds = _open(graph, read_only=False)
    name = graph_iri(source)
    if not len(ds.graph(name)):
        raise click.ClickException(f"no article from {source!r} in {graph}")
    remove_graph(ds, name)
    reports.refresh(ds)  # the whole-graph reports without it
    if Path(graph).is_file():
        _write_output(ds, graph, None)
    click.echo(f"deleted {source}")


if __name__ == "__main__":
    main()
