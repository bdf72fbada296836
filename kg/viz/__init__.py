"""Offline interactive HTML view of a story graph (``kg view``, ``kg build --html``).

The page opens on the actor network of the whole store: an edge is the set of events two actors
share, communities are coloured apart, the most central actors are labelled, and a story list gives
each story's timeline. Positions are computed here (kg/viz/layout.py), so nothing settles in the
browser; sigma.js draws with WebGL and graphology holds the graph (both vendored from npm in
kg/viz/assets with their licences), so the page needs no network at all. Article text reaches the
page only as JSON data and is put on screen with textContent (or drawn on a canvas): names and
quotes never run as code.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.viz.layout import communities, positions

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#393b79", "#ad494a", "#637939"]
OTHER = "#9aa3ad"
KIND_COLOURS = {"person": "#1f77b4", "organization": "#2ca02c", "place": "#ff7f0e", "group": "#17becf",
                "quote": "#7f7f7f", "article": "#8c564b", "event": "#d62728"}
DEFAULT_MAX_NODES = 50_000
LABELLED = 25  # the most central nodes are labelled at any zoom
EDGES_SHOWN = 12_000  # links drawn before any search or click; software WebGL slows with long hairlines
DROP_ISOLATED_ABOVE = 300  # in bigger graphs, nodes with no edge are counted but not drawn
DETAIL_KEYS = ("kind", "titles", "type", "status", "date", "events", "articles", "text", "channel", "iri")


def _asset(name: str) -> str:
    return (resources.files("kg") / "viz" / "assets" / name).read_text(encoding="utf-8")


def _simple(g: nx.Graph) -> nx.Graph:
    """One undirected edge per pair; parallel edges of a multigraph become one with their labels."""
    if not g.is_multigraph() and not g.is_directed():
        return g
    out = nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for a, b, d in g.edges(data=True):
        if a == b:
            continue
        if out.has_edge(a, b):
            e = out[a][b]
            e["weight"] = e.get("weight", 1) + d.get("weight", 1)
            if d.get("label") and d["label"] not in e["labels"]:
                e["labels"].append(d["label"])
        else:
            out.add_edge(a, b, weight=d.get("weight", 1), labels=[d["label"]] if d.get("label") else [])
    return out


def page_data(g: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES, stories: Sequence[dict] = (),
              timeline: Sequence[dict] = (), title: str = "storykg view", colour_by: str = "community") -> dict:
    """Everything the page draws, as plain JSON-able data (positions included)."""
    g = _simple(g)
    total = g.number_of_nodes()
    strength = dict(g.degree(weight="weight"))
    notes = []
    if total > DROP_ISOLATED_ABOVE and g.number_of_edges():
        lonely = [n for n in g if g.degree(n) == 0]
        if lonely:
            g = g.subgraph([n for n in g if g.degree(n) > 0])
            notes.append(f"{len(lonely):,} nodes that share nothing with another are not drawn.")
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g, key=lambda n: (-strength[n], str(n)))[:max_nodes]
        notes.append(f"Showing the {max_nodes:,} most connected nodes; {g.number_of_nodes() - max_nodes:,} left out.")
        g = g.subgraph(keep)
    nodes = sorted(g, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    community = communities(g)
    pos = positions(g, community)
    top = max((strength[n] for n in nodes), default=1) or 1
    central = set(sorted(nodes, key=lambda n: (-strength[n], str(n)))[:LABELLED])
    members: dict[int, list[Any]] = {}
    for n in nodes:
        members.setdefault(community[n], []).append(n)

    def colour(n: Any) -> str:
        if colour_by == "kind":
            return KIND_COLOURS.get(g.nodes[n].get("kind", "event"), OTHER)
        c = community[n]
        return PALETTE[c] if c < len(PALETTE) and len(members[c]) > 1 else OTHER

    out_nodes = []
    for n in nodes:
        d = g.nodes[n]
        details: dict[str, Any] = {k: d[k] for k in DETAIL_KEYS if d.get(k) not in (None, "", [])}
        details.setdefault("iri", str(n))
        if d.get("sentence") and not d.get("sentences"):
            details["sentence"] = d["sentence"]
        label = str(d.get("label", n))
        x, y = pos[n]
        out_nodes.append({"l": label if len(label) <= 60 else label[:59] + "…", "x": round(x, 3), "y": round(y, 3),
                          "s": round(3 + 11 * math.sqrt(strength[n] / top), 2), "c": colour(n),
                          "f": 1 if n in central else 0, "d": details, "t": d.get("dates") or ([d["date"]] if d.get("date") else []),
                          "ss": d.get("sentences", [])})
    edges = sorted(g.edges(data=True), key=lambda e: (index[e[0]], index[e[1]]))
    strongest = sorted(range(len(edges)), key=lambda i: (-edges[i][2].get("weight", 1),
                       -min(strength[edges[i][0]], strength[edges[i][1]]), i))[:EDGES_SHOWN]
    opening = set(strongest)
    if len(edges) > EDGES_SHOWN:
        notes.append(f"Links drawn at first: the {EDGES_SHOWN:,} strongest of {len(edges):,}; search or click an "
                     "actor to see all of theirs.")
    out_edges = []
    for i, (a, b, d) in enumerate(edges):
        w = d.get("weight", 1)
        events = d.get("list") or [{"label": lab} for lab in d.get("labels", [])] or \
            ([{"label": d["label"]}] if d.get("label") else [])
        out_edges.append({"s": index[a], "t": index[b], "w": w, "z": round(0.6 + math.log1p(w), 2),
                          "e": events, "d": d.get("dates", []), "v": 1 if i in opening else 0})
    legend = []
    if colour_by == "community":
        for c in sorted(members)[:len(PALETTE)]:
            if len(members[c]) < 2:
                continue
            lead = max(members[c], key=lambda n: (strength[n], str(n)))
            legend.append({"color": PALETTE[c], "label": f"{g.nodes[lead].get('label', lead)} and {len(members[c]) - 1} more",
                           "nodes": [index[n] for n in members[c]]})
    else:
        kinds = sorted({g.nodes[n].get("kind", "event") for n in nodes})
        legend = [{"color": KIND_COLOURS.get(k, OTHER), "label": k,
                   "nodes": [index[n] for n in nodes if g.nodes[n].get("kind", "event") == k]} for k in kinds]
    node_of = {str(n): index[n] for n in nodes}
    shown_stories = []
    for s in stories:
        shown_stories.append({**{k: v for k, v in s.items() if k != "actors"},
                              "actors": [node_of[a] for a in s.get("actors", []) if a in node_of]})
    counts = f"{len(nodes):,} nodes, {len(out_edges):,} links"
    if stories:
        counts += f", {len(stories):,} stor{'y' if len(stories) == 1 else 'ies'} listed"
    return {"title": title, "counts": counts, "note": " ".join(notes), "nodes": out_nodes, "edges": out_edges,
            "legend": legend, "stories": shown_stories, "timeline": list(timeline)[:500]}


def _json(data: dict) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the article text holds."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") \
        .replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(g: nx.Graph, title: str = "storykg view", max_nodes: int = DEFAULT_MAX_NODES,
           stories: Sequence[dict] = (), timeline: Sequence[dict] = (), colour_by: str = "community") -> str:
    data = page_data(g, max_nodes, stories, timeline, title, colour_by)
    page = _asset("template.html")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # the data goes in last, so nothing in it is ever taken for a placeholder
    return (page.replace("__TITLE__", safe_title).replace("/*GRAPHOLOGY*/", _asset("graphology.umd.min.js"))
            .replace("/*SIGMA*/", _asset("sigma.min.js")).replace("__DATA__", _json(data), 1))


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    from kg.store import _umask

    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)
    return path


def write_html(g: nx.Graph, path: str | Path, title: str = "storykg view", max_nodes: int = DEFAULT_MAX_NODES,
               stories: Sequence[dict] = (), timeline: Sequence[dict] = (), colour_by: str = "community") -> Path:
    return _atomic_write(Path(path), render(g, title, max_nodes, stories, timeline, colour_by))


def story_data(ds, articles: dict, events: dict, limit: int = 300) -> list[dict]:
    """The stories of the store for the page's story list, each with its actors and timeline."""
    from kg.stories import stories as find

    by_article: dict[str, list] = {}
    for ev in events.values():
        for a in ev.articles:
            by_article.setdefault(a, []).append(ev)
    found = find(ds)
    if any(len(s.articles) > 1 for s in found):
        found = [s for s in found if len(s.articles) > 1]
    out = []
    for s in found[:limit]:
        evs = {ev.iri: ev for a in s.articles for ev in by_article.get(a, [])}
        actors: dict[str, int] = {}
        for ev in evs.values():
            for x in ev.actors:
                actors[x] = actors.get(x, 0) + 1
        items = []
        for ev in sorted(evs.values(), key=lambda e: (e.date or "9999", e.label)):
            art = articles.get(min(ev.articles))
            items.append({"date": ev.date, "label": ev.label, "type": ev.type, "status": ev.status,
                          "article": (art.headline or art.source) if art else "", "href": art.href if art else None})
        out.append({"id": s.id, "headline": s.headline or (articles[s.id].source if s.id in articles else s.id),
                    "n": len(s.articles), "start": s.start, "end": s.end, "actors": sorted(actors),
                    "timeline": items, "who": ""})
    return out


