"""notebooks/explore.ipynb runs top to bottom in a real Jupyter kernel."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT


@pytest.mark.slow
def test_notebook_runs_top_to_bottom():
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs must be stripped in git"
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    texts = [o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for c in nb.cells
             if c.cell_type == "code" for o in c.outputs]
    joined = "\n".join(texts)
    assert "who_met_whom" in joined and "Vladimir Putin" in joined
    html = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "text/html" in o.get("data", {})]
    assert any("<iframe srcdoc=" in h for h in html)
