"""The HTML view in a real headless Chromium (Debian's chromium) with every non-file request blocked."""

from __future__ import annotations

import io
import json
import shutil

import networkx as nx
import pytest

from kg import analysis
from kg.viz import page_data, render, view, write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    def __init__(self, browser, path):
        # bypass_csp: the page's CSP would also stop injected scripts; these tests check that our escaping
        # alone keeps article text inert (and playwright's own waiting needs eval)
        self.page = browser.new_context(bypass_csp=True, viewport={"width": 1300, "height": 800}).new_page()
        self.errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        page = self.page
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()
        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_function("window.kgStable === true", timeout=30000)

    def click_node(self, label: str) -> None:
        key = self.page.evaluate("l => window.kgNodeOf(l)", label)
        assert key is not None, label
        pos = self.page.evaluate("k => window.kgRenderer.graphToViewport(window.kgGraph.getNodeAttributes(k))", key)
        box = self.page.locator("#net").bounding_box()
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def colour(self, label: str) -> str:
        return self.page.evaluate("l => window.kgRenderer.getNodeDisplayData(window.kgNodeOf(l)).color", label)

    def clean(self) -> bool:
        return not self.errors and not self.external and not self.dialogs


def inked(png: bytes) -> int:
    """Pixels that are not (near) white in a screenshot."""
    from PIL import Image

    return sum(Image.open(io.BytesIO(png)).convert("L").histogram()[:200])


