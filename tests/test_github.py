"""GitHub output helpers: annotations, step outputs, the job summary, comments and the API client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaderboard.errors import GitHubError
from leaderboard.github import actions
from leaderboard.github import api as rest
from leaderboard.github.api import GitHubApi
from leaderboard.problems import Problem
from tests.fakegithub import FakeGitHub, fake_github_fixture, recorded, runner_fixture  # noqa: F401


def test_annotations_escape_and_cap() -> None:
    problems = [Problem(f"submissions/x,y:z/{i:02}.csv", i + 1, f"bad\nline %{i}") for i in range(12)]
    problems.append(Problem("a.csv", None, "odd", severity="warning", code="w"))
    lines = actions.format_annotations(problems).splitlines()
    assert lines[0] == "::error file=submissions/x%2Cy%3Az/00.csv,line=1,title=invalid::bad%0Aline %250"
    assert len([line for line in lines if line.startswith("::error ")]) == 10
    assert lines[9] == ("::error title=more problems::3 more errors: see the job summary or run "
                        "'leaderboard validate' locally for the full list")
    assert lines[10].startswith("::warning file=a.csv,title=w::odd") and lines[-1] == "12 error(s), 1 warning(s)"


def test_outputs_cannot_be_forged_by_a_value(tmp_path: Path) -> None:
    path = tmp_path / "output"
    assert actions.write_outputs({"slug": "ok", "note": "line\nslug=evil"}, {"GITHUB_OUTPUT": str(path)})
    text = path.read_text()
    assert text.startswith("slug=ok\nnote<<EOF_")
    delimiter = text.splitlines()[1].split("<<")[1]
    assert text.endswith(f"line\nslug=evil\n{delimiter}\n") and len(delimiter) == 36
    assert not actions.write_outputs({"x": "y"}, {})
    with pytest.raises(GitHubError, match="not a valid step output name"):
        actions.output_lines("a=b", "c")


def test_the_summary_stays_below_one_mebibyte_counting_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("x" * 900_000)
    assert actions.append_summary("é" * 100_000, {"GITHUB_STEP_SUMMARY": str(path)})
    assert path.stat().st_size <= actions.MAX_SUMMARY_BYTES < 1024 * 1024
    assert path.read_text().endswith("(truncated: run the same leaderboard command locally for the full text)\n")
    assert actions.append_summary("more", {"GITHUB_STEP_SUMMARY": str(path)})  # full: nothing is added
    assert path.stat().st_size <= actions.MAX_SUMMARY_BYTES
    assert not actions.append_summary("x", {})


def test_the_problems_table_neutralises_contributor_text() -> None:
    table = actions.problems_table([
        Problem("submissions/a`b|c/x.csv", 3, "label '<script>alert(1)</script>' from @someone | x\n## Owned"),
        Problem("submissions/a/y.csv", None, "fine", severity="warning"),
    ])
    rows = table.splitlines()
    assert rows[:2] == ["| | file | line | problem |", "|---|---|---:|---|"]
    assert rows[3] == ("| ❌ | `submissions/a_b_c/x.csv` | 3 | label '&lt;script&gt;alert\\(1\\)&lt;/script&gt;' "
                       "from @\u200bsomeone \\| x \\#\\# Owned |")
    assert rows[2] == "| ⚠️ | `submissions/a/y.csv` |  | fine |"
    assert actions.problems_table([]) == "No problems found.\n"


def test_logs_are_fenced_only_in_actions() -> None:
    assert actions.log_text("::error::x", {}) == "::error::x"
    fenced = actions.log_text("::error::x", {"GITHUB_ACTIONS": "true"}).splitlines()
    assert fenced[0].startswith("::stop-commands::") and fenced[1] == "::error::x"
    assert fenced[2] == f"::{fenced[0].split('::')[2]}::"
    assert actions.log_text("", {"GITHUB_ACTIONS": "true"}) == ""


def test_caps() -> None:
    assert actions.cap_text("abc", 10) == "abc"
    capped = actions.cap_text("x" * 70_000, actions.MAX_COMMENT_CHARS)
    assert len(capped) == actions.MAX_COMMENT_CHARS < 65_536
    assert len(actions.cap_utf8("é" * 10, 7, "…").encode()) <= 7
    assert actions.cap_utf8("abcdef", 2, "… (cut)") == "ab" and actions.cap_text("abcdef", 2, "… (cut)") == "ab"
    assert actions.cap_utf8("abc", 0) == "" and actions.cap_text("abc", -1) == ""


def test_the_event_payload_is_read_safely(tmp_path: Path) -> None:
    with pytest.raises(GitHubError, match="GITHUB_EVENT_PATH is not set"):
        actions.load_event({})
    path = tmp_path / "event.json"
    path.write_text("[1, 2]")
    with pytest.raises(GitHubError, match="is not a JSON object"):
        actions.load_event({"GITHUB_EVENT_PATH": str(path)})
    path.write_text("{nope")
    with pytest.raises(GitHubError, match="cannot read the event payload"):
        actions.load_event({"GITHUB_EVENT_PATH": str(path)})
    path.write_text(json.dumps({"action": "completed"}))
    assert actions.load_event({"GITHUB_EVENT_PATH": str(path)}) == {"action": "completed"}


def test_the_api_client_needs_a_repository_and_an_http_url() -> None:
    with pytest.raises(GitHubError, match="GITHUB_REPOSITORY is not set"):
        GitHubApi.from_environment({})
    with pytest.raises(GitHubError, match="not an owner/name repository"):
        GitHubApi("https://api.github.com", "../../evil", None)
    with pytest.raises(GitHubError, match="is not an http"):
        GitHubApi("file:///etc", "a/b", None)
    api = GitHubApi.from_environment({"GITHUB_REPOSITORY": "a/b", "GH_TOKEN": "t"})
    assert (api.api_url, api.token) == ("https://api.github.com", "t")
    assert api.repo_path("contents", "submissions/x", "a b") == "/repos/a/b/contents/submissions%2Fx/a%20b"


def test_api_errors_are_messages(fake_github: FakeGitHub) -> None:
    api = GitHubApi.from_environment()
    with pytest.raises(GitHubError, match=r"GET /repos/openanote/leaderboard/pulls/9: HTTP 404 \(Not Found\)"):
        api.get(api.repo_path("pulls", 9))
    fake_github.answer("GET", "/big", "x" * (rest.MAX_API_RESPONSE_BYTES + 10))
    with pytest.raises(GitHubError, match="the answer is larger than"):
        api.get("/big")
    unreachable = GitHubApi("http://127.0.0.1:9", "a/b", None)
    with pytest.raises(GitHubError, match="GET /x: "):
        unreachable.get("/x")


def test_only_the_bots_marked_comment_is_edited(fake_github: FakeGitHub) -> None:
    api = GitHubApi.from_environment()
    found = rest.find_report_comment(api, 42)
    assert found is not None and found["id"] == 503  # not 501: a stranger pasted the marker there
    fake_github.answer("GET", "/repos/openanote/leaderboard/issues/42/comments", recorded("comments.json")[:2])
    assert rest.find_report_comment(api, 42) is None
    action, url = rest.upsert_comment(api, 42, "hello")
    assert action == "created" and url.endswith("#issuecomment-503")
    assert fake_github.requests[-1].body == {"body": f"{actions.COMMENT_MARKER}\nhello"}
