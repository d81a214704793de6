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


SUBMISSION_METADATA = """model_name: {name}
{organization}description: A model added by a test.
license: MIT
open_weights: false
approach: zero-shot
trained_on_benchmark_data: false
maintainers: [someone]
submitted: 2026-11-02
"""


def add_submission(repo: Repository, slug: str, name: str, files: dict[str, str | Path],
                   organization: str | None = "Org") -> Path:
    """``submissions/<slug>/`` with valid metadata (without ``organization`` when None) and files,
    each given as text or as a path to copy."""
    folder = repo.submissions_dir / slug
    folder.mkdir()
    org = f"organization: {organization}\n" if organization else ""
    (folder / "metadata.yaml").write_text(SUBMISSION_METADATA.format(name=name, organization=org), encoding="utf-8")
    for file_name, content in files.items():
        if isinstance(content, Path):
            shutil.copy(content, folder / file_name)
        else:
            (folder / file_name).write_text(content, encoding="utf-8")
    return folder
