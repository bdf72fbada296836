#!/usr/bin/env python3
"""Set-up and run in one step, on a fresh machine with Python 3.11+ and pip access to the package index.

    python3 tasks.py demo   # install into .venv, build examples/articles -> out/story.trig + out/story.html
    python3 tasks.py test   # install into .venv (with test extras and Debian's chromium), run the test suite
    python3 tasks.py eval   # install into .venv, build the evaluation corpora, write docs/evaluation.md
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*cmd: str, **kw) -> int:
    print("+", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, **kw)


def install(extra: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit("storykg needs Python 3.11 or newer")
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    py = str(BIN / "python")
    if run(py, "-m", "pip", "install", "-q", "--upgrade", "pip") != 0:
        sys.exit("pip upgrade failed")
    if run(py, "-m", "pip", "install", "-q", "-e", f".{extra}") != 0:
        sys.exit("installing storykg failed")


def chromium() -> None:
    """The HTML tests drive Debian's chromium; install it when missing (needs root or sudo)."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    apt = shutil.which("apt-get")
    if apt is None:
        print("warning: no chromium and no apt-get; the browser tests will fail", file=sys.stderr)
        return
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        print("warning: cannot install chromium without root; the browser tests will fail", file=sys.stderr)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*sudo, apt, "update", "-qq", env=env)
    run(*sudo, apt, "install", "-y", "-qq", "chromium", env=env)


def demo() -> int:
    install()
    out = ROOT / "out"
    return run(str(BIN / "kg"), "build", "examples/articles", "-o", str(out / "story.trig"),
               "--html", str(out / "story.html"))


def test() -> int:
    install("[test]")
    chromium()
    code = run(str(BIN / "python"), "-m", "pytest", *sys.argv[2:])
    return 1 if code == 5 else code  # "no tests ran" is a failure


def evaluate() -> int:
    install()
    return run(str(BIN / "python"), "bench/evaluate.py", *sys.argv[2:])


if __name__ == "__main__":
    tasks = {"demo": demo, "test": test, "eval": evaluate}
    task = sys.argv[1] if len(sys.argv) > 1 else ""
    if task not in tasks:
        sys.exit(__doc__)
    sys.exit(tasks[task]())
