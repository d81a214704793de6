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
#: A recording ``gh`` on PATH: every call is logged as JSON to $GH_LOG, and the answers come from
#: $GH_ANSWERS, a JSON object keyed by "pr create", "pr view", "pr checks", "pr list", each
#: {"stdout": ..., "stderr": ..., "code": ...}. What it answers follows gh's manual: ``pr checks``
#: exits 8 while checks are pending and fails with "no checks reported" when there are none.
GH_STUB = """#!/usr/bin/env python3
import json, os, sys
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
answers = json.load(open(os.environ["GH_ANSWERS"])) if os.environ.get("GH_ANSWERS") else {}
answer = answers.get(" ".join(sys.argv[1:3]), {})
sys.stdout.write(answer.get("stdout", ""))
sys.stderr.write(answer.get("stderr", ""))
sys.exit(answer.get("code", 0))
"""
UPSTREAM = "openanote/leaderboard"
FORK = "octo-contributor/leaderboard"
PR_URL = "https://github.com/openanote/leaderboard/pull/7"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def github_remote(work: Path, name: str, repository: str, bare: Path) -> None:
    """A remote with its GitHub URL, which git rewrites to a local bare repository (insteadOf)."""
    url = f"https://github.com/{repository}.git"
    if name in git(work, "remote").split():
        git(work, "remote", "set-url", name, url)
    else:
        git(work, "remote", "add", name, url)
    git(work, "config", f"url.{bare}.insteadOf", url)


def make_clone(tmp_path: Path, kind: str) -> Path:
    """A clone of the fixture repository: of the upstream with a 'fork' remote, or of the fork with
    an 'upstream' remote; the GitHub URLs lead to two local bare repositories."""
    origin = tmp_path / "seed"
    shutil.copytree(FIXTURE_REPO, origin)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(origin, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "init")
    for bare in ("upstream.git", "fork.git"):
        git(tmp_path, "clone", "-q", "--bare", str(origin), str(tmp_path / bare))
    work = tmp_path / "work"
    if kind == "upstream":
        git(tmp_path, "clone", "-q", str(tmp_path / "upstream.git"), str(work))
        github_remote(work, "origin", UPSTREAM, tmp_path / "upstream.git")
        github_remote(work, "fork", FORK, tmp_path / "fork.git")
    else:
        git(tmp_path, "clone", "-q", str(tmp_path / "fork.git"), str(work))
        github_remote(work, "origin", FORK, tmp_path / "fork.git")
        github_remote(work, "upstream", UPSTREAM, tmp_path / "upstream.git")
    git(work, "config", "user.name", "Contributor")
    git(work, "config", "user.email", "c@example.org")
    return work


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of the upstream repository whose 'fork' remote is the contributor's fork."""
    return make_clone(tmp_path, "upstream")


def cli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leaderboard", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


