"""Ingest stays linear and bounded on hostile input (issue 17, items 8 and 9).

Times ``kg.ingest.read_path`` on the same news text written two ways, in normal paragraphs and as one
single line, at two sizes; then measures the memory a fresh process needs to refuse a 2 GB (sparse)
file and a 50 MB JSONL record. Prints a Markdown table (figures go to docs/reliability.md, "## Ingest").

    python bench/ingest_linear.py            # 1 MB and 5 MB
    python bench/ingest_linear.py --mb 1 5 10
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ingest import read_path  # noqa: E402
from kg.ingest.text import english_ratio  # noqa: E402
from kg.model import Article  # noqa: E402


def paragraphs() -> list[str]:
    """Distinct prose paragraphs: the Reuters corpus in ../shared when it is there (news with
    dashes, hyphens, figures), else the example articles."""
    reuters = sorted((ROOT.parent / "shared" / "data" / "reuters").glob("*.jsonl"))
    texts = []
    if reuters:
        with reuters[0].open(encoding="utf-8") as fh:
            texts = [json.loads(line).get("text") or "" for line in fh]
    else:
        texts = [f.read_text(encoding="utf-8") for f in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    pars = (" ".join(p.split()) for t in texts for p in t.split("\n\n"))
    # prose only (tables of figures are furniture to the text reader): both layouts keep all of it
    return list(dict.fromkeys(p for p in pars if len(p.split()) >= 12 and p.endswith((".", '"'))
                              and english_ratio(p) >= 0.15))


def corpus(mb: float, pars: list[str]) -> list[str]:
    out: list[str] = []
    size = 0
    while size < mb * 1024 * 1024:
        p = pars[len(out) % len(pars)]
        out.append(p)
        size += len(p.encode("utf-8")) + 2
    return out


def timed_read(path: Path, repeat: int) -> tuple[float, str]:
    best, kind = float("inf"), ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        items = list(read_path(path))
        best = min(best, time.perf_counter() - t0)
        kind = "/".join(type(i).__name__ if not isinstance(i, Article) else f"Article({len(i.text):,} chars)"
                        for i in items)
    return best, kind


def child_peak_mb(code: str) -> tuple[float, float, str]:
    """(peak memory allocated in MB, as tracemalloc counts it; seconds; what came out) of a fresh
    process running ``code`` after importing kg.ingest."""
    child = textwrap.dedent(f"""
        import sys, time, tracemalloc
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from kg.ingest import read_path
        tracemalloc.start()
        t0 = time.perf_counter()
        """) + textwrap.dedent(code) + textwrap.dedent("""
        took = time.perf_counter() - t0
        print(tracemalloc.get_traced_memory()[1] / 2**20, took, "|".join(out))
        """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True, timeout=600)
    grew, took, what = done.stdout.strip().split(" ", 2)
    return float(grew), float(took), what


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1.0, 5.0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        print("| input | size | read | result |\n|---|---:|---:|---|")
        ratios = []
        source = paragraphs()
        for mb in args.mb:
            pars = corpus(mb, source)
            times = {}
            for layout, sep in (("paragraphs", "\n\n"), ("one line", " ")):
                f = d / f"{layout.replace(' ', '_')}_{mb}.txt"
                f.write_text(sep.join(pars), encoding="utf-8")
                times[layout], kind = timed_read(f, args.repeat)
                print(f"| {layout} | {f.stat().st_size / 2**20:.1f} MB | {times[layout]:.2f} s | {kind} |")
            ratios.append((mb, times["one line"] / times["paragraphs"]))
        for mb, r in ratios:
            print(f"\none line / paragraphs at {mb:g} MB: {r:.2f}x")

        sparse = d / "sparse.txt"
        with sparse.open("wb") as fh:
            fh.truncate(2 * 1024**3)
        huge = d / "huge.jsonl"
        good = json.dumps({"title": "Talks", "text": " ".join(corpus(0.01, source))})
        huge.write_text(good + "\n" + json.dumps({"text": "word " * (10 * 1024 * 1024)}) + "\n" + good + "\n")
        print("\n| refused input | peak memory allocated | time | result |\n|---|---:|---:|---|")
        for label, path in (("2 GB sparse .txt", sparse), ("50 MB JSONL record (line 2 of 3)", huge)):
            grew, took, what = child_peak_mb(f"""
                out = [type(i).__name__ + (': ' + str(i).split(': ', 1)[1] if not hasattr(i, 'text') else '')
                       for i in read_path(Path({str(path)!r}), check_language=False)]
                """)
            print(f"| {label} | {grew:.1f} MB | {took:.2f} s | {what} |")


if __name__ == "__main__":
    main()
