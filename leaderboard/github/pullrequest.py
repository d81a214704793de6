"""Opening a submission pull request and reading its state, through git and the ``gh`` client.

Every external command is run with an argument list (never a shell). When ``gh`` is missing or not
signed in, the error says exactly which commands to run by hand.

Forks: the branch is pushed to the contributor's fork (the remote ``fork``, else ``origin``) and the
pull request is opened against the upstream repository with
``gh pr create --repo UPSTREAM --base main --head OWNER:BRANCH`` (gh manual: ``--head`` takes
``<user>:<branch>`` for a branch in another repository, ``--repo`` selects the base repository).
Upstream is ``--upstream OWNER/NAME``, else the ``upstream`` remote, else ``origin`` when the push
went to a separate ``fork`` remote. ``status <PR>`` asks the same upstream repository, so that a
fork clone does not look for pull request #N in the fork.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaderboard.errors import SubmissionError
from leaderboard.github.status import SubmissionStatus, pull_request_status

BASE_BRANCH = "main"
#: ``gh pr checks`` exits 8 while checks are pending (gh manual).
GH_CHECKS_PENDING = 8
CHECK_FIELDS = "name,state,bucket,link,description,workflow"
_REMOTE_URL = re.compile(
    r"^(?:https?://[^/]+/|ssh://(?:[^@/]+@)?[^/]+/|[^@/:]+@[^:/]+:)"
    r"(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")


@dataclass(frozen=True)
class PullRequest:
    branch: str
    remote: str
    url: str
    upstream: str | None = None
    head: str = ""

    @property
    def number(self) -> int | None:
        match = re.search(r"/pull/(\d+)", self.url)
        return int(match.group(1)) if match else None


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def _git(root: Path, *args: str) -> str:
    result = _run(["git", *args], root)
    if result.returncode != 0:
        raise SubmissionError(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()


def repository_of(url: str) -> str | None:
    """``owner/name`` of a GitHub remote URL (https, ssh or scp form), or None."""
    match = _REMOTE_URL.match(url.strip())
    return f"{match['owner']}/{match['name']}" if match else None


def remote_repository(root: Path, remote: str) -> str | None:
    """``owner/name`` of a remote, read from its configured URL (before any ``insteadOf`` rewrite)."""
    result = _run(["git", "config", "--get", f"remote.{remote}.url"], root)
    return repository_of(result.stdout) if result.returncode == 0 else None


def remotes(root: Path) -> list[str]:
    result = _run(["git", "remote"], root)
    return result.stdout.split() if result.returncode == 0 else []


def push_remote(root: Path) -> str:
    return "fork" if "fork" in remotes(root) else "origin"


def upstream_repository(root: Path, upstream: str | None = None) -> str | None:
    """The repository pull requests go to: the option, the ``upstream`` remote, else ``origin`` when
    pushes go to a separate ``fork`` remote; None when this clone is of the upstream itself and has
    no GitHub URL to tell (gh then uses the clone's own repository)."""
    if upstream:
        if not _REPOSITORY.match(upstream):
            raise SubmissionError(f"--upstream '{upstream}' is not an OWNER/NAME repository")
        return upstream
    names = remotes(root)
    if "upstream" in names:
        found = remote_repository(root, "upstream")
        if found is None:
            raise SubmissionError("the 'upstream' remote's URL does not name a GitHub repository; "
                                  "pass --upstream OWNER/NAME")
        return found
    return remote_repository(root, "origin")


def manual_steps(slug: str, branch: str, remote: str, title: str) -> str:
    return (
        "run these commands yourself:\n"
        f"  git switch -c {branch}\n  git add submissions/{slug}\n"
        f"  git commit -m \"{title}\"\n  git push -u {remote} {branch}\n"
        f"  then open a pull request on GitHub from that branch into {BASE_BRANCH} of the upstream "
        "repository (or install the GitHub CLI, run 'gh auth login' and use --open-pr again)"
    )


def gh_ready(gh: str, root: Path) -> str | None:
    """None when ``gh`` can open pull requests, else the reason it cannot."""
    if shutil.which(gh) is None:
        return "the GitHub CLI 'gh' is not installed"
    if _run([gh, "auth", "status"], root).returncode != 0:
        return "the GitHub CLI is not signed in ('gh auth login')"
    return None


def open_pull_request(root: Path, slug: str, model_name: str, *, gh: str = "gh",
                      upstream: str | None = None) -> PullRequest:
    """Branch, commit ``submissions/<slug>/``, push to the contributor's fork and open the pull
    request against the upstream repository's main branch."""
    branch = f"submission/{slug}"
    remote = push_remote(root)
    title = f"Add submission {slug}"
    problem = gh_ready(gh, root)
    if problem is not None:
        raise SubmissionError(f"{problem}; {manual_steps(slug, branch, remote, title)}")
    target = upstream_repository(root, upstream)
    fork = remote_repository(root, remote)
    if fork is None:
        raise SubmissionError(f"the remote '{remote}' has no GitHub URL, so the pull request's head "
                              f"OWNER:{branch} is unknown; set it with 'git remote set-url {remote} "
                              "https://github.com/OWNER/NAME.git'")
    head = f"{fork.split('/')[0]}:{branch}"
    _git(root, "switch", "-c", branch)
    _git(root, "add", "--", f"submissions/{slug}")
    _git(root, "commit", "-m", title, "-m", f"Predictions and metadata for {model_name}.")
    _git(root, "push", "-u", remote, branch)
    body = (f"Adds `submissions/{slug}/` ({model_name}).\n\n"
            "- [x] `leaderboard validate` passes locally\n- [x] only files inside my submission folder\n")
    repo_args = ["--repo", target] if target else []
    result = _run([gh, "pr", "create", *repo_args, "--base", BASE_BRANCH, "--head", head,
                   "--title", title, "--body", body], root)
    if result.returncode != 0:
        raise SubmissionError(f"gh pr create failed: {result.stderr.strip()}; the branch {branch} is pushed to "
                              f"'{remote}': open the pull request on GitHub")
    return PullRequest(branch, remote, result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "",
                       target, head)


def _gh_json(gh: str, root: Path, args: list[str], what: str, ok: tuple[int, ...] = (0,)) -> Any:
    result = _run([gh, *args], root)
    if result.returncode not in ok:
        raise SubmissionError(f"gh {what} failed: {result.stderr.strip() or result.stdout.strip()}")
    try:
        return json.loads(result.stdout or "null")
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"gh {what}: unexpected output") from exc


