from __future__ import annotations

from pathlib import Path

import pytest

from leaderboard.benchmarks import Benchmark, load_benchmark

FIXTURE_BENCHMARKS = Path(__file__).parent.parent / "fixtures" / "repo" / "benchmarks"


@pytest.fixture(scope="session")
def fixture_benchmarks() -> dict[str, Benchmark]:
    return {path.name: load_benchmark(path) for path in sorted(FIXTURE_BENCHMARKS.iterdir())}
