"""The performance harness at a tiny scale: its inputs are right (timing is not tested here)."""

from __future__ import annotations

from pathlib import Path

from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site
from leaderboard.validation import validate_paths
from tests.scriptloader import load_script


def test_generated_repository_validates_builds_and_caches(tmp_path: Path) -> None:
    perf = load_script("perf")
    root = tmp_path / "repo"
    perf.generate_repository(root, scale=0.002)
    repository = Repository(root)
    reports = validate_paths([repository.submissions_dir], repository)
    assert len(reports) == 2 and all(r.ok() for r in reports), [p.format() for r in reports for p in r.problems]
    cache = ResultCache(tmp_path / "cache")
    first = build_site(repository, tmp_path / "site", cache=cache)
    assert first.scored == 16 and first.cache_hits == 0 and first.problems == 0
    second_cache = ResultCache(tmp_path / "cache")
    second = build_site(Repository(root), tmp_path / "site", cache=second_cache)
    assert second.scored == 0 and second.cache_hits == 16
    assert second_cache.store is not None
    assert len(second_cache.store.keys("validation")) == 16  # validation cached too
    assert len(list((tmp_path / "cache").iterdir())) == 1  # in one pack with the results (issue 17)


def test_reference_comparison_agrees(tmp_path: Path) -> None:
    perf = load_script("perf")
    root = tmp_path / "repo"
    perf.generate_repository(root, scale=0.002)
    figures = perf.scorer_comparison(root)
    assert set(figures) == {"classification", "ner", "chatbot", "prompting"}
    assert all(f["numbers_equal"] for f in figures.values())


def test_shards_parts_and_growth_are_measured(tmp_path: Path) -> None:
    perf = load_script("perf")
    root = tmp_path / "repo"
    perf.generate_repository(root, scale=0.002)
    cache = tmp_path / "cache"
    perf.run_build(root, tmp_path / "site", cache)
    parts = perf.warm_parts(root, cache, tmp_path / "parts-site")
    assert set(parts) == {"imports", "benchmarks", "validation", "cache_lookups", "ranking", "context", "render"}
    assert (tmp_path / "parts-site" / "drift.html").is_file()
    shards = perf.shard_comparison(root, tmp_path)
    assert shards["ratio"] > 0
    from leaderboard.results import ResultCache

    assert ResultCache(tmp_path / "merged").keys() == ResultCache(tmp_path / "one-process").keys() != []
