"""A fake GitHub for the workflow steps: recorded API answers served on 127.0.0.1, and the files
(``GITHUB_EVENT_PATH``, ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``) a runner provides.

The real client (``urllib``) talks to it over HTTP, so the tests exercise the same code the
workflows run, without any network beyond the loopback interface. A test module imports the
fixtures ``fake_github_fixture`` and ``runner_fixture``; they are used as ``fake_github`` and
``runner``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import TESTS

RECORDED = TESTS / "fixtures" / "github"
REPOSITORY = "openanote/leaderboard"
#: The contributor's fork the recorded pull request comes from (its head repository); the
#: upstream is REPOSITORY, where the workflows run and the statuses are posted.
FORK = "octo-contributor/leaderboard"
PR = 42
BASE_SHA = "a" * 40
NEW_SHA = "e" * 40
HEAD_SHA = json.loads((RECORDED / "workflow_run.json").read_text())["workflow_run"]["head_sha"]


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@dataclass
class Request:
    method: str
    path: str
    query: str
    body: Any
    authorization: str | None


@dataclass
class FakeGitHub:
    """Routes ``"METHOD /path"`` to ``(status, json)``; every request is recorded."""

    routes: dict[str, tuple[int, Any]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    url: str = ""

    @property
    def statuses(self) -> dict[str, list[dict[str, Any]]]:
        """The commit statuses posted so far, by commit (``POST /repos/{repo}/statuses/{sha}``), oldest
        first: GitHub keeps every one and shows the latest per context."""
        posted: dict[str, list[dict[str, Any]]] = {}
        for request in self.requests:
            parts = request.path.split("/")
            if request.method == "POST" and len(parts) == 6 and parts[4] == "statuses":
                posted.setdefault(parts[5], []).append(dict(request.body))
        return posted

    def latest_status(self, sha: str, context: str = "Scoring") -> dict[str, Any] | None:
        found = [s for s in self.statuses.get(sha, []) if s.get("context") == context]
        return found[-1] if found else None

    def answer(self, method: str, path: str, value: Any, status: int = 200) -> None:
        self.routes[f"{method} {path}"] = (status, value)

    def record_pull_request(self) -> None:
        """The recorded answers of pull request #42 (see tests/fixtures/github/README.md)."""
        base = f"/repos/{REPOSITORY}"
        self.answer("GET", f"{base}/pulls/{PR}", recorded("pull.json"))
        self.answer("GET", f"{base}/pulls/{PR}/files", recorded("pull_files.json"))
        self.answer("GET", f"{base}/contents/submissions/octo-model", recorded("contents.json"))
        self.answer("GET", f"{base}/issues/{PR}/comments", recorded("comments.json"))
        self.answer("PATCH", f"{base}/issues/comments/503", recorded("comment.json"))
        self.answer("POST", f"{base}/issues/{PR}/comments", recorded("comment.json"), 201)
        # Create a commit status answers with the status it stored (REST "Create a commit status").
        self.answer("POST", f"{base}/statuses/{HEAD_SHA}", {"id": 1, "context": "Scoring"}, 201)


    def record_issue_flow(self, issue: int, *, branch_exists: bool = False) -> None:
        """The git data API, pulls and issue comments as the issue-form workflow uses them (REST
        "Git references", "Git trees", "Git commits", "Pulls": each create answers 201 with the
        new object's sha; a missing ref answers 404)."""
        base = f"/repos/{REPOSITORY}"
        self.answer("GET", f"{base}/git/ref/heads/main", {"ref": "refs/heads/main", "object": {"sha": BASE_SHA}})
        self.answer("GET", f"{base}/git/commits/{BASE_SHA}", {"sha": BASE_SHA, "tree": {"sha": "b" * 40}})
        self.answer("POST", f"{base}/git/trees", {"sha": "c" * 40}, 201)
        self.answer("POST", f"{base}/git/commits", {"sha": NEW_SHA}, 201)
        self.answer("POST", f"{base}/git/refs", {"ref": f"refs/heads/submission-issue-{issue}"}, 201)
        pull = {"number": 77, "html_url": f"https://github.com/{REPOSITORY}/pull/77"}
        if branch_exists:
            self.answer("GET", f"{base}/git/ref/heads/submission-issue-{issue}", {"object": {"sha": "d" * 40}})
            self.answer("PATCH", f"{base}/git/refs/heads/submission-issue-{issue}", {"object": {"sha": NEW_SHA}})
            self.answer("GET", f"{base}/pulls", [pull])
        else:
            self.answer("GET", f"{base}/pulls", [])
        self.answer("POST", f"{base}/pulls", pull, 201)
        self.answer("GET", f"{base}/issues/{issue}/comments", [])
        self.answer("POST", f"{base}/issues/{issue}/comments", {"id": 9, "html_url": "https://github.com/c"}, 201)

    def made(self, method: str, suffix: str) -> list[Request]:
        """The requests made with ``method`` to a path ending in ``suffix``."""
        return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]


def workflow_run_event(runner: Path, **changes: Any) -> dict[str, Any]:
    """Rewrite the runner's event file: the recorded workflow_run with ``changes`` to its run, e.g.
    ``conclusion="action_required"`` (a first-time contributor's run awaiting approval) or another
    ``path`` (a workflow that only takes the check's name)."""
    event = recorded("workflow_run.json")
    event["workflow_run"].update(changes)
    (runner / "event.json").write_text(json.dumps(event))
    return dict(event)


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            fake.requests.append(Request(self.command, parts.path, parts.query, body,
                                         self.headers.get("Authorization")))
            status, value = fake.routes.get(f"{self.command} {parts.path}", (404, {"message": "Not Found"}))
            if parse_qs(parts.query).get("page", ["1"]) != ["1"]:
                status, value = 200, []  # everything fits on the first page
            if status in (301, 302, 307):  # a redirect: the value is the Location (attachments)
                self.send_response(status)
                self.send_header("Location", str(value))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            raw = isinstance(value, bytes)  # a file (an issue attachment), served as it is
            data = value if raw else json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/csv" if raw else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:  # keep pytest's output clean
            pass

    return Handler


@pytest.fixture(name="runner")
def runner_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The files and variables a GitHub-hosted runner gives a step; returns its temp folder."""
    folder = tmp_path / "runner"
    folder.mkdir()
    event = folder / "event.json"
    event.write_text((RECORDED / "workflow_run.json").read_text())
    for name, value in {
        "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(folder / "output"), "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "RUNNER_TEMP": str(folder), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "LEADERBOARD_CACHE_DIR", "http_proxy",
                 "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return folder


def outputs(runner: Path) -> dict[str, str]:
    """The single-line step outputs written so far."""
    path = runner / "output"
    lines = path.read_text().splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line and "<<" not in line)


@pytest.fixture(name="fake_github")
def fake_github_fixture(runner: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """A fake GitHub API on 127.0.0.1 with pull request #42 recorded, and the runner's files."""
    fake = FakeGitHub()
    fake.record_pull_request()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_fake-token-for-tests")
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
