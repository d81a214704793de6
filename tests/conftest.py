from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leaderboard.repository import Repository

TESTS = Path(__file__).parent
PROJECT_ROOT = TESTS.parent
FIXTURE_REPO = TESTS / "fixtures" / "repo"
PRIVATE_GOLD = TESTS / "fixtures" / "private_gold"
CANARY = "CANARY-7f3a9c"


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Repository:
    """A private copy of the small fixture repository, safe to modify."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    return Repository(root)


@pytest.fixture
def private_gold(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEADERBOARD_PRIVATE_GOLD", str(PRIVATE_GOLD))
    return PRIVATE_GOLD


@pytest.fixture(autouse=True)
def _no_private_gold_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEADERBOARD_PRIVATE_GOLD", raising=False)


@pytest.fixture
def shipped_repo() -> Repository:
    return Repository(PROJECT_ROOT)
