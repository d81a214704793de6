"""Bootstrap intervals and tie-aware ranks.

Every primary metric is a function of column sums of a per-item feature matrix (see
``scorers/base.py``). A bootstrap replicate is a vector of resample counts ``w`` (how often each
item was drawn), so all B replicates are one product ``W @ features``. ``W`` depends only on the
number of items and the seed, so every model on a benchmark sees the *same* replicates: the
difference of two models' replicate values is a paired bootstrap of their difference.

Seeds are derived from the benchmark id, never from the clock, so builds are reproducible and a
model's interval does not move when other models are added.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95
BASE_SEED = 20261126
_CHUNK = 100  # replicates materialised at once: bounds memory at _CHUNK x n items


def benchmark_seed(benchmark_id: str) -> int:
    """A fixed seed per benchmark (crc32 is stable across Python runs, unlike ``hash``)."""
    return BASE_SEED ^ zlib.crc32(benchmark_id.encode("utf-8"))


@functools.lru_cache(maxsize=16)
def resample_counts(n_items: int, resamples: int, seed: int) -> np.ndarray:
    """B x n matrix of how often each item is drawn in each replicate (uint16, read-only)."""
    rng = np.random.default_rng(seed)
    counts = np.empty((resamples, n_items), dtype=np.uint16)
    for row in range(resamples):
        counts[row] = np.bincount(rng.integers(0, n_items, size=n_items), minlength=n_items)
    counts.flags.writeable = False
    return counts


def bootstrap_replicates(
    features: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int,
) -> np.ndarray:
    """The primary metric on each of ``resamples`` bootstrap replicates of the items."""
    n_items = features.shape[0]
    if n_items == 0:
        return np.zeros(resamples)
    counts = resample_counts(n_items, resamples, seed)
    features32 = np.asarray(features, dtype=np.float64)
    values = np.empty(resamples)
    for start in range(0, resamples, _CHUNK):
        block = counts[start : start + _CHUNK].astype(np.float64)
        values[start : start + _CHUNK] = statistic(block @ features32)
    return values


def percentile_interval(
    replicates: np.ndarray, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[float, float]:
    """The percentile bootstrap interval."""
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(replicates, [tail, 100 - tail])
    return float(low), float(high)


def lower_percentile_positive(rows: np.ndarray, tail: float) -> np.ndarray:
    """For each row, ``np.percentile(row, tail) > 0``, mostly without sorting anything.

    The linear-interpolated percentile sits between the order statistics ``lo`` and ``lo + 1``.
    If at most ``lo`` values are <= 0, both are positive; if ``lo + 2`` or more are, both are not.
    Only rows with exactly ``lo + 1`` non-positive values need the percentile itself. Counting is
    one comparison per value, which keeps ranking 400 models cheap (every pair is compared).
    """
    position = tail / 100 * (rows.shape[1] - 1)
    low = int(np.floor(position))
    nonpositive = np.count_nonzero(rows <= 0, axis=1)
    result: np.ndarray = nonpositive <= low
    unclear = nonpositive == low + 1
    if unclear.any():
        result[unclear] = np.percentile(rows[unclear], tail, axis=1) > 0
    return result


@dataclass(frozen=True)
class RankedEntry:
    """One model's place: ``rank`` respects statistical ties, ``position`` is display order."""

    key: str
    score: float
    rank: int
    position: int
    better_than: int  # how many models this one is significantly better than


def tie_aware_ranks(
    keys: Sequence[str],
    scores: Sequence[float],
    replicates: Sequence[np.ndarray],
    *,
    greater_is_better: bool = True,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[RankedEntry]:
    """Rank = 1 + the number of models significantly better (paired bootstrap on the same items).

    Entries come back in display order: by point score, then key; that order breaks display
    ties only and never changes a rank.
    """
    n = len(keys)
    beats = np.zeros((n, n), dtype=bool)
    if n > 1:
        stacked = np.stack([np.asarray(r, dtype=float) for r in replicates])
        tail = (1 - confidence) / 2 * 100
        for i in range(n):  # row i: is model i significantly better than each model j?
            difference = stacked[i] - stacked if greater_is_better else stacked - stacked[i]
            beats[i] = lower_percentile_positive(difference, tail)
        np.fill_diagonal(beats, False)
    sign = -1.0 if greater_is_better else 1.0
    order = sorted(range(n), key=lambda i: (sign * scores[i], keys[i]))
    return [
        RankedEntry(keys[i], float(scores[i]), 1 + int(beats[:, i].sum()), position + 1, int(beats[i].sum()))
        for position, i in enumerate(order)
    ]
