"""Near-duplicate articles (the same story scraped twice, a clean copy and a page): MinHash LSH
over word 5-shingles of the body text. Duplicates form one story; every source is kept."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.model import Article

THRESHOLD = 0.6
NUM_PERM = 128


def _shingles(text: str, k: int = 5) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(max(1, len(words) - k + 1))}


def signature(art: Article):
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(list(_shingles(art.text[art.body_start:])))
    return m


def clusters(articles: Sequence[Article], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indexes of articles grouped into stories (singletons included), in input order."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs = []
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, art in enumerate(articles):
        sig = signature(art)
        sigs.append(sig)
        for j in lsh.query(sig):
            if sig.jaccard(sigs[j]) >= threshold:
                parent[find(i)] = find(j)
        lsh.insert(i, sig)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
