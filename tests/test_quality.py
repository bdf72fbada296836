"""ruff and mypy are part of the test suite, so CI keeps them clean."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.slow
@pytest.mark.parametrize("cmd", [["ruff", "check", "kg", "tests", "bench", "training"], ["mypy", "kg"]])
def test_linters(cmd):
    proc = subprocess.run([sys.executable, "-m", *cmd], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