class GhStub:
    """The recording gh stub of one test: its environment, its answers and the calls it saw."""

    def __init__(self, tmp_path: Path) -> None:
        folder = tmp_path / "bin"
        folder.mkdir()
        (folder / "gh").write_text(GH_STUB)
        (folder / "gh").chmod(0o755)
        self.log = tmp_path / "gh.log"
        self.answers_file = tmp_path / "gh-answers.json"
        self.env = {"PATH": f"{folder}:{os.environ['PATH']}", "GH_LOG": str(self.log),
                    "GH_ANSWERS": str(self.answers_file)}
        self.answer(**{"pr create": {"stdout": PR_URL + "\n"}})

    def answer(self, **answers: dict[str, object]) -> None:
        current = json.loads(self.answers_file.read_text()) if self.answers_file.exists() else {}
        self.answers_file.write_text(json.dumps(current | answers))

    def pull_request(self, state: str, checks: list[dict[str, str]] | None, code: int = 0) -> None:
        """``gh pr view`` and ``gh pr checks`` of #7 (checks None: gh's "no checks reported")."""
        view = {"number": 7, "url": PR_URL, "state": state, "headRefName": "submission/acme-7b",
                "files": [{"path": "submissions/acme-7b/metadata.yaml"},
                          {"path": "submissions/acme-7b/tiny-sentiment.csv"}]}
        if checks is None:
            answer = {"stderr": "no checks reported on the 'submission/acme-7b' branch\n", "code": 1}
        else:
            answer = {"stdout": json.dumps(checks), "code": code}
        self.answer(**{"pr view": {"stdout": json.dumps(view)}, "pr checks": answer,
                       "pr list": {"stdout": json.dumps([{"number": 7, "url": PR_URL}])}})

    def calls(self) -> list[list[str]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []


@pytest.fixture
def gh(tmp_path: Path) -> GhStub:
    return GhStub(tmp_path)


def check(name: str, state: str, bucket: str, description: str = "") -> dict[str, str]:
    return {"name": name, "state": state, "bucket": bucket, "link": f"https://github.com/x/{name}",
            "description": description, "workflow": ""}


PASSED = check("Submission check", "SUCCESS", "pass")
TESTS_PASSED = check("make test", "SUCCESS", "pass")


def write_predictions(tmp_path: Path) -> Path:
    predictions = tmp_path / "preds.jsonl"
    predictions.write_text("".join(json.dumps({"id": f"s{i}", "label": lab}) + "\n" for i, lab in
                                   enumerate(["positive", "negative", "neutral", "positive", "neutral", "neutral"], 1)))
    return predictions


PR_BODY = ("Adds `submissions/acme-7b/` (Acme 7B).\n\n- [x] `leaderboard validate` passes locally\n"
           "- [x] only files inside my submission folder\n")


def test_submit_status_and_open_pr(clone: Path, tmp_path: Path, gh: GhStub) -> None:
    predictions = write_predictions(tmp_path)
    done = cli(clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", "--predictions",
               str(predictions), *METADATA_FLAGS, "--open-pr", env=gh.env)
    assert done.returncode == 0, done.stderr
    assert "tiny-sentiment: macro_f1 82.2" in done.stdout and "rank 1 of 2" in done.stdout
    assert (clone / "submissions/acme-7b/tiny-sentiment.csv").read_text() == PREDICTIONS  # canonical CSV
    assert f"opened {PR_URL} from octo-contributor:submission/acme-7b into openanote/leaderboard:main" in done.stdout
    assert "status: processing (stage pull_request)" in done.stdout and "leaderboard status 7" in done.stdout
    calls = gh.calls()
    assert calls[0] == ["auth", "status"]
    # From a clone of the upstream, the branch goes to the 'fork' remote and the pull request to upstream.
    assert calls[1] == ["pr", "create", "--repo", UPSTREAM, "--base", "main", "--head",
                        "octo-contributor:submission/acme-7b", "--title", "Add submission acme-7b", "--body", PR_BODY]
    assert git(clone, "branch", "--show-current") == "submission/acme-7b"
    assert git(clone, "log", "-1", "--format=%s") == "Add submission acme-7b"
    assert git(clone, "show", "--name-only", "--format=", "HEAD").splitlines() == [
        "submissions/acme-7b/metadata.yaml", "submissions/acme-7b/tiny-sentiment.csv"]
    assert git(tmp_path / "fork.git", "rev-parse", "submission/acme-7b") == git(clone, "rev-parse", "HEAD")
    assert "submission/acme-7b" not in git(tmp_path / "upstream.git", "branch")

    gh.pull_request("OPEN", [PASSED, TESTS_PASSED, check("Scoring", "SUCCESS", "pass", "valid; rank 1 of 2")])
    pr_status = cli(clone, "status", "7", "--json", env=gh.env)
    assert json.loads(pr_status.stdout)["status"] == "complete", pr_status.stderr
    assert gh.calls()[-1] == ["pr", "checks", "7", "--repo", UPSTREAM, "--json", "name,state,bucket,link,description,workflow"]


def test_open_pr_from_a_fork_clone_targets_upstream(tmp_path: Path, gh: GhStub) -> None:
    fork_clone = make_clone(tmp_path, "fork")
    done = cli(fork_clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", "--predictions",
               str(write_predictions(tmp_path)), *METADATA_FLAGS, "--open-pr", env=gh.env)
    assert done.returncode == 0, done.stderr
    create = gh.calls()[1]
    assert create[:7] == ["pr", "create", "--repo", UPSTREAM, "--base", "main", "--head"]
    assert create[7] == "octo-contributor:submission/acme-7b"  # never the fork's own branch as the base
    assert git(tmp_path / "fork.git", "rev-parse", "submission/acme-7b") == git(fork_clone, "rev-parse", "HEAD")
    gh.pull_request("OPEN", [PASSED])
    status = cli(fork_clone, "status", "7", "--json", env=gh.env)
    assert json.loads(status.stdout)["stage"] == "pull_request"
    asked = [c for c in gh.calls() if c[:2] in (["pr", "view"], ["pr", "checks"])]
    assert asked and all(c[3:5] == ["--repo", UPSTREAM] for c in asked)  # upstream's #7, not the fork's
    explicit = cli(fork_clone, "status", "7", "--upstream", "someone/else", "--json", env=gh.env)
    assert explicit.returncode == 0 and gh.calls()[-1][3:5] == ["--repo", "someone/else"]


def test_submit_without_open_pr_is_local_not_complete(clone: Path, tmp_path: Path) -> None:
    done = cli(clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", "--predictions",
               str(write_predictions(tmp_path)), *METADATA_FLAGS)
    assert done.returncode == 0, done.stderr
    assert "complete" not in done.stdout
    assert "status: processing (stage local): scored on this machine only" in done.stdout
    assert "next step: open the pull request: leaderboard submit ... --open-pr" in done.stdout
    status = json.loads(cli(clone, "status", "acme-7b", "--json", env={"PATH": "/usr/bin:/bin"}).stdout)
    assert (status["status"], status["stage"]) == ("processing", "local")
    assert status["reasons"][0] == "scored on this machine only: nothing has been submitted yet"
    assert status["results"][0]["summary"].endswith("rank 1 of 2")


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
    assert f"{bad.as_posix()}: 5 of 6 evaluation ids are missing" in done.stderr  # the user's own file
    assert git(clone, "status", "--porcelain") == before
    assert not (clone / "submissions/acme-7b").exists()


def test_missing_metadata_is_named(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "p.csv"
    predictions.write_text(PREDICTIONS)
    done = cli(clone, "submit", "--benchmark", "tiny-sentiment", "--model-name", "X", "--predictions", str(predictions))
    assert done.returncode == 1
    assert done.stderr.startswith("error: submit: missing metadata: organization, description, license, "
                                  "open_weights, approach")


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
    assert "into main of the upstream repository" in done.stderr


def test_python_api(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "p.json"
    predictions.write_text(json.dumps([{"id": f"s{i}", "label": "neutral"} for i in range(1, 7)]))
    lb = Leaderboard(clone)
    sub = lb.submit_predictions(dataset_id="tiny-sentiment", task_type="text_classification",
                                model_name="MyCustomModel-v1", predictions_file=predictions,
                                organization="Me", description="d", license="MIT", approach="zero-shot",
                                open_weights=False, trained_on_benchmark_data=False, maintainers="me")
    assert sub["submission_id"] == "mycustommodel-v1"
    assert (sub["status"], sub["stage"]) == ("processing", "local")  # nothing has left the machine
    assert "--open-pr" in sub["next_step"]
    assert "maintainers:\n- me\n" in (clone / "submissions/mycustommodel-v1/metadata.yaml").read_text()
    assert lb.get_submission_status(sub["submission_id"])["stage"] == "local"
    board = lb.get_leaderboard(dataset_id="tiny-sentiment")
    assert [m["model"] for m in board["models"]] == ["Good Model", "MyCustomModel-v1"]
    with pytest.raises(SubmissionError, match="dataset_id='tiny-sentiment' is a classification benchmark, but "
                                              "task_type='named_entity_recognition' is ner"):
        lb.submit_predictions(dataset_id="tiny-sentiment", task_type="named_entity_recognition",
                              model_name="x", predictions_file=predictions)
    with pytest.raises(ValidationFailed):
        bad = tmp_path / "bad.csv"
        bad.write_text("id,label\ns1,neutral\n")
        lb.submit_predictions(dataset_id="tiny-sentiment", task_type="classification", model_name="Other",
                              predictions_file=bad, organization="Me", description="d", license="MIT",
                              approach="zero-shot", open_weights=False, trained_on_benchmark_data=False,
                              maintainers=["me"])


def test_the_seeds_four_argument_call(clone: Path, tmp_path: Path) -> None:
    """The seed's call, as written: no metadata at all is a status to fix, never an exception."""
    predictions = tmp_path / "p.csv"
    predictions.write_text(PREDICTIONS)
    lb = Leaderboard(clone)
    sub = lb.submit_predictions(dataset_id="tiny-sentiment", task_type="text_classification",
                                model_name="MyCustomModel-v1", predictions_file=str(predictions))
    assert sub["submission_id"] == "mycustommodel-v1"
    folder = clone / "submissions" / "mycustommodel-v1"
    assert (folder / "tiny-sentiment.csv").read_text() == PREDICTIONS and (folder / "metadata.yaml").is_file()
    assert sub["results"][0]["benchmark"] == "tiny-sentiment" and "macro_f1" in sub["results"][0]["summary"]
    status = lb.get_submission_status(sub["submission_id"])
    assert (status["status"], status["stage"]) == ("failed", "local")
    for name in ("organization", "description", "license", "open_weights", "approach",
                 "trained_on_benchmark_data", "maintainers"):
        reason = next(r for r in status["reasons"] if f"'{name}' is missing" in r)
        assert f"pass {name}=... to submit_predictions" in reason and f"add '{name}:' to metadata.yaml" in reason
        assert reason.startswith("submissions/mycustommodel-v1/metadata.yaml: ")
    assert sub["status"] == "failed" and sub["reasons"] == status["reasons"]
    again = lb.submit_predictions(dataset_id="tiny-sentiment", task_type="text_classification",
                                  model_name="MyCustomModel-v1", predictions_file=str(predictions),
                                  organization="Me", description="d", license="MIT", approach="zero-shot",
                                  open_weights=False, trained_on_benchmark_data=False, maintainers="me")
    assert (again["status"], again["stage"]) == ("processing", "local")


def test_unknown_keywords_are_refused_by_name(clone: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "p.csv"
    predictions.write_text(PREDICTIONS)
    with pytest.raises(SubmissionError, match=r"unknown keyword argument 'organisation' \(did you mean "
                                              r"'organization'\?\)"):
        Leaderboard(clone).submit_predictions(dataset_id="tiny-sentiment", task_type="classification",
                                              model_name="X", predictions_file=predictions, organisation="Me")
    assert not (clone / "submissions" / "x").exists()


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


# -- issue 13: every problem at the user's own file and line, or at the flag -------------------

SUBMIT = ["submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B"]
ROWS = [("s1", "positive"), ("s2", "negative"), ("s3", "neutral"), ("s4", "positive"), ("s5", "neutral"),
        ("s6", "neutral")]


def user_file(tmp_path: Path, suffix: str, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "work" / f"preds{suffix}"
    path.parent.mkdir(exist_ok=True)
    if suffix == ".csv":
        path.write_text("id,label\n" + "".join(f"{i},{label}\n" for i, label in rows))
    elif suffix == ".jsonl":
        path.write_text("".join(json.dumps({"id": i, "label": label}) + "\n" for i, label in rows))
    else:  # a pretty-printed array: each object starts on its own line, after the "[" line
        path.write_text("[\n" + ",\n".join("  " + json.dumps({"id": i, "label": label}) for i, label in rows)
                        + "\n]\n")
    return path


@pytest.mark.parametrize(("suffix", "line"), [(".csv", 4), (".jsonl", 3), (".json", 4)])
def test_submit_reports_problems_at_the_users_own_file_and_line(
    clone: Path, tmp_path: Path, suffix: str, line: int
) -> None:
    rows = [*ROWS[:2], ("s3", "mixed"), *ROWS[3:]]
    rows[4] = ("zz", "neutral")
    path = user_file(tmp_path, suffix, rows)
    done = subprocess.run([sys.executable, "-m", "leaderboard", "--root", str(clone), *SUBMIT, "--predictions",
                           f"work/{path.name}", *METADATA_FLAGS], cwd=tmp_path, capture_output=True, text=True,
                          check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stdout + done.stderr
    unknown_line = line + 2  # the row of 'zz', two rows after the one with 'mixed'
    assert f"work/{path.name}:{unknown_line}: id 'zz' is not in the evaluation set" in done.stderr
    assert f"work/{path.name}: 1 of 6 evaluation ids are missing: 's5'" in done.stderr
    assert "submissions/acme-7b/tiny-sentiment.csv" not in done.stderr
    assert not (clone / "submissions/acme-7b").exists()


def test_submit_problems_in_python(clone: Path, tmp_path: Path) -> None:
    from leaderboard.submit import submit

    options = {"model_name": "Acme", "organization": "A", "description": "d", "license": "MIT",
               "approach": "zero-shot", "maintainers": ["me"], "open_weights": False,
               "trained_on_benchmark_data": False}
    for suffix, line in ((".csv", 3), (".jsonl", 2), (".json", 3)):
        rows = [("s1", "positive"), ("s2", ""), *ROWS[2:]]
        path = user_file(tmp_path, suffix, rows)
        with pytest.raises(ValidationFailed) as caught:
            submit(Repository(clone), "tiny-sentiment", path, options)
        shown = [p.format() for p in caught.value.problems]
        assert f"{path.as_posix()}:{line}: empty label; every item needs one of: negative, neutral, positive" in shown


def test_a_bad_flag_is_reported_at_the_flag_with_all_other_metadata_problems(clone: Path, tmp_path: Path) -> None:
    path = user_file(tmp_path, ".csv", ROWS)
    flags = [*METADATA_FLAGS]
    flags[flags.index("--approach") + 1] = "zero shot"
    flags[flags.index("--maintainers") + 1] = "@ok,bad handle"
    done = cli(clone, *SUBMIT, "--predictions", str(path), *flags, "--model-url", "ftp://x")
    assert done.returncode == 1
    lines = [line.removeprefix("error: ") for line in done.stderr.splitlines()]
    assert "--approach: 'zero shot' is not a known approach (did you mean 'zero-shot'?); choose one of: " \
        "zero-shot, few-shot, fine-tuned-supervised, unsupervised, rlhf, rag, baseline" in lines
    assert any(line.startswith("--maintainers: maintainers.1: 'bad handle' is not a GitHub handle") for line in lines)
    assert any(line.startswith("--model-url: must be an http:// or https:// address") for line in lines)
    assert "metadata.yaml" not in done.stderr  # no file was written, so none is named
    assert not (clone / "submissions/acme-7b").exists()


def test_metadata_file_problems_point_at_its_lines(clone: Path, tmp_path: Path) -> None:
    path = user_file(tmp_path, ".csv", ROWS)
    metadata = tmp_path / "meta.yaml"
    metadata.write_text("organization: Acme\ndescription: d\nlicense: MIT\napproach: magic\n"
                        "open_weights: maybe\ntrained_on_benchmark_data: false\nmaintainers: [me]\n"
                        "submitted: 2999-01-01\n")
    done = cli(clone, *SUBMIT, "--predictions", str(path), "--metadata", str(metadata))
    assert done.returncode == 1
    assert f"{metadata.as_posix()}:4: approach: 'magic' is not a known approach" in done.stderr
    assert f"{metadata.as_posix()}:5: open_weights:" in done.stderr
    assert f"{metadata.as_posix()}:8: submitted: 2999-01-01 is not between" in done.stderr


def test_jsonl_named_json_is_accepted_with_a_note(clone: Path, tmp_path: Path) -> None:
    path = tmp_path / "preds.json"
    path.write_text("".join(json.dumps({"id": i, "label": label}) + "\n" for i, label in ROWS))
    done = cli(clone, *SUBMIT, "--predictions", str(path), *METADATA_FLAGS)
    assert done.returncode == 0, done.stderr
    assert "holds JSON Lines (one object per line), not a JSON array; it was read as JSON Lines" in done.stdout
    assert (clone / "submissions/acme-7b/tiny-sentiment.csv").read_text() == PREDICTIONS


@pytest.mark.parametrize(("content", "message"), [
    ('[{"id": "s1", "label": "a", "label": "b"}]', "duplicate key 'label'"),
    ('[{"id": "s1"}, 3]', "preds.json:1: item [1] of the array is not an object"),
    ('{"id": "s1"}', "must be an array of objects"),
    ('[{"id": "s1"},\n {"id": NaN}]', "preds.json:2: invalid JSON"),
    ('[{"id": "s1", "label": ["x"]}]', "item [0]: 'label' must be a string"),
])
def test_json_arrays_are_refused_at_their_item(clone: Path, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "preds.json"
    path.write_text(content)
    done = cli(clone, *SUBMIT, "--predictions", str(path), *METADATA_FLAGS)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert message in done.stderr


def test_force_never_writes_through_a_hard_link_or_symlink(clone: Path, tmp_path: Path) -> None:
    first = user_file(tmp_path, ".csv", ROWS)
    assert cli(clone, *SUBMIT, "--predictions", str(first), *METADATA_FLAGS).returncode == 0
    target = clone / "submissions/acme-7b/tiny-sentiment.csv"
    gold = clone / "benchmarks/tiny-sentiment/gold.csv"
    before = gold.read_text()
    target.unlink()
    os.link(gold, target)  # the submission file is now the gold file
    second = tmp_path / "second.csv"
    second.write_text(PREDICTIONS.replace("s6,neutral", "s6,negative"))
    done = cli(clone, *SUBMIT, "--predictions", str(second), *METADATA_FLAGS, "--force")
    assert done.returncode == 0, done.stderr
    assert gold.read_text() == before
    assert "s6,negative" in target.read_text() and os.stat(target).st_nlink == 1
    victim = tmp_path / "victim.yaml"
    victim.write_text("precious\n")
    metadata = clone / "submissions/acme-7b/metadata.yaml"
    metadata.unlink()
    metadata.symlink_to(victim)
    assert cli(clone, *SUBMIT, "--predictions", str(second), *METADATA_FLAGS, "--force").returncode == 0
    assert victim.read_text() == "precious\n" and not metadata.is_symlink()


def test_prompts_ask_again_until_the_answer_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    from leaderboard.cli import _ask

    answers = iter(["maybe", "", "Yes"])
    assert _ask("trained_on_benchmark_data", lambda _: next(answers)) is True
    answers = iter(["zero shot", "zero-shot"])
    assert _ask("approach", lambda _: next(answers)) == "zero-shot"
    answers = iter(["@ok, bad handle", "@ok"])
    assert _ask("maintainers", lambda _: next(answers)) == ["ok"]
    answers = iter(["", "Acme\u00adLabs", "Acme Labs"])
    assert _ask("organization", lambda _: next(answers)) == "Acme Labs"
    shown = capsys.readouterr().out
    assert "please answer yes or no, not 'maybe'" in shown
    assert "'zero shot' is not a known approach (did you mean 'zero-shot'?)" in shown
    assert "U+00AD" in shown and "it is required" in shown

    def no_more(_: str) -> str:
        raise EOFError

    with pytest.raises(SubmissionError, match="no answer for approach; pass --approach"):
        _ask("approach", no_more)


def test_validate_one_loose_file_against_a_benchmark(clone: Path, tmp_path: Path) -> None:
    path = user_file(tmp_path, ".jsonl", [*ROWS[:5], ("s6", "NEUTRAL")])
    done = cli(clone, "validate", str(path), "--benchmark", "tiny-sentiment")
    assert done.returncode == 0, done.stdout
    assert f"{path.as_posix()}:6: warning: 1 row(s) have a label that differs" in done.stdout
    assert "ok: 1 file checked against tiny-sentiment, 0 error(s), 1 warning(s)" in done.stdout
    bad = user_file(tmp_path, ".csv", ROWS[:5])
    done = cli(clone, "validate", str(bad), "--benchmark", "tiny-sentiment", "--json")
    assert done.returncode == 1
    assert [p["message"][:34] for p in json.loads(done.stdout)] == ["1 of 6 evaluation ids are missing:"]
    assert cli(clone, "validate", str(bad), "--benchmark", "nope").stderr.startswith("error: 'nope' is not a known")
    loose = cli(clone, "validate", str(bad))
    assert loose.returncode == 1
    assert "is not in a submission folder (no metadata.yaml beside it); to check one predictions file, name its " \
        f"benchmark: leaderboard validate {bad.as_posix()} --benchmark ID" in loose.stderr


def test_one_flag_style_and_a_version(clone: Path) -> None:
    from leaderboard import __version__

    assert cli(clone, "--version").stdout.strip() == f"leaderboard {__version__}"
    for command in (["benchmarks"], ["show", "tiny-sentiment"], ["status", "good-model"]):
        as_format = cli(clone, *command, "--format", "json")
        as_alias = cli(clone, *command, "--json")
        assert as_format.returncode == 0, as_format.stderr
        assert json.loads(as_format.stdout) == json.loads(as_alias.stdout)
    assert json.loads(cli(clone, "benchmarks", "--json").stdout)[0]["id"] == "tiny-chat"


# -- the lifecycle as GitHub runs it: local, pull request, published ---------------------------


def serve(folder: Path) -> tuple[str, object]:
    server = make_server(folder, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def test_the_lifecycle_from_draft_to_published(clone: Path, tmp_path: Path, gh: GhStub) -> None:
    env = {**gh.env, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}

    def status(*args: str) -> dict[str, object]:
        done = cli(clone, "status", *args, "--json", env=env)
        assert done.returncode in (0, 1), done.stderr
        return dict(json.loads(done.stdout))

    predictions = write_predictions(tmp_path)
    submit_args = ["submit", "--benchmark", "tiny-sentiment", "--model-name", "Acme 7B", "--predictions",
                   str(predictions), *METADATA_FLAGS]
    assert cli(clone, *submit_args, env=env).returncode == 0
    draft = status("acme-7b")  # gh finds no pull request yet
    assert (draft["status"], draft["stage"]) == ("processing", "local")
    assert cli(clone, *submit_args, "--open-pr", env=env).returncode == 0

    gh.pull_request("OPEN", [check("Submission check", "IN_PROGRESS", "pending")], code=8)  # gh: 8 = pending
    opened = status("acme-7b")  # the slug leads to the open pull request from submission/acme-7b
    assert (opened["status"], opened["stage"]) == ("processing", "pull_request")
    assert opened["reasons"] == ["Submission check: running"]
    assert ["pr", "list", "--repo", UPSTREAM, "--head", "submission/acme-7b", "--state", "open", "--json",
            "number,url"] in gh.calls()

    gh.pull_request("OPEN", [PASSED, TESTS_PASSED, check("Scoring", "PENDING", "pending", "scoring the submission")])
    assert status("7")["status"] == "processing"
    gh.pull_request("OPEN", [PASSED, TESTS_PASSED, check("Scoring", "SUCCESS", "pass", "valid; tiny-sentiment rank 1 of 2")])
    scored = status("7")
    assert (scored["status"], scored["stage"]) == ("complete", "pull_request")
    assert scored["reasons"] == ["Scoring: success: valid; tiny-sentiment rank 1 of 2 (https://github.com/x/Scoring)"]

    gh.pull_request("MERGED", [PASSED, TESTS_PASSED, check("Scoring", "SUCCESS", "pass")])
    merged = status("7")  # no site known: merged, the site is being rebuilt
    assert (merged["status"], merged["stage"]) == ("processing", "pull_request")
    build_site(Repository(clone), tmp_path / "site", cache=ResultCache(None))
    url, server = serve(tmp_path / "site")
    try:
        published = status("7", "--site-url", url)
        assert (published["status"], published["stage"]) == ("complete", "published")
        assert published["results"] == [{"benchmark": "tiny-sentiment", "rank": 1, "of": 2,
                                         "score": published["results"][0]["score"], "summary": "rank 1 of 2"}]
        env["LEADERBOARD_SITE_URL"] = url
        assert status("acme-7b")["stage"] == "published"
        text = cli(clone, "status", "acme-7b", env=env).stdout
        assert text.startswith("acme-7b: complete (published)") and "tiny-sentiment: rank 1 of 2" in text
    finally:
        server.shutdown()  # type: ignore[attr-defined]
        server.server_close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("checks", "code", "expected", "reason"), [
    ([check("Submission check", "FAILURE", "fail", "2 errors")], 0, "failed",
     "Submission check: failure: 2 errors (https://github.com/x/Submission check)"),
    ([PASSED, TESTS_PASSED, check("Scoring", "FAILURE", "fail", "the report workflow could not verify the check's artifact")],
     0, "failed", "Scoring: failure: the report workflow could not verify the check's artifact"),
    ([check("Submission check", "ACTION_REQUIRED", "fail"), check("make test", "ACTION_REQUIRED", "fail")], 0,
     "processing", "waiting for a maintainer to approve the run"),
    (None, 1, "processing", "no checks yet"),
    ([PASSED, TESTS_PASSED], 0, "processing", "Scoring has not reported yet"),
], ids=["check-failed", "scoring-refused", "awaiting-approval", "no-checks-yet", "scoring-not-started"])
def test_pull_request_states(clone: Path, gh: GhStub, checks: list[dict[str, str]] | None, code: int,
                             expected: str, reason: str) -> None:
    gh.pull_request("OPEN", checks, code)
    done = cli(clone, "status", "7", "--json", env=gh.env)
    assert "Traceback" not in done.stderr and done.returncode == (1 if expected == "failed" else 0), done.stderr
    status = json.loads(done.stdout)
    assert (status["status"], status["stage"]) == (expected, "pull_request")
    assert status["reasons"][0].startswith(reason), status["reasons"]
    assert status["next_step"]


def test_a_closed_pull_request_failed(clone: Path, gh: GhStub) -> None:
    gh.pull_request("CLOSED", [PASSED])
    status = json.loads(cli(clone, "status", "7", "--json", env=gh.env).stdout)
    assert (status["status"], status["reasons"]) == ("failed", ["the pull request was closed without being merged"])
