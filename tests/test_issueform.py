"""Submission by issue form (issue 12), end to end against the fake GitHub: the two workflow steps
(issue-prepare, issue-publish) as the workflow runs them, attachments served over HTTP.

The issue bodies are written as GitHub renders a submitted form: ``### Label``, a blank line, the
answer; ``_No response_`` for an empty optional field; a multiple dropdown's choices joined by ", ".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from leaderboard.cli import main
from leaderboard.github import issueform
from leaderboard.repository import Repository
from tests.conftest import PROJECT_ROOT
from tests.fakegithub import BASE_SHA, NEW_SHA, REPOSITORY, FakeGitHub, fake_github_fixture, runner_fixture

__all__ = ["fake_github_fixture", "runner_fixture"]

ISSUE = 7
AUTHOR = "form-contributor"
GOOD_CSV = b"id,label\ns1,positive\ns2,negative\ns3,neutral\ns4,positive\ns5,negative\ns6,positive\n"


def body(attachments: str, **answers: str) -> str:
    values = {"Benchmarks": "tiny-sentiment", "Model name": "Form Model", "Organisation": "Form Labs",
              "Description": "A model submitted through the issue form.", "Licence": "MIT",
              "Approach": "zero-shot", "Open weights": "no", "Trained on benchmark data": "no",
              "Model link": "_No response_", "Paper link": "_No response_", "Base model": "_No response_",
              "Parameters": "7B", "Predictions": attachments,
              "Publication": "- [X] The predictions and these details may be published on the leaderboard."}
    values.update(answers)
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in values.items())


def issue_event(runner: Path, text: str, action: str = "opened", comment: dict[str, Any] | None = None) -> None:
    event: dict[str, Any] = {"action": action, "issue": {
        "number": ISSUE, "state": "open", "body": text, "user": {"login": AUTHOR},
        "labels": [{"name": "submission"}]}, "repository": {"full_name": REPOSITORY, "default_branch": "main"}}
    if comment is not None:
        event["comment"] = comment
    (runner / "event.json").write_text(json.dumps(event))


@pytest.fixture
def flow(fake_github: FakeGitHub, runner: Path, monkeypatch: pytest.MonkeyPatch) -> FakeGitHub:
    monkeypatch.setenv("GITHUB_SERVER_URL", fake_github.url)
    fake_github.record_issue_flow(ISSUE)
    return fake_github


def attach(fake: FakeGitHub, name: str, data: bytes, number: int = 1) -> str:
    """Serve ``data`` as GitHub does: the attachment URL redirects to the file host."""
    fake.answer("GET", f"/user-attachments/files/{number}/{name}", f"{fake.url}/objects/{number}", 302)
    fake.answer("GET", f"/objects/{number}", data)
    return f"[{name}]({fake.url}/user-attachments/files/{number}/{name})"


def run_workflow(repo: Repository, runner: Path) -> str:
    out = runner / "issue-form"
    assert main(["--root", str(repo.root), "issue-prepare", "--output", str(out)]) == 0
    assert main(["--root", str(repo.root), "issue-publish", "--input", str(out), "--base", "main"]) == 0
    return out.as_posix()


def issue_comment(fake: FakeGitHub) -> str:
    [posted] = fake.made("POST", f"/issues/{ISSUE}/comments")
    return str(posted.body["body"])


def test_an_issue_with_an_attachment_opens_a_pull_request_with_the_right_files(
        fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", GOOD_CSV.replace(b"\n", b"\r\n"))))
    run_workflow(fixture_repo, runner)
    [tree] = flow.made("POST", "/git/trees")
    assert tree.body["base_tree"] == "b" * 40
    files = {entry["path"]: entry["content"] for entry in tree.body["tree"]}
    assert sorted(files) == ["submissions/form-model/metadata.yaml", "submissions/form-model/tiny-sentiment.csv"]
    assert files["submissions/form-model/tiny-sentiment.csv"] == GOOD_CSV.decode()  # canonical: LF, as submit writes
    assert all(entry["mode"] == "100644" for entry in tree.body["tree"])
    metadata = yaml.safe_load(files["submissions/form-model/metadata.yaml"])
    assert metadata["maintainers"] == [AUTHOR] and metadata["model_name"] == "Form Model"
    assert metadata["open_weights"] is False and metadata["parameters"] == "7B"
    [commit] = flow.made("POST", "/git/commits")
    assert commit.body["parents"] == [BASE_SHA] and commit.body["tree"] == "c" * 40
    [ref] = flow.made("POST", "/git/refs")
    assert ref.body == {"ref": f"refs/heads/submission-issue-{ISSUE}", "sha": NEW_SHA}
    [pull] = flow.made("POST", "/pulls")
    assert pull.body["head"] == f"submission-issue-{ISSUE}" and pull.body["base"] == "main"
    assert f"Closes #{ISSUE}" in pull.body["body"]
    comment = issue_comment(flow)
    assert f"Pull request opened: https://github.com/{REPOSITORY}/pull/77" in comment
    assert "close and reopen" in comment.replace("closing and reopening", "close and reopen")
    attachment_requests = [r for r in flow.requests if "/objects/" in r.path or "user-attachments" in r.path]
    assert attachment_requests and all(r.authorization is None for r in attachment_requests)  # no token leaves


def test_a_broken_attachment_gets_a_comment_with_located_errors(
        fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    broken = b"id,label\ns1,positive\ns2,POS\ns3,neutral\ns1,negative\n"
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", broken), Licence="_No response_"))
    run_workflow(fixture_repo, runner)
    comment = issue_comment(flow)
    assert "tiny-sentiment.csv:5: duplicate id 's1'" in comment
    assert "tiny-sentiment.csv:3: warning: unknown label 'POS'" in comment
    assert "evaluation ids are missing" in comment
    assert "issue form: Licence: this field is empty" in comment
    assert "Edit this issue" in comment
    assert not flow.made("POST", "/git/trees") and not flow.made("POST", "/pulls")


@pytest.mark.parametrize(("link", "message"), [
    ("[tiny-sentiment.csv](https://evil.example.com/tiny-sentiment.csv)", "evil.example.com is not GitHub's attachment host"),
    ("http://github.com/user-attachments/files/1/tiny-sentiment.csv", "only https links are followed"),
    ("[x]({server}/user-attachments/files/1/..%2F..%2Fbenchmarks%2Ftiny-sentiment.csv)", "holds a path"),
    ("[x]({server}/openanote/leaderboard/raw/main/tiny-sentiment.csv)", "not a file attached to this issue"),
    ("[x]({server}/user-attachments/files/1/run.sh)", "is not named <benchmark-id>.csv"),
])
def test_links_that_are_not_plain_github_attachments_are_refused(
        fixture_repo: Repository, flow: FakeGitHub, runner: Path, link: str, message: str) -> None:
    issue_event(runner, body(link.format(server=flow.url)))
    run_workflow(fixture_repo, runner)
    assert message in issue_comment(flow)
    assert not [r for r in flow.requests if "user-attachments" in r.path or "/raw/" in r.path]  # never fetched
    assert not flow.made("POST", "/pulls")


def test_a_redirect_off_github_is_not_followed(fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    flow.answer("GET", "/user-attachments/files/5/tiny-sentiment.csv", "https://evil.example.com/x.csv", 302)
    issue_event(runner, body(f"[tiny-sentiment.csv]({flow.url}/user-attachments/files/5/tiny-sentiment.csv)"))
    run_workflow(fixture_repo, runner)
    assert "redirects to https://evil.example.com/x.csv" in issue_comment(flow)


def test_an_oversized_attachment_is_refused(fixture_repo: Repository, flow: FakeGitHub, runner: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issueform, "MAX_ATTACHMENT_BYTES", 40)
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", GOOD_CSV)))
    run_workflow(fixture_repo, runner)
    assert f"tiny-sentiment.csv: tiny-sentiment.csv is {len(GOOD_CSV)} bytes; the limit is 40" in issue_comment(flow)
    assert not flow.made("POST", "/pulls")


def test_an_issue_edited_after_its_pull_request_updates_that_branch(
        fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    flow.record_issue_flow(ISSUE, branch_exists=True)
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", GOOD_CSV)), action="edited")
    run_workflow(fixture_repo, runner)
    [update] = flow.made("PATCH", f"/git/refs/heads/submission-issue-{ISSUE}")
    assert update.body == {"sha": NEW_SHA, "force": True}  # one commit on the base: the issue's latest state
    assert not flow.made("POST", "/pulls") and not flow.made("POST", "/git/refs")
    assert f"Pull request updated: https://github.com/{REPOSITORY}/pull/77" in issue_comment(flow)


def test_retry_only_from_a_maintainer(fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    text = body(attach(flow, "tiny-sentiment.csv", GOOD_CSV))
    issue_event(runner, text, action="created", comment={"body": "/retry", "user": {"login": "stranger"}})
    out = run_workflow(fixture_repo, runner)
    assert json.loads((Path(out) / "result.json").read_text())["action"] == "skip"
    assert not [r for r in flow.requests if r.method != "GET" or "user-attachments" in r.path]
    issue_event(runner, text, action="created", comment={"body": "/retry", "user": {"login": "Fixture-Maintainer"}})
    run_workflow(fixture_repo, runner)
    assert flow.made("POST", "/pulls")


def test_the_author_may_not_take_over_someone_elses_folder(
        fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", GOOD_CSV), **{"Model name": "Good Model"}))
    run_workflow(fixture_repo, runner)
    comment = issue_comment(flow)
    assert "submissions/good-model/ exists and is maintained by fixture-maintainer" in comment


def test_the_screening_applies_to_form_submissions(fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    gold = (fixture_repo.benchmarks_dir / "tiny-sentiment" / "gold.csv").read_bytes()
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", gold)))
    run_workflow(fixture_repo, runner)
    comment = issue_comment(flow)
    assert "tiny-sentiment.csv: these predictions equal the public gold" in comment
    assert "byte-identical to submissions/good-model/tiny-sentiment.csv" in comment


def test_the_form_dropdown_equals_the_benchmarks() -> None:
    shipped = Repository(PROJECT_ROOT)
    form = yaml.safe_load((PROJECT_ROOT / issueform.FORM_FILE).read_text())
    [dropdown] = [item for item in form["body"] if item.get("id") == "benchmarks"]
    folders = sorted(p.name for p in (PROJECT_ROOT / "benchmarks").iterdir() if (p / "benchmark.yaml").is_file())
    assert dropdown["attributes"]["options"] == folders
    assert (PROJECT_ROOT / issueform.FORM_FILE).read_text() == issueform.render_form(shipped), \
        "run: leaderboard issue-form --write"


def test_the_form_check_fails_when_a_benchmark_is_added(fixture_repo: Repository,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = str(fixture_repo.root)
    assert main(["--root", root, "issue-form", "--write"]) == 0
    assert main(["--root", root, "issue-form"]) == 0
    (fixture_repo.benchmarks_dir / "tiny-sentiment").rename(fixture_repo.benchmarks_dir / "tiny-sentiment-2")
    assert main(["--root", root, "issue-form"]) == 1
    assert "out of date with benchmarks/: run leaderboard issue-form --write" in capsys.readouterr().out


def test_an_unknown_benchmark_is_named(fixture_repo: Repository, flow: FakeGitHub, runner: Path) -> None:
    issue_event(runner, body(attach(flow, "tiny-sentiment.csv", GOOD_CSV), Benchmarks="tiny-sentiment, nope"))
    run_workflow(fixture_repo, runner)
    assert "issue form: Benchmarks: 'nope' is not a benchmark" in issue_comment(flow)


def test_every_form_field_is_parsed() -> None:
    sections = issueform.parse_body(body("x", **{"Benchmarks": "a, b"}))
    assert sections["Benchmarks"] == "a, b" and sections["Model link"] == ""
