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

import contextlib
import functools
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95
BASE_SEED = 20261126
_CHUNK = 100  # replicates materialised at once (fewer for large benchmarks, see _count_blocks)


def benchmark_seed(benchmark_id: str) -> int:
    """A fixed seed per benchmark (crc32 is stable across Python runs, unlike ``hash``)."""
    return BASE_SEED ^ zlib.crc32(benchmark_id.encode("utf-8"))


#: A resample matrix is kept whole (and memoised) only up to this size; a larger one is
#: regenerated block by block, so a 500,000-item benchmark never holds a GiB of counts.
_CACHED_COUNTS_BYTES = 64 << 20
#: Bytes of float64 resample counts materialised at once (a block of rows of ``W``).
_BLOCK_BYTES = 32 << 20
#: Bytes of stacked features multiplied at once: files beyond it go into another product.
BATCH_FEATURE_BYTES = 128 << 20


@functools.lru_cache(maxsize=8)
def resample_counts(n_items: int, resamples: int, seed: int) -> np.ndarray:
    """B x n matrix of how often each item is drawn in each replicate (uint16, read-only)."""
    counts = np.empty((resamples, n_items), dtype=np.uint16)
    for start, block in _generate_counts(n_items, resamples, seed, _CHUNK):
        counts[start : start + len(block)] = block
    counts.flags.writeable = False
    return counts


def _generate_counts(n_items: int, resamples: int, seed: int, rows: int) -> Iterator[tuple[int, np.ndarray]]:
    """The rows of the resample matrix in blocks of ``rows``; row r is the same in every block size."""
    rng = np.random.default_rng(seed)
    for start in range(0, resamples, rows):
        block = np.empty((min(rows, resamples - start), n_items), dtype=np.uint16)
        for row in range(len(block)):  # one draw of n items per replicate, in replicate order
            block[row] = np.bincount(rng.integers(0, n_items, size=n_items), minlength=n_items)
        yield start, block


