"""Opening a submission pull request and reading its checks, through git and the ``gh`` client.

Every external command is run with an argument list (never a shell). When ``gh`` is missing or not
signed in, the error says exactly which commands to run by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaderboard.errors import SubmissionError


@dataclass(frozen=True)
class PullRequest:
    branch: str
    remote: str
    url: str


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def _git(root: Path, *args: str) -> str:
    result = _run(["git", *args], root)
    if result.returncode != 0:
        raise SubmissionError(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()


def manual_steps(slug: str, branch: str, remote: str, title: str) -> str:
    return (
        "run these commands yourself:\n"
        f"  git switch -c {branch}\n  git add submissions/{slug}\n"
        f"  git commit -m \"{title}\"\n  git push -u {remote} {branch}\n"
        "  then open a pull request on GitHub from that branch "
        "(or install the GitHub CLI, run 'gh auth login' and use --open-pr again)"
    )


def gh_ready(gh: str, root: Path) -> str | None:
    """None when ``gh`` can open pull requests, else the reason it cannot."""
    if shutil.which(gh) is None:
        return "the GitHub CLI 'gh' is not installed"
    if _run([gh, "auth", "status"], root).returncode != 0:
        return "the GitHub CLI is not signed in ('gh auth login')"
    return None


def open_pull_request(root: Path, slug: str, model_name: str, *, gh: str = "gh") -> PullRequest:
    """Branch, commit ``submissions/<slug>/``, push to the user's fork and open the pull request."""
    branch = f"submission/{slug}"
    remotes = _git(root, "remote").split()
    remote = "fork" if "fork" in remotes else "origin"
    title = f"Add submission {slug}"
    problem = gh_ready(gh, root)
    if problem is not None:
        raise SubmissionError(f"{problem}; {manual_steps(slug, branch, remote, title)}")
    _git(root, "switch", "-c", branch)
    _git(root, "add", "--", f"submissions/{slug}")
    _git(root, "commit", "-m", title, "-m", f"Predictions and metadata for {model_name}.")
    _git(root, "push", "-u", remote, branch)
    body = (f"Adds `submissions/{slug}/` ({model_name}).\n\n"
            "- [x] `leaderboard validate` passes locally\n- [x] only files inside my submission folder\n")
    result = _run([gh, "pr", "create", "--title", title, "--body", body, "--head", branch], root)
    if result.returncode != 0:
        raise SubmissionError(f"gh pr create failed: {result.stderr.strip()}; the branch {branch} is pushed, "
                              "open the pull request on GitHub")
    return PullRequest(branch, remote, result.stdout.strip())


def pull_request_status(root: Path, number: int, *, gh: str = "gh") -> dict[str, Any]:
    """``processing`` while a check runs, ``failed`` if one failed, else ``complete``."""
    problem = gh_ready(gh, root)
    if problem is not None:
        raise SubmissionError(f"{problem}; see the checks on the pull request page instead")
    result = _run([gh, "pr", "checks", str(number), "--json", "name,state,bucket,link"], root)
    if result.returncode not in (0, 8):  # gh exits 8 while checks are pending
        raise SubmissionError(f"gh pr checks {number} failed: {result.stderr.strip()}")
    try:
        checks = json.loads(result.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"gh pr checks {number}: unexpected output") from exc
    buckets = {check.get("bucket") for check in checks}
    if "fail" in buckets or "cancel" in buckets:
        status = "failed"
    elif "pending" in buckets or not checks:
        status = "processing"
    else:
        status = "complete"
    reasons = [f"{c.get('name')}: {c.get('state')} {c.get('link', '')}".strip()
               for c in checks if c.get("bucket") in ("fail", "cancel")]
    return {"submission_id": f"#{number}", "status": status, "checks": checks, "reasons": reasons}
