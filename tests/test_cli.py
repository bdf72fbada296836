from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main

from .conftest import CLEAN, SEEDS

COMMANDS = ["build", "query", "view", "serve", "validate", "stats", "delete"]


def kg(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_subcommand(command):
    r = kg(command, "--help")
    assert r.exit_code == 0 and "Usage:" in r.output


def test_build_writes_trig_and_html_and_says_where(tmp_path):
    out, html = tmp_path / "out.trig", tmp_path / "out.html"
    r = kg("build", SEEDS, "-o", out, "--html", html)
    assert r.exit_code == 0, r.output
    assert f"graph: {out}" in r.output and f"view: {html}" in r.output
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len(ds.default_graph) == 0 and sum(1 for _ in ds.quads((None, None, None, None))) > 500
    assert "new Sigma(" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt,suffix", [("nq", ".nq"), ("ttl", ".ttl"), ("jsonld", ".jsonld")])
def test_other_formats(tmp_path, fmt, suffix):
    out = tmp_path / f"g{suffix}"
    assert kg("build", CLEAN, "-o", out).exit_code == 0
    assert kg("stats", out).exit_code == 0
    assert kg("build", CLEAN, "-o", tmp_path / "g.data", "--format", fmt).exit_code == 0


def test_query_view_validate_stats_delete(seed_file, tmp_path):
    r = kg("query", seed_file, "--name", "who_met_whom", "--format", "csv")
    assert r.exit_code == 0 and "Vladimir Putin" in r.output
    r = kg("query", seed_file, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Quotation> }", "--format", "json")
    assert r.exit_code == 0 and '"n": 15' in r.output
    r = kg("query", seed_file, "--name", "events_at_place", "--param", "placeLabel=Brussels")
    assert r.exit_code == 0 and "Summit" in r.output
    assert kg("view", seed_file, "-o", tmp_path / "v.html", "--projection", "actors").exit_code == 0
    r = kg("validate", seed_file)
    assert r.exit_code == 0 and "Conforms: True" in r.output
    r = kg("stats", seed_file)
    assert r.exit_code == 0 and "Meeting          2" in r.output and "quotes           15" in r.output
    copy = tmp_path / "copy.trig"
    copy.write_bytes(seed_file.read_bytes())
    r = kg("delete", copy, str(CLEAN))
    assert r.exit_code == 0, r.output
    assert "quotes           7" in kg("stats", copy).output


@pytest.mark.parametrize("args,message", [
    (["build", "no/such/file.txt", "-o", "x.trig"], "no such file"),
    (["build", SEEDS, "-o", "out.xyz"], "cannot tell the format"),
    (["build", SEEDS, "--store", "bogus:thing"], "unreadable store spec"),
    (["query", "missing.trig", "--name", "timeline"], "unreadable store spec"),
    (["query", "x.trig"], "exactly one of"),
])
def test_bad_input_gives_one_line_error(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True)
    assert proc.returncode != 0
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len([ln for ln in proc.stderr.splitlines() if ln.strip()]) <= 3


def test_build_reports_and_skips_bad_files(tmp_path):
    (tmp_path / "good.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    r = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "o.trig")])
    assert r.exit_code == 3  # graph written, some inputs skipped
    assert "skipped" in r.output and "empty.txt" in r.output and (tmp_path / "o.trig").exists()
