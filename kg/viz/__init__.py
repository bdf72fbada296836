"""Offline interactive HTML view of a story graph (``kg view``, ``kg build --html``).

pyvis assembles nodes and edges; the page is our own template with vis-network inlined (shipped in
kg/viz/assets with its licence), so it opens with no network at all. Article text reaches the page
only as JSON data and is put on screen with textContent: names and quotes never run as code.
"""

from __future__ import annotations

import json
import os
import tempfile
from importlib import resources
from pathlib import Path

import networkx as nx

STYLE = {  # kind -> (colour, shape)
    "person": ("#1f77b4", "dot"), "organization": ("#2ca02c", "square"), "place": ("#ff7f0e", "triangle"),
    "group": ("#17becf", "hexagon"), "quote": ("#7f7f7f", "box"), "article": ("#8c564b", "database"),
    "event": ("#d62728", "diamond"),
}
EVENT_COLOURS = {"Meeting": "#d62728", "Summit": "#9467bd", "Travel": "#e377c2", "Visit": "#e377c2",
                 "Request": "#bcbd22", "Pledge": "#8c564b", "Agreement": "#2ca02c", "Discussion": "#ff9896"}
DEFAULT_MAX_NODES = 400


def _asset(name: str) -> str:
    return (resources.files("kg") / "viz" / "assets" / name).read_text(encoding="utf-8")


def network_data(g: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES) -> dict:
    """Nodes and edges for the page; above max_nodes keep the most connected and say what was left out."""
    from pyvis.network import Network

    left_out = 0
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g.nodes, key=lambda n: (-g.degree(n), str(n)))[:max_nodes]
        left_out = g.number_of_nodes() - max_nodes
        g = g.subgraph(keep)
    net = Network(directed=g.is_directed())
    ids = {n: i for i, n in enumerate(sorted(g.nodes, key=str))}
    for n in sorted(g.nodes, key=str):
        d = g.nodes[n]
        kind = d.get("kind", "event")
        colour, shape = STYLE.get(kind, STYLE["event"])
        if kind == "event":
            colour = EVENT_COLOURS.get(d.get("type", ""), colour)
        details = {"kind": kind, "label": d.get("label", str(n)), "iri": str(n)}
        for key in ("type", "status", "date", "titles", "sentence", "text", "channel"):
            if d.get(key):
                details[key] = d[key]
        tip = "\n".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in details.items() if k != "iri")
        label = str(details["label"])
        net.add_node(ids[n], label=label if len(label) <= 40 else label[:39] + "…", title=tip, color=colour,
                     shape=shape, size=12 + min(g.degree(n), 10) * 2,
                     borderWidths=3 if d.get("status") == "planned" else 1)
        net.nodes[-1]["details"] = details
        net.nodes[-1]["shapeProperties"] = {"borderDashes": [5, 5]} if d.get("status") == "planned" else {}
    for a, b, d in g.edges(data=True):
        net.add_edge(ids[a], ids[b], label=d.get("label", ""), title=d.get("label", ""))
    return {"nodes": net.nodes, "edges": net.edges, "left_out": left_out,
            "legend": {k: v[0] for k, v in STYLE.items()}}


def render(g: nx.Graph, title: str = "storykg view", max_nodes: int = DEFAULT_MAX_NODES) -> str:
    data = network_data(g, max_nodes)
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    page = _asset("template.html")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (page.replace("/*VIS_NETWORK*/", _asset("vis-network.min.js"))
            .replace("__TITLE__", safe_title).replace("__DATA__", payload))


def write_html(g: nx.Graph, path: str | Path, title: str = "storykg view",
               max_nodes: int = DEFAULT_MAX_NODES) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(render(g, title, max_nodes))
    from kg.store import _umask

    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)
    return path


def view(ds, path: str | Path, projection: str = "full", max_nodes: int = DEFAULT_MAX_NODES) -> Path:
    from kg import analysis

    project = {"full": analysis.full, "actors": analysis.actors, "events": analysis.events}
    if projection not in project:
        raise ValueError(f"unknown projection {projection!r}; expected actors, events or full")
    return write_html(project[projection](ds), path, f"storykg — {projection} view", max_nodes)


def iframe(ds, projection: str = "full", height: int = 600):
    """The view for Jupyter/VS Code: an isolated iframe (srcdoc)."""
    import html

    from IPython.display import HTML

    from kg import analysis

    g = {"full": analysis.full, "actors": analysis.actors, "events": analysis.events}[projection](ds)
    doc = html.escape(render(g), quote=True)
    return HTML(f'<iframe srcdoc="{doc}" style="width:100%;height:{height}px;border:1px solid #ccc" '
                'sandbox="allow-scripts"></iframe>')