def slug_of_files(files: Any) -> str | None:
    """The one ``submissions/<slug>/`` folder a pull request's files are in, if there is one."""
    slugs = {str(f.get("path", "")).split("/")[1] for f in files or [] if isinstance(f, dict)
             and str(f.get("path", "")).startswith("submissions/") and str(f.get("path", "")).count("/") == 2}
    return slugs.pop() if len(slugs) == 1 else None


def pull_request_checks(root: Path, number: int, *, gh: str = "gh",
                        upstream: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    """``gh pr view`` and ``gh pr checks`` of #``number`` in the upstream repository; the checks are
    None when gh says that none were reported yet."""
    problem = gh_ready(gh, root)
    if problem is not None:
        raise SubmissionError(f"{problem}; see the checks on the pull request page instead")
    target = upstream_repository(root, upstream)
    repo_args = ["--repo", target] if target else []
    pull = _gh_json(gh, root, ["pr", "view", str(number), *repo_args, "--json", "number,url,state,headRefName,files"],
                    f"pr view {number}")
    if not isinstance(pull, dict):
        raise SubmissionError(f"gh pr view {number}: unexpected output")
    result = _run([gh, "pr", "checks", str(number), *repo_args, "--json", CHECK_FIELDS], root)
    if result.returncode not in (0, GH_CHECKS_PENDING):
        if "no checks reported" in (result.stderr + result.stdout):
            return pull, None
        raise SubmissionError(f"gh pr checks {number} failed: {result.stderr.strip()}")
    try:
        checks = json.loads(result.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"gh pr checks {number}: unexpected output") from exc
    if not isinstance(checks, list):
        raise SubmissionError(f"gh pr checks {number}: unexpected output")
    return pull, [c for c in checks if isinstance(c, dict)]


def status_of_pull_request(root: Path, number: int, *, gh: str = "gh",
                           upstream: str | None = None) -> SubmissionStatus:
    pull, checks = pull_request_checks(root, number, gh=gh, upstream=upstream)
    return pull_request_status(number, pull, checks, slug_of_files(pull.get("files")))


def find_pull_request(root: Path, slug: str, *, gh: str = "gh", upstream: str | None = None) -> int | None:
    """The open pull request from the branch ``submission/<slug>``, if gh can find one."""
    if gh_ready(gh, root) is not None:
        return None
    target = upstream_repository(root, upstream)
    repo_args = ["--repo", target] if target else []
    try:
        found = _gh_json(gh, root, ["pr", "list", *repo_args, "--head", f"submission/{slug}", "--state", "open",
                                    "--json", "number,url"], f"pr list --head submission/{slug}")
    except SubmissionError:  # e.g. no access to the repository: the local and published states still tell
        return None
    numbers = [item.get("number") for item in found or [] if isinstance(item, dict)]
    return int(numbers[0]) if numbers and isinstance(numbers[0], int) else None
