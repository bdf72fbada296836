"""Convert UD treebanks (+ UNER / GUM entity mentions) into spaCy DocBin files.

Reproducible and offline: reads ``../shared/data/ud`` (or ``--ud DIR``) and writes
``training/corpus/{train,dev,test}.spacy``.

What goes in (licences in docs/model-card.md):
- UD English EWT (CC BY-SA 4.0) with Universal NER EWT entity spans (PER/ORG/LOC).
- UD English GUM documents from Wikimedia sources only (bio = Wikipedia, interview = Wikinews,
  voyage = Wikivoyage; CC BY), with entity spans from GUM's own ``Entity=`` annotation whose
  mention head is a proper noun. ``GUM_news_*`` documents are storykg's dev set and never used.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

GUM_GENRES = ("bio", "interview", "voyage")
# GUM genres whose texts are CC BY or public domain (ud/gum/LICENSE.txt): Wikimedia (bio, interview, voyage),
# OpenStax textbooks, YouTube CC vlogs, political speeches, Santa Barbara conversations. wikiHow (whow) and
# fiction are CC BY-NC-SA; the other genres are not covered by an attribution licence; news is the dev set.
GUM_OPEN_GENRES = ("bio", "interview", "voyage", "textbook", "vlog", "speech", "conversation")
GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
SENTS_PER_DOC = 10


class Sentence:
    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.space_after: list[bool] = []
        self.ents: list[tuple[int, int, str]] = []


def read_conllu(path: Path) -> Iterator[tuple[str, Sentence]]:
    """Yield (document id, sentence). Multiword tokens carry the SpaceAfter of their last word."""
    doc_id = ""
    sent = Sentence()
    range_end, range_space = -1, True
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sent.rows:
                yield doc_id, sent
            sent = Sentence()
            range_end = -1
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*(\S+)\s*=\s*(.*)", line)
            if m:
                sent.meta[m.group(1)] = m.group(2)
                if m.group(1) == "newdoc id":
                    doc_id = m.group(2)
            if line.startswith("# newdoc id"):
                doc_id = line.split("=", 1)[1].strip()
            continue
        cols = line.split("\t")
        if "-" in cols[0]:
            start, end = (int(x) for x in cols[0].split("-"))
            range_end, range_space = end, "SpaceAfter=No" not in cols[9]
            continue
        if "." in cols[0]:
            continue
        idx = int(cols[0])
        sent.rows.append(cols)
        if idx < range_end:
            sent.space_after.append(False)
        elif idx == range_end:
            sent.space_after.append(range_space)
        else:
            sent.space_after.append("SpaceAfter=No" not in cols[9])
    if sent.rows:
        yield doc_id, sent


def read_uner(path: Path, key: str = "sent_id") -> dict[str, list[str]]:
    """sent_id (or text) -> IOB2 tags (OTH dropped: UNER's 'other' is not a storykg type)."""
    out: dict[str, list[str]] = {}
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"# {key} ="):
            tags = []
            out[line.split("=", 1)[1].strip()] = tags
        elif line and not line.startswith("#"):
            tag = line.split("\t")[2]
            tags.append("O" if tag.endswith("OTH") else tag)
    return out


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    spans, start, label = [], -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not tag.startswith("I-"):
            if label in ("PER", "ORG", "LOC"):
                spans.append((start, i, label))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, label = i, tag[2:]
    return spans


def gum_spans(sent: Sentence) -> list[tuple[int, int, str]]:
    """Named entity mentions from GUM's bracketed Entity= annotation (head must be PROPN)."""
    spans: list[tuple[int, int, str]] = []
    open_: dict[str, list[tuple[int, str]]] = {}
    for i, cols in enumerate(sent.rows):
        m = re.search(r"Entity=([^|]*)", cols[9])
        if not m:
            continue
        for part in re.findall(r"\([^()]*\)?|\d+\)", m.group(1)):
            if part.startswith("("):
                body = part.strip("()")
                fields = body.split("-")
                gid, etype = fields[0], fields[1] if len(fields) > 1 else ""
                if part.endswith(")"):
                    spans.append((i, i + 1, etype))
                else:
                    open_.setdefault(gid, []).append((i, etype))
            else:
                gid = part.rstrip(")")
                if open_.get(gid):
                    start, etype = open_[gid].pop()
                    spans.append((start, i + 1, etype))
    out = []
    for start, end, etype in spans:
        if etype not in GUM_TYPES:
            continue
        words = sent.rows[start:end]
        # trim leading determiners and titles (nmod:desc) so spans cover the name itself
        while words and (words[0][3] in ("DET", "PUNCT") or words[0][7] == "nmod:desc"):
            start, words = start + 1, words[1:]
        if words and all(w[3] in ("PROPN", "PUNCT", "NUM", "ADP", "DET", "CCONJ") for w in words) \
                and words[0][3] == "PROPN" and words[-1][3] == "PROPN":
            out.append((start, end, GUM_TYPES[etype]))
    return out


