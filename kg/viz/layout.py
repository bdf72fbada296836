"""Communities and node positions, computed once in Python so nothing has to settle in the browser.

Small graphs get a plain force layout. Big ones are laid out in two levels: the graph of communities
(Louvain) is laid out first, then each community on its own inside a disc sized by its node count,
which keeps the cost near linear and keeps communities visibly apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable

import networkx as nx

SEED = 7
DIRECT = 800  # up to this many nodes, one force layout of the whole graph
LOUVAIN_MAX = 3000
BLOCK = 1500  # the largest community laid out by forces; bigger ones become a disc, hubs in the middle


def communities(g: nx.Graph) -> dict[Hashable, int]:
    """Node -> community number; 0 is the largest community. Deterministic (fixed seed, sorted ties)."""
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_edges() == 0:
        parts = [{n} for n in g]
    elif g.number_of_nodes() <= LOUVAIN_MAX:
        parts = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    else:  # near-linear time; Louvain in pure Python takes minutes at 20,000 nodes
        parts = list(nx.community.fast_label_propagation_communities(g, weight="weight", seed=SEED))
    parts = sorted(parts, key=lambda c: (-len(c), min(str(n) for n in c)))
    return {n: i for i, c in enumerate(parts) for n in c}


def positions(g: nx.Graph, community: dict[Hashable, int] | None = None) -> dict[Hashable, tuple[float, float]]:
    """Node -> (x, y). The same graph always gets the same picture."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n <= DIRECT:
        parts = sorted((sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0])))
        if len(parts) == 1:
            return _force(g, scale=math.sqrt(n))
        local = _force_groups(g, parts, [math.sqrt(len(c)) for c in parts])
        return _pack(parts, local)
    community = community if community is not None else communities(g)
    members: dict[int, list] = defaultdict(list)
    for node in sorted(g, key=str):
        members[community[node]].append(node)
    # the graph of communities, weighted by the edges between them
    meta = nx.Graph()
    meta.add_nodes_from(members)
    for a, b, d in g.edges(data=True):
        ca, cb = community[a], community[b]
        if ca != cb:
            w = meta.get_edge_data(ca, cb, {"weight": 0})["weight"]
            meta.add_edge(ca, cb, weight=w + d.get("weight", 1))
    radius = {c: math.sqrt(len(m)) for c, m in members.items()}
    big = [c for c in members if len(members[c]) > 3 or meta.degree(c) > 0]
    small = [c for c in members if c not in set(big)]
    inner = meta.subgraph(big)
    if inner.number_of_nodes() >= n:  # no grouping to lean on
        return _disc(g, math.sqrt(n) * 1.6)
    centre = positions(inner) if inner.number_of_nodes() > DIRECT else _force(inner, 1.0)
    span = max((math.hypot(*p) for p in centre.values()), default=0.0) or 1.0
    stretch = math.sqrt(sum(len(members[c]) for c in big)) * 1.6 / span
    centre = {c: (x * stretch, y * stretch) for c, (x, y) in centre.items()}
    out: dict[Hashable, tuple[float, float]] = {}
    forced = [c for c in big if len(members[c]) <= BLOCK]
    local = _force_groups(g, [members[c] for c in forced], [radius[c] for c in forced])
    for c in big:
        if len(members[c]) > BLOCK:
            local.update(_disc(g.subgraph(members[c]), radius[c]))
        cx, cy = centre[c]
        for node in members[c]:
            x, y = local[node]
            out[node] = (cx + x, cy + y)
    # small isolated communities (pairs, triples): a ring of little groups around the rest
    outer = max((math.hypot(*p) for p in out.values()), default=0.0) + 4
    per_ring = max(1, int(2 * math.pi * outer / 4))
    for i, c in enumerate(small):
        ring, k = divmod(i, per_ring)
        r = outer + ring * 4
        angle = 2 * math.pi * k / per_ring
        for j, node in enumerate(members[c]):
            out[node] = (r * math.cos(angle) + (j % 2) * 1.2, r * math.sin(angle) + (j // 2) * 1.2)
    return out


def _pack(parts: list[list], local: dict[Hashable, tuple[float, float]]) -> dict[Hashable, tuple[float, float]]:
    """Components side by side in rows, the biggest first, so none drifts off to the edge of the picture."""
    radius = [math.sqrt(len(c)) + 0.8 for c in parts]
    width = math.sqrt(sum((2 * r) ** 2 for r in radius)) * 1.3
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row = 0.0
    for c, r in zip(parts, radius, strict=True):
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y - row, 0.0
        cx, cy = x + r, y - r
        for node in c:
            px, py = local[node]
            out[node] = (cx + px, cy + py)
        x += 2 * r
        row = max(row, 2 * r)
    return out


def _force(g: nx.Graph, scale: float) -> dict[Hashable, tuple[float, float]]:
    return _force_groups(g, [sorted(g, key=str)], [scale])


def _force_groups(g: nx.Graph, groups: list[list], scales: list[float],
                  iterations: int = 50) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold for each group of nodes on its own, each centred at 0 and fitted to its scale.

    Vectorised with numpy, and small groups share one array (pairs across groups are masked out), so a
    thousand little communities cost about as much as one big one.
    """
    out: dict[Hashable, tuple[float, float]] = {}
    block: list[int] = []
    for gi in sorted((i for i in range(len(groups)) if groups[i]), key=lambda i: len(groups[i])):
        if block and sum(len(groups[b]) for b in block) + len(groups[gi]) > 300:
            out.update(_fr_block(g, [groups[b] for b in block], [scales[b] for b in block], iterations))
            block = []
        block.append(gi)
    if block:
        out.update(_fr_block(g, [groups[b] for b in block], [scales[b] for b in block], iterations))
    return out


def _fr_block(g: nx.Graph, groups: list[list], scales: list[float],
              iterations: int) -> dict[Hashable, tuple[float, float]]:
    import numpy as np

    nodes = [node for grp in groups for node in grp]
    gid = np.array([i for i, grp in enumerate(groups) for _ in grp], dtype=int)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((index[a], index[b], math.log1p(d.get("weight", 1)))
                   for a, b, d in g.subgraph(nodes).edges(data=True) if a != b and gid[index[a]] == gid[index[b]])
    ei = np.array([e[0] for e in edges], dtype=int)
    ej = np.array([e[1] for e in edges], dtype=int)
    w = np.array([e[2] for e in edges], dtype=float)
    sizes = np.bincount(gid)
    k = np.sqrt(1.0 / sizes[gid])
    same = gid[:, None] == gid[None, :]
    pos = np.random.default_rng(SEED).random((len(nodes), 2))
    kk = np.where(same, (k * k)[:, None], 0.0)
    t = 0.1
    cool = t / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        f = kk / np.maximum(dx * dx + dy * dy, 1e-4)
        disp = np.stack([(dx * f).sum(1), (dy * f).sum(1)], axis=1)
        if len(w):
            d = pos[ei] - pos[ej]
            length = np.maximum(np.sqrt((d ** 2).sum(-1)), 1e-2)
            pull = d * (length * w / k[ei])[:, None]
            np.add.at(disp, ei, -pull)
            np.add.at(disp, ej, pull)
        size = np.maximum(np.sqrt((disp ** 2).sum(-1)), 1e-2)
        pos += disp * (np.minimum(size, t) / size)[:, None]
        t -= cool
    out: dict[Hashable, tuple[float, float]] = {}
    for i, grp in enumerate(groups):
        p = pos[gid == i]
        if len(grp) == 1:
            out[grp[0]] = (0.0, 0.0)
            continue
        p = p - p.mean(0)
        p *= scales[i] / (np.abs(p).max() or 1.0)
        out.update({node: (float(x), float(y)) for node, (x, y) in zip(grp, p, strict=True)})
    return out


def _disc(g: nx.Graph, scale: float) -> dict[Hashable, tuple[float, float]]:
    """A sunflower: even density, no overlaps, the best-connected nodes in the middle."""
    nodes = sorted(g, key=lambda n: (-g.degree(n, weight="weight"), str(n)))
    golden = math.pi * (3 - math.sqrt(5))
    total = len(nodes)
    return {node: (scale * math.sqrt(i / total) * math.cos(i * golden), scale * math.sqrt(i / total) * math.sin(i * golden))
            for i, node in enumerate(nodes)}
