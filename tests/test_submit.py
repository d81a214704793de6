"""submit, status, show and the Python API, end to end in a temporary clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from leaderboard import Leaderboard, SubmissionError, ValidationFailed
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.site import build_site
from leaderboard.site.serve import make_server
from tests.conftest import FIXTURE_REPO

PREDICTIONS = "id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,positive\ns5,neutral\ns6,neutral\n"
METADATA_FLAGS = ["--organization", "Acme", "--description", "A test model.", "--license", "MIT",
                  "--approach", "zero-shot", "--maintainers", "acme-dev", "--open-weights", "no",
                  "--trained-on-benchmark-data", "no"]
GH_STUB = """#!/usr/bin/env bash
python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@" >> "$GH_LOG"
if [ "$1 $2" = "pr create" ]; then echo "https://github.com/openanote/model-leaderboard/pull/7"; fi
if [ "$1 $2" = "pr checks" ]; then echo '[{"name":"validate","state":"SUCCESS","bucket":"pass","link":"x"}]'; fi
exit 0
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of the fixture repository whose 'fork' remote is a bare repository."""
    origin = tmp_path / "origin"
    shutil.copytree(FIXTURE_REPO, origin)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(origin, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "init")
    bare = tmp_path / "fork.git"
    git(tmp_path, "clone", "-q", "--bare", str(origin), str(bare))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(bare), str(work))
    git(work, "remote", "add", "fork", str(bare))
    git(work, "config", "user.name", "Contributor")
    git(work, "config", "user.email", "c@example.org")
    return work


def cli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leaderboard", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


def test_submit_status_and_open_pr(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "preds.jsonl"
    predictions.write_text("".join(json.dumps({"id": f"s{i}", "label": lab}) + "\n" for i, lab in
                                   enumerate(["positive", "negative", "neutral", "positive", "neutral", "neutral"], 1)))
    stub_dir = tmp_path / "bin"
    stub_dir.mkdir()
    (stub_dir / "gh").write_text(GH_STUB)
    (stub_dir / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    env = {"PATH": f"{stub_dir}:{os.environ['PATH']}", "GH_LOG": str(log)}
    done = cli(clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", "--predictions",
               str(predictions), *METADATA_FLAGS, "--open-pr", env=env)
    assert done.returncode == 0, done.stderr
    assert "tiny-sentiment: macro_f1 82.2" in done.stdout and "rank 1 of 2" in done.stdout
    assert (clone / "submissions/acme-7b/tiny-sentiment.csv").read_text() == PREDICTIONS  # canonical CSV
    assert "opened https://github.com/openanote/model-leaderboard/pull/7 from branch submission/acme-7b" in done.stdout
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert calls[0] == ["auth", "status"]
    assert calls[1] == ["pr", "create", "--title", "Add submission acme-7b", "--body",
                        "Adds `submissions/acme-7b/` (Acme 7B).\n\n- [x] `leaderboard validate` passes locally\n"
                        "- [x] only files inside my submission folder\n", "--head", "submission/acme-7b"]
    assert git(clone, "branch", "--show-current") == "submission/acme-7b"
    assert git(clone, "log", "-1", "--format=%s") == "Add submission acme-7b"
    assert git(clone, "show", "--name-only", "--format=", "HEAD").splitlines() == [
        "submissions/acme-7b/metadata.yaml", "submissions/acme-7b/tiny-sentiment.csv"]
    assert git(tmp_path / "fork.git", "rev-parse", "submission/acme-7b") == git(clone, "rev-parse", "HEAD")

    status = cli(clone, "status", "acme-7b", "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["status"] == "complete"
    pr_status = cli(clone, "status", "7", "--json", env=env)
    assert json.loads(pr_status.stdout)["status"] == "complete"
    assert json.loads(log.read_text().splitlines()[-1]) == ["pr", "checks", "7", "--json", "name,state,bucket,link"]


def test_resubmitting_other_content_needs_force(clone: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(PREDICTIONS)
    second.write_text(PREDICTIONS.replace("s6,neutral", "s6,negative"))
    args = ["submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", *METADATA_FLAGS]
    assert cli(clone, *args, "--predictions", str(first)).returncode == 0
    refused = cli(clone, *args, "--predictions", str(second))
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("error: submissions/acme-7b/ already has tiny-sentiment.csv with other content; "
                                      "use --force to replace, or --slug for a new submission")
    assert (clone / "submissions/acme-7b/tiny-sentiment.csv").read_text() == PREDICTIONS
    assert cli(clone, *args, "--predictions", str(second), "--force").returncode == 0
    assert "s6,negative" in (clone / "submissions/acme-7b/tiny-sentiment.csv").read_text()


def test_failed_validation_leaves_the_tree_unchanged(clone: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\ns1,positive\n")
    before = git(clone, "status", "--porcelain")
    done = cli(clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", "--predictions",
               str(bad), *METADATA_FLAGS)
    assert done.returncode == 1
    assert "submissions/acme-7b/tiny-sentiment.csv: 5 of 6 evaluation ids are missing" in done.stderr
    assert git(clone, "status", "--porcelain") == before
    assert not (clone / "submissions/acme-7b").exists()


def test_missing_metadata_is_named(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "p.csv"
    predictions.write_text(PREDICTIONS)
    done = cli(clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "X", "--predictions", str(predictions))
    assert done.returncode == 1
    assert done.stderr.startswith("error: missing metadata: organization, description, license, open_weights, approach")


def test_open_pr_without_gh_says_what_to_run(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "p.csv"
    predictions.write_text(PREDICTIONS)
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "leaderboard", "submit", "--benchmark", "tiny-sentiment",
                           "--model-name", "Acme", "--predictions", str(predictions), *METADATA_FLAGS, "--open-pr"],
                          cwd=clone, capture_output=True, text=True, env={**os.environ, **env}, check=False)
    assert done.returncode == 1
    assert "the GitHub CLI 'gh' is not installed; run these commands yourself:" in done.stderr
    assert "git push -u fork submission/acme" in done.stderr


def test_python_api(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "p.json"
    predictions.write_text(json.dumps([{"id": f"s{i}", "label": "neutral"} for i in range(1, 7)]))
    lb = Leaderboard(clone)
    sub = lb.submit_predictions(dataset_id="tiny-sentiment", task_type="text_classification",
                                model_name="MyCustomModel-v1", predictions_file=predictions,
                                organization="Me", description="d", license="MIT", approach="zero-shot",
                                open_weights=False, trained_on_benchmark_data=False, maintainers=["me"])
    assert sub["submission_id"] == "mycustommodel-v1" and sub["status"] == "complete"
    assert lb.get_submission_status(sub["submission_id"])["status"] == "complete"
    board = lb.get_leaderboard(dataset_id="tiny-sentiment")
    assert [m["model"] for m in board["models"]] == ["Good Model", "MyCustomModel-v1"]
    with pytest.raises(SubmissionError, match="is a classification benchmark, not ner"):
        lb.submit_predictions(dataset_id="tiny-sentiment", task_type="named_entity_recognition",
                              model_name="x", predictions_file=predictions)
    with pytest.raises(ValidationFailed):
        bad = tmp_path / "bad.csv"
        bad.write_text("id,label\ns1,neutral\n")
        lb.submit_predictions(dataset_id="tiny-sentiment", task_type="classification", model_name="Other",
                              predictions_file=bad, organization="Me", description="d", license="MIT",
                              approach="zero-shot", open_weights=False, trained_on_benchmark_data=False,
                              maintainers=["me"])


@pytest.fixture
def served_site(clone: Path) -> Iterator[str]:
    output = clone.parent / "site"
    build_site(Repository(clone), output, cache=ResultCache(None))
    server = make_server(output, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_url_backend_matches_local(clone: Path, served_site: str) -> None:
    remote = Leaderboard.from_url(served_site)
    local = Leaderboard(clone)
    assert remote.get_leaderboard("tiny-docqa") == local.get_leaderboard("tiny-docqa")
    with pytest.raises(SubmissionError, match="read-only"):
        remote.submit_predictions("tiny-docqa", "prompting", "x", "p.csv")
    with pytest.raises(Exception, match="not a known benchmark"):
        remote.get_leaderboard("nope")


def test_status_refuses_paths(clone: Path) -> None:
    done = cli(clone, "status", "../benchmarks")
    assert done.returncode == 1
    assert "is not a submission slug" in done.stderr
