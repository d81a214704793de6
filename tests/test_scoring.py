from __future__ import annotations

from pathlib import Path

import pytest

from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.scorers import TASK_TYPES
from leaderboard.scoring import score_repository
from tests.conftest import CANARY


def test_cache_hits_on_unchanged_and_rescoring_on_change(fixture_repo: Repository, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    _, first, _ = score_repository(fixture_repo, cache=cache)
    assert cache.hits == 0 and cache.misses == len(first.results) == 4
    cache.hits = cache.misses = 0
    _, second, _ = score_repository(fixture_repo, cache=cache)
    assert cache.hits == 4 and cache.misses == 0
    assert [r.metrics for r in first.results] == [r.metrics for r in second.results]
    assert [r.interval for r in first.results] == [r.interval for r in second.results]

    (fixture_repo.submissions_dir / "good-model" / "tiny-sentiment.csv").write_text(
        "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,positive\ns5,negative\ns6,positive\n"
    )
    cache.hits = cache.misses = 0
    score_repository(fixture_repo, cache=cache)
    assert (cache.hits, cache.misses) == (3, 1)


def test_bumping_a_scorer_version_rescores_exactly_its_task_type(
    fixture_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path / "cache")
    score_repository(fixture_repo, cache=cache)
    monkeypatch.setattr(type(TASK_TYPES["ner"]), "version", "999")
    cache.hits = cache.misses = 0
    _, board, _ = score_repository(fixture_repo, cache=cache)
    assert cache.misses == 1
    assert next(r for r in board.results if r.benchmark_id == "tiny-ner").scorer_version == "999"


def test_result_record_contents(fixture_repo: Repository) -> None:
    _, board, _ = score_repository(fixture_repo, cache=ResultCache(None))
    record = next(r for r in board.results if r.benchmark_id == "tiny-docqa")
    assert record.slug == "good-model"
    assert (record.benchmark_version, record.task_type, record.scorer_version) == ("1.0", "prompting", "1")
    assert len(record.predictions_sha256) == len(record.gold_sha256) == 64
    assert record.n_items == 3 and record.primary_metric == "token_f1"
    low, high = record.interval
    assert low <= record.score <= high
    assert (board.pending[0].slug, board.pending[0].benchmark_id) == ("good-model", "tiny-private")
    assert "maintainers' CI" in board.pending[0].reason


def test_private_gold_is_scored_with_the_environment_and_leaks_nothing(
    fixture_repo: Repository, private_gold: Path, tmp_path: Path
) -> None:
    cache = ResultCache(tmp_path / "cache")
    _, board, _ = score_repository(fixture_repo, cache=cache)
    record = next(r for r in board.results if r.benchmark_id == "tiny-private")
    assert record.private_gold and record.n_items == 2 and not board.pending
    for path in (tmp_path / "cache").rglob("*"):
        assert CANARY not in path.name
        if path.suffix == ".json":
            assert CANARY not in path.read_text()


def test_parallel_batched_scoring_equals_serial_per_file_scoring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers (one BLAS thread, gold prepared once per worker, batched bootstrap) give the same
    bits as scoring each file alone in this process."""
    import numpy as np

    import leaderboard.scoring as scoring
    from leaderboard.stats import benchmark_seed, bootstrap_replicates, percentile_interval
    from tests.scriptloader import load_script

    root = tmp_path / "repo"
    load_script("perf").generate_repository(root, scale=0.01)  # 4 submissions x 8 benchmarks
    _, parallel, _ = score_repository(Repository(root), cache=ResultCache(None))
    assert len(parallel.results) >= scoring.PARALLEL_THRESHOLD
    monkeypatch.setattr(scoring, "PARALLEL_THRESHOLD", 10**6)
    reports, serial, _ = score_repository(Repository(root), cache=ResultCache(None))
    predictions = {(r.slug, p.benchmark.id): p for r in reports for p in r.predictions.values()}
    gold = scoring.GoldCache()
    for fast, slow in zip(parallel.results, serial.results, strict=True):
        assert fast == slow and fast.replicates.tobytes() == slow.replicates.tobytes()
        prediction = predictions[(fast.slug, fast.benchmark_id)]
        benchmark = prediction.benchmark
        gold_frame, _ = gold.get(benchmark)
        predicted = prediction.table.frame.set_index("id", drop=False).reindex(gold_frame.index)
        alone = benchmark.task.score(benchmark, gold_frame, predicted)  # no prepared gold, no batch
        assert alone.metrics == fast.metrics and alone.breakdown == fast.breakdown
        replicates = bootstrap_replicates(alone.features, alone.statistic, seed=benchmark_seed(benchmark.id))
        assert replicates.tobytes() == fast.replicates.tobytes()
        assert percentile_interval(replicates) == fast.interval
        assert np.isfinite(fast.replicates).all()


def test_a_file_in_gold_order_is_aligned_without_reindexing_and_equally() -> None:
    import pandas as pd

    from leaderboard.scorers.base import aligned_with

    ids = pd.Index(["a", "b", "c", "d"], name="id")
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "answer": ["1", "2", "3", "4"]})
    for rows in ([0, 1, 2, 3], [3, 1, 0, 2], [0, 1, 2]):  # in order, shuffled, one missing
        shuffled = frame.iloc[rows].reset_index(drop=True)
        expected = shuffled.set_index("id", drop=False).reindex(ids)
        pd.testing.assert_frame_equal(aligned_with(shuffled, ids), expected)
