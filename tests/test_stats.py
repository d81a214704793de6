from __future__ import annotations

import ast
import math
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from fractions import Fraction

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from leaderboard.stats import (
    DEFAULT_RESAMPLES,
    benchmark_seed,
    bootstrap_many,
    bootstrap_replicates,
    fixed_point_limbs,
    percentile_interval,
    resample_counts,
    tie_aware_ranks,
)


def mean_statistic(sums: np.ndarray) -> np.ndarray:
    return np.asarray(sums[:, 0] / sums[:, 1])


def features_of(values: np.ndarray) -> np.ndarray:
    return np.column_stack([values, np.ones_like(values)])


def test_resample_counts_are_a_bootstrap() -> None:
    counts = resample_counts(50, 200, seed=1)
    assert counts.shape == (200, 50)
    assert (counts.sum(axis=1) == 50).all()
    assert not counts.flags.writeable


def test_intervals_are_the_same_in_another_process() -> None:
    """Seeds come from the benchmark id (crc32), not from ``hash`` or the clock: a fresh interpreter
    with another hash seed draws the same replicates."""
    code = (
        "import numpy as np; from leaderboard.stats import bootstrap_replicates, benchmark_seed;"
        "v = np.random.default_rng(0).random(300); f = np.column_stack([v, np.ones_like(v)]);"
        "r = bootstrap_replicates(f, lambda s: s[:, 0] / s[:, 1], seed=benchmark_seed('fin-sentiment'));"
        "print(repr(r.tolist()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    values = np.random.default_rng(0).random(300)
    here = bootstrap_replicates(features_of(values), mean_statistic, seed=benchmark_seed("fin-sentiment"))
    assert np.array_equal(np.array(ast.literal_eval(other.stdout)), here)
    assert benchmark_seed("fin-sentiment") != benchmark_seed("support-tickets")


def test_interval_coverage_is_about_95_percent() -> None:
    """Simulation: Bernoulli(0.7) accuracy on 200 items, 300 data sets."""
    rng = np.random.default_rng(42)
    covered = 0
    trials = 300
    for trial in range(trials):
        values = (rng.random(200) < 0.7).astype(float)
        replicates = bootstrap_replicates(features_of(values), mean_statistic, resamples=400, seed=trial)
        low, high = percentile_interval(replicates)
        covered += low <= 0.7 <= high
    assert 0.90 <= covered / trials <= 0.99


def test_identical_submissions_tie_and_a_clearly_better_one_ranks_first() -> None:
    rng = np.random.default_rng(1)
    truth = rng.random(400) < 0.6
    weak = features_of(truth.astype(float))
    strong = features_of(np.where(rng.random(400) < 0.9, 1.0, truth.astype(float)))
    seed = benchmark_seed("b")
    replicates = {
        "weak-a": bootstrap_replicates(weak, mean_statistic, seed=seed),
        "weak-b": bootstrap_replicates(weak, mean_statistic, seed=seed),
        "strong": bootstrap_replicates(strong, mean_statistic, seed=seed),
    }
    scores = {"weak-a": weak[:, 0].mean(), "weak-b": weak[:, 0].mean(), "strong": strong[:, 0].mean()}
    keys = sorted(replicates)
    entries = tie_aware_ranks(keys, [scores[k] for k in keys], [replicates[k] for k in keys])
    assert [(e.key, e.rank, e.position) for e in entries] == [
        ("strong", 1, 1), ("weak-a", 2, 2), ("weak-b", 2, 3)
    ]


def test_lower_is_better_ranks_the_other_way() -> None:
    low, high = np.full(1000, 0.1), np.full(1000, 0.9)
    entries = tie_aware_ranks(["low", "high"], [0.1, 0.9], [low, high], greater_is_better=False)
    assert [(e.key, e.rank) for e in entries] == [("low", 1), ("high", 2)]


def test_empty_and_single() -> None:
    assert tie_aware_ranks([], [], []) == []
    (only,) = tie_aware_ranks(["a"], [0.5], [np.zeros(10)])
    assert only.rank == 1


@pytest.mark.parametrize("n", [1, 7])
def test_tiny_benchmarks(n: int) -> None:
    replicates = bootstrap_replicates(features_of(np.ones(n)), mean_statistic, seed=3)
    assert percentile_interval(replicates) == (1.0, 1.0)


@pytest.mark.parametrize("resamples", [1000, 999, 40])
def test_counting_shortcut_equals_the_percentile(resamples: int) -> None:
    from leaderboard.stats import lower_percentile_positive

    rng = np.random.default_rng(resamples)
    rows = rng.normal(rng.uniform(-0.05, 0.1, size=(500, 1)), 0.03, size=(500, resamples))
    rows[:50] = np.round(rows[:50], 2)  # ties and exact zeros
    expected = np.percentile(rows, 2.5, axis=1) > 0
    np.testing.assert_array_equal(lower_percentile_positive(rows, 2.5), expected)


# -- the batched bootstrap and pruned ranking against the per-file and full references -----------


def per_file_reference(features: np.ndarray, statistic: Callable[[np.ndarray], np.ndarray], resamples: int,
                       seed: int) -> np.ndarray:
    """The bootstrap by its definition, one file at a time: replicate r draws item i counts[r, i]
    times, and its sums are the correctly rounded sums of the drawn values (``math.fsum``); the
    statistic is applied 100 rows at a time, as before batching. A whole-number column's sums are
    exact in float64 anyway, so they come from a product (fsum over every draw would be slow)."""
    n_items = features.shape[0]
    if n_items == 0:
        return np.zeros(resamples)
    rng = np.random.default_rng(seed)
    counts = np.empty((resamples, n_items), dtype=np.uint16)
    for row in range(resamples):
        counts[row] = np.bincount(rng.integers(0, n_items, size=n_items), minlength=n_items)
    features = np.asarray(features, dtype=np.float64)
    with threadpool_limits(1, user_api="blas"):  # one thread: a product rounds the same on every machine
        sums = np.vstack([block.astype(np.float64) @ features for block in np.split(counts, range(100, resamples, 100))])
    for column, values in enumerate(features.T):
        fractional = not np.array_equal(values, np.rint(values))
        if fractional and np.isfinite(values).all() and (values >= 0).all():
            sums[:, column] = [math.fsum(np.repeat(values, row)) for row in counts]
    values = np.empty(resamples)
    for start in range(0, resamples, 100):
        values[start : start + 100] = statistic(np.ascontiguousarray(sums[start : start + 100]))
    return values


def macro_statistic(k: int) -> Callable[[np.ndarray], np.ndarray]:
    def statistic(sums: np.ndarray) -> np.ndarray:
        tp, n_true, n_pred = sums[:, :k], sums[:, k : 2 * k], sums[:, 2 * k :]
        denominator = n_true + n_pred
        return np.asarray(np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0).mean(axis=1))
    return statistic


