from __future__ import annotations

import gc
import json
import random
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from leaderboard.collector import collector_paused
from leaderboard.download import prediction_template
from leaderboard.repository import Repository
from leaderboard.scorers import TASK_TYPES
from leaderboard.site.builder import api_json
from leaderboard.site.formats import EXAMPLE_VALUES, prediction_format
from leaderboard.site.items import JUDGES
from tests.conftest import CANARY, FIXTURE_REPO
from tests.site.conftest import GOLDEN, add_models, build_fixture_site


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("writers", [1, 2])
def test_site_matches_golden_files(
    fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writers: int
) -> None:
    """Regenerate with `make golden` (scripts/regenerate_golden.py) and review the diff. With two
    writers a forked process writes every other file (as a big site is written): the same bytes."""
    import leaderboard.site.builder as builder
    import leaderboard.site.items as items

    shares: list[tuple[int, int]] = []
    original = builder._write_share

    def spy(rendering: Any, index: int, count: int) -> None:
        shares.append((index, count))  # in this process only: the forked writer's share is 1 of 2
        original(rendering, index, count)

    judged: list[tuple[int, int]] = []
    original_judge = items._judge_share

    def judge_spy(boards: Any, reports: Any, index: int, count: int) -> list[Any]:
        judged.append((index, count))
        return original_judge(boards, reports, index, count)

    monkeypatch.setattr(builder, "_write_share", spy)
    monkeypatch.setattr(items, "_judge_share", judge_spy)
    if writers == 2:  # a forked process judges every other benchmark's items
        monkeypatch.setattr(builder, "PARALLEL_PAGES", 1)
        monkeypatch.setattr(items, "PARALLEL_BENCHMARKS", 1)
    monkeypatch.setenv("LEADERBOARD_WORKERS", str(writers))
    built = site_files(build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch))
    assert shares == [(0, writers)]
    assert judged == ([(0, 2)] if writers == 2 else [])
    expected = site_files(GOLDEN)
    assert sorted(built) == sorted(expected)
    for name, content in expected.items():
        assert built[name] == content, f"{name} differs from tests/golden/site; run `make golden` and review"


def add_submission(repo: Repository, slug: str, metadata: str, files: dict[str, str]) -> None:
    folder = repo.submissions_dir / slug
    folder.mkdir()
    (folder / "metadata.yaml").write_text(metadata, encoding="utf-8")
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")


METADATA = """model_name: {name}
organization: {org}
description: {description}
model_url: {url}
license: MIT
open_weights: false
approach: zero-shot
trained_on_benchmark_data: false
maintainers: [someone]
submitted: 2026-11-01
"""
SENTIMENT = "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,neutral\ns5,neutral\ns6,neutral\n"


def test_every_valid_submission_appears_and_broken_ones_are_listed(
    fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_submission(fixture_repo, "second", METADATA.format(name="Second Model", org="Org B", description="d",
                                                           url="https://example.org"), {"tiny-sentiment.csv": SENTIMENT})
    add_submission(fixture_repo, "broken", "model_name: [unclosed\n", {"tiny-sentiment.csv": SENTIMENT})
    add_submission(fixture_repo, "half-broken", METADATA.format(name="Half Broken", org="Org C", description="d",
                                                                url="https://example.org"),
                   {"tiny-sentiment.csv": SENTIMENT, "tiny-ner.csv": "id,tags\nn1,O\n"})
    site = build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch)
    board = json.loads((site / "api/leaderboard/tiny-sentiment.json").read_text())
    assert sorted(m["slug"] for m in board["models"]) == ["good-model", "half-broken", "second"]
    assert board["models"][0]["slug"] == "good-model" and board["models"][0]["rank"] == 1
    page = (site / "benchmarks/tiny-sentiment.html").read_text()
    for slug, name in (("good-model", "Good Model"), ("second", "Second Model"), ("half-broken", "Half Broken")):
        assert f'href="../models/{slug}.html"><bdi>{name}</bdi>' in page
        assert (site / f"models/{slug}.html").is_file()
        assert (site / f"api/models/{slug}.json").is_file()
    problems = (site / "problems.html").read_text()
    assert "submissions/broken/metadata.yaml:2: invalid YAML" in problems
    assert "submissions/half-broken/tiny-ner.csv:2: 1 tags for 6 tokens" in problems
    assert not (site / "models/broken.html").exists()
    assert "Problems (2)" in (site / "index.html").read_text()


