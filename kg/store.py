"""Open a store as an ``rdflib.Dataset``: ``memory`` | ``oxigraph:DIR`` | ``sparql:QUERY_URL[,UPDATE_URL]``,
or a graph file (TriG, N-Quads, Turtle, JSON-LD) read into an in-memory Oxigraph store. No Store class of
our own: rdflib's plugins (Memory, oxrdflib's Oxigraph, SPARQLUpdateStore) do the work.

One answer everywhere: a query's default graph is the *set* union of the articles' named graphs, as
rdflib's in-memory union gives. Oxigraph's own union repeats a triple once per named graph holding it
(joins multiply), so Oxigraph and SPARQL-endpoint stores keep that union in their default graph, written
with each article (``replace_graph``, ``bulk_load``, ``remove_graph``), and queries read the default graph.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import ids
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
        return _bind_oxigraph(store, writable=not read_only, where=str(path))
    if spec.startswith("sparql:"):
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        urls = spec.split(":", 1)[1].split(",")
        query = urls[0]
        update = urls[1] if len(urls) > 1 else None
        if not query.startswith(("http://", "https://")):
            raise StoreError(f"sparql: needs an http(s) query URL, got {query!r}")
        remote = SPARQLUpdateStore(query_endpoint=query, update_endpoint=update, method="POST",
                                  autocommit=True, context_aware=True)
        return _bind(Dataset(store=remote))  # queries go to the server's default graph: the union we keep
    path = Path(spec)
    if path.is_file():
        return read_file(path)
    raise StoreError(f"unreadable store spec {spec!r}; expected memory, oxigraph:DIR, "
                     "sparql:QUERY_URL[,UPDATE_URL] or an existing graph file")


OX_FORMATS = {"trig": "TRIG", "nquads": "N_QUADS", "turtle": "TURTLE", "json-ld": "JSON_LD", "nt": "N_TRIPLES"}
UNION_SYNC_DROP = """DELETE { ?s ?p ?o } WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } FILTER(?h NOT IN (%s)) } } ;
%s"""
UNION_SYNC_ADD = "INSERT { ?s ?p ?o } WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } }"
REPORTS_GRAPH = ids.reports_graph_iri()  # kg.reports: in the store, never in the union nor in files


def read_file(path: Path) -> Dataset:
    """A graph file in an in-memory Oxigraph store (fast to query). Nothing outside the file is read:
    a JSON-LD @context that names a URL or a file is an error, not a download."""
    import pyoxigraph as ox

    fmt = format_for(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, OX_FORMATS[fmt]))
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{path}: not valid {fmt} ({type(exc).__name__}: {str(exc)[:200]})") from exc
    return _bind_oxigraph(store, writable=True, where=str(path))


def memory_oxigraph() -> Dataset:
    """An empty in-memory Oxigraph store, as a graph file is read into: fast to fill, query and write
    (``kg build -o`` builds into one)."""
    import pyoxigraph as ox

    return _bind_oxigraph(ox.Store(), writable=True, where="memory")


def oxigraph_of(ds: Dataset):
    """The pyoxigraph Store under an Oxigraph-backed Dataset, else None."""
    from oxrdflib import OxigraphStore

    return ds.store._inner if isinstance(ds.store, OxigraphStore) else None  # noqa: SLF001 - no public handle


def union_in_default_graph(ds: Dataset) -> bool:
    """Whether queries on ds read a maintained set union from the default graph (Oxigraph and remote
    stores), rather than the store's own union (rdflib Memory: already a set)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(ds.store, SPARQLStore) or (oxigraph_of(ds) is not None and not ds.default_union)


def _bind_oxigraph(store, writable: bool, where: str) -> Dataset:
    import logging

    from oxrdflib import OxigraphStore

    if not _has_union(store):
        if writable:
            _sync_add(store, None)
        else:
            logging.getLogger(__name__).warning(
                "%s was built before storykg kept the union of its articles; queries see each triple once "
                "per article holding it until a build (or any write) updates it", where)
            return _bind(Dataset(store=OxigraphStore(store=store)))
    ds = _bind(Dataset(store=OxigraphStore(store=store)))
    ds.default_union = False
    return ds


def _has_union(store) -> bool:
    """False for a store with named graphs and an empty default graph (built by an older storykg)."""
    import pyoxigraph as ox

    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return True
    return next(iter(store.named_graphs()), None) is None


def _iris(names: Iterable) -> str:
    return " ".join(f"<{n}>" for n in names)  # IRIs we minted or parsed: no '>' or spaces inside


def _sync_drop(update, names: list[str]) -> None:
    """In one transaction: remove from the default graph what only these graphs held, drop them, and drop
    the kept reports (kg.reports: they no longer match)."""
    drops = " ;\n".join(f"DROP SILENT GRAPH <{n}>" for n in [*names, REPORTS_GRAPH])
    update(UNION_SYNC_DROP % (_iris(names), ", ".join(f"<{n}>" for n in names), drops))


def _sync_add(store, names: list[str] | None) -> None:
    """Copy these graphs (all named graphs when None) into the default graph."""
    if names is None:
        store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{REPORTS_GRAPH}>) }}")
    elif names:
        store.update(UNION_SYNC_ADD % _iris(names))


