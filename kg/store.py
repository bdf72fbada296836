"""Open a store as an ``rdflib.Dataset``: ``memory`` | ``oxigraph:DIR`` | ``sparql:QUERY_URL[,UPDATE_URL]``,
or a graph file (TriG, N-Quads, Turtle, JSON-LD) read into memory. No Store class of our own:
rdflib's plugins (Memory, oxrdflib's Oxigraph, SPARQLUpdateStore) do the work."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from kg.errors import StoreError
from kg.ontology import PREFIXES

FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".jsonld": "json-ld",
           ".json": "json-ld", ".nt": "nt"}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        name = {"nq": "nquads", "ttl": "turtle", "jsonld": "json-ld", "trig": "trig"}.get(fmt, fmt)
        if name not in set(FORMATS.values()):
            raise StoreError(f"unknown format {fmt!r}; expected trig, nq, ttl or jsonld")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"{path}: cannot tell the format from the suffix {suffix!r}; "
                         "use .trig, .nq, .ttl or .jsonld, or pass --format")
    return FORMATS[suffix]


def open_store(spec: str = "memory", read_only: bool = False) -> Dataset:
    """A Dataset over the store named by spec (see module doc)."""
    if spec == "memory":
        return _bind(Dataset())
    if spec.startswith("oxigraph:"):
        raw = spec.split(":", 1)[1]
        if not raw.strip():
            raise StoreError("oxigraph: needs a directory, e.g. oxigraph:./kg-store")
        path = Path(raw)
        try:
            import pyoxigraph
            from oxrdflib import OxigraphStore

            store: Any
            if read_only:
                if not path.is_dir():
                    raise StoreError(f"{path}: no Oxigraph store there")
                store = pyoxigraph.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                store = pyoxigraph.Store(str(path))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: cannot open Oxigraph store ({getattr(exc, 'strerror', None) or exc})") from exc
        return _bind(Dataset(store=OxigraphStore(store=store)))
    if spec.startswith("sparql:"):
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        urls = spec.split(":", 1)[1].split(",")
        query = urls[0]
        update = urls[1] if len(urls) > 1 else None
        if not query.startswith(("http://", "https://")):
            raise StoreError(f"sparql: needs an http(s) query URL, got {query!r}")
        remote = SPARQLUpdateStore(query_endpoint=query, update_endpoint=update, method="POST",
                                  autocommit=True, context_aware=True)
        return _bind(Dataset(store=remote))
    path = Path(spec)
    if path.is_file():
        return read_file(path)
    raise StoreError(f"unreadable store spec {spec!r}; expected memory, oxigraph:DIR, "
                     "sparql:QUERY_URL[,UPDATE_URL] or an existing graph file")


def read_file(path: Path) -> Dataset:
    fmt = format_for(path)
    ds = _bind(Dataset())
    try:
        if fmt in QUAD_FORMATS:
            ds.parse(str(path), format=fmt)
        else:
            ds.default_graph.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise StoreError(f"{path}: not valid {fmt} ({type(exc).__name__}: {str(exc)[:200]})") from exc
    return ds


def replace_graph(ds: Dataset, name: URIRef, triples: Iterable[tuple], last: Iterable[tuple] = ()) -> int:
    """Re-ingesting an article replaces its named graph: no duplicates. ``last`` is written after the
    rest in a separate step (a completion marker)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    if isinstance(ds.store, SPARQLUpdateStore):
        ds.store.update(f"DROP SILENT GRAPH <{name}>")  # name is an IRI we minted, not user text
    else:
        ds.remove_graph(name)
    g = ds.graph(name)
    items = list(dict.fromkeys(triples))
    g.addN((s, p, o, g) for s, p, o in items)
    final = list(last)
    if final:
        g.addN((s, p, o, g) for s, p, o in final)
    return len(items) + len(final)


def bulk_load(ds: Dataset, paths: Iterable[str | Path]) -> int:
    """Load N-Quads partitions: Oxigraph's bulk loader where the store is Oxigraph, else rdflib.
    Each partition's graphs replace the graphs of the same name."""
    from oxrdflib import OxigraphStore

    n = 0
    for path in paths:
        part = Dataset()
        part.parse(str(path), format="nquads")
        names = [g.identifier for g in part.graphs() if len(g)]
        if isinstance(ds.store, OxigraphStore):
            import pyoxigraph

            inner = ds.store._inner  # noqa: SLF001 - oxrdflib exposes no public handle
            for name in names:
                inner.remove_graph(pyoxigraph.NamedNode(str(name)))
            inner.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
            n += sum(len(part.graph(name)) for name in names)
        else:
            for name in names:
                n += replace_graph(ds, URIRef(str(name)), part.graph(name))
    return n


def all_triples(ds: Dataset) -> Iterator[tuple]:
    """Every triple of every graph, for any store (a remote SPARQL store cannot list quads)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    if isinstance(ds.store, SPARQLStore):
        row: Any
        for row in ds.query("SELECT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"):
            yield row[0], row[1], row[2]
        return
    for s, p, o, _ in ds.quads((None, None, None, None)):
        yield s, p, o


def write(ds: Dataset, path: str | Path, fmt: str | None = None) -> Path:
    """Serialise atomically (temp file + rename). Turtle gets the union of all graphs."""
    path = Path(path)
    name = format_for(path, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        if name in QUAD_FORMATS:
            ds.serialize(destination=tmp, format=name)
        else:
            union = _bind(Graph())
            for s, p, o, _ in ds.quads((None, None, None, None)):
                union.add((s, p, o))
            union.serialize(destination=tmp, format=name)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _bind(g):
    if isinstance(g, Dataset):
        g.default_union = True  # queries see every article's graph
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g
