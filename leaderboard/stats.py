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
import math
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95
BASE_SEED = 20261126
#: How replicate sums are computed; part of every result's cache key, so a change rescores.
#: 2 (issue 17): every sum exact, fractional ones correctly rounded (was: float sums in BLAS order).
BOOTSTRAP_VERSION = "2"
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
    """Blocks of rows of the resample matrix, each small enough to convert to float64 at once."""
    rows = max(2, min(_CHUNK, _BLOCK_BYTES // (8 * n_items)))  # 2: a 1-row product would be a gemv
    if 2 * n_items * resamples <= _CACHED_COUNTS_BYTES:
        counts = resample_counts(n_items, resamples, seed)
        yield from ((start, counts[start : start + rows]) for start in range(0, resamples, rows))
    else:
        yield from _generate_counts(n_items, resamples, seed, rows)


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

    Each block of resample counts is made and converted once for all the files of a benchmark, and
    every file's weighted sums come out of one product for all of them. That is only safe because
    every sum is exact (or, for fractional features, correctly rounded): the value then cannot
    depend on the order in which BLAS adds, and so not on which other files share the product, on
    its shape or on the machine. Whole-number features (class indicators, entity counts) are
    multiplied as they are, in float32 when every partial sum stays below 2**24 (twice as fast,
    still exact); fractional ones (token F1) are split into whole-number limbs
    (:func:`fixed_point_limbs`) whose sums are exact and are added up once, correctly rounded.
    Features that fit neither (non-finite, negative fractions, too wide a range) get a product of
    their own, of the shape they had alone. ``tests/test_stats.py`` checks the replicates against
    the exact sums and batched against one file at a time, bit for bit.
    """
    if not features:
        return []
    n_items = features[0].shape[0]
    if any(f.shape[0] != n_items for f in features):
        raise ValueError("bootstrap_many needs feature matrices over the same items")
    if n_items == 0:
        return [np.zeros(resamples) for _ in features]
    plans = [_sum_plan(np.asarray(f, dtype=np.float64), n_items) for f in features]
    groups: dict[type[np.floating[Any]], _Stack | None] = {
        dtype: _Stack.of([(index, plan) for index, plan in enumerate(plans)
                          if isinstance(plan, ExactSums) and plan.dtype == dtype])
        for dtype in (np.float32, np.float64)
    }
    inexact = any(isinstance(plan, np.ndarray) for plan in plans)
    values = [np.empty(resamples) for _ in features]
    with one_blas_thread():
        for start, block in _count_blocks(n_items, resamples, seed):
            stop = start + len(block)
            converted = {dtype: block.astype(dtype) for dtype in (np.float32, np.float64)
                         if groups[dtype] is not None or (dtype is np.float64 and inexact)}
            for dtype, stack in groups.items():
                if stack is None:
                    continue
                product = converted[dtype] @ stack.columns
                for index, plan, (first, last) in stack.files:
                    values[index][start:stop] = statistics[index](plan.sums(product[:, first:last]))
            for index, alone in enumerate(plans):
                if isinstance(alone, np.ndarray):
                    values[index][start:stop] = statistics[index](converted[np.float64] @ alone)
    return values


#: Below these bounds on every partial sum, whole numbers add up exactly in float32 / float64.
_EXACT_BELOW: dict[type[np.floating[Any]], float] = {np.float32: 2.0**24, np.float64: 2.0**53}
#: Fractional features are split into at most this many limbs; wider ranges are summed as floats.
MAX_LIMBS = 4


@dataclass(frozen=True)
class ExactSums:
    """One file's features as whole-number columns whose weighted sums are exact in any order.

    ``columns`` holds, for each feature column in turn, its limbs (a whole-number column is its
    own single limb, of scale 1): feature = sum of limb * 2**shift. ``sums`` turns the limbs'
    weighted sums back into the features' sums, adding each column's terms once with one rounding.
    """

    columns: np.ndarray  # (n_items, n_limbs) whole numbers, float64
    shifts: tuple[tuple[int, ...], ...]  # per feature column: the power of two of each of its limbs
    dtype: type[np.floating[Any]]  # float32 when every partial sum stays below 2**24

    def sums(self, limb_sums: np.ndarray) -> np.ndarray:
        if all(shifts == (0,) for shifts in self.shifts):
            return np.ascontiguousarray(limb_sums, dtype=np.float64)
        out = np.empty((len(limb_sums), len(self.shifts)))
        first = 0
        for column, shifts in enumerate(self.shifts):
            terms = [np.ldexp(limb_sums[:, first + j].astype(np.float64), shift) for j, shift in enumerate(shifts)]
            first += len(shifts)
            if len(terms) <= 2:  # one addition of two exact terms: correctly rounded
                out[:, column] = terms[0] if len(terms) == 1 else terms[0] + terms[1]
            else:
                out[:, column] = [math.fsum(row) for row in zip(*terms, strict=True)]
        return out


def _sum_plan(features: np.ndarray, n_items: int) -> ExactSums | np.ndarray:
    """How to sum a file's features exactly (:class:`ExactSums`), or the features themselves when
    they must be summed as floats."""
    if not np.isfinite(features).all():
        return features
    largest = float(np.abs(features).max(initial=0.0))
    if np.array_equal(features, np.rint(features)):
        for dtype, bound in _EXACT_BELOW.items():
            if largest * n_items < bound:  # a replicate's counts add up to n_items
                return ExactSums(features, tuple((0,) for _ in range(features.shape[1])), dtype)
        return features
    if features.min(initial=0.0) < 0:
        return features
    limbs: list[np.ndarray] = []
    shifts: list[tuple[int, ...]] = []
    for column in features.T:
        split = fixed_point_limbs(column, n_items)
        if split is None:
            return features
        limbs += split[0]
        shifts.append(split[1])
    return ExactSums(np.column_stack(limbs), tuple(shifts), np.float64)


def fixed_point_limbs(values: np.ndarray, n_items: int) -> tuple[list[np.ndarray], tuple[int, ...]] | None:
    """Non-negative floats as whole-number limbs: ``values == sum(limb * 2**shift)``, exactly.

    Each limb is below ``2**bits`` with ``n_items * 2**bits <= 2**53``, so a weighted sum of a
    limb over a replicate (whose counts add up to ``n_items``) is an exact float64 whatever the
    order of the additions. Every step is exact: scaling by a power of two, ``floor``, and taking
    the limb off (the rest is the value's own lower bits). None if it would take over
    :data:`MAX_LIMBS` limbs.
    """
    if np.array_equal(values, np.rint(values)) and float(values.max(initial=0.0)) * n_items < 2.0**53:
        return [values], (0,)
    _, exponents = np.frexp(values[values > 0])  # value = mantissa * 2**exponent, 0.5 <= mantissa < 1
    high, low = int(exponents.max()), int(exponents.min()) - 53  # values < 2**high, multiples of 2**low
    bits = 53 - math.ceil(math.log2(n_items + 1))
    count = math.ceil((high - low) / bits)
    if count > MAX_LIMBS:
        return None
    limbs, shifts, rest = [], [], values
    for j in range(count):
        shift = high - (j + 1) * bits
        limb = np.floor(np.ldexp(rest, -shift))
        rest = rest - np.ldexp(limb, shift)
        limbs.append(limb)
        shifts.append(shift)
    if rest.any():  # cannot happen for finite floats; kept as a guard on the arithmetic above
        return None
    return limbs, tuple(shifts)


@dataclass(frozen=True)
class _Stack:
    """The exact columns of several files side by side, for one product per block."""

    columns: np.ndarray
    files: list[tuple[int, ExactSums, tuple[int, int]]]  # file index, plan, its columns

    @classmethod
    def of(cls, plans: list[tuple[int, ExactSums]]) -> _Stack | None:
        if not plans:
            return None
        dtype = plans[0][1].dtype
        bounds = np.cumsum([0, *(plan.columns.shape[1] for _, plan in plans)])
        columns = np.ascontiguousarray(np.hstack([plan.columns for _, plan in plans]), dtype=dtype)
        return cls(columns, [(index, plan, (int(bounds[k]), int(bounds[k + 1])))
                             for k, (index, plan) in enumerate(plans)])


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
