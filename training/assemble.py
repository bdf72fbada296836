"""Put the NER stage's recogniser in place of the first stage's ner.

Usage: python training/assemble.py BASE_MODEL NER_MODEL OUT

BASE_MODEL is the first stage of train.sh (tok2vec, tagger, morphologizer, lemmatizer, parser and a
ner that listens to the shared tok2vec); NER_MODEL is the NER stage (training/ner.cfg: a ner with its
own tok2vec over the static vectors). The result keeps every component of BASE_MODEL unchanged except
ner, and carries NER_MODEL's vectors (the new ner reads them).
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy


def assemble(base_path: str, ner_path: str, out: str) -> None:
    base = spacy.load(base_path)
    ner_nlp = spacy.load(ner_path)
    base.remove_pipe("ner")
    base.vocab.vectors = ner_nlp.vocab.vectors
    for s in ner_nlp.vocab.strings:
        base.vocab.strings.add(s)
    base.add_pipe("ner", source=ner_nlp, last=True)
    Path(out).mkdir(parents=True, exist_ok=True)
    base.to_disk(out)
    check = spacy.load(out)
    assert check.pipe_names == base.pipe_names, check.pipe_names
    print(f"assembled {base_path} + ner of {ner_path} -> {out}: {check.pipe_names}, "
          f"vectors {check.vocab.vectors.shape}")


if __name__ == "__main__":
    assemble(*sys.argv[1:4])