def random_files(rng: np.random.Generator, n_items: int) -> tuple[list[np.ndarray], list[Callable[..., np.ndarray]]]:
    """Feature matrices like the scorers': float token F1, 0/1 class indicators, NER counts."""
    features, statistics = [], []
    for _ in range(int(rng.integers(1, 6))):
        kind = int(rng.integers(0, 3))
        if kind == 0:
            values = rng.random(n_items) * (rng.random(n_items) < 0.8)
            features.append(features_of(values))
            statistics.append(mean_statistic)
        elif kind == 1:
            k = int(rng.integers(2, 5))
            true, pred = rng.integers(0, k, n_items), rng.integers(-1, k, n_items)
            is_true = (true[:, None] == np.arange(k)).astype(float)
            is_pred = (pred[:, None] == np.arange(k)).astype(float)
            features.append(np.hstack([is_true * is_pred, is_true, is_pred]))
            statistics.append(macro_statistic(k))
        else:
            actual = rng.integers(0, 4, n_items).astype(float)
            features.append(np.column_stack([np.minimum(actual, rng.integers(0, 4, n_items)),
                                             rng.integers(0, 4, n_items), actual]))
            statistics.append(lambda s: np.divide(2 * s[:, 0], s[:, 1] + s[:, 2], out=np.zeros(len(s)),
                                                  where=s[:, 1] + s[:, 2] > 0))
    return features, statistics


