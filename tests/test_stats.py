from __future__ import annotations

import ast
import os
import subprocess
import sys

import numpy as np
import pytest

from leaderboard.stats import (
    benchmark_seed,
    bootstrap_replicates,
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
