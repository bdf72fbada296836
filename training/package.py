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
        "name": "storykg", "version": "0.2.0", "lang": "en",
        "description": "storykg's English pipeline for news: tagger, morphologizer, lemmatizer and parser trained on "
                       "UD English EWT and the Wikimedia-sourced documents of UD English GUM (bio, interview, "
                       "voyage); a PER/ORG/LOC recogniser with its own tok2vec over static CC0 vectors, trained on "
                       "UNER EWT, GUM's Wikimedia documents, Re-DocRED, CrossNER politics, WikiGold and the "
                       "Broad Twitter Corpus (see docs/model-card.md).",
        "author": "storykg", "license": "CC BY-SA 4.0",
        "sources": [
            {"name": "UD English EWT", "license": "CC BY-SA 4.0"},
            {"name": "Universal NER English EWT", "license": "CC BY-SA 4.0"},
            {"name": "UD English GUM (Wikipedia, Wikinews interviews, Wikivoyage documents only)",
             "license": "CC BY (Wikimedia sources)"},
            {"name": "Re-DocRED dev + test (tonytan48/Re-DocRED)", "license": "MIT; text from Wikipedia, CC BY-SA"},
            {"name": "CrossNER politics train + dev (zliucr/CrossNER)", "license": "MIT; text from Wikipedia, CC BY-SA"},
            {"name": "WikiGold (Balasuriya et al. 2009)", "license": "CC BY 4.0"},
            {"name": "Broad Twitter Corpus (Derczynski et al. 2016)", "license": "CC BY 4.0"},
            {"name": "Explosion static vectors of en_core_web_md 3.8.0 (OSCAR, Wikipedia, OpenSubtitles, "
                     "WMT News Crawl), vectors only", "license": "CC0"},
        ],
    })
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"packaged {src_path} -> {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "training" / "output" / "model-best"))