def view(ds, path: str | Path, projection: str = "actors", max_nodes: int = DEFAULT_MAX_NODES) -> Path:
    """Write the view of a store: ``actors`` (the corpus view), ``events`` or ``full``."""
    return _atomic_write(Path(path), view_html(ds, projection, max_nodes))


def view_html(ds, projection: str = "actors", max_nodes: int = DEFAULT_MAX_NODES) -> str:
    from kg import analysis
    from kg.viz.corpus import actor_network

    if projection not in ("actors", "events", "full"):
        raise ValueError(f"unknown projection {projection!r}; expected actors, events or full")
    network, articles, events = actor_network(ds)
    stories = story_data(ds, articles, events)
    for s in stories:
        top = sorted(s["actors"], key=lambda a: -network.degree(a, weight="weight") if a in network else 0)[:3]
        s["who"] = ", ".join(network.nodes[a]["label"] for a in top if a in network)
    timeline = [{"date": ev.date, "label": ev.label, "type": ev.type, "status": ev.status,
                 "article": (articles[min(ev.articles)].headline or articles[min(ev.articles)].source)
                 if min(ev.articles, default=None) in articles else "",
                 "href": articles[min(ev.articles)].href if min(ev.articles, default=None) in articles else None}
                for ev in sorted(events.values(), key=lambda e: (e.date or "9999", e.label))]
    n_articles = len(articles)
    if projection == "actors":
        title = f"storykg — actors of {n_articles:,} article{'s' if n_articles != 1 else ''}"
        return render(network, title, max_nodes, stories, timeline)
    g = {"full": analysis.full, "events": analysis.events}[projection](ds)
    return render(g, f"storykg — {projection} view of {n_articles:,} articles", max_nodes, stories, timeline,
                  colour_by="kind")


def iframe(ds, projection: str = "actors", height: int = 600):
    """The view for Jupyter/VS Code: an isolated iframe (srcdoc) inside a div."""
    import html

    from IPython.display import HTML

    doc = html.escape(view_html(ds, projection), quote=True)
    return HTML(f'<div><iframe srcdoc="{doc}" style="width:100%;height:{height}px;border:1px solid #ccc" '
                'sandbox="allow-scripts"></iframe></div>')
