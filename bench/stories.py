"""Stories across the corpus against gold groupings: ECB+ topics and Reuters topic tags.

Usage: python bench/stories.py ECB_GRAPH [REUTERS_GRAPH_OR_STORE REUTERS_JSONL]

ECB_GRAPH is `kg build ../shared/data/news_samples/ecbplus-*.txt -o ecb.trig` (the topic is the number
in the file name: ecbplus-12_19ecb -> topic 12); the Reuters graph is any build of records of
reuters21578.jsonl, scored on the articles that carry exactly one topic tag. Prints Markdown rows
for docs/stories.md: the stories found here and, as a baseline, near-duplicates only (kg/story.py).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path


def rows(name: str, facts, gold: dict[str, str]) -> list[str]:
    from kg.stories import THRESHOLD, cluster, score

    by_source = {f.article: f.source for f in facts}
    runs = [(f"stories, threshold {t}{' (default)' if t == THRESHOLD else ''}",
             [[by_source[a] for a in s.articles] for s in cluster(facts, threshold=t)]) for t in (0.1, THRESHOLD, 0.4)]
    singletons = [[f.source] for f in facts]
    topics = defaultdict(list)
    for f in facts:
        if f.source in gold:
            topics[gold[f.source]].append(f.source)
    out = []
    n = sum(1 for f in facts if f.source in gold)
    for label, groups in [*runs, ("one story per article (baseline)", singletons)]:
        m = score(groups, gold)
        k = sum(1 for g in groups if any(x in gold for x in g))
        out.append(f"| {name} | {label} | {n} | {len(topics)} | {k} | {m['purity']:.3f} | {m['inverse_purity']:.3f} "
                   f"| {m['bcubed_p']:.3f} | {m['bcubed_r']:.3f} | {m['bcubed_f']:.3f} |")
    return out


def main() -> None:
    import kg
    from kg.stories import read

    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gold" / "dev"
    with_gold = {p.stem for p in dev.glob("ecbplus-*.json")}
    facts = [f for f in read(kg.load(sys.argv[1])) if Path(f.source).stem in with_gold]
    gold = {}
    for f in facts:
        m = re.search(r"ecbplus-(\d+)_", Path(f.source).name)
        if m:
            gold[f.source] = m.group(1)
    print("| corpus | clustering | articles | gold groups | clusters | purity | inverse purity | B3 P | B3 R | B3 F |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows("ECB+ dev", facts, gold)))
    if len(sys.argv) > 3:
        facts = read(kg.load(sys.argv[2]))
        tags = {}
        with open(sys.argv[3], encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if len(rec.get("topics", [])) == 1:
                    tags[rec["id"]] = rec["topics"][0]
        gold = {f.source: tags[f.source.rsplit("#", 1)[-1]] for f in facts if f.source.rsplit("#", 1)[-1] in tags}
        print("\n".join(rows("Reuters", facts, gold)))


if __name__ == "__main__":
    main()
