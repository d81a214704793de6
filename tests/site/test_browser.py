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

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("LEADERBOARD_CHROMIUM") or "/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
MODELS = [("alpha", "Alpha Model", "zero-shot", "true", "positive"),
          ("beta", "Beta Model", "few-shot", "false", "negative"),
          ("gamma", "Gamma Model", "rag", "false", "positive")]


def add_models(root: Path) -> None:
    eval_ids = ["s1", "s2", "s3", "s4", "s5", "s6"]
    gold = ["positive", "negative", "neutral", "positive", "negative", "neutral"]
    for index, (slug, name, approach, open_weights, fill) in enumerate(MODELS):
        folder = root / "submissions" / slug
        folder.mkdir()
        (folder / "metadata.yaml").write_text(
            f"model_name: {name}\norganization: Org {slug}\ndescription: Browser fixture.\nlicense: MIT\n"
            f"open_weights: {open_weights}\napproach: {approach}\ntrained_on_benchmark_data: false\n"
            "maintainers: [someone]\nsubmitted: 2026-11-0" + str(index + 1) + "\n"
        )
        labels = [g if i <= index * 2 else fill for i, g in enumerate(gold)]
        (folder / "tiny-sentiment.csv").write_text(
            "id,label\n" + "".join(f"{i},{lab}\n" for i, lab in zip(eval_ids, labels, strict=True))
        )


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
    return page.locator("#ranking-table tbody tr:not([hidden]) th[scope=row]").all_inner_texts()


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
    assert page.locator("svg.chart circle").count() == 4
    context.close()


@pytest.mark.parametrize("path", ["index.html", "benchmarks/tiny-sentiment.html", "models/good-model.html",
                                  "about.html", "submit.html", "problems.html"])
def test_usable_at_phone_width(browser: Browser, fixture_site: str, path: str) -> None:
    page = Watched(browser, width=375, height=740)
    page.page.goto(fixture_site + path)
    overflow = page.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 375px"
    assert page.errors == [] and page.outside == []
    page.close()


def test_screenshots_of_the_shipped_site(browser: Browser, shipped_site: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = Watched(browser, width=1280, height=1000)
    page.page.goto(shipped_site + "index.html")
    page.page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    first_benchmark = page.page.locator("ul.bench-list a").first
    first_benchmark.click()
    page.page.wait_for_load_state()
    assert page.page.locator("h1").inner_text()
    page.page.screenshot(path=str(ARTIFACTS / "benchmark.png"), full_page=True)
    dark = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    phone = dark.new_page()
    phone.goto(page.page.url)
    phone.screenshot(path=str(ARTIFACTS / "benchmark-phone-dark.png"), full_page=False)
    dark.close()
    assert page.errors == [] and page.outside == []
    page.close()
