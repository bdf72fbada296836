"""notebooks/explore.ipynb runs top to bottom in a real Jupyter kernel, and shows what it promises."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT


@pytest.mark.slow
def test_notebook_runs_top_to_bottom_and_every_cell_shows_its_output():
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") for c in code), "outputs must be stripped in git"
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    for c in code:
        assert c.outputs, f"a cell shows nothing:\n{c.source}"
        for o in c.outputs:
            assert o.get("name") != "stderr", f"warning or error output:\n{o.get('text')}\nfrom\n{c.source}"
            assert o.output_type != "error"
    texts = [o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for c in code for o in c.outputs]
    joined = "\n".join(texts)
    assert "who_met_whom" in joined and "Vladimir Putin" in joined and "Warning" not in joined
    figures = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 1 and len(figures[0]["data"]["image/png"]) > 5000  # the actor network, drawn inline
    html = [o["data"]["text/html"] for c in code for o in c.outputs if "text/html" in o.get("data", {})]
    assert any("<iframe srcdoc=" in h and "new Sigma(" in h for h in html)
    assert any("Lithuanian president meets with Joe Biden" in h for h in html)  # the stories table
