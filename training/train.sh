#!/usr/bin/env bash
# Retrain storykg's English pipeline from scratch (fixed seed). Usage: bash training/train.sh [UD_DIR]
# Writes training/output/model-best, evaluates it on the held-out test splits, then packages it
# into kg/models/en_storykg (the pipeline that ships with the package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ud=${1:-$here/../../shared/data/ud}
python "$here/convert.py" --ud "$ud"
python -m spacy train "$here/config.cfg" --output "$here/output" \
  --paths.train "$here/corpus/train.spacy" --paths.dev "$here/corpus/dev.spacy" 2>&1 | tee "$here/train.log"
python "$here/evaluate.py" "$here/output/model-best" --ud "$ud" | tee "$here/eval.log"
python "$here/package.py" "$here/output/model-best"
