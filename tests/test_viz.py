"""The HTML view in a real headless Chromium (Debian's chromium) with every non-file request blocked."""

from __future__ import annotations

import shutil

import networkx as nx
import pytest

from kg import analysis
from kg.viz import render, view, write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.browser

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


def open_offline(browser, path):
    # bypass_csp: the page's CSP would also stop injected scripts; these tests check that our escaping
    # alone keeps article text inert (and playwright's own waiting needs eval)
    page = browser.new_context(bypass_csp=True).new_page()
    failed, errors, external = [], [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("window.kgStable === true", timeout=30000)
    return page, failed, errors, external


def test_view_works_offline_and_click_shows_details(browser, seed_graph, tmp_path):
    html = view(seed_graph, tmp_path / "seed.html")
    page, failed, errors, external = open_offline(browser, html)
    assert not failed and not errors and not external
    assert page.evaluate("document.querySelector('#net canvas').width") > 100
    drawn = page.evaluate("""() => { const c = document.querySelector('#net canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
    assert drawn > 1000
    node = page.evaluate("""() => { const ds = window.kgNetwork.body.data.nodes.get();
        return ds.find(n => n.details.label === 'Joe Biden').id; }""")
    pos = page.evaluate(f"() => window.kgNetwork.canvasToDOM(window.kgNetwork.getPosition({node}))")
    box = page.locator("#net").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    details = page.inner_text("#details")
    assert "Joe Biden" in details and "President of the United States" in details
    assert "Meeting" in page.inner_text("#timeline")
    page.close()


def test_article_text_never_runs_as_code(browser, tmp_path):
    g = nx.MultiDiGraph()
    evil = ['<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=2">', "\" ' </script><b>x"]
    for i, name in enumerate(evil):
        g.add_node(f"n{i}", label=name, kind="person", titles=[name])
    g.add_node("q", label="quote", kind="quote", text='</script><script>window.__xss=3</script>')
    g.add_edge("n0", "q", label="<i>said</i>")
    path = write_html(g, tmp_path / "evil.html", title="<script>window.__xss=4</script>")
    page, failed, errors, external = open_offline(browser, path)
    assert page.evaluate("window.__xss === undefined")
    page.evaluate("window.kgShow(window.kgNetwork.body.data.nodes.get()[0].id)")
    assert "<script>" in page.inner_text("#details") or "<img" in page.inner_text("#details")
    assert page.evaluate("window.__xss === undefined")
    assert not errors and not external
    page.close()


def test_large_graphs_are_cut_to_the_most_connected(tmp_path):
    g = nx.barabasi_albert_graph(900, 2, seed=1)
    nx.set_node_attributes(g, "person", "kind")
    page = render(g, max_nodes=100)
    assert '"left_out": 800' in page


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
