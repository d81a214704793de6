"""The pull-request scope guard on temporary git repositories built from git objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaderboard.cli import main
from leaderboard.errors import GuardError
from leaderboard.github.prguard import (
    MAX_PR_BYTES,
    GuardResult,
    check_pull_request,
    format_result,
    parse_raw_diff,
    write_folder,
)
from leaderboard.repository import Repository
from tests.conftest import FIXTURE_REPO
from tests.gitrepo import SENTIMENT_CSV, GitRepo, base_repository, metadata_for

NEW = "submissions/new-model"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("template")


@pytest.fixture
def repo(tmp_path: Path, template: Path) -> tuple[GitRepo, str]:
    return base_repository(tmp_path / "git", template)


def guard(git_repo: GitRepo, base: str, head: str, author: str | None = "contributor") -> GuardResult:
    return check_pull_request(git_repo.root, base, head, author)


def messages(result: GuardResult) -> str:
    return "\n".join(p.format() for p in result.problems)


def test_a_good_submission_passes(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV,
                                  f"{NEW}/README.md": "# New model\n\nUTF-8: déjà vu\n".encode()})
    result = guard(git_repo, "main", head)
    assert (result.verdict, result.slug, result.problems) == ("submission", "new-model", [])
    assert result.ok and result.merge_base == base
    assert format_result(result, "text") == "new-model"


def test_two_folders_are_two_pull_requests(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV,
                                  "submissions/other-model/tiny-sentiment.csv": SENTIMENT_CSV})
    result = guard(git_repo, "main", head)
    assert result.verdict == "invalid" and not result.ok
    assert [p.code for p in result.problems] == ["scope"]
    assert "changes 2 submission folders ('new-model', 'other-model')" in messages(result)
    assert result.problems[0].format().startswith("(pull request): this pull request changes 2 submission")
    assert format_result(result, "github").startswith("::error title=scope::this pull request changes 2")
    assert "open one pull request per model" in messages(result)


@pytest.mark.parametrize(("mode", "content", "expected"), [
    ("120000", b"../../../etc/passwd", "is a symbolic link; commit the file itself"),
    ("100755", SENTIMENT_CSV, "is executable; remove the executable bit (git update-index --chmod=-x"),
    ("160000", "0123456789abcdef0123456789abcdef01234567", "is a submodule"),
])
def test_links_executables_and_submodules_are_refused(repo: tuple[GitRepo, str], mode: str,
                                                      content: bytes | str, expected: str) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": (mode, content)})
    result = guard(git_repo, "main", head)
    assert result.verdict == "invalid"
    assert len(result.problems) == 1
    assert result.problems[0].path == f"{NEW}/tiny-sentiment.csv"
    assert expected in result.problems[0].message


def test_a_200_mb_file_is_refused_without_being_read(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    huge = git_repo.zero_blob(200 * 1024 * 1024)
    assert git_repo.git("cat-file", "-s", huge) == str(200 * 1024 * 1024)  # git accepts the object
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": ("100644", huge)})
    result = guard(git_repo, "main", head)
    assert result.verdict == "invalid"
    text = messages(result)
    assert f"{NEW}/tiny-sentiment.csv: is 209,715,200 bytes; the limit for this file is 67,108,864 bytes" in text
    assert f"a pull request may add at most {MAX_PR_BYTES:,} bytes" in text
    assert "NUL" not in text  # over the limit, the content was never read


def test_nul_bytes_and_other_encodings_are_refused(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": b"id,label\ns1,pos\x00itive\n",
                                  f"{NEW}/README.md": "café".encode("latin-1")})
    result = guard(git_repo, "main", head)
    assert result.verdict == "invalid"
    assert [(p.path, p.line, p.code) for p in result.problems] == [
        (f"{NEW}/README.md", 1, "encoding"), (f"{NEW}/tiny-sentiment.csv", 2, "encoding")]
    assert "contains a NUL byte" in messages(result)
    assert "not valid UTF-8 (byte 0xe9 at offset 3); save the file as UTF-8 text" in messages(result)


@pytest.mark.parametrize("path", ["benchmarks/tiny-sentiment/gold.csv", ".github/workflows/submission-check.yml",
                                  "leaderboard/cli.py", "submissions/README.md"])
def test_code_workflows_and_benchmarks_need_a_maintainer(repo: tuple[GitRepo, str], path: str) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {path: b"changed\n"})
    result = guard(git_repo, "main", head)
    assert (result.verdict, result.slug, result.problems, result.outside) == ("review", None, [], [path])
    assert result.ok  # not a failed submission check, but not passed as a submission either
    text = format_result(result, "text")
    assert "not a submission" in text and "needs a maintainer's review" in text and path in text
    assert format_result(result, "github").startswith("::notice title=review::not a submission")


def test_a_submission_may_not_carry_other_changes(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV,
                                  ".github/workflows/submission-check.yml": b"on: pull_request_target\n"})
    result = guard(git_repo, "main", head)
    assert result.verdict == "invalid"
    assert "changes 1 file(s) outside submissions/ ('.github/workflows/submission-check.yml')" in messages(result)


def test_an_existing_folder_belongs_to_its_maintainers(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    # The stranger also lists themselves as a maintainer: the list is read from the base commit.
    head = git_repo.commit(base, {"submissions/existing/tiny-sentiment.csv": SENTIMENT_CSV + b"\n",
                                  "submissions/existing/metadata.yaml": metadata_for("stranger")})
    stranger = guard(git_repo, "main", head, "stranger")
    assert stranger.verdict == "invalid"
    assert [p.code for p in stranger.problems] == ["ownership"]
    assert ("submissions/existing/ already exists and belongs to Owner-One, owner-two (the maintainers in its "
            "metadata.yaml on the base branch); stranger is not one of them") in messages(stranger)
    maintainer = guard(git_repo, "main", head, "owner-one")  # logins are case-insensitive
    assert (maintainer.verdict, maintainer.slug) == ("submission", "existing")
    unknown = guard(git_repo, "main", head, None)
    assert "the author of this pull request is not known (pass --author LOGIN)" in messages(unknown)


def test_unreadable_maintainers_need_a_maintainer(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    broken = git_repo.commit(base, {"submissions/existing/metadata.yaml": b"maintainers: [a\n"})
    git_repo.branch("main", broken)
    head = git_repo.commit(broken, {"submissions/existing/README.md": b"# hi\n"})
    result = guard(git_repo, "main", head, "owner-one")
    assert result.verdict == "invalid"
    assert "its maintainers cannot be determined: submissions/existing/metadata.yaml on the base branch cannot be " \
           "read (" in messages(result)


@pytest.mark.parametrize("changes", [
    {"submissions/existing/tiny-sentiment.csv": None},
    {"submissions/new-model/metadata.yaml": metadata_for("contributor"),
     "submissions/existing/metadata.yaml": None},
])
def test_deletions_are_refused(repo: tuple[GitRepo, str], changes: dict[str, bytes | None]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, changes)
    result = guard(git_repo, "main", head, "owner-one")
    assert result.verdict == "invalid"
    assert "deletes submissions/existing/" in messages(result)
    assert "may only add or change files (ask a maintainer to delete or rename files)" in messages(result)


def test_a_rename_out_of_another_folder_is_a_deletion_there(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {"submissions/existing/tiny-sentiment.csv": None,
                                  f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV})
    result = guard(git_repo, "main", head)
    text = messages(result)
    assert "deletes submissions/existing/tiny-sentiment.csv" in text
    assert "changes 2 submission folders" in text


def test_main_moving_ahead_does_not_count_against_the_pull_request(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV})
    ahead = git_repo.commit(base, {"leaderboard/cli.py": b"print('new')\n",
                                   "submissions/another/tiny-sentiment.csv": SENTIMENT_CSV,
                                   "submissions/existing/tiny-sentiment.csv": None})
    git_repo.branch("main", ahead)
    result = guard(git_repo, "main", head)
    assert (result.verdict, result.slug, result.problems) == ("submission", "new-model", [])
    assert result.merge_base == base and result.base == ahead


def test_a_folder_created_on_main_after_branching_is_owned(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV})
    ahead = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("first-comer")})
    git_repo.branch("main", ahead)
    result = guard(git_repo, "main", head, "contributor")
    assert "belongs to first-comer" in messages(result)


def test_names_slugs_and_sub_folders(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {
        f"{NEW}/tiny-sentimen.csv": SENTIMENT_CSV,
        f"{NEW}/run.sh": b"echo hi\n",
        f"{NEW}/nested/tiny-chat.csv": b"id,answer\n",
        f"{NEW}/not-a-benchmark.csv": b"id\n",
        "submissions/Bad Slug/metadata.yaml": metadata_for("contributor"),
    })
    text = messages(guard(git_repo, "main", head))
    assert "'tiny-sentimen' is not a known benchmark (did you mean 'tiny-sentiment'?); name the predictions file " \
           "after one of: tiny-chat, tiny-sentiment" in text
    assert "'run.sh' is not allowed in a submission folder" in text
    assert f"sub-folders are not allowed in a submission folder; move the file to {NEW}/tiny-chat.csv" in text
    assert "'not-a-benchmark' is not a known benchmark" in text  # a folder without benchmark.yaml
    assert "folder name 'Bad Slug' is not a valid slug" in text


def test_unprintable_paths_are_shown_escaped(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/x\n::error::forged.csv": b"id\n"})
    result = guard(git_repo, "main", head)
    for output_format in ("text", "github", "json"):
        rendered = format_result(result, output_format)
        assert "\n::error::forged" not in rendered
    assert "x\\n::error::forged.csv" in format_result(result, "text")


def test_an_empty_pull_request(repo: tuple[GitRepo, str]) -> None:
    git_repo, base = repo
    result = guard(git_repo, "main", base)
    assert (result.verdict, result.ok) == ("none", True)


def test_bad_refs_are_clear_errors(repo: tuple[GitRepo, str]) -> None:
    git_repo, _ = repo
    with pytest.raises(GuardError, match="'--output=x' is not a valid git ref"):
        guard(git_repo, "--output=x", "HEAD")
    with pytest.raises(GuardError, match=r"'nope' is not a commit in .*; fetch it first"):
        guard(git_repo, "nope", "main")
    unrelated = git_repo.commit(None, {"x": b"y"})
    with pytest.raises(GuardError, match="have no common history"):
        guard(git_repo, "main", unrelated)


def test_raw_diff_parsing_handles_renames_and_odd_names() -> None:
    raw = (b":100644 100644 " + b"a" * 40 + b" " + b"b" * 40 + b" M\0sub/with space.csv\0"
           b":100644 100644 " + b"c" * 40 + b" " + b"c" * 40 + b" R100\0old\0new\0")
    entries = parse_raw_diff(raw)
    assert [(e.status, e.path) for e in entries] == [("M", "sub/with space.csv"), ("R", "old"), ("R", "new")]


def test_write_folder_from_blobs_only(repo: tuple[GitRepo, str], tmp_path: Path) -> None:
    git_repo, base = repo
    target = tmp_path / "out" / "existing"
    target.mkdir(parents=True)
    (target / "stale.csv").write_text("old")
    written = write_folder(git_repo.root, base, "existing", target)
    assert sorted(p.name for p in written) == ["metadata.yaml", "tiny-sentiment.csv"]
    assert not (target / "stale.csv").exists()
    assert (target / "tiny-sentiment.csv").read_bytes() == SENTIMENT_CSV
    linked = git_repo.commit(base, {"submissions/existing/evil.csv": ("120000", b"/etc/passwd")})
    with pytest.raises(GuardError, match="only plain, non-hidden files"):
        write_folder(git_repo.root, linked, "existing", target)


# -- the command ---------------------------------------------------------------------------------


def test_cli_prints_the_slug_and_writes_outputs(repo: tuple[GitRepo, str], fixture_repo: Repository,
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {f"{NEW}/metadata.yaml": metadata_for("contributor"),
                                  f"{NEW}/tiny-sentiment.csv": SENTIMENT_CSV})
    outputs, summary = tmp_path / "output", tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = main(["--root", str(fixture_repo.root), "check-pr", "--repo", str(git_repo.root), "--base", "main",
                 "--head", head, "--author", "contributor", "--pr", "7", "--artifact", str(tmp_path / "artifact"),
                 "--export", str(fixture_repo.root)])
    assert code == 0
    assert capsys.readouterr().out.strip() == "new-model"
    assert outputs.read_text() == "verdict=submission\nslug=new-model\nsubmission=true\n"
    assert "✅ submissions/new-model/: a valid submission pull request" in summary.read_text()
    assert (fixture_repo.submissions_dir / "new-model" / "tiny-sentiment.csv").read_bytes() == SENTIMENT_CSV
    hint = json.loads((tmp_path / "artifact" / "pr.json").read_text())
    assert hint == {"pr": 7, "head_sha": head, "verdict": "submission", "slug": "new-model"}
    assert sorted(p.name for p in (tmp_path / "artifact" / "submission").iterdir()) == [
        "metadata.yaml", "tiny-sentiment.csv"]


def test_cli_github_and_json_formats(repo: tuple[GitRepo, str], fixture_repo: Repository,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    git_repo, base = repo
    head = git_repo.commit(base, {"submissions/existing/README.md": b"# mine now\n"})
    args = ["--root", str(fixture_repo.root), "check-pr", "--repo", str(git_repo.root), "--base", "main",
            "--head", head, "--author", "stranger"]
    assert main([*args, "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::error file=submissions/existing,title=ownership::submissions/existing/ already")
    assert lines[-1] == ("::error title=submission check::a submission pull request that breaks 1 rule(s); fix each "
                         "problem listed and push again")
    assert main([*args, "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["verdict"] == "invalid" and payload["problems"][0]["code"] == "ownership"


def test_cli_errors_are_messages(fixture_repo: Repository, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    not_git = tmp_path / "plain"
    not_git.mkdir()
    assert main(["--root", str(FIXTURE_REPO), "check-pr", "--repo", str(not_git), "--base", "main"]) == 1
    assert capsys.readouterr().err.startswith("error: 'main' is not a commit in")
    assert main(["--root", str(fixture_repo.root), "check-pr", "--base", "main", "--artifact", "x"]) == 1
    assert "--artifact needs --pr NUMBER" in capsys.readouterr().err
