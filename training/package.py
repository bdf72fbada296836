"""Copy a trained pipeline into kg/models/en_storykg (shipped as package data) with its meta."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "kg" / "models" / "en_storykg"


def main(src: str) -> None:
    src_path = Path(src)
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(src_path, TARGET)
    meta_path = TARGET / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update({
        "name": "storykg", "version": "0.1.0", "lang": "en",
        "description": "storykg's English pipeline for news: trained on UD English EWT + UNER EWT and "
                       "the Wikimedia-sourced documents of UD English GUM (bio, interview, voyage).",
        "author": "storykg", "license": "CC BY-SA 4.0",
        "sources": [
            {"name": "UD English EWT", "license": "CC BY-SA 4.0"},
            {"name": "Universal NER English EWT", "license": "CC BY-SA 4.0"},
            {"name": "UD English GUM (Wikipedia, Wikinews interviews, Wikivoyage documents only)",
             "license": "CC BY (Wikimedia sources)"},
        ],
    })
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"packaged {src_path} -> {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "training" / "output" / "model-best"))
