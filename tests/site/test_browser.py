"""The site in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

These tests never skip: a missing Chromium is a failure, because `make test` installs it (see
scripts/ensure-chromium.sh). Screenshots are kept in test-artifacts/ for review.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site
from leaderboard.site.serve import make_server
from tests.conftest import FIXTURE_REPO, PROJECT_ROOT
from tests.site.conftest import add_models

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("LEADERBOARD_CHROMIUM") or "/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
def serve(directory: Path) -> Iterator[str]:
    server = make_server(directory, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser") / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    add_models(root)
    output = root.parent / "site"
    build_site(Repository(root), output, cache=ResultCache(None), repo_url="https://github.com/o/r")
    yield from serve(output)


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("shipped") / "site"
    repository = Repository(PROJECT_ROOT)
    build_site(repository, output, cache=ResultCache.for_root(PROJECT_ROOT))
    yield from serve(output)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), "Debian's Chromium is missing: run `make test` (scripts/ensure-chromium.sh installs it)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Watched:
    """A page that records console errors and every request that leaves localhost."""

    def __init__(self, browser: Browser, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Request) -> None:
        host = urlparse(request.url).hostname
        if urlparse(request.url).scheme not in ("data", "blob") and host not in ("127.0.0.1", "localhost"):
            self.outside.append(request.url)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside
    page.close()


def model_column(page: Page) -> list[str]:
    return page.locator("#ranking-table tbody tr:not([hidden]) th[scope=row] > a").all_inner_texts()


def test_click_to_sort(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "benchmarks/tiny-sentiment.html")
    assert model_column(page) == ["Good Model", "Gamma Model", "Beta Model", "Alpha Model"]
    header = page.locator("#ranking-table thead th", has_text="Model").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert model_column(page) == ["Alpha Model", "Beta Model", "Gamma Model", "Good Model"]
    header.locator("button").press("Enter")  # keyboard works too
    assert header.get_attribute("aria-sort") == "descending"
    assert model_column(page) == ["Good Model", "Gamma Model", "Beta Model", "Alpha Model"]
    rank = page.locator("#ranking-table thead th").first
    rank.locator("button").click()
    assert rank.get_attribute("aria-sort") == "ascending"


def test_filtering(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "benchmarks/tiny-sentiment.html")
    page.get_by_label("Search").fill("gamma")
    assert model_column(page) == ["Gamma Model"]
    page.get_by_label("Search").fill("")
    page.get_by_label("Approach").select_option("few-shot")
    assert model_column(page) == ["Beta Model"]
    page.get_by_label("Approach").select_option("")
    page.get_by_label("open weights only").check()
    assert sorted(model_column(page)) == ["Alpha Model", "Good Model"]
    assert "2 of 4 rows shown" in page.locator("form.filters output").inner_text()
    page.get_by_label("open weights only").uncheck()
    page.get_by_label("Size").select_option(label="1B to 10B")
    assert model_column(page) == ["Good Model"]
    page.get_by_label("Size").select_option(label="not given")
    assert model_column(page) == ["Gamma Model"]
    page.get_by_label("Size").select_option("")
    page.get_by_label("hide models trained on benchmark data").check()
    assert "Beta Model" not in model_column(page) and len(model_column(page)) == 3


def test_task_type_filter_on_home(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "index.html")
    page.locator("select[name=task]").select_option("ner")
    visible = page.locator("table[data-filter-group=overview]:visible caption").all_inner_texts()
    assert visible == ["Named entity recognition"]


def test_readable_without_javascript(browser: Browser, fixture_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fixture_site + "benchmarks/tiny-sentiment.html")
    assert page.locator("#ranking-table tbody tr").count() == 4
    assert not page.locator("form.filters").is_visible()  # controls appear only with JavaScript
    assert page.locator("svg.chart.intervals circle").count() == 4
    page.goto(fixture_site + "explore/tiny-sentiment.html")
    assert page.locator("#items-table tbody tr").count() == 6 and not page.locator("#item-filters").is_visible()
    context.close()


PAGES = ["index.html", "benchmarks/tiny-sentiment.html", "models/good-model.html", "models/index.html",
         "compare.html", "explore/tiny-sentiment.html", "about.html", "submit.html", "problems.html"]


@pytest.mark.parametrize("path", PAGES)
def test_usable_at_phone_width(browser: Browser, fixture_site: str, path: str) -> None:
    page = Watched(browser, width=375, height=740)
    page.page.goto(fixture_site + path)
    overflow = page.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 375px"
    assert page.errors == [] and page.outside == []
    page.close()


# The first row's rank, model, score and interval, without scrolling sideways (page or table).
FIRST_ROW_VISIBLE = """(selector) => {
  const row = document.querySelector(selector + " tbody tr");
  const cells = [row.cells[0], row.cells[1], row.querySelector("td.score"), row.querySelector("td.interval")];
  return cells.map(c => { const r = c.getBoundingClientRect(); return [c.textContent.trim(), r.left, r.right]; });
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path,table", [("benchmarks/tiny-sentiment.html", "#ranking-table"),
                                        ("models/good-model.html", "table.results")])
