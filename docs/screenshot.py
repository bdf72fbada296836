"""Render the seed story's HTML view in headless Chromium and save docs/view.png (used by the README).

Usage: python docs/screenshot.py [VIEW.html]   (builds examples/articles first when no view is given)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    if len(sys.argv) > 1:
        html = Path(sys.argv[1])
    else:
        import kg

        ds = kg.build([str(ROOT / "examples" / "articles")])
        html = Path(tempfile.mkdtemp()) / "story.html"
        kg.html(ds, str(html))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--headless", "--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking"])
        page = browser.new_context(viewport={"width": 1400, "height": 800}, bypass_csp=True).new_page()
        page.goto(html.resolve().as_uri())
        page.wait_for_function("window.kgStable === true", timeout=30000)
        page.evaluate("window.kgNetwork.fit()")
        node = page.evaluate("window.kgNetwork.body.data.nodes.get().find(n => n.details.label === 'Joe Biden').id")
        page.evaluate(f"window.kgShow({node})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ROOT / "docs" / "view.png"))
        browser.close()
    print(ROOT / "docs" / "view.png")


if __name__ == "__main__":
    main()
