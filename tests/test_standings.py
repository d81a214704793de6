"""One standings model: every surface shows the same field and the same ranks (issue 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from leaderboard import Leaderboard, scoring
from leaderboard.cli import main
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.scoring import score_reports
from leaderboard.site import build_site
from leaderboard.standings import evaluate_repository
from leaderboard.validation import validate_paths
from tests.conftest import add_submission
from tests.site.conftest import REPO_URL

#: Four of six right: worse than good-model's copy of the gold, better than nothing.
SENTIMENT = "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,neutral\ns5,neutral\ns6,neutral\n"


def add(repo: Repository, slug: str, name: str, organization: str | None) -> None:
    add_submission(repo, slug, name, {"tiny-sentiment.csv": SENTIMENT}, organization)


def cli_json(capsys: pytest.CaptureFixture[str], repo: Repository, *args: str) -> object:
    main(["--root", str(repo.root), *args])
    return json.loads(capsys.readouterr().out)


def test_a_submission_that_would_not_be_published_is_unranked_everywhere(
    fixture_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid predictions, but metadata.yaml lacks `organization`: listed nowhere, ranked nowhere."""
    add(fixture_repo, "second", "Second Model", "Org B")
    add(fixture_repo, "no-org", "No Organisation", None)

    shown = cli_json(capsys, fixture_repo, "show", "tiny-sentiment", "--json")
    assert isinstance(shown, dict)
    ranks = {m["slug"]: m["rank"] for m in shown["models"]}
    assert set(ranks) == {"good-model", "second"}

    status = cli_json(capsys, fixture_repo, "status", "good-model", "--json")
    assert isinstance(status, dict)
    [sentiment] = [r for r in status["results"] if r["benchmark"] == "tiny-sentiment"]
    assert (sentiment["rank"], sentiment["of"]) == (ranks["good-model"], 2)

    scored = cli_json(capsys, fixture_repo, "score", "--format", "json")
    assert isinstance(scored, list)
    by_slug = {s["submission"]: s for s in scored}
    for slug in ("good-model", "second"):
        [result] = [r for r in by_slug[slug]["results"] if r["benchmark_id"] == "tiny-sentiment"]
        assert (result["rank"], result["of"], result["listed"]) == (ranks[slug], 2, True)
    [unlisted] = by_slug["no-org"]["results"]
    assert (unlisted["rank"], unlisted["of"], unlisted["listed"]) == (None, 2, False)
    assert by_slug["no-org"]["listed"] is False and "metadata.yaml" in by_slug["no-org"]["reason"]

    main(["--root", str(fixture_repo.root), "score", str(fixture_repo.submissions_dir / "no-org"), "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert "**Not ranked**" in markdown and "No Organisation ←" not in markdown
    main(["--root", str(fixture_repo.root), "score", str(fixture_repo.submissions_dir / "second"), "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert f"Rank **{ranks['second']}** of 2" in markdown and "No Organisation" not in markdown

    main(["--root", str(fixture_repo.root), "score", str(fixture_repo.submissions_dir / "no-org")])
    assert "not ranked" in capsys.readouterr().out

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    site = tmp_path / "site"
    build_site(fixture_repo, site, cache=ResultCache(None), repo_url=REPO_URL)
    api = json.loads((site / "api" / "leaderboard" / "tiny-sentiment.json").read_text())
    assert api == shown == Leaderboard(fixture_repo.root).get_leaderboard("tiny-sentiment")
    assert not (site / "models" / "no-org.html").exists() and not (site / "api" / "models" / "no-org.json").exists()
    page = (site / "benchmarks" / "tiny-sentiment.html").read_text()
    assert "2 models" in page and "No Organisation" not in page
    model = json.loads((site / "api" / "models" / "second.json").read_text())
    assert [r["rank"] for r in model["results"]] == [ranks["second"]]


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cold_warm_and_half_cached_builds_are_byte_identical(
    fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Breakdowns read from the cache (keys sorted) and fresh ones (scoring order) render alike."""
    definition = fixture_repo.benchmarks_dir / "tiny-sentiment" / "benchmark.yaml"
    text = definition.read_text()
    definition.write_text(text.replace("[negative, neutral, positive]", "[positive, neutral, negative]"))
    add(fixture_repo, "second", "Second Model", "Org B")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    cache_dir = tmp_path / "cache"

    def build(name: str) -> tuple[dict[str, bytes], ResultCache]:
        cache = ResultCache(cache_dir)
        build_site(fixture_repo, tmp_path / name, cache=cache, repo_url=REPO_URL)
        return site_files(tmp_path / name), cache

    cold, cold_cache = build("cold")
    warm, warm_cache = build("warm")
    assert len(list(cache_dir.iterdir())) == 1  # one pack file for the whole build (issue 17)
    full = ResultCache(cache_dir)
    keys = full.keys()
    half_dir = tmp_path / "half-cache"
    halved = ResultCache(half_dir)
    for key in keys[::2]:
        record = full.peek(key)
        assert record is not None
        halved.put(key, record)
    halved.flush()
    cache_dir = half_dir
    half, half_cache = build("half")
    assert cold_cache.hits == 0 and warm_cache.misses == 0 and 0 < half_cache.hits < warm_cache.hits
    assert cold == warm == half


def test_parallel_scoring_equals_sequential(fixture_repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(3):
        add(fixture_repo, f"copy-{index}", f"Copy {index}", "Org")
        shutil.copytree(fixture_repo.root / "submissions" / "good-model", fixture_repo.root / "submissions" / f"full-{index}")
    reports = validate_paths([fixture_repo.submissions_dir], fixture_repo)
    monkeypatch.setattr(scoring, "PARALLEL_THRESHOLD", 10**9)
    sequential = score_reports(reports, cache=ResultCache(None))
    monkeypatch.setattr(scoring, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(scoring, "_CHUNK", 2)  # several chunks per benchmark, so several workers
    parallel = score_reports(reports, cache=ResultCache(None))
    assert len(sequential.results) == len(parallel.results) > 8
    for one, other in zip(sequential.results, parallel.results, strict=True):
        assert one == other
        assert np.array_equal(one.replicates, other.replicates)
    assert sequential.pending == parallel.pending


def test_standings_rank_only_published_submissions(fixture_repo: Repository) -> None:
    add(fixture_repo, "no-org", "No Organisation", None)
    standings = evaluate_repository(fixture_repo, cache=ResultCache(None)).standings
    board = standings.benchmarks["tiny-sentiment"]
    assert [e.slug for e in board.entries] == ["good-model"]
    [unranked] = [u for u in board.unranked if u.slug == "no-org"]
    assert unranked.state == "unlisted" and unranked.result is not None
    assert standings.unlisted == {"no-org": unranked.reason}
    [pending] = [u for u in standings.benchmarks["tiny-private"].unranked]
    assert (pending.slug, pending.state) == ("good-model", "pending")
