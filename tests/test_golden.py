"""Golden graphs of the two seed articles, each built on its own. A change in extraction shows up
as a readable diff; regenerate deliberately with STORYKG_REGEN_GOLDEN=1 and review the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import ids
from kg.pipeline import build
from kg.store import all_triples, open_store

from .conftest import CLEAN, SCRAPED

GOLDEN = Path(__file__).parent / "golden"


def _relative(path: Path) -> Graph:
    """The graph of one seed with the machine-specific source path made relative."""
    ds = open_store("memory")
    build([path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path], ds)
    g = Graph()
    for t in all_triples(ds):
        g.add(t)
    return g


@pytest.mark.parametrize("path", [SCRAPED, CLEAN], ids=["scraped", "clean"])
def test_golden_graph(path, monkeypatch):
    monkeypatch.chdir(path.parents[2])  # repository root: sources are examples/articles/...
    got = _relative(path)
    gold_file = GOLDEN / (path.stem + ".nt")
    if os.environ.get("STORYKG_REGEN_GOLDEN"):
        gold_file.write_text("".join(sorted(got.serialize(format="nt").splitlines(keepends=True))), encoding="utf-8")
    want = Graph().parse(gold_file, format="nt")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        lines = ["+ " + " ".join(t.n3() for t in tr) for tr in sorted(only_got)[:15]]
        lines += ["- " + " ".join(t.n3() for t in tr) for tr in sorted(only_want)[:15]]
        pytest.fail("graph differs from the golden graph (STORYKG_REGEN_GOLDEN=1 to accept):\n" + "\n".join(lines))


@given(st.text(min_size=1, max_size=80))
def test_iri_minting_is_deterministic_and_valid(name):
    a, b = ids.entity_iri("person", name), ids.entity_iri("person", name)
    assert a == b and " " not in str(a) and str(a).startswith("https://w3id.org/storykg/id/person/")
    assert ids.slug(name) == ids.slug(name) and ids.slug(name).isascii()


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_mention_iris_follow_rfc5147(start, length):
    art = ids.article_iri("a.txt", "h")
    assert str(ids.mention_iri(art, start, start + length)).endswith(f"#char={start},{start + length}")