HOSTILE_NAME = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_hostile_metadata_renders_inert(fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_submission(fixture_repo, "hostile", METADATA.format(
        name=json.dumps(HOSTILE_NAME), org=json.dumps("' onmouseover='alert(1)"),
        description=json.dumps("<b>bold</b> [link](javascript:alert(1)) " + "x" * 4000),
        url="https://example.org/\"onmouseover=alert(1)"), {"tiny-sentiment.csv": SENTIMENT})
    add_submission(fixture_repo, "bidi", METADATA.format(
        name=json.dumps("Evil\u202eledoM"), org="O", description="d", url="javascript:alert(1)"),
        {"tiny-sentiment.csv": SENTIMENT})
    add_submission(fixture_repo, "long", METADATA.format(name="L" * 100, org="O" * 100, description="d",
                                                         url="https://example.org"), {"tiny-sentiment.csv": SENTIMENT})
    site = build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch)
    for path in site.rglob("*.html"):
        html = path.read_text()
        assert "<script>alert" not in html and "<img" not in html, path
        assert "onmouseover='" not in html and 'onmouseover="' not in html.replace('&#34;onmouseover', ''), path
        assert not re.search(r'href="\s*javascript:', html, re.IGNORECASE), path
        assert "\u202e" not in html, path
        assert len(re.findall(r"<script", html)) == 1, path  # only our own table.js
    assert "&lt;script&gt;alert" in (site / "models/hostile.html").read_text()
    assert "bidi" not in {p.stem for p in (site / "models").iterdir()}  # refused by validation
    assert "submissions/bidi/metadata.yaml:1: model_name: contains the bidirectional control character U+202E" in (
        site / "problems.html").read_text()


def test_api_shape(fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch)
    benchmarks = json.loads((site / "api/benchmarks.json").read_text())
    assert benchmarks["schema_version"] == 2
    assert [b["id"] for b in benchmarks["benchmarks"]] == ["tiny-chat", "tiny-docqa", "tiny-ner", "tiny-private", "tiny-sentiment"]
    board = json.loads((site / "api/leaderboard/tiny-docqa.json").read_text())
    entry = board["models"][0]
    assert {"rank", "model", "score", "ci"} <= set(entry)
    assert entry["ci"][0] <= entry["score"] <= entry["ci"][1]
    model = json.loads((site / "api/models/good-model.json").read_text())
    assert model["schema_version"] == 2 and model["pending"] == ["tiny-private"]
    assert (site / "api/leaderboard/tiny-docqa.csv").read_text().startswith("schema_version,rank,model,")


def test_api_facts_and_csv_columns(fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch)
    entry = json.loads((site / "api/leaderboard/tiny-sentiment.json").read_text())["models"][0]
    assert entry["trained_on_benchmark_data"] is False and entry["parameters"] == "7B"
    assert entry["model_url"] == "https://example.org/good-model" and entry["submitted"] == "2026-11-01"
    header, row = (site / "api/leaderboard/tiny-sentiment.csv").read_text().splitlines()[:2]
    columns = dict(zip(header.split(","), row.split(","), strict=True))
    assert columns["trained_on_benchmark_data"] == "false" and columns["parameters"] == "7B"
    summary = json.loads((site / "api/benchmarks.json").read_text())["benchmarks"]
    assert {b["id"]: b["prediction_columns"] for b in summary}["tiny-ner"] == ["id", "tags"]


