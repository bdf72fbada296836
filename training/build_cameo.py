#!/usr/bin/env python3
"""Derive kg/extract/data/cameo_verbs.tsv from PETRARCH2's CAMEO verb dictionary (MIT licence).

    python training/build_cameo.py ../shared/data/petrarch/CAMEO.2.0.txt

The dictionary groups verbs into blocks ("---  ASK   [020]  ---"), each verb with its own CAMEO code or the
block's, followed by phrase patterns ("- * PERMISSION [020]"). storykg keeps one default code per single-word
verb lemma: the verb's own code, else the block's, else the code most of the block's patterns give. Phrase
patterns and multi-word verbs are left out: the dependency rules decide arguments instead.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "extract" / "data" / "cameo_verbs.tsv"
BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([0-9]{2,4}|---)(?::[0-9]+)?\]")


def parse(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    in_verbs = False
    block_code, block_verbs, patterns = "---", [], Counter()

    def flush() -> None:
        fallback = block_code if block_code != "---" else (patterns.most_common(1)[0][0] if patterns else "---")
        for verb, own in block_verbs:
            code = own or fallback
            if code != "---" and verb not in out:
                out[verb] = code

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_verbs = True
            continue
        if not in_verbs or not line.strip():
            continue
        m = BLOCK.match(line)
        if m:
            flush()
            block_code, block_verbs, patterns = m.group(2).strip(), [], Counter()
            continue
        if line.startswith("-"):
            c = CODE.search(line)
            if c and c.group(1) != "---":
                patterns[c.group(1)] += 1
            continue
        if line.startswith(("+", "&", "{")):
            continue  # multi-word verbs and synonym sets
        word = line.split()[0]
        if not re.fullmatch(r"[A-Z]+", word):
            continue
        c = CODE.search(line)
        block_verbs.append((word.lower(), c.group(1) if c and c.group(1) != "---" else None))
    flush()
    return out


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch/CAMEO.2.0.txt")
    table = parse(src.read_text(encoding="utf-8", errors="replace"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# lemma\tcameo  (derived from PETRARCH2 CAMEO.2.0.txt, MIT licence: see NOTICE)"]
    lines += [f"{verb}\t{code}" for verb, code in sorted(table.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} verbs -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
