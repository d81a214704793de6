"""Suites: the mean of the benchmarks' primary metrics, ranked over models that entered them all."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from leaderboard import Leaderboard
from leaderboard.cli import main
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site
from leaderboard.standings import evaluate_repository
from tests.conftest import PROJECT_ROOT, add_submission

SUITES = """# yaml-language-server: $schema=../../../../../schemas/suites.schema.json
suites:
  - id: public
    name: Public fixtures
    description: The fixture benchmarks with public gold.
    benchmarks: [tiny-sentiment, tiny-ner, tiny-docqa]
  - id: words
    name: Word tasks
    description: Classification and NER.
    benchmarks: [tiny-sentiment, tiny-ner]
"""
@pytest.fixture
def suite_repo(fixture_repo: Repository) -> Repository:
    (fixture_repo.benchmarks_dir / "suites.yaml").write_text(SUITES, encoding="utf-8")
    good = fixture_repo.submissions_dir / "good-model"
    add_submission(fixture_repo, "partial", "Partial", {"tiny-sentiment.csv": good / "tiny-sentiment.csv"})
    add_submission(fixture_repo, "weaker", "Weaker", {
        "tiny-sentiment.csv": "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,neutral\ns5,neutral\ns6,neutral\n",
        "tiny-ner.csv": good / "tiny-ner.csv", "tiny-docqa.jsonl": good / "tiny-docqa.jsonl",
    })
    return Repository(fixture_repo.root)


def test_a_suite_score_is_the_mean_and_incomplete_models_are_unranked(suite_repo: Repository) -> None:
    standings = evaluate_repository(suite_repo, cache=ResultCache(None)).standings
    suite = standings.suites["public"]
    assert [e.slug for e in suite.entries] == ["good-model", "weaker"]
    for entry in suite.entries:
        scores = [standings.benchmarks[b].entry(entry.slug).result.score  # type: ignore[union-attr]
                  for b in ("tiny-sentiment", "tiny-ner", "tiny-docqa")]
        assert entry.score == pytest.approx(np.mean(scores), abs=1e-12)
        assert list(entry.scores) == ["tiny-sentiment", "tiny-ner", "tiny-docqa"]
        low, high = entry.interval
        assert low - 1e-12 <= entry.score <= high + 1e-12
    [incomplete] = suite.incomplete
    assert (incomplete.slug, incomplete.missing) == ("partial", ["tiny-ner", "tiny-docqa"])


def test_suite_replicates_resample_each_benchmark_independently(suite_repo: Repository) -> None:
    standings = evaluate_repository(suite_repo, cache=ResultCache(None)).standings
    entry = standings.suites["words"].entries[1]
    parts = [standings.benchmarks[b].entry(entry.slug).result.replicates  # type: ignore[union-attr]
             for b in ("tiny-sentiment", "tiny-ner")]
    assert np.array_equal(entry.replicates, (parts[0] + parts[1]) / 2)


def test_suites_on_every_surface(
    suite_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--root", str(suite_repo.root), "show", "--suite", "public", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["models"][0]["slug"] == "good-model"
    assert shown["incomplete"] == [{"model": "Partial", "slug": "partial", "missing": ["tiny-ner", "tiny-docqa"]}]
    assert Leaderboard(suite_repo.root).get_leaderboard("public") == shown
    assert main(["--root", str(suite_repo.root), "show", "--suite", "public"]) == 0
    text = capsys.readouterr().out
    assert "incomplete (not ranked): Partial, missing tiny-ner, tiny-docqa" in text
    assert main(["--root", str(suite_repo.root), "show", "--suite", "publik"]) == 1
    assert "did you mean 'public'" in capsys.readouterr().err

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    site = tmp_path / "site"
    build_site(suite_repo, site, cache=ResultCache(None))
    assert json.loads((site / "api" / "suites" / "public.json").read_text()) == shown
    index = json.loads((site / "api" / "suites.json").read_text())
    assert [s["id"] for s in index["suites"]] == ["public", "words"]
    page = (site / "suites" / "public.html").read_text()
    assert "Good Model" in page and "missing tiny-ner, tiny-docqa" in page
    home = (site / "index.html").read_text()
    assert home.index('id="suites-heading"') < home.index('id="tasks-heading"')


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("[tiny-sentiment, tiny-ner]", "[tiny-sentiment, tiny-nerr]", "'tiny-nerr' is not a known benchmark (did you mean 'tiny-ner'?)"),
        ("[tiny-sentiment, tiny-ner]", "[tiny-sentiment]", "benchmarks: List should have at least 2 items"),
        ("    name: Word tasks\n", "", "required field 'suites.1.name' is missing"),
    ],
)
def test_suite_problems_are_located_and_isolated(
    suite_repo: Repository, replace: str, by: str, message: str
) -> None:
    path = suite_repo.benchmarks_dir / "suites.yaml"
    path.write_text(SUITES.replace(replace, by), encoding="utf-8")
    repository = Repository(suite_repo.root)
    problems = [p for found in repository.broken_suites.values() for p in found]
    assert any(message in p.message and p.path == "benchmarks/suites.yaml" and p.line for p in problems), problems


def test_a_suite_of_a_broken_benchmark_is_set_aside(suite_repo: Repository) -> None:
    definition = suite_repo.benchmarks_dir / "tiny-docqa" / "benchmark.yaml"
    definition.write_text(definition.read_text().replace("task_type: prompting", "task_type: qa2"))
    repository = Repository(suite_repo.root)
    assert list(repository.suites) == ["words"]
    [problem] = repository.broken_suites["public"]
    assert "benchmark 'tiny-docqa' has a broken definition" in problem.message and problem.line == 6


def test_the_shipped_suites_cover_each_task_type_and_everything() -> None:
    repository = Repository(PROJECT_ROOT)
    assert repository.broken_suites == {}
    suites = repository.suites.values()
    assert any(set(s.benchmarks) == set(repository.benchmarks.values()) for s in suites)
    for task_type in {b.task.name for b in repository.benchmarks.values()}:
        assert any({b.task.name for b in s.benchmarks} == {task_type} for s in suites), task_type