@pytest.mark.parametrize("trial", range(12))
def test_batched_bootstrap_is_bit_identical_to_per_file(trial: int) -> None:
    rng = np.random.default_rng(100 + trial)
    n_items = int(rng.choice([1, 2, 7, 64, 333, 1500, 4097]))
    resamples = int(rng.choice([1000, 250, 37]))
    features, statistics = random_files(rng, n_items)
    batched = bootstrap_many(features, statistics, resamples=resamples, seed=trial)
    for f, statistic, values in zip(features, statistics, batched, strict=True):
        expected = per_file_reference(f, statistic, resamples, trial)
        assert values.tobytes() == expected.tobytes()


def float_sums_alone(features: np.ndarray, statistic: Callable[[np.ndarray], np.ndarray], resamples: int,
                     seed: int) -> np.ndarray:
    """The bootstrap as computed before sums were exact: float64 products 100 rows at a time."""
    counts = resample_counts(features.shape[0], resamples, seed)
    with threadpool_limits(1, user_api="blas"):
        return np.concatenate([statistic(block.astype(np.float64) @ features)
                               for block in np.split(counts, range(100, resamples, 100))])


@pytest.mark.parametrize("hostile", ["nan", "infinite", "negative fraction", "range beyond the limbs"])
def test_features_without_exact_sums_are_summed_alone_as_before(hostile: str) -> None:
    rng = np.random.default_rng(5)
    n_items = 500
    values = rng.random(n_items)
    if hostile == "nan":
        values[3] = np.nan
    elif hostile == "infinite":
        values[3] = np.inf
    elif hostile == "negative fraction":
        values -= 0.5
    else:
        values[3] = 1e-300
    others, statistics = random_files(rng, n_items)
    with np.errstate(invalid="ignore"):  # inf * 0 draws is NaN, as it always was
        batched = bootstrap_many([*others, features_of(values)], [*statistics, mean_statistic], resamples=300, seed=4)
        alone = bootstrap_many([features_of(values)], [mean_statistic], resamples=300, seed=4)[0]
        expected = float_sums_alone(features_of(values), mean_statistic, 300, 4)
    assert batched[-1].tobytes() == expected.tobytes()
    assert alone.tobytes() == expected.tobytes()


@pytest.mark.parametrize("n_items", [1, 3, 5000, 1_000_000])
@pytest.mark.parametrize("kind", ["token f1", "uniform", "tiny and one", "whole numbers", "zeros"])
def test_fixed_point_limbs_rebuild_every_value_exactly(n_items: int, kind: str) -> None:
    rng = np.random.default_rng(n_items)
    size = min(n_items, 4000)
    if kind == "token f1":  # 2pr/(p+r) as the SQuAD script computes it, from small token counts
        same, predicted, gold = (rng.integers(1, 40, size) for _ in range(3))
        precision, recall = np.minimum(same, predicted) / predicted, np.minimum(same, gold) / gold
        values = 2 * precision * recall / (precision + recall)
    elif kind == "uniform":
        values = rng.random(size)
    elif kind == "tiny and one":
        values = np.array([2.0**-60, 1.0, 1 / 3, 0.0][:size])
    elif kind == "whole numbers":
        values = rng.integers(0, 50, size).astype(float)
    else:
        values = np.zeros(size)
    split = fixed_point_limbs(values, n_items)
    assert split is not None
    limbs, shifts = split
    bits = 53 - math.ceil(math.log2(n_items + 1))
    for limb in limbs:
        assert np.array_equal(limb, np.rint(limb)) and (limb >= 0).all()
        assert float(limb.max(initial=0)) * n_items < 2.0**53
        assert shifts == (0,) or (limb < 2.0**bits).all()
    rebuilt = [sum(Fraction(float(limb[i])) * Fraction(2) ** shift for limb, shift in zip(limbs, shifts, strict=True))
               for i in range(len(values))]
    assert rebuilt == [Fraction(float(v)) for v in values]


