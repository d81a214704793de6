"""The README's submit walkthrough runs as written on a fresh copy of the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

IGNORED = shutil.ignore_patterns(".venv", ".git", "_site", ".leaderboard-cache", "test-artifacts", "__pycache__",
                                 ".pytest_cache", ".mypy_cache", ".ruff_cache", "*.egg-info")


def block(name: str) -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- walkthrough:{name} -->\n```\w+\n(.*?)```\n<!-- /walkthrough:{name} -->", readme, re.S)
    assert match, f"README has no {name} walkthrough"
    return match.group(1)


def test_readme_has_exactly_two_setup_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The two commands", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make (\w+)", section, re.M)
    assert commands == ["site", "test"]
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^site: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def test_walkthrough_runs_as_written(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(PROJECT_ROOT, clone, ignore=IGNORED)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "LEADERBOARD_CACHE_DIR": str(tmp_path / "cache")}
    cli = subprocess.run(["bash", "-euo", "pipefail", "-c", block("cli")], cwd=clone, env=env,
                         capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "my-model-v1: processing (on this machine only)" in cli.stdout  # nothing was submitted
    assert "My Model v1" in cli.stdout
    python = subprocess.run([sys.executable, "-c", block("python")], cwd=clone, env=env,
                            capture_output=True, text=True, check=False)
    assert python.returncode == 0, python.stderr
    assert python.stdout.splitlines()[0] == "processing"
    assert (clone / "submissions" / "mycustommodel-v1" / "fin-sentiment.csv").is_file()
