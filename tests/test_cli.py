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
    assert r.exit_code == 0 and "Meeting          2" in r.output and "quotes: 15" in r.output
    copy = tmp_path / "copy.trig"
    copy.write_bytes(seed_file.read_bytes())
    r = kg("delete", copy, str(CLEAN))
    assert r.exit_code == 0, r.output
    assert "quotes: 7" in kg("stats", copy).output


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


def test_every_command_has_a_one_line_description():
    r = kg("--help")
    listed = r.output.split("Commands:", 1)[1].splitlines()
    lines = {ln.split()[0]: ln.split(None, 1)[1:] for ln in listed if ln.strip()}
    assert set(lines) == set(main.commands) >= set(COMMANDS)
    for command, text in lines.items():
        assert text and not text[0].endswith("..."), f"kg --help: {command} has no full one-line description"


def _summary_and_stats(tmp_path, *inputs):
    import re

    out = tmp_path / "g.trig"
    r = kg("build", *inputs, "-o", out)
    assert r.exit_code == 0, r.output
    built = re.search(r"(\d+) read, (\d+) built", r.output)
    written = re.search(r"written: (\d+) entities, (\d+) events, (\d+) quotes(?:, (\d+) related)?", r.output)
    assert built and written, r.output
    summary = {"articles": int(built[2]), "entities": int(written[1]), "events": int(written[2]),
               "quotes": int(written[3]), "related (headline only)": int(written[4] or 0)}
    s = kg("stats", out).output
    totals = {k: int(v) for k, v in re.findall(r"^(\w+): (\d+)$", s, re.M)}
    totals["related (headline only)"] = int((re.findall(r"related \(headline only\) +(\d+)", s) or ["0"])[0])
    return summary, totals


def test_build_summary_counts_what_stats_counts_by_the_same_names(tmp_path):
    summary, totals = _summary_and_stats(tmp_path, SEEDS)  # two copies of one story: distinct things once
    assert summary == totals
    assert summary["articles"] == 2 and summary["related (headline only)"] > 0


def test_a_run_that_reads_nothing_writes_nothing(tmp_path):
    good, html = tmp_path / "g.trig", tmp_path / "g.html"
    assert kg("build", CLEAN, "-o", good, "--html", html).exit_code == 0
    before, view = good.read_bytes(), html.read_bytes()
    (tmp_path / "empty.txt").write_text("")
    r = kg("build", tmp_path / "empty.txt", "-o", good, "--html", html)
    assert r.exit_code == 1 and "nothing written" in r.output and "graph:" not in r.output
    assert good.read_bytes() == before and html.read_bytes() == view
    fresh = tmp_path / "new.trig"
    assert kg("build", tmp_path / "empty.txt", "-o", fresh).exit_code == 1
    assert not fresh.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "g.html", "g.trig"]


def test_rebuilding_an_unchanged_store_has_nothing_to_do(tmp_path):
    cmd = [sys.executable, "-m", "kg.cli", "build", str(CLEAN), "--store", f"oxigraph:{tmp_path / 'store'}"]
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stderr and "1 unchanged" in again.stderr and "error" not in again.stderr


def test_temp_files_of_a_killed_write_are_removed_but_not_a_live_writers(tmp_path):
    import fcntl
    import os

    out = tmp_path / "g.trig"
    stale = tmp_path / ".g.trig.k1_x9abc"  # what kill -9 during the final write leaves (mkstemp's name)
    stale.write_text("half a graph")
    other = tmp_path / ".notes.txt.abcdefgh"  # not ours to remove
    other.write_text("x")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # another storykg process is writing into this folder right now
        assert kg("build", CLEAN, "-o", out).exit_code == 0
        assert stale.exists()  # it could be that writer's file
    finally:
        os.close(fd)
    assert kg("build", CLEAN, "-o", out).exit_code == 0
    assert not stale.exists() and other.exists() and out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".g.trig")] == []
