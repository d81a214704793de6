"""Rebuild tests/golden/site from the fixture repository and tests/golden/prompts from the shipped
benchmarks' first prompts; review the diff before committing.

Usage: .venv/bin/python scripts/regenerate_golden.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaderboard.repository import Repository  # noqa: E402
from leaderboard.results import ResultCache  # noqa: E402
from leaderboard.site import build_site  # noqa: E402
from tests.runner.golden import GOLDEN_PROMPTS, write_golden_prompts  # noqa: E402
from tests.site.conftest import EPOCH, GOLDEN, REPO_URL  # noqa: E402


def main() -> None:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    os.environ.pop("LEADERBOARD_PRIVATE_GOLD", None)
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    build_site(Repository(ROOT / "tests" / "fixtures" / "repo"), GOLDEN, cache=ResultCache(None), repo_url=REPO_URL)
    print(f"wrote {GOLDEN.relative_to(ROOT)}")
    write_golden_prompts(ROOT)
    print(f"wrote {GOLDEN_PROMPTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
