"""Convert the extra NER corpora in ``../shared/data/ner`` into spaCy DocBin files (NER only).

Writes ``training/corpus/ner/<name>.spacy`` for each corpus, plus ``base.spacy``: the entity spans of
``training/corpus/train.spacy`` (UNER EWT + GUM Wikimedia documents, written by convert.py) without
the other annotation, so that the NER stage of train.sh can read any subset of the folder.

Labels are mapped to storykg's PER / ORG / LOC (see docs/model-card.md); every other type is dropped
(its words are trained as outside any entity):

- Re-DocRED dev + test (Wikipedia leads; MIT, text CC BY-SA): PER, ORG, LOC kept; MISC, TIME, NUM dropped.
- CrossNER politics train + dev (Wikipedia; MIT): person, politician -> PER; organisation,
  politicalparty -> ORG; country, location -> LOC; election, event, misc dropped. Its test split is
  left out (no test split of any corpus is trained on).
- WikiGold (Wikipedia; CC BY 4.0, IOB1): PER, ORG, LOC kept; MISC dropped.
- Broad Twitter Corpus, sections a, b, e, f, g, h (tweets; CC BY 4.0): PER, ORG, LOC.

A sentence whose text (lower-cased, without spaces) is also a sentence of a test set (UD EWT, GUM or
PUD test) or of a storykg evaluation text (``../shared/data/news_samples``, ``gum_news``, ``meantime``)
is dropped, so nothing evaluated is trained on.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import convert  # training/convert.py
import spacy
from spacy.tokens import Doc, DocBin, Span

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
CROSSNER = {"person": "PER", "politician": "PER", "organisation": "ORG", "politicalparty": "ORG",
            "country": "LOC", "location": "LOC"}
KEEP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "'s", "n't", "%", "'", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}

Sentence = tuple[list[str], list[tuple[int, int, str]]]


def spaces_for(words: list[str]) -> list[bool]:
    """A plausible SpaceAfter for pre-tokenised text, so the training texts read like real text."""
    out = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        out.append(not (w in NO_SPACE_AFTER or nxt in NO_SPACE_BEFORE or nxt.lower() in ("'s", "n't")))
    return out


def tag_spans(tags: list[str], mapping: dict[str, str]) -> list[tuple[int, int, str]]:
    """Spans from BIO or IOB1 tags (an I- that does not continue a span starts one), labels mapped;
    unmapped types are dropped."""
    spans, start, label = [], -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if start >= 0 and (not kind or tag.startswith("B-") or kind != label):
            if label in mapping:
                spans.append((start, i, mapping[label]))
            start = -1
        if kind and start < 0:
            start, label = i, kind
    return spans


def read_conll(path: Path, sep: str | None = None) -> Iterator[tuple[list[str], list[str]]]:
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if words:
                yield words, tags
            words, tags = [], []
            continue
        parts = line.split(sep)
        if not parts[0].strip():  # a few BTC rows hold a bare space as the token
            continue
        words.append(parts[0].strip())
        tags.append(parts[-1])
    if words:
        yield words, tags


def redocred(ner: Path) -> list[list[Sentence]]:
    docs = []
    for split in ("dev", "test"):
        for art in json.loads((ner / "redocred" / f"{split}_revised.json").read_text(encoding="utf-8")):
            ents: list[list[tuple[int, int, str]]] = [[] for _ in art["sents"]]
            for vertex in art["vertexSet"]:
                for m in vertex:
                    if m["type"] in KEEP:
                        ents[m["sent_id"]].append((m["pos"][0], m["pos"][1], KEEP[m["type"]]))
            docs.append(list(zip(art["sents"], ents, strict=True)))
    return docs


def grouped(sents: Iterator[Sentence]) -> list[list[Sentence]]:
    out: list[list[Sentence]] = []
    for s in sents:
        if not out or len(out[-1]) >= convert.SENTS_PER_DOC:
            out.append([])
        out[-1].append(s)
    return out


def crossner(ner: Path) -> list[list[Sentence]]:
    return grouped((w, tag_spans(t, CROSSNER)) for split in ("train", "dev")
                   for w, t in read_conll(ner / "crossner_politics" / f"{split}.txt", "\t"))


def wikigold(ner: Path) -> list[list[Sentence]]:
    return grouped((w, tag_spans(t, KEEP)) for w, t in read_conll(ner / "wikigold" / "wikigold.conll.txt", " "))


def btc(ner: Path) -> list[list[Sentence]]:
    # one tweet per document: tweets are not a running text
    return [[(w, tag_spans(t, KEEP))] for sec in "abefgh" for w, t in read_conll(ner / "btc" / f"{sec}.conll", "\t")]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def held_out(ud: Path) -> set[str]:
    """Normalised sentences of every test set and evaluation text."""
    seen: set[str] = set()
    for path in [ud / "ewt" / "en_ewt-ud-test.conllu", ud / "gum" / "en_gum-ud-test.conllu", ud / "pud" / "en_pud-ud-test.conllu"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text ="):
                seen.add(norm(line.split("=", 1)[1]))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    data = SHARED / "data"
    for path in [*(data / "news_samples").glob("*.txt"), *(data / "gum_news").glob("*.txt"),
                 *(data / "meantime").rglob("*.txt")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            for sent in nlp(line).sents:
                if len(sent) > 3:
                    seen.add(norm(sent.text))
    return seen


def to_doc(vocab, sents: list[Sentence]) -> Doc:
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    ents: list[tuple[int, int, str]] = []
    for w, spans in sents:
        ents += [(len(words) + s, len(words) + e, lab) for s, e, lab in spans]
        sp = spaces_for(w)
        sp[-1] = True
        words += w
        spaces += sp
        starts += [True] + [False] * (len(w) - 1)
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    chosen, last = [], -1
    for s, e, lab in sorted(ents):
        if s >= last:
            chosen.append(Span(doc, s, e, label=lab))
            last = e
    doc.ents = chosen
    return doc


CORPORA = {"redocred": redocred, "crossner": crossner, "wikigold": wikigold, "btc": btc}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ner", type=Path, default=SHARED / "data" / "ner")
    ap.add_argument("--ud", type=Path, default=SHARED / "data" / "ud")
    ap.add_argument("--out", type=Path, default=HERE / "corpus" / "ner")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    base = DocBin(store_user_data=False)
    for doc in DocBin().from_disk(HERE / "corpus" / "train.spacy").get_docs(nlp.vocab):
        plain = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                    sent_starts=[t.is_sent_start for t in doc])
        plain.ents = [Span(plain, e.start, e.end, label=e.label_) for e in doc.ents]
        base.add(plain)
    base.to_disk(args.out / "base.spacy")
    print(f"base: {len(base)} docs")
    seen = held_out(args.ud)
    for name, read in CORPORA.items():
        db = DocBin(store_user_data=False)
        dropped = kept = 0
        counts: dict[str, int] = {}
        for group in read(args.ner):
            ok = []
            for sent in group:
                if norm(" ".join(sent[0])) in seen or norm("".join(sent[0])) in seen:
                    dropped += 1
                else:
                    ok.append(sent)
            if ok:
                doc = to_doc(nlp.vocab, ok)
                kept += len(ok)
                for e in doc.ents:
                    counts[e.label_] = counts.get(e.label_, 0) + 1
                db.add(doc)
        db.to_disk(args.out / f"{name}.spacy")
        print(f"{name}: {len(db)} docs, {kept} sentences, {counts}, {dropped} sentences dropped (in a test set)")


if __name__ == "__main__":
    main()
