"""The built wheel carries the trained pipeline, and an install of it parses news with the network cut."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

PROBE = """
import kg, kg.nlp
from kg import extract
from kg.ingest import read_string
assert kg.__file__.startswith({site!r}), kg.__file__
text = "Lithuania's Gitanas Nausėda met US President Joe Biden in Brussels on the sidelines of the NATO summit."
x = next(iter(extract.get("rules.v2").extract([read_string(text, "probe.txt", check_language=False)])))
print(kg.nlp.load().meta["name"], "|".join(sorted(e.label for e in x.entities)))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "kg", src / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(out), str(src)], check=True, capture_output=True)
    (whl,) = out.glob("storykg-*.whl")
    return whl


def test_wheel_carries_the_model_within_the_size_budget(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    model = [n for n in names if n.startswith("kg/models/en_storykg/")]
    for part in ("meta.json", "config.cfg", "tok2vec/model", "parser/model", "ner/model", "vocab/strings.json",
                 "vocab/vectors"):  # the ner reads the static vectors (model 0.2.0)
        assert f"kg/models/en_storykg/{part}" in model, part
    assert sum(i.file_size for i in zipfile.ZipFile(wheel).infolist() if i.filename in model) <= 90e6  # issue #14's budget


def test_installed_wheel_parses_without_network(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what `pip install` puts in site-packages
    env = {k: v for k, v in os.environ.items() if k != "STORYKG_MODEL"}
    env["PYTHONPATH"] = str(site)
    cmd = [sys.executable, "-c", PROBE.format(site=str(site))]
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        cmd = ["unshare", "-rn", *cmd]  # a network namespace with no interfaces: nothing can be fetched
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    name, ents = proc.stdout.strip().split(" ", 1)
    assert name == "storykg"
    assert {"Gitanas Nausėda", "Joe Biden", "Brussels", "NATO"} <= set(ents.split("|"))
