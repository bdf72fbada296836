"""Words per CPU second of the whole pipeline as `kg build` loads it (tokenizer rules, gazetteer ruler,
Phoenix actors) on the UD EWT + GUM + PUD test texts.

CPU time of the process, not wall time, so a machine loaded by other work still gives a fair comparison
of two models. Usage: python bench/model_speed.py [MODEL_DIR] [--ud DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import convert  # noqa: E402  training/convert.py

from kg.nlp import bundled_path, load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model", nargs="?", default=str(bundled_path()))
    ap.add_argument("--ud", type=Path, default=ROOT / ".." / "shared" / "data" / "ud")
    args = ap.parse_args()
    nlp = load(args.model)
    texts = []
    for name in ("ewt", "gum", "pud"):
        groups = convert.group_sentences(convert.read_conllu(args.ud / name / f"en_{name}-ud-test.conllu"))
        texts += [" ".join(" ".join(r[1] for r in s.rows) for s in g) for g in groups]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:20]))  # warm up
    best, tokens = float("inf"), 0
    for _ in range(2):
        c0 = time.process_time()
        tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
        best = min(best, time.process_time() - c0)
    print(f"{args.model}: {words} words, {tokens} tokens, {words / best:.0f} words/CPU-s, "
          f"{tokens / best:.0f} tokens/CPU-s")


if __name__ == "__main__":
    main()