def test_pairwise_outcomes_agree_with_ranks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """compare/<id>.json uses the ranking's own test: rank = 1 + the pairs a model loses."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    add_models(root)
    site = build_fixture_site(Repository(root), tmp_path / "site", monkeypatch)
    board = json.loads((site / "api/leaderboard/tiny-sentiment.json").read_text())
    compare = json.loads((site / "api/compare/tiny-sentiment.json").read_text())
    assert len(compare["pairs"]) == 6 and compare["models"] == [m["slug"] for m in board["models"]]
    losses = {slug: 0 for slug in compare["models"]}
    for pair in compare["pairs"]:
        if pair["better"] is not None:
            losses[pair["b"] if pair["better"] == pair["a"] else pair["a"]] += 1
        assert pair["ci"][0] <= pair["difference"] <= pair["ci"][1]
    assert {m["slug"]: m["rank"] for m in board["models"]} == {slug: 1 + n for slug, n in losses.items()}
    assert any(pair["better"] for pair in compare["pairs"]) and any(not pair["better"] for pair in compare["pairs"])
    items = json.loads((site / "api/items/tiny-sentiment.json").read_text())
    correct = {slug: sum(item["results"][slug]["correct"] for item in items["items"]) for slug in items["models"]}
    assert correct == {"good-model": 6, "gamma": 5, "beta": 4, "alpha": 2}  # fills that happen to be right count
    page = (site / "benchmarks/tiny-sentiment.html").read_text()
    assert page.index('id="ranking"') < page.index('<details class="about">')  # ranking before the description


def test_no_private_gold_reaches_any_output(
    fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_gold: Path
) -> None:
    """Even when the private gold is available (the trusted publish job), nothing item by item of it is shown."""
    site = build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch)
    board = json.loads((site / "api/leaderboard/tiny-private.json").read_text())
    assert [m["slug"] for m in board["models"]] == ["good-model"]  # scored with the private gold
    assert not (site / "explore/tiny-private.html").exists() and not (site / "api/items/tiny-private.json").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".zip":
            text = path.read_text(encoding="utf-8")
            assert CANARY not in text, path
            if path.parent.name == "items":
                assert json.loads(text)["benchmark"] != "tiny-private"
    for path in (site / "data").iterdir():  # the downloads carry inputs only
        with zipfile.ZipFile(path) as archive:
            assert not any("gold" in name for name in archive.namelist()), path
            for name in archive.namelist():
                if not name.endswith("documents/vault.txt"):  # the document itself is public input
                    assert CANARY.encode() not in archive.read(name), (path, name)


def test_every_task_type_has_an_item_judge_and_example_values() -> None:
    assert set(JUDGES) == set(TASK_TYPES)
    for task in TASK_TYPES.values():
        assert set(task.prediction_columns[1:] + task.optional_prediction_columns) <= set(EXAMPLE_VALUES), task.name


def test_prediction_format_matches_the_download_template(fixture_repo: Repository) -> None:
    for benchmark in fixture_repo.benchmarks.values():
        fmt = prediction_format(benchmark)
        template = prediction_template(benchmark).splitlines()
        lines = fmt.example.splitlines()
        assert lines[0] == template[0] == fmt.header and len(lines) == 3
        assert [line.split(",")[0] for line in lines[1:]] == [line.split(",")[0] for line in template[1:3]]
        assert f"--benchmark {benchmark.id} " in fmt.submit
    ner = prediction_format(fixture_repo.benchmarks["tiny-ner"])
    tokens = fixture_repo.benchmarks["tiny-ner"].eval_table.frame["tokens"].iloc[0]
    assert ner.example.splitlines()[1].split(",")[1].split() == ["O"] * len(tokens)


def test_code_and_weights_links_reach_the_model_page_and_the_api(
    fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = fixture_repo.submissions_dir / "good-model" / "metadata.yaml"
    folder.write_text(folder.read_text().replace(
        "model_url: https://example.org/good-model\n",
        "model_url: https://example.org/good-model\ncode_url: https://example.org/code\n"
        "weights_url: https://example.org/weights\n"))
    site = build_fixture_site(fixture_repo, tmp_path / "site", monkeypatch)
    page = (site / "models" / "good-model.html").read_text()
    assert 'href="https://example.org/code"' in page and 'href="https://example.org/weights"' in page
    entry = json.loads((site / "api" / "leaderboard" / "tiny-sentiment.json").read_text())["models"][0]
    assert (entry["code_url"], entry["weights_url"]) == ("https://example.org/code", "https://example.org/weights")


HOSTILE_TEXTS = ["", " ", "\x00\x01\x1f\x7f", "\u2028\u2029", '"\\/', "é 😀 中文 עברית", "\t\n\r\b\f", "a, b: [c] {d}",
                 '{"not": "parsed"}', "\ud7ff\ue000\uffff"]


def test_api_json_is_the_standard_librarys_indented_json() -> None:
    """The fast writer changes nothing a reader could see: every byte is json.dumps(indent=2)'s."""
    rng = random.Random(17)

    def value(depth: int) -> object:
        kind = rng.randrange(9 if depth < 4 else 6)
        if kind == 0:
            return round(rng.uniform(-1, 1) * 10 ** rng.randint(-9, 17), rng.randint(0, 8))
        if kind == 1:
            return rng.choice([0.0, -0.0, 1e-05, 1.5e-07, 1e16, 1e22, 5e-324, 2**70, -(2**63), 0, True, False, None])
        if kind in (2, 3):
            return "".join(rng.choice(HOSTILE_TEXTS) for _ in range(rng.randint(0, 3)))
        if kind in (4, 5):
            return rng.randint(-10**6, 10**6)
        if kind == 6:
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return {"".join(rng.choice(HOSTILE_TEXTS) for _ in range(rng.randint(0, 2))) + str(rng.randint(0, 9)):
                value(depth + 1) for _ in range(rng.randint(0, 4))}

    for _ in range(2000):
        payload = {"items": [value(0) for _ in range(3)], "nested": {"empty": {}, "none": [], "x": [[]]}}
        assert api_json(payload) == json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with_nan = {"score": float("nan"), "ci": [float("-inf"), float("inf")]}  # not JSON: the slow way, as before
    assert api_json(with_nan) == json.dumps(with_nan, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_collector_pause_restores_what_it_found() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()
