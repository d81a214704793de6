from __future__ import annotations

from pathlib import Path

import pytest

from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site

GOLDEN = Path(__file__).parent.parent / "golden" / "site"
REPO_URL = "https://github.com/openanote/model-leaderboard"
EPOCH = "1790000000"  # 2026-09-21


def build_fixture_site(repository: Repository, output: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build_site(repository, output, cache=ResultCache(None), repo_url=REPO_URL)
    return output