def remove_graph(ds: Dataset, name: URIRef) -> None:
    """Drop an article's graph, and from the union what only it supported."""
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    inner = oxigraph_of(ds)
    if inner is not None and union_in_default_graph(ds):
        _sync_drop(inner.update, [str(name)])
    elif isinstance(ds.store, SPARQLUpdateStore):
        _sync_drop(ds.store.update, [str(name)])
    else:
        ds.remove_graph(name)


class _OxTerms:
    """rdflib terms as pyoxigraph terms, as oxrdflib's ``to_ox`` converts them, each distinct IRI and
    datatype once: ``to_ox`` compares every term with the default graph's name and goes through abstract
    isinstance checks, which made most of the store write's time."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.nodes: dict[str, Any] = {}

    def node(self, iri: str) -> Any:
        found = self.nodes.get(iri)
        if found is None:
            found = self.nodes[iri] = self.ox.NamedNode(iri)
        return found

    def __call__(self, term: Any) -> Any:
        kind = type(term)
        if kind is URIRef:
            return self.node(term)
        if kind is Literal:
            datatype = term.datatype
            return self.ox.Literal(term, language=term.language, datatype=self.node(datatype) if datatype else None)
        if kind is BNode:
            return self.ox.BlankNode(term)
        from oxrdflib._converter import to_ox

        return to_ox(term)  # a subclass or anything else: as oxrdflib does it


def replace_graph(ds: Dataset, name: URIRef, triples: Iterable[tuple], last: Iterable[tuple] = ()) -> int:
    """Re-ingesting an article replaces its named graph: no duplicates. ``last`` is written after the
    rest in a separate step (a completion marker)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    items = list(dict.fromkeys(triples))
    final = list(last)
    inner = oxigraph_of(ds)
    if inner is not None and union_in_default_graph(ds):
        import pyoxigraph as ox

        _sync_drop(inner.update, [str(name)])  # each step is one transaction; the marker comes last
        g_ox, default = ox.NamedNode(str(name)), ox.DefaultGraph()
        to_ox = _OxTerms()
        for batch in (items, final):
            terms = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in batch]
            inner.extend([ox.Quad(s, p, o, g_ox) for s, p, o in terms]  # type: ignore[arg-type]
                         + [ox.Quad(s, p, o, default) for s, p, o in terms])  # type: ignore[arg-type]
        return len(items) + len(final)
    remote: Any = ds.store if isinstance(ds.store, SPARQLUpdateStore) else None
    if remote is not None:
        _sync_drop(remote.update, [str(name)])  # name is an IRI we minted, not user text
    else:
        ds.remove_graph(name)
    g = ds.graph(name)
    for batch in (items, final):
        if batch:
            quads = [(s, p, o, g) for s, p, o in batch]
            if remote is not None:  # one INSERT DATA for the article's graph and the union (rdflib's addN would name it)
                nts = remote.node_to_sparql
                body = "\n".join(f"{nts(s)} {nts(p)} {nts(o)} ." for s, p, o in batch)
                remote.update(f"INSERT DATA {{ GRAPH <{name}> {{ {body} }}\n{body} }}")
            else:
                g.addN(quads)
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

            inner = oxigraph_of(ds)
            keep_union = union_in_default_graph(ds)
            if keep_union and names:
                _sync_drop(inner.update, [str(name) for name in names])
            else:
                for name in [*names, REPORTS_GRAPH]:
                    inner.remove_graph(pyoxigraph.NamedNode(str(name)))
            inner.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
            if keep_union:
                _sync_add(inner, [str(name) for name in names])
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
    if union_in_default_graph(ds):
        yield from ds.default_graph.triples((None, None, None))
        return
    for s, p, o, _ in ds.quads((None, None, None, None)):
        yield s, p, o


def named_quads(ds: Dataset) -> Iterator[tuple]:
    """The articles' quads, without the union kept in the default graph nor the kept reports."""
    skip = union_in_default_graph(ds)
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = getattr(c, "identifier", c)
        if not (skip and (c is None or name == DATASET_DEFAULT_GRAPH_ID)) and name != REPORTS_GRAPH:
            yield s, p, o, c


def write(ds: Dataset, path: str | Path, fmt: str | None = None) -> Path:
    """Serialise atomically (temp file + rename). Turtle gets the union of all graphs."""
    path = Path(path)
    name = format_for(path, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        inner = oxigraph_of(ds)
        if inner is not None and union_in_default_graph(ds) and name != "json-ld":
            import pyoxigraph as ox

            fmt_ox = getattr(ox.RdfFormat, OX_FORMATS[name])
            if name in QUAD_FORMATS:
                reports = ox.NamedNode(str(REPORTS_GRAPH))
                quads = (q for q in inner if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != reports)
                ox.serialize(quads, tmp, fmt_ox, prefixes=dict(PREFIXES))
            else:
                ox.serialize((q.triple for q in inner.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                             tmp, fmt_ox, prefixes=dict(PREFIXES))
        elif name in QUAD_FORMATS:
            if union_in_default_graph(ds):
                ds = _named_only(ds)
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


def _named_only(ds: Dataset) -> Dataset:
    out = _bind(Dataset())
    out.addN((s, p, o, out.graph(c)) for s, p, o, c in named_quads(ds))
    return out


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