@pytest.mark.browser
def test_seed_view_shows_actors_labels_and_sentences_with_their_source(browser, seed_graph, tmp_path):
    v = Opened(browser, view(seed_graph, tmp_path / "seed.html"))
    page = v.page
    labels = page.evaluate("window.kgData.nodes.filter(n => n.f).map(n => n.l)")
    assert {"Joe Biden", "Vladimir Putin", "Gitanas Nausėda"} <= set(labels)
    assert inked(page.locator("#net").screenshot()) > 2000  # nodes and edges drawn (WebGL)
    text_pixels = page.evaluate("""() => { const c = document.querySelector('#net canvas.sigma-labels');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
    assert text_pixels > 300  # labels are on screen before any interaction
    v.click_node("Joe Biden")
    details = page.inner_text("#details")
    assert "Joe Biden" in details and "President of the United States" in details
    assert "Gitanas Nausėda discussed possibilities to increase US military presence" in details
    hrefs = page.eval_on_selector_all("#details a", "as => as.map(a => a.href)")
    assert hrefs and all(h.startswith("file:") and h.endswith(".txt") for h in hrefs)
    assert "Vladimir Putin (1)" in details  # the edge lists the events they share (the Geneva meeting)
    assert v.clean(), (v.errors, v.external, v.dialogs)
    page.close()


@pytest.mark.browser
def test_story_list_opens_a_timeline(browser, seed_graph, tmp_path):
    v = Opened(browser, view(seed_graph, tmp_path / "seed.html"))
    stories = v.page.locator("#stories li")
    assert stories.count() == 1 and "2 articles" in stories.first.inner_text()
    stories.first.click()
    timeline = v.page.inner_text("#timeline")
    assert "2021-06-14" in timeline and "Meeting" in timeline and "Summit" in timeline
    assert v.clean()
    v.page.close()


def two_groups() -> nx.Graph:
    g = nx.Graph()
    for i in range(8):
        g.add_node(f"a{i}", label=f"Alpha {i}", kind="person", dates=[f"2021-01-0{i + 1}"])
        g.add_node(f"b{i}", label=f"Beta {i}", kind="organization", dates=[f"2022-05-0{i + 1}"])
    for i in range(1, 8):
        g.add_edge("a0", f"a{i}", weight=1, dates=["2021-01-01"])
        g.add_edge("b0", f"b{i}", weight=2, dates=["2022-05-01"])
    g.add_edge("a1", "b1", weight=1, dates=["2021-06-01"])
    return g


@pytest.mark.browser
def test_search_focuses_an_actors_neighbourhood(browser, tmp_path):
    v = Opened(browser, write_html(two_groups(), tmp_path / "g.html"))
    page = v.page
    grey = "#e4e6ea"
    assert v.colour("Beta 3") != grey
    ratio = page.evaluate("window.kgRenderer.getCamera().ratio")
    page.fill("#search", "alpha 0")
    page.press("#search", "Enter")
    page.wait_for_timeout(500)
    assert "Alpha 0 and 7 neighbours" in page.inner_text("#found")
    assert v.colour("Alpha 5") != grey and v.colour("Beta 3") == grey and v.colour("Beta 0") == grey
    assert page.evaluate("window.kgRenderer.getCamera().ratio") < ratio  # zoomed in on it
    assert "Alpha 0" in page.inner_text("#details")
    page.fill("#search", "")
    page.dispatch_event("#search", "input")
    assert v.colour("Beta 3") != grey
    assert v.clean()
    page.close()


@pytest.mark.browser
def test_time_window_hides_what_happened_outside_it(browser, tmp_path):
    v = Opened(browser, write_html(two_groups(), tmp_path / "g.html"))
    page = v.page
    page.fill("#from", "2022-01-01")
    page.dispatch_event("#from", "change")
    assert "8 of 16 nodes in the window" in page.inner_text("#window")
    hidden = page.evaluate("""() => ['Alpha 0', 'Beta 0'].map(l =>
        window.kgRenderer.getNodeDisplayData(window.kgNodeOf(l)).hidden)""")
    assert hidden == [True, False]
    assert v.clean()
    page.close()


EVIL = ['<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=2;alert(2)">',
        "\" ' </script><b>x", "</title><script>alert(5)</script>", "\u2028<!--<script>"]


@pytest.mark.browser
def test_hostile_article_text_stays_inert(browser, tmp_path):
    g = nx.Graph()
    for i, name in enumerate(EVIL):
        g.add_node(f"n{i}", label=name, kind="person", titles=[name],
                   sentences=[{"text": name, "article": name, "href": "javascript:window.__xss=6", "date": "2021-01-01"},
                              {"text": "ok", "article": "</script>", "href": "https://example.org/a?x=<script>"}])
    for i in range(1, len(EVIL)):
        g.add_edge("n0", f"n{i}", weight=1, list=[{"label": EVIL[i], "date": "2021-01-01"}])
    stories = [{"id": "s", "headline": EVIL[0], "n": 2, "start": None, "end": None, "actors": ["n0", "n1"], "who": EVIL[1],
                "timeline": [{"date": None, "label": EVIL[2], "type": "<b>", "status": "</script>",
                              "article": EVIL[3], "href": "javascript:alert(7)"}]}]
    path = write_html(g, tmp_path / "evil.html", title="<script>window.__xss=4</script>", stories=stories)
    v = Opened(browser, path)
    page = v.page
    for i in range(len(EVIL)):
        page.evaluate(f"window.kgShow('{i}')")
        assert EVIL[i].strip() in page.inner_text("#details").replace("\u2028", "")
    page.locator("#stories li").first.click()
    assert "</script>" in page.inner_text("#timeline")
    v.click_node(EVIL[0])
    assert page.evaluate("window.__xss === undefined")
    hrefs = page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    assert "https://example.org/a?x=<script>" in hrefs and not any(h.startswith("javascript") for h in hrefs)
    assert page.evaluate("document.title") == "<script>window.__xss=4</script>"
    assert page.evaluate("document.querySelectorAll('script').length") == 4  # data, graphology, sigma, ours
    assert v.clean(), (v.errors, v.external, v.dialogs)
    page.close()


@pytest.mark.browser
def test_full_and_events_projections_render(browser, seed_graph, tmp_path):
    for projection in ("full", "events"):
        v = Opened(browser, view(seed_graph, tmp_path / f"{projection}.html", projection=projection))
        n = v.page.evaluate("window.kgData.nodes.length")
        assert n >= (10 if projection == "full" else 5)
        kinds = {c["label"] for c in v.page.evaluate("window.kgData.legend")}
        assert "event" in kinds and (projection == "events" or "person" in kinds)
        assert v.clean()
        v.page.close()


def test_the_page_embeds_its_data_as_inert_json():
    g = nx.Graph()
    g.add_node("x", label="</script><script>alert(1)</script>\u2028", kind="person")
    page = render(g)
    data = page.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "\u2028" not in data
    assert json.loads(data)["nodes"][0]["l"].startswith("</script>")


def test_big_graphs_keep_the_most_connected_and_say_so():
    g = nx.barabasi_albert_graph(900, 2, seed=1)
    nx.set_node_attributes(g, "person", "kind")
    data = page_data(g, max_nodes=100)
    assert len(data["nodes"]) == 100 and "800 left out" in data["note"]
    hub = max(g, key=g.degree)
    assert any(n["d"]["iri"] == str(hub) and n["f"] for n in data["nodes"])  # the hub is kept and labelled


def test_layout_sets_communities_apart():
    from kg.viz.layout import communities, positions

    g = nx.disjoint_union(nx.complete_graph(30), nx.complete_graph(30))
    g.add_edge(0, 30)
    comm = communities(g)
    assert comm[1] != comm[31] and len(set(comm.values())) == 2
    pos = positions(nx.disjoint_union_all([g] * 20))  # 1,200 nodes: the two-level layout
    assert len(pos) == 1200 and len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == 1200
    assert positions(g) == positions(g)  # deterministic
    assert len(positions(nx.empty_graph(1000))) == 1000  # many lone nodes: a ring, no crash


def test_projections(seed_graph):
    actors = analysis.actors(seed_graph)
    labels = {d["label"] for _, d in actors.nodes(data=True)}
    assert {"Joe Biden", "Gitanas Nausėda", "Vladimir Putin"} <= labels
    biden = next(n for n, d in actors.nodes(data=True) if d["label"] == "Joe Biden")
    putin = next(n for n, d in actors.nodes(data=True) if d["label"] == "Vladimir Putin")
    assert actors[biden][putin]["weight"] >= 1
    ev = analysis.events(seed_graph)
    assert any(d["label"] == "after" for _, _, d in ev.edges(data=True))
    assert analysis.central_actors(seed_graph)[0][0] == "Joe Biden"
    tl = analysis.timeline(seed_graph)
    assert list(tl.columns) == ["date", "event", "type", "status"] and len(tl) == ev.number_of_nodes()
    assert {"Meeting", "Summit", "Travel"} <= set(tl["type"]) and {"happened", "planned"} == set(tl["status"])
    assert tl["date"].dropna().is_monotonic_increasing and tl["date"].iloc[0] == "2021-06-14"
    assert "Joe Biden" in {d["label"] for _, d in analysis.ego(seed_graph, "Vladimir Putin").nodes(data=True)}
    assert len(analysis.to_rdf(actors)) > 0
    assert analysis.communities(seed_graph)
