"""Screenshots of the view for the README, taken in headless Chromium: docs/view.png (the two seed
articles) and, given a store or graph of Reuters articles, docs/view-reuters.png (the corpus view).

Usage: python docs/screenshot.py [--reuters GRAPH_OR_STORE]
  e.g. kg build reuters-1000.jsonl --store oxigraph:/tmp/reuters-store   (the first 1,000 records)
       python docs/screenshot.py --reuters oxigraph:/tmp/reuters-store
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def shoot(browser, html: Path, out: Path, focus: str | None = None, story: int | None = None) -> Path:
    page = browser.new_context(viewport={"width": 1400, "height": 820}, bypass_csp=True).new_page()
    page.goto(html.resolve().as_uri())
    page.wait_for_function("window.kgStable === true", timeout=60_000)
    if story is not None:
        page.evaluate(f"window.kgStory({story})")
    if focus:
        key = page.evaluate("q => window.kgFocus(q)", focus)
        if key is None:
            raise SystemExit(f"no actor matches {focus!r} in {html}")
        page.fill("#search", focus)
    page.wait_for_timeout(800)  # the camera's move
    page.screenshot(path=str(out))
    page.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reuters", help="a graph file or store of Reuters articles")
    ap.add_argument("--focus", default="", help="in the Reuters view, search this actor (default: show the first story)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    import kg
    from kg.viz import view

    tmp = Path(tempfile.mkdtemp())
    seed = view(kg.build([str(ROOT / "examples" / "articles")]), tmp / "seed.html")
    reuters = view(kg.load(args.reuters), tmp / "reuters.html") if args.reuters else None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        print(shoot(browser, seed, ROOT / "docs" / "view.png", focus="Joe Biden", story=0))
        if reuters:
            print(shoot(browser, reuters, ROOT / "docs" / "view-reuters.png", focus=args.focus, story=0))
        browser.close()


if __name__ == "__main__":
    main()
