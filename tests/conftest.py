"""Shared fixtures. Tests marked ``shared`` need ../shared beside the repository (evaluation data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "articles"
SHARED = Path(os.environ.get("STORYKG_SHARED", ROOT.parent / "shared"))
SCRAPED = SEEDS / "000_2e0d8853a9753b2c.txt"
CLEAN = SEEDS / "001_b46657698715220a.txt"

os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # reproducible run time stamps


def pytest_collection_modifyitems(config, items):
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs ../shared (evaluation data) at {SHARED}")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp():
    from kg import nlp as kg_nlp

    return kg_nlp.load()


@pytest.fixture(scope="session")
def extractor():
    from kg import extract

    return extract.get("rules.v2")


@pytest.fixture(scope="session")
def extract_text(extractor):
    """Extraction of a short text written for a test."""
    from kg.ingest import read_string

    def run(text: str, date: str | None = "2021-06-14", source: str = "test.txt"):
        body = f"date {date} {text}" if date else text
        art = read_string(body, source, check_language=False)
        return next(iter(extractor.extract([art])))
    return run


@pytest.fixture(scope="session")
def seed_graph():
    """Both seed articles built together (one story)."""
    from kg.pipeline import build
    from kg.store import open_store

    ds = open_store("memory")
    report = build([SEEDS], ds)
    assert report.articles_out == 2
    return ds


@pytest.fixture(scope="session")
def seed_file(seed_graph, tmp_path_factory):
    from kg.store import write

    return write(seed_graph, tmp_path_factory.mktemp("seed") / "seeds.trig")


def norm_triples(ds) -> set:
    """Every triple, with plain literals as xsd:string (RDF 1.1: the same; stores return either)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.store import all_triples

    def n(t):
        return Literal(str(t), datatype=XSD.string) if isinstance(t, Literal) and t.datatype is None \
            and t.language is None else t
    return {(s, p, n(o)) for s, p, o in all_triples(ds)}
