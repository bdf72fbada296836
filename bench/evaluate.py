#!/usr/bin/env python3
"""Build the evaluation corpora and write docs/evaluation.md from the outside scorer's figures.

    python3 tasks.py eval                      # or: .venv/bin/python bench/evaluate.py
    python bench/evaluate.py --only dev        # one corpus (dev | seeds | gum | meantime)

Every figure comes from ../shared/eval/score.py reading the built graph through standard vocabularies.
The dev set (40 real articles with event, argument, status, link and quote gold) is the regression table:
run this before and after each extraction change. MEANTIME lists only the entities that take part in its
annotated events, so read its entity figures for recall only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYKG_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "eval" / "gold"
SCORE = SHARED / "eval" / "score.py"
KG = [sys.executable, "-m", "kg.cli"]
DOC = ROOT / "docs" / "evaluation.md"
SUMMARY_KEYS = ("entity_f1", "event_f1", "argument_recall", "status_acc", "relations", "statement_f1",
                "speaker_acc")


def build(inputs: list[Path], out: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([*KG, "build", *map(str, inputs), "-o", str(out)], cwd=ROOT, capture_output=True,
                          text=True)
    if proc.returncode not in (0, 3):
        sys.exit(f"kg build failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def score(*args: str | Path) -> str:
    proc = subprocess.run([sys.executable, str(SCORE), *map(str, args)], capture_output=True, text=True, check=True)
    return proc.stdout


def corpus(gold_dir: Path, texts: list[Path], tmp: Path, name: str) -> dict:
    out = tmp / f"{name}.trig"
    seconds = build(texts, out)
    text = score("--corpus", gold_dir, out)
    report = json.loads(text[: text.rindex("}") + 1])
    report["summary"] = text.strip().splitlines()[-1]
    report["seconds"] = round(seconds, 1)
    return report


def dev_texts() -> list[Path]:
    return [SHARED / "data" / "news_samples" / (g.stem + ".txt") for g in sorted((GOLD / "dev").glob("*.json"))]


def seeds(tmp: Path) -> dict:
    arts = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    rows = {}
    for path, gold in zip(arts, ("seed_000.json", "seed_001.json"), strict=True):
        out = tmp / f"{path.stem}.trig"
        build([path], out)
        rows[path.name] = score("--gold", GOLD / gold, out).strip().splitlines()[-1]
    both = tmp / "seeds.trig"
    build(arts, both)
    rows["merge"] = score("--merge", "--gold", GOLD / "seed_000.json", "--gold", GOLD / "seed_001.json",
                          both).strip().splitlines()[-1]
    return rows


def values(line: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=([\d./]+)", line))


def fmt(x) -> str:
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def render(results: dict, extractor: str) -> str:
    lines = [
        "# Evaluation",
        "",
        f"Written by `python3 tasks.py eval` (bench/evaluate.py) on {date.today().isoformat()}, extractor "
        f"`{extractor}`, bundled model. Every figure is `../shared/eval/score.py`'s, which reads the graph "
        "through standard vocabularies only (SEM, schema.org, PROV, OWL-Time, RDFS). Targets of the real-news "
        "extraction work: event F1 >= 0.75, argument recall >= 0.60, status accuracy >= 0.90, links >= 12/30, "
        "statement F1 >= 0.85, speaker accuracy >= 0.85, entity F1 >= 0.90 on the dev set; seeds 1.0.",
        "",
    ]
    if "dev" in results:
        dev = results["dev"]
        s = values(dev["summary"])
        lines += [
            "## Dev set: 40 real articles (ECB+ web news, Reuters-21578 wires)",
            "",
            "`kg build` of the 40 texts in `../shared/data/news_samples/` that have gold in "
            "`../shared/eval/gold/dev/`, scored with `score.py --corpus` (micro-averaged over the articles):",
            "",
            "| " + " | ".join(SUMMARY_KEYS) + " |",
            "|" + "---|" * len(SUMMARY_KEYS),
            "| " + " | ".join(s.get(k, "-") for k in SUMMARY_KEYS) + " |",
            "",
            f"Event precision / recall {fmt(dev['event']['precision'])} / {fmt(dev['event']['recall'])}; "
            f"statement precision / recall {fmt(dev['statement']['precision'])} / {fmt(dev['statement']['recall'])}; "
            f"entity precision / recall {fmt(dev['entity']['precision'])} / {fmt(dev['entity']['recall'])}. "
            f"Build time {dev['seconds']} s for 40 articles.",
            "",
            "Per article:",
            "",
            "| article | entity F1 | event F1 | argument recall | links | statement F1 | speaker acc. |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, row in sorted(dev["per_document"].items()):
            lines.append(f"| {name} | {fmt(row['entity_f1'])} | {fmt(row['event_f1'])} | "
                         f"{fmt(row['argument_recall'])} | {row['relations']} | {fmt(row['statement_f1'])} | "
                         f"{fmt(row['speaker_acc'])} |")
        lines.append("")
    if "seeds" in results:
        lines += ["## Seed articles", "",
                  "Each copy built on its own and scored with `score.py --gold`; both built together and checked "
                  "with `score.py --merge` (one node per entity and per shared event):", ""]
        lines += [f"- `{k}`: `{v}`" for k, v in results["seeds"].items()]
        lines.append("")
    for key, title, note in (
            ("gum", "GUM news (24 Wikinews articles, every named entity)", ""),
            ("meantime", "MEANTIME (120 Wikinews articles)",
             " MEANTIME's gold lists only the entities that take part in its annotated events, under whole "
             "noun-phrase names: read recall, not precision."),
    ):
        if key in results:
            r = results[key]
            lines += [f"## {title}", "",
                      f"Entity precision {fmt(r['entity']['precision'])}, recall {fmt(r['entity']['recall'])}, "
                      f"F1 **{fmt(r['entity']['f1'])}**.{note}", ""]
    lines += ["How the figures moved over time, and what the errors are: "
              "[evaluation-notes.md](evaluation-notes.md).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["dev", "seeds", "gum", "meantime"], action="append")
    ap.add_argument("--keep", type=Path, help="keep the built graphs in this folder")
    ap.add_argument("--no-write", action="store_true", help="print the table, leave docs/evaluation.md alone")
    args = ap.parse_args(argv)
    if not SCORE.exists():
        sys.exit(f"needs ../shared beside the repository (no {SCORE})")
    todo = args.only or ["dev", "seeds", "gum", "meantime"]
    with tempfile.TemporaryDirectory() as t:
        tmp = args.keep or Path(t)
        tmp.mkdir(parents=True, exist_ok=True)
        results: dict = {}
        if "dev" in todo:
            results["dev"] = corpus(GOLD / "dev", dev_texts(), tmp, "dev")
            print("dev     ", results["dev"]["summary"])
        if "seeds" in todo:
            results["seeds"] = seeds(tmp)
            for k, v in results["seeds"].items():
                print("seeds   ", k, v)
        if "gum" in todo:
            results["gum"] = corpus(GOLD / "gum", sorted((SHARED / "data" / "gum_news").glob("*.txt")), tmp, "gum")
            print("gum     ", results["gum"]["summary"])
        if "meantime" in todo:
            results["meantime"] = corpus(GOLD / "meantime", sorted((SHARED / "data" / "meantime" / "docs").glob("*.txt")),
                                         tmp, "meantime")
            print("meantime", results["meantime"]["summary"])
    if not args.no_write and set(todo) == {"dev", "seeds", "gum", "meantime"}:
        from kg.extract import DEFAULT

        DOC.write_text(render(results, DEFAULT), encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