def test_first_score_is_in_the_viewport(browser: Browser, fixture_site: str, width: int, path: str,
                                        table: str) -> None:
    page = Watched(browser, width=width, height=844)
    page.page.goto(fixture_site + path)
    for text, left, right in page.page.evaluate(FIRST_ROW_VISIBLE, table):
        assert left >= 0 and right <= width, f"{path}: {text!r} at {left}-{right}px is outside {width}px"
    assert page.errors == [] and page.outside == []
    page.close()


TABLE_FITS = """() => Array.from(document.querySelectorAll("main table")).map(table => {
  const wrap = table.closest(".table-wrap");
  const container = wrap || table.parentElement;
  const labelled = Boolean(wrap && wrap.getAttribute("role") === "region" &&
    (wrap.getAttribute("aria-label") || wrap.getAttribute("aria-labelledby")) &&
    getComputedStyle(wrap).overflowX === "auto");
  return [table.querySelector("caption") ? table.querySelector("caption").textContent.trim() : table.className,
          Math.round(table.getBoundingClientRect().width), container.clientWidth, labelled];
})"""


def _check_tables(page: Page, where: str, *, strict: bool) -> None:
    for caption, width, container, labelled in page.evaluate(TABLE_FITS):
        if strict:  # nothing clipped: the whole table is visible in its box
            assert width <= container + 1, f"{where}: table {caption!r} is {width}px in {container}px"
        else:
            assert width <= container + 1 or labelled, f"{where}: {caption!r} overflows outside a labelled region"


@pytest.mark.parametrize("path", PAGES)
def test_tables_fit_at_desktop_width(watched: Watched, fixture_site: str, path: str) -> None:
    watched.page.goto(fixture_site + path)
    _check_tables(watched.page, path, strict=False)


def test_shipped_rankings_are_not_clipped(browser: Browser, shipped_site: str) -> None:
    """Every shipped benchmark's ranking (the widest: chatbot with source metrics) fits at 1280 px."""
    page = Watched(browser, width=1280, height=900)
    page.page.goto(shipped_site + "index.html")
    hrefs = page.page.locator("ul.bench-list > li > a:first-child").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 8
    suites = page.page.locator("main a[href^='suites/']").evaluate_all("links => links.map(a => a.href)")
    assert suites, "the shipped suites are linked from the home page"
    for href in [*hrefs, *suites, shipped_site + "models/index.html", shipped_site + "models/baseline-overlap.html"]:
        page.page.goto(href)
        _check_tables(page.page, href, strict=True)
    phone = Watched(browser, width=390, height=844)
    ranked = [(href, "#ranking-table") for href in hrefs] + [(href, "#suite-table") for href in suites]
    for href, table in ranked:
        phone.page.goto(href)
        if not phone.page.locator(table).count():  # a suite nobody has entered completely
            continue
        for text, left, right in phone.page.evaluate(FIRST_ROW_VISIBLE, table):
            assert left >= 0 and right <= 390, f"{href}: {text!r} at {left}-{right}px"
    assert page.errors == [] and page.outside == [] and phone.errors == [] and phone.outside == []
    page.close()
    phone.close()


CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll("svg.chart")).flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Array.from(svg.querySelectorAll("text")).map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
})"""


def test_chart_labels_are_legible_on_a_phone(browser: Browser, fixture_site: str) -> None:
    page = Watched(browser, width=390, height=844)
    page.page.goto(fixture_site + "benchmarks/tiny-sentiment.html")
    sizes = page.page.evaluate(CHART_TEXT_SIZES)
    assert sizes and min(sizes) >= 11, f"chart text as small as {min(sizes):.1f}px at 390px"
    assert page.page.locator("svg.progress circle").count() == 4  # alpha, beta, gamma, good each a record
    assert page.page.locator("ol.records li").count() == 4
    page.close()


def test_keyboard_sorting_with_separate_links(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "index.html")
    header = page.locator("table[data-task=classification] thead th", has_text="Tiny sentiment")
    assert header.locator("a").count() == 1 and header.locator("button a").count() == 0
    header.locator("a").focus()
    page.keyboard.press("Tab")  # from the link to its own sort button
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Sort by Tiny sentiment"
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    names = page.locator("table[data-task=classification] tbody th[scope=row] > a").all_inner_texts()
    assert names == ["Good Model", "Gamma Model", "Beta Model", "Alpha Model"]
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("table[data-task=classification] tbody th[scope=row] > a").all_inner_texts()[0] == "Alpha Model"


def test_home_overview_leads_with_the_leader(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "index.html")
    first = page.locator("table[data-task=classification] tbody tr").first
    assert first.locator("th a").inner_text() == "Good Model"
    assert "rank 1 of 4" in first.inner_text()
    leader = page.locator("ul.bench-list li", has_text="Tiny sentiment")
    assert "Good Model" in leader.inner_text() and "[" in leader.locator(".interval").inner_text()


def test_compare_two_models(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "compare.html")
    page.get_by_label("First model").select_option("good-model")
    page.get_by_label("Second model").select_option("alpha")
    result = page.locator("#compare-result table")
    row = result.locator("tbody tr", has_text="Tiny sentiment")
    pair = page.locator('table.pairs tr[data-a="good-model"][data-b="alpha"]')
    assert row.locator("td.difference").inner_text().startswith(pair.get_attribute("data-ab") or "?")
    assert "significant: Good Model is better" in row.inner_text()
    page.get_by_label("First model").select_option("alpha")
    page.get_by_label("Second model").select_option("good-model")
    row = page.locator("#compare-result tbody tr", has_text="Tiny sentiment")
    assert row.locator("td.difference").inner_text().startswith(pair.get_attribute("data-ba") or "?")
    assert row.locator("td.difference").inner_text().startswith("-")
    other = page.locator("#compare-result tbody tr", has_text="Tiny NER")
    assert "only one of them entered" in other.inner_text()


def test_compare_without_javascript(browser: Browser, fixture_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fixture_site + "compare.html")
    assert not page.locator("#compare-form").is_visible()
    pairs = page.locator('table.pairs[data-benchmark="tiny-sentiment"] tbody tr')
    assert pairs.count() == 6  # 4 models, every pair once
    assert "Good Model better" in page.locator('table.pairs tr[data-a="good-model"][data-b="alpha"]').inner_text()
    context.close()


def test_explorer_filters(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "explore/tiny-sentiment.html")
    rows = page.locator("#items-table tbody tr:not([hidden])")
    assert rows.count() == 6
    page.locator("#item-filters select[name=model]").select_option("beta")
    page.locator("#item-filters select[name=show]").select_option("wrong")
    assert rows.count() == 2  # beta fills s4-s6 with "negative": s5 is right by luck, s4 and s6 wrong
    assert rows.locator("td[data-model=beta]:not([hidden])").evaluate_all(
        "cells => cells.map(c => c.className)") == ["wrong"] * 2
    assert page.locator("#items-table td[data-model=alpha]:not([hidden])").count() == 0  # one model shown
    page.locator("#item-filters select[name=model]").select_option("")
    page.locator("#item-filters select[name=show]").select_option("disagree")
    for classes in rows.evaluate_all("rows => rows.map(r => Array.from(r.querySelectorAll('td[data-model]'), c => c.className))"):
        assert "wrong" in classes and "ok" in classes
    assert "items shown" in page.locator("#item-filters output").inner_text()


def test_models_index_search(watched: Watched, fixture_site: str) -> None:
    page = watched.page
    page.goto(fixture_site + "index.html")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Models").click()
    page.wait_for_load_state()
    assert page.url.endswith("models/index.html")
    rows = page.locator("#models-table tbody tr:not([hidden]) th[scope=row] > a")
    assert rows.count() == 4
    page.get_by_label("Search").fill("tiny ner")  # benchmarks' names are searchable too
    assert rows.all_inner_texts() == ["Good Model"]


def test_screenshots_of_the_shipped_site(browser: Browser, shipped_site: str) -> None:
    """Screenshots at both widths, light and dark, kept in test-artifacts/ for review."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = Watched(browser, width=1280, height=1000)
    page.page.goto(shipped_site + "index.html")
    first_benchmark = page.page.locator("ul.bench-list a").first
    first_benchmark.click()
    page.page.wait_for_load_state()
    assert page.page.locator("h1").inner_text()
    benchmark_url = page.page.url
    explorer = benchmark_url.replace("/benchmarks/", "/explore/")
    shots = {"home": shipped_site + "index.html", "benchmark": benchmark_url, "models": shipped_site + "models/index.html",
             "compare": shipped_site + "compare.html", "explore": explorer, "submit": shipped_site + "submit.html"}
    for width, scheme in ((1280, "light"), (390, "light"), (390, "dark")):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        shot = context.new_page()
        shot.on("pageerror", lambda exc: page.errors.append(str(exc)))
        for name, url in shots.items():
            shot.goto(url)
            suffix = "" if scheme == "light" else "-dark"
            shot.screenshot(path=str(ARTIFACTS / f"{name}-{width}{suffix}.png"), full_page=scheme == "light")
        context.close()
    assert page.errors == [] and page.outside == []
    page.close()