def _count_blocks(n_items: int, resamples: int, seed: int) -> Iterator[tuple[int, np.ndarray]]:
    """Blocks of the resample matrix as float64, each block converted once for all products."""
    rows = max(2, min(_CHUNK, _BLOCK_BYTES // (8 * n_items)))  # 2: a 1-row product would be a gemv
    if 2 * n_items * resamples <= _CACHED_COUNTS_BYTES:
        counts = resample_counts(n_items, resamples, seed)
        blocks: Iterable[tuple[int, np.ndarray]] = (
            (start, counts[start : start + rows]) for start in range(0, resamples, rows)
        )
    else:
        blocks = _generate_counts(n_items, resamples, seed, rows)
    for start, block in blocks:
        yield start, block.astype(np.float64)


def bootstrap_replicates(
    features: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int,
) -> np.ndarray:
    """The primary metric on each of ``resamples`` bootstrap replicates of the items."""
    replicates: np.ndarray = bootstrap_many([features], [statistic], resamples=resamples, seed=seed)[0]
    return replicates


def bootstrap_many(
    features: Sequence[np.ndarray],
    statistics: Sequence[Callable[[np.ndarray], np.ndarray]],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int,
) -> list[np.ndarray]:
    """:func:`bootstrap_replicates` for several feature matrices over the same items at once.

    Each block of resample counts is made and converted to float once for all the files of a
    benchmark. Files whose features are integers (class indicators, entity counts) are stacked side
    by side into one product: their sums are exact integers, the same in any order of summation.
    A file with fractional features (token F1) gets a product of its own, of exactly the shape it
    had alone, because BLAS picks its kernels, and so the order in which it rounds, by shape.
    Products run on one BLAS thread, where that order depends on the shapes only (with several it
    also depends on the thread count, i.e. on the machine). ``tests/test_stats.py`` checks that the
    replicates are bit-identical to those of one file at a time.
    """
    if not features:
        return []
    n_items = features[0].shape[0]
    if any(f.shape[0] != n_items for f in features):
        raise ValueError("bootstrap_many needs feature matrices over the same items")
    if n_items == 0:
        return [np.zeros(resamples) for _ in features]
    matrices = [np.asarray(f, dtype=np.float64) for f in features]
    exact = [index for index, f in enumerate(matrices) if _sums_are_exact(f)]
    stacked = np.ascontiguousarray(np.hstack([matrices[i] for i in exact])) if exact else None
    bounds = np.cumsum([0, *(matrices[i].shape[1] for i in exact)])
    inexact = [index for index in range(len(matrices)) if index not in set(exact)]
    values = [np.empty(resamples) for _ in features]
    with one_blas_thread():
        for start, block in _count_blocks(n_items, resamples, seed):
            stop = start + len(block)
            if stacked is not None:
                product = block @ stacked
                for position, index in enumerate(exact):
                    # Contiguous, as one file's own product would be, so reductions sum alike.
                    sums = np.ascontiguousarray(product[:, bounds[position] : bounds[position + 1]])
                    values[index][start:stop] = statistics[index](sums)
            for index in inexact:
                values[index][start:stop] = statistics[index](block @ matrices[index])
    return values


def _sums_are_exact(features: np.ndarray) -> bool:
    """Whole numbers whose weighted sums stay below 2**53: every partial sum is exact.

    A replicate's sum is at most ``max|f| * n_items`` (the counts of a replicate add up to n).
    """
    if not features.size:
        return True
    largest = float(np.abs(features).max())
    return bool(np.isfinite(largest) and largest * features.shape[0] < 2.0**53
                and np.array_equal(features, np.rint(features)))


@functools.cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController  # scans the loaded libraries once per process

    return ThreadpoolController()


def limit_blas_threads() -> Any:
    """Limit BLAS to one thread from now on; the result, a context manager, restores the limit."""
    return _blas_controller().limit(limits=1, user_api="blas")


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """Limit BLAS to one thread (see :func:`bootstrap_many`); cheap once the libraries are known."""
    return cast("contextlib.AbstractContextManager[Any]", limit_blas_threads())


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


def _beats_row(stacked: np.ndarray, i: int, lowest: np.ndarray, highest: np.ndarray, tail: float) -> np.ndarray:
    """Whether model ``i`` is significantly better than each model, pruning settled pairs exactly.

    If every replicate of ``i`` exceeds every replicate of ``j`` (``lowest[i] > highest[j]``), each
    paired difference is positive, and so is any percentile of them: ``i`` beats ``j``. If none
    exceeds any (``highest[i] <= lowest[j]``), no difference is positive: it does not. Rounding
    cannot flip either case, since the floating-point difference of two floats has the sign of
    their exact difference (and is zero only when they are equal). NaN compares false both ways,
    so such a pair gets the full test. Only pairs whose replicate ranges overlap are tested.
    """
    settled_better = lowest[i] > highest
    settled_not = highest[i] <= lowest
    result: np.ndarray = settled_better.copy()
    unclear = np.flatnonzero(~(settled_better | settled_not))
    if len(unclear):
        result[unclear] = lower_percentile_positive(stacked[i] - stacked[unclear], tail)
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
        if not greater_is_better:
            stacked = -stacked  # b - a > 0 exactly when (-a) - (-b) > 0: negation is exact
        tail = (1 - confidence) / 2 * 100
        lowest, highest = stacked.min(axis=1), stacked.max(axis=1)
        for i in range(n):  # row i: is model i significantly better than each model j?
            beats[i] = _beats_row(stacked, i, lowest, highest, tail)
        np.fill_diagonal(beats, False)
    sign = -1.0 if greater_is_better else 1.0
    order = sorted(range(n), key=lambda i: (sign * scores[i], keys[i]))
    return [
        RankedEntry(keys[i], float(scores[i]), 1 + int(beats[:, i].sum()), position + 1, int(beats[i].sum()))
        for position, i in enumerate(order)
    ]