def test_large_benchmarks_stream_bounded_blocks_with_the_same_replicates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond the cached size the matrix is regenerated in small blocks; the replicates do not move."""
    import leaderboard.stats as stats

    rng = np.random.default_rng(3)
    features, statistics = random_files(rng, 2000)
    expected = [per_file_reference(f, s, 300, 9) for f, s in zip(features, statistics, strict=True)]
    blocks: list[int] = []
    original = stats._generate_counts

    def spy(n_items: int, resamples: int, seed: int, rows: int) -> Iterator[tuple[int, np.ndarray]]:
        blocks.append(rows)
        return original(n_items, resamples, seed, rows)

    monkeypatch.setattr(stats, "_CACHED_COUNTS_BYTES", 1000)
    monkeypatch.setattr(stats, "_BLOCK_BYTES", 8 * 2000 * 7)  # 7 rows of float64 counts at once
    monkeypatch.setattr(stats, "_generate_counts", spy)
    batched = bootstrap_many(features, statistics, resamples=300, seed=9)
    assert blocks == [7]
    for values, reference in zip(batched, expected, strict=True):
        assert values.tobytes() == reference.tobytes()


def test_a_half_million_item_benchmark_holds_no_big_matrix() -> None:
    import leaderboard.stats as stats

    n_items = 500_000
    assert 2 * n_items * DEFAULT_RESAMPLES > stats._CACHED_COUNTS_BYTES  # streamed, not memoised
    rows = max(2, min(stats._CHUNK, stats._BLOCK_BYTES // (8 * n_items)))
    assert rows * n_items * 8 <= 64 << 20


def full_ranks(keys: list[str], replicates: list[np.ndarray], greater_is_better: bool) -> list[int]:
    """Ranks by the full paired test on every pair (the definition, no pruning): i is better than j
    when the lower end of the 95% percentile interval of their paired differences is above zero."""
    ranks = []
    for j in range(len(keys)):
        better = 0
        for i in range(len(keys)):
            difference = replicates[i] - replicates[j] if greater_is_better else replicates[j] - replicates[i]
            better += i != j and percentile_interval(difference)[0] > 0
        ranks.append(1 + better)
    return ranks


@pytest.mark.parametrize("trial", range(8))
def test_pruned_ranking_equals_the_full_test(trial: int) -> None:
    rng = np.random.default_rng(trial)
    n_models, resamples = int(rng.integers(2, 40)), int(rng.choice([1000, 200, 41]))
    centres = rng.uniform(0.3, 0.9, n_models)
    centres[: n_models // 3] = centres[0]  # overlapping and identical models
    replicates = [np.round(rng.normal(c, rng.uniform(0.001, 0.05), resamples), int(rng.integers(2, 6)))
                  for c in centres]
    if trial % 3 == 0:
        replicates[-1] = replicates[0].copy()  # exact ties
    keys = [f"m{i:02d}" for i in range(n_models)]
    for greater_is_better in (True, False):
        entries = tie_aware_ranks(keys, [float(r.mean()) for r in replicates], replicates,
                                  greater_is_better=greater_is_better)
        by_key = {e.key: e.rank for e in entries}
        assert [by_key[k] for k in keys] == full_ranks(keys, replicates, greater_is_better)
