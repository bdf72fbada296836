"""Evaluate a trained pipeline on held-out test splits, raw text in (spaCy's own tokenisation).

Usage: python training/evaluate.py MODEL_DIR [--ud DIR] [--json OUT] [--ruler]
Prints UPOS, UAS/LAS, sentence F, lemma accuracy and NER P/R/F for EWT, GUM and PUD test sets,
and words per second for the whole pipeline on one core. With --ruler, storykg's tokenizer rules and
gazetteer ruler are added as `kg build` adds them (GPE scored as LOC, NORP dropped: the test sets
annotate PER/ORG/LOC only).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import convert  # training/convert.py
import spacy
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.training import Example


def test_docs(ud: Path, name: str, nlp) -> list:
    if name == "pud":  # UNER-PUD numbers sentences its own way: align by the sentence text
        uner = convert.read_uner(ud / "uner-pud" / "en_pud-ud-test.iob2", key="text")
        path, key = ud / "pud" / "en_pud-ud-test.conllu", "text"
    else:
        uner = convert.read_uner(ud / "uner-ewt" / "en_ewt-ud-test.iob2") if name == "ewt" else {}
        path, key = ud / name / f"en_{name}-ud-test.conllu", "sent_id"

    def annotated():
        for doc_id, sent in convert.read_conllu(path):
            if name == "gum":
                sent.ents = convert.gum_spans(sent)
            else:
                convert.add_iob(sent, uner.get(sent.meta.get(key, "")))
            yield doc_id, sent
    groups = convert.group_sentences(annotated())
    return [convert.to_doc(nlp.vocab, g) for g in groups]


@Language.component("storykg_uner_labels")
def uner_labels(doc):
    """The gazetteer's labels in the test sets' scheme: GPE -> LOC, NORP (not annotated there) dropped."""
    ents = []
    for e in doc.ents:
        if e.label_ == "NORP":
            continue
        ents.append(doc.char_span(e.start_char, e.end_char, label="LOC") if e.label_ in ("GPE", "FAC") else e)
    doc.ents = [e for e in ents if e is not None]
    return doc


def evaluate(model: str, ud: Path, ruler: bool = False) -> dict:
    nlp = spacy.load(model)
    if ruler:
        from kg.nlp import adapt

        adapt(nlp)
        nlp.add_pipe("storykg_uner_labels", last=True)
    out = {}
    for name in ("ewt", "gum", "pud"):
        refs = test_docs(ud, name, nlp)
        t0 = time.perf_counter()
        preds = list(nlp.pipe([r.text for r in refs], batch_size=64))
        secs = time.perf_counter() - t0
        examples = [Example(p, r) for p, r in zip(preds, refs, strict=True)]
        s = Scorer().score(examples)
        words = sum(len(r) for r in refs)
        out[name] = {k: round(100 * float(s[k]), 1) for k in
                     ("pos_acc", "tag_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f", "ents_p", "ents_r", "ents_f")
                     if s.get(k) is not None}
        out[name]["words"] = words
        out[name]["words_per_s"] = round(words / secs)
    size = sum(f.stat().st_size for f in Path(model).rglob("*") if f.is_file())
    out["size_mb"] = round(size / 1e6, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model")
    ap.add_argument("--ud", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ud")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--ruler", action="store_true", help="add storykg's tokenizer rules and gazetteer ruler")
    args = ap.parse_args()
    spacy.util.fix_random_seed(0)
    res = evaluate(args.model, args.ud, args.ruler)
    print(json.dumps(res, indent=2))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
