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
