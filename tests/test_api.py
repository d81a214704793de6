"""The API documents' fast paths give what the plain numpy calls give, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from leaderboard.api import percentiles_of_rows


@pytest.mark.parametrize("count", [1, 2, 3, 10, 39, 40, 41, 1000])
@pytest.mark.parametrize("tail", [2.5, 5.0, 0.5, 25.0, 50.0])
def test_percentiles_of_rows_equal_numpys_linear_percentile(count: int, tail: float) -> None:
    rng = np.random.default_rng(count * 100 + int(tail * 10))
    continuous = rng.normal(0.01, 0.02, (30, count))
    ties = rng.integers(-3, 4, (30, count)) / 7  # many equal values, zeros among them
    signed_zeros = np.where(rng.random((30, count)) < 0.5, 0.0, -0.0)
    specials = continuous.copy()
    specials[0, 0], specials[1, -1], specials[2, :] = np.inf, -np.inf, np.inf
    with_nan = continuous.copy()
    with_nan[3, 0] = np.nan
    for rows in (continuous, ties, signed_zeros, specials, with_nan):
        with np.errstate(invalid="ignore"):
            expected = np.percentile(rows, [tail, 100 - tail], axis=1)
            actual = percentiles_of_rows(rows.copy(), (tail, 100 - tail))
        np.testing.assert_array_equal(np.asarray(actual), expected, strict=True)
        assert np.signbit(np.asarray(actual)).tolist() == np.signbit(expected).tolist()
