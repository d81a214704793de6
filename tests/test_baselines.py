"""scripts/baselines.py reproduces the committed baseline submissions byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from leaderboard.repository import Repository
from leaderboard.validation import validate_paths
from tests.conftest import PROJECT_ROOT
from tests.scriptloader import load_script


def test_baselines_reproduce_the_committed_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT_ROOT / "benchmarks", root / "benchmarks")
    written = load_script("baselines").build(root)
    assert written
    committed = sorted(p.relative_to(PROJECT_ROOT) for p in (PROJECT_ROOT / "submissions").glob("baseline-*/*"))
    rebuilt = sorted(p.relative_to(root) for p in written)
    assert rebuilt == committed
    for relative in committed:
        assert (root / relative).read_bytes() == (PROJECT_ROOT / relative).read_bytes(), relative


def test_every_benchmark_has_a_baseline_and_they_validate(shipped_repo: Repository) -> None:
    reports = validate_paths([shipped_repo.submissions_dir], shipped_repo)
    assert all(r.ok() for r in reports), [p.format() for r in reports for p in r.problems]
    covered = {bid for r in reports if r.slug.startswith("baseline-") for bid in r.predictions}
    assert covered == set(shipped_repo.benchmarks)
