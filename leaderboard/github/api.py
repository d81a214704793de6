"""A minimal client for the few GitHub REST API calls the workflows make, over ``urllib`` only.

It reads a pull request, its files and blobs, and creates or updates the report comment.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from leaderboard.errors import GitHubError
from leaderboard.github.actions import BOT_LOGIN, COMMENT_MARKER, MAX_COMMENT_CHARS, cap_text

_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")
#: API answers are bounded before they are parsed.
MAX_API_RESPONSE_BYTES = 8 * 1024 * 1024
API_TIMEOUT_SECONDS = 30


class GitHubApi:
    """A minimal client for the REST API calls the workflows make, over ``urllib`` only.

    The base URL, repository and token come from the Actions environment; tests point
    ``GITHUB_API_URL`` at a local server that replays recorded answers.
    """

    def __init__(self, api_url: str, repository: str, token: str | None) -> None:
        if not _REPOSITORY.match(repository):
            raise GitHubError(f"'{repository}' is not an owner/name repository")
        if not api_url.startswith(("https://", "http://")):
            raise GitHubError(f"GITHUB_API_URL '{api_url}' is not an http(s) address")
        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self.token = token

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> GitHubApi:
        env = os.environ if environ is None else environ
        repository = env.get("GITHUB_REPOSITORY", "")
        if not repository:
            raise GitHubError("GITHUB_REPOSITORY is not set; this command runs inside a GitHub Actions workflow")
        token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None
        return cls(env.get("GITHUB_API_URL") or "https://api.github.com", repository, token)

    def repo_path(self, *parts: str | int) -> str:
        """``/repos/owner/name/part/…`` with every part URL-quoted."""
        quoted = "/".join(urllib.parse.quote(str(p), safe="") for p in parts)
        return f"/repos/{self.repository}/{quoted}" if quoted else f"/repos/{self.repository}"

    def request(self, method: str, path: str, payload: Mapping[str, Any] | None = None,
                params: Mapping[str, str | int] | None = None) -> Any:
        """One API call; returns the parsed JSON answer or raises :class:`GitHubError`."""
        url = self.api_url + path + (f"?{urllib.parse.urlencode(params)}" if params else "")
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "openanote-leaderboard")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=API_TIMEOUT_SECONDS) as response:
                body = response.read(MAX_API_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            detail = _api_message(exc.read(4096))
            raise GitHubError(f"{method} {path}: HTTP {exc.code} {detail}".rstrip()) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise GitHubError(f"{method} {path}: {exc}") from exc
        if len(body) > MAX_API_RESPONSE_BYTES:
            raise GitHubError(f"{method} {path}: the answer is larger than {MAX_API_RESPONSE_BYTES:,} bytes")
        try:
            return json.loads(body) if body else None
        except ValueError as exc:
            raise GitHubError(f"{method} {path}: the answer is not JSON") from exc

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        return self.request("GET", path, params=params)


def _api_message(body: bytes) -> str:
    try:
        message = json.loads(body).get("message", "")
    except (ValueError, AttributeError):
        message = ""
    return f"({str(message)[:200]})" if message else ""


def find_report_comment(api: GitHubApi, number: int, *, max_pages: int = 30) -> dict[str, Any] | None:
    """The report comment on pull request ``number``: the bot's own comment holding the marker.

    Anyone can paste the marker into a comment, so the author must be the workflow's bot too.
    """
    for page in range(1, max_pages + 1):
        comments = api.get(api.repo_path("issues", number, "comments"), {"per_page": 100, "page": page})
        if not isinstance(comments, list):
            raise GitHubError(f"listing the comments of #{number} did not return a list")
        for comment in comments:
            user = comment.get("user") or {}
            if user.get("login") == BOT_LOGIN and COMMENT_MARKER in str(comment.get("body", "")):
                return dict(comment)
        if len(comments) < 100:
            return None
    return None


def upsert_comment(api: GitHubApi, number: int, body: str) -> tuple[str, str]:
    """Create the report comment on ``number`` or update the existing one; returns (action, url)."""
    text = body if COMMENT_MARKER in body else f"{COMMENT_MARKER}\n{body}"
    text = cap_text(text, MAX_COMMENT_CHARS)
    existing = find_report_comment(api, number)
    if existing is not None:
        answer = api.request("PATCH", api.repo_path("issues", "comments", int(existing["id"])), {"body": text})
        action = "updated"
    else:
        answer = api.request("POST", api.repo_path("issues", number, "comments"), {"body": text})
        action = "created"
    url = answer.get("html_url", "") if isinstance(answer, dict) else ""
    return action, str(url)


#: GitHub keeps a commit status's description short; longer text is cut (REST "Create a commit status").
MAX_STATUS_DESCRIPTION = 140
STATUS_STATES = ("pending", "success", "failure", "error")


def set_commit_status(api: GitHubApi, sha: str, state: str, description: str, target_url: str,
                      context: str) -> dict[str, Any]:
    """Post a commit status on ``sha`` (``POST /repos/{owner}/{repo}/statuses/{sha}``).

    The report workflow runs from the default branch (``workflow_run``), so its jobs do not appear
    on the pull request; a commit status on the head commit does, in the PR's checks list.
    """
    if state not in STATUS_STATES:
        raise GitHubError(f"'{state}' is not a commit status state; one of {', '.join(STATUS_STATES)}")
    if not re.match(r"^[0-9a-f]{40}$", sha):
        raise GitHubError(f"'{sha}' is not a 40-character commit id")
    if not target_url.startswith(("https://", "http://")):
        raise GitHubError(f"the status link '{target_url}' is not an http(s) address")
    payload = {"state": state, "description": cap_text(" ".join(description.split()), MAX_STATUS_DESCRIPTION, "…"),
               "target_url": target_url, "context": context}
    answer = api.request("POST", api.repo_path("statuses", sha), payload)
    return dict(answer) if isinstance(answer, dict) else {}
