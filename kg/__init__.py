"""storykg: news articles -> a story-event knowledge graph.

The Python API in a few names (heavy imports happen on first use, not at ``import kg``)::

    import kg
    ds = kg.build(["examples/articles"])            # rdflib.Dataset, one named graph per article
    kg.sparql(ds, "who_met_whom")                    # pandas DataFrame of a named query (or SPARQL text)
    kg.stats(ds)                                     # counts, named as kg stats and the build summary name them
    kg.write(ds, "out.trig"); kg.html(ds, "out.html")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def build(inputs: Any, store: str = "memory", model: str | None = None, extractor: str | None = None):
    """Build the graph of inputs (paths, directories, globs) into a store; returns the Dataset.
    ``extractor`` None is the default extractor (``kg.extract.DEFAULT``)."""
    from kg.pipeline import build as run
    from kg.store import open_store

    ds = open_store(store)
    run([inputs] if isinstance(inputs, str) else inputs, ds, extractor=extractor, model=model)
    return ds


def load(spec: str):
    """Open a graph file or store (memory, oxigraph:DIR, sparql:URL) as an rdflib Dataset."""
    from kg.store import open_store

    return open_store(spec)


def sparql(ds: Any, query_or_name: str, **params: str):
    from kg.query import dataframe

    return dataframe(ds, query_or_name, params or None)


def stats(ds: Any) -> dict[str, dict[str, int]]:
    """Counts by section and kind, as ``kg stats`` and the build summary name them."""
    from kg.stats import stats as run

    return run(ds)


def write(ds: Any, path: str, fmt: str | None = None):
    from kg.store import write as w

    return w(ds, path, fmt)


def html(ds: Any, path: str, projection: str = "actors"):
    from kg.viz import view as v

    return v(ds, path, projection)
