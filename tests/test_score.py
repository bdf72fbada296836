"""The outside scorer (../shared/eval/score.py) on graphs built from the seeds, with the thresholds of
the extraction issue. Needs ../shared."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kg.pipeline import build
from kg.store import open_store, write

from .conftest import CLEAN, SCRAPED, SHARED

pytestmark = pytest.mark.shared
THRESHOLDS = {"entity_f1": 0.90, "event_f1": 0.85, "argument_recall": 0.85, "status_acc": 1.0,
              "statement_f1": 0.85, "speaker_acc": 0.90}


def score(*args) -> str:
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), *map(str, args)],
                          capture_output=True, text=True, check=True)
    return proc.stdout


@pytest.mark.parametrize("path,gold", [(SCRAPED, "seed_000.json"), (CLEAN, "seed_001.json")])
def test_seed_scores(tmp_path, path, gold):
    ds = open_store("memory")
    build([path], ds)
    out = write(ds, tmp_path / "g.trig")
    line = score("--gold", SHARED / "eval" / "gold" / gold, out).strip().splitlines()[-1]
    values = dict(re.findall(r"(\w+)=([\d./]+)", line))
    for key, minimum in THRESHOLDS.items():
        assert float(values[key]) >= minimum, line
    assert values["relations"] == "3/3" and values["absent_violations"] == "0", line
    report = score("--gold", SHARED / "eval" / "gold" / gold, out)
    assert "published_ok: True" in report
    if path == SCRAPED:
        assert "headline_ok: True" in report


def test_two_copies_merge_into_one_story(seed_file):
    out = score("--merge", "--gold", SHARED / "eval" / "gold" / "seed_000.json",
                "--gold", SHARED / "eval" / "gold" / "seed_001.json", seed_file)
    assert out.strip().endswith("merge: ok")
