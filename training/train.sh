#!/usr/bin/env bash
# Retrain storykg's English pipeline from scratch (fixed seeds). Usage: bash training/train.sh [UD_DIR]
# Stage 1: tagger, morphologizer, lemmatizer, parser (and a first ner) on a shared tok2vec
#          (config.cfg) -> training/output/model-best.
# Stage 2: the shipped ner, with its own tok2vec over the static CC0 vectors, trained alone on UNER EWT +
#          GUM Wikimedia documents + the extra NER corpora of ../shared/data/ner (ner.cfg, convert_ner.py)
#          -> training/output/ner/model-best.
# Stage 3: stage 1 with its ner replaced by stage 2's (assemble.py) -> training/output/final, evaluated on the
#          held-out test splits and packaged into kg/models/en_storykg (the pipeline that ships with the package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ud=${1:-$here/../../shared/data/ud}
shared=$(cd "$ud/../.." && pwd)
python "$here/convert.py" --ud "$ud"
python -m spacy train "$here/config.cfg" --output "$here/output" \
  --paths.train "$here/corpus/train.spacy" --paths.dev "$here/corpus/dev.spacy" 2>&1 | tee "$here/train.log"
python "$here/convert_ner.py" --ud "$ud" --ner "$shared/data/ner"
python -m spacy train "$here/ner.cfg" --output "$here/output/ner" --paths.vectors "$shared/data/vectors/en_vectors_md_cc0" \
  --paths.train "$here/corpus/ner" --paths.dev "$here/corpus/dev.spacy" 2>&1 | tee "$here/train_ner.log"
python "$here/assemble.py" "$here/output/model-best" "$here/output/ner/model-best" "$here/output/final"
python "$here/evaluate.py" "$here/output/final" --ud "$ud" | tee "$here/eval.log"
python "$here/package.py" "$here/output/final"