def to_doc(vocab, sents: list[Sentence]) -> Doc:
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = ([] for _ in range(9))
    ents: list[tuple[int, int, str]] = []
    offset = 0
    for sent in sents:
        n = len(sent.rows)
        for j, cols in enumerate(sent.rows):
            words.append(cols[1])
            spaces.append(sent.space_after[j] if j < n - 1 else True)
            lemmas.append(cols[2])
            pos.append(cols[3])
            tags.append(cols[4])
            morphs.append("" if cols[5] == "_" else cols[5])
            head = int(cols[6])
            heads.append(offset + (head - 1 if head else j))
            deps.append("ROOT" if cols[7] == "root" else cols[7])
            starts.append(j == 0)
        ents += [(offset + s, offset + e, lab) for s, e, lab in sent.ents]
        offset += n
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs, lemmas=lemmas,
              heads=heads, deps=deps, sent_starts=starts)
    spans, last = [], -1
    for s, e, lab in sorted(ents):
        if s >= last:
            spans.append(Span(doc, s, e, label=lab))
            last = e
    doc.ents = spans
    return doc


def add_iob(sent: Sentence, tags: list[str] | None) -> None:
    if tags and len(tags) == len(sent.rows):
        sent.ents = iob_spans(tags)


def group_sentences(stream: Iterator[tuple[str, Sentence]]) -> list[list[Sentence]]:
    """Sentences of one document, SENTS_PER_DOC at a time (so the parser learns sentence breaks)."""
    groups: list[list[Sentence]] = []
    current, group = None, []
    for doc_id, sent in stream:
        if doc_id != current or len(group) >= SENTS_PER_DOC:
            if group:
                groups.append(group)
            group, current = [], doc_id
        group.append(sent)
    if group:
        groups.append(group)
    return groups


def build(ud: Path, split: str, out: Path, genres: tuple[str, ...] = GUM_GENRES) -> int:
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=False)
    groups: list[list[Sentence]] = []
    uner_name = "en_ewt-ud-train.2022-12.iob2" if split == "train" else f"en_ewt-ud-{split}.iob2"
    uner = read_uner(ud / "uner-ewt" / uner_name)
    sources = [("ewt", ud / "ewt" / f"en_ewt-ud-{split}.conllu"), ("gum", ud / "gum" / f"en_gum-ud-{split}.conllu")]
    for name, path in sources:
        def annotated(name: str = name, path: Path = path) -> Iterator[tuple[str, Sentence]]:
            for doc_id, sent in read_conllu(path):
                if name == "gum":
                    genre = doc_id.split("_")[1] if doc_id.startswith("GUM_") else ""
                    if genre not in genres:
                        continue
                    sent.ents = gum_spans(sent)
                else:
                    add_iob(sent, uner.get(sent.meta.get("sent_id", "")))
                yield doc_id, sent
        groups += group_sentences(annotated())
    for g in groups:
        db.add(to_doc(nlp.vocab, g))
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return len(groups)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ud", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ud")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    ap.add_argument("--gum-genres", default=",".join(GUM_GENRES),
                    help=f"GUM genres to train on, from {', '.join(GUM_OPEN_GENRES)}")
    args = ap.parse_args()
    genres = tuple(g.strip() for g in args.gum_genres.split(",") if g.strip())
    closed = [g for g in genres if g not in GUM_OPEN_GENRES]
    if closed:
        ap.error(f"--gum-genres: {', '.join(closed)} not under an attribution licence or the dev set; "
                 f"expected some of {', '.join(GUM_OPEN_GENRES)}")
    for split in ("train", "dev", "test"):
        n = build(args.ud, split, args.out / f"{split}.spacy", genres)
        print(f"{split}: {n} docs")


if __name__ == "__main__":
    main()
