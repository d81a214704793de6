"""The status of a submission: one record for the command line, the Python API and the PR.

docs/architecture.md, "Status of a submission": ``status`` is one of the seed's three (``processing``,
``complete``, ``failed``); ``stage`` says where the submission is: ``local`` (scored on this
machine, nothing sent), ``pull_request`` (#N, with its checks and the "Scoring" commit status) or
``published`` (on the site, with its rank); ``reasons`` say what is wrong or still running, with
``path:line`` where there is one; ``next_step`` says what to do now.

How GitHub reports the pull request's part, as this module reads it:

- ``gh pr checks --json`` lists check runs *and* commit statuses of the head commit, each with a
  ``state`` and a coarse ``bucket`` (pass, fail, pending, skipping, cancel); it exits 8 while checks
  are pending and fails with "no checks reported" when there are none yet (gh manual,
  ``gh pr checks``).
- gh files a check run whose conclusion is ``ACTION_REQUIRED`` under the *fail* bucket. GitHub
  gives that conclusion to a run that waits for a maintainer's approval, by default every run of a
  first-time contributor's pull request (GitHub docs, "Approving workflow runs from public forks").
  That is not a failure: it is read from ``state`` and reported as processing.
- The private scoring runs in a ``workflow_run`` workflow, which GitHub attaches to the default
  branch, not to the pull request; its only trace on the pull request is the commit status with
  the context :data:`SCORING_CONTEXT` that the report workflow posts on the head commit (REST
  "Create a commit status": state pending, success, failure or error, a target URL and a short
  description).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["processing", "complete", "failed"]
Stage = Literal["local", "pull_request", "published"]

#: The commit-status context the report workflow posts on a pull request's head commit.
SCORING_CONTEXT = "Scoring"
#: Check states that mean "waiting for someone to approve", not "failed" (gh buckets them as fail).
APPROVAL_STATES = frozenset({"ACTION_REQUIRED", "WAITING"})
#: What a contributor reads while a run waits for approval or no check has started yet.
AWAITING_APPROVAL = ("waiting for a maintainer to approve the run: GitHub holds the workflow runs of a "
                     "first-time contributor's pull request until a maintainer approves them")
NO_CHECKS_YET = ("no checks yet: GitHub has not started the Submission check (a first-time "
                 "contributor's runs wait for a maintainer's approval)")


@dataclass(frozen=True)
class SubmissionStatus:
    """Where a submission is and what to do next; :meth:`to_json` is what every surface shows."""

    submission_id: str
    status: Status
    stage: Stage
    reasons: tuple[str, ...] = ()
    next_step: str = ""
    results: tuple[Mapping[str, Any], ...] = ()
    pull_request: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "submission_id": self.submission_id, "status": self.status, "stage": self.stage,
            "reasons": list(self.reasons), "next_step": self.next_step,
            "results": [dict(r) for r in self.results],
        }
        if self.pull_request is not None:
            payload["pull_request"] = dict(self.pull_request)
        payload.update(self.extra)
        return payload


def format_status(status: Mapping[str, Any]) -> str:
    """The terminal text of a status document (what ``to_json`` gives)."""
    where = {"local": "on this machine only", "pull_request": "pull request", "published": "published"}
    stage = str(status.get("stage", ""))
    label = where.get(stage, stage)
    pull = status.get("pull_request") or {}
    if stage == "pull_request" and pull.get("number"):
        label = f"pull request #{pull['number']}"
    lines = [f"{status['submission_id']}: {status['status']} ({label})"]
    lines += [f"  {reason}" for reason in status.get("reasons", [])]
    for item in status.get("results", []):
        shown = item.get("summary") or f"pending ({item.get('pending', '')})"
        lines.append(f"  {item['benchmark']}: {shown}")
    if status.get("next_step"):
        lines.append(f"next step: {status['next_step']}")
    return "\n".join(lines)


# -- the pull request's part, from gh's answers ---------------------------------------------------


def _check_text(check: Mapping[str, Any]) -> str:
    name, state = str(check.get("name") or "a check"), str(check.get("state") or "").lower()
    description = str(check.get("description") or "").strip()
    link = str(check.get("link") or "").strip()
    text = f"{name}: {state}"
    if description:
        text += f": {description}"
    return f"{text} ({link})" if link else text


def pull_request_status(number: int, pull: Mapping[str, Any], checks: Sequence[Mapping[str, Any]] | None,
                        slug: str | None = None) -> SubmissionStatus:
    """The status of open or closed pull request #``number`` from ``gh pr view`` and ``gh pr checks``.

    ``checks`` is None when gh reported no checks at all. A merged pull request is not decided
    here: its status is the published site's (see ``client``).
    """
    ident = f"#{number}"
    url = str(pull.get("url") or "")
    info: dict[str, Any] = {"number": number, "url": url, "state": str(pull.get("state") or "").lower(),
                            "checks": [dict(c) for c in checks or []]}
    if slug:
        info["slug"] = slug

    def status(state: Status, reasons: Sequence[str], next_step: str) -> SubmissionStatus:
        return SubmissionStatus(ident, state, "pull_request", tuple(reasons), next_step, pull_request=info)

    if pull.get("state") == "CLOSED":
        return status("failed", ["the pull request was closed without being merged"],
                      "reopen it, or open a new pull request with 'leaderboard submit ... --open-pr'")
    if pull.get("state") == "MERGED":
        return status("processing", ["merged: the site is being rebuilt and published"],
                      f"check again in a few minutes: leaderboard status {slug or number}")
    if not checks:
        return status("processing", [NO_CHECKS_YET], "wait for the checks to start; nothing to do yet")
    scoring = [c for c in checks if c.get("name") == SCORING_CONTEXT]
    others = [c for c in checks if c.get("name") != SCORING_CONTEXT]
    waiting = [c for c in checks if str(c.get("state", "")).upper() in APPROVAL_STATES]
    failed = [c for c in others if c.get("bucket") in ("fail", "cancel") and c not in waiting]
    if failed:
        return status("failed", [_check_text(c) for c in failed],
                      "open the failing check's details on the pull request, fix every problem it lists "
                      "('leaderboard validate' shows the same messages), commit and push to the same branch")
    failed_scoring = [c for c in scoring if c.get("bucket") in ("fail", "cancel")]
    if failed_scoring:
        return status("failed", [_check_text(c) for c in failed_scoring],
                      "read the report comment and the Scoring details on the pull request, fix the "
                      "submission and push again")
    if waiting:
        return status("processing", [AWAITING_APPROVAL], "wait: a maintainer approves the run; nothing to do yet")
    running = [c for c in others if c.get("bucket") == "pending"]
    if running:
        return status("processing", [f"{c.get('name')}: running" for c in running],
                      f"wait for the checks to finish: leaderboard status {number}")
    if not scoring:
        return status("processing", ["Scoring has not reported yet: it starts when the Submission check finishes"],
                      f"wait for the Scoring status: leaderboard status {number}")
    if any(c.get("bucket") == "pending" for c in scoring):
        return status("processing", [_check_text(c) for c in scoring],
                      f"wait for scoring to finish: leaderboard status {number}")
    return status("complete", [_check_text(c) for c in scoring],
                  "nothing to do: a maintainer reviews and merges the pull request, and the site then lists it")


def published_status(slug: str, model: Mapping[str, Any], field_sizes: Mapping[str, int],
                     site_url: str) -> SubmissionStatus:
    """``complete`` at stage ``published``: the site's ranks (``api/models/<slug>.json``)."""
    results = []
    for item in model.get("results", []):
        benchmark = str(item.get("benchmark"))
        of = field_sizes.get(benchmark)
        rank = item.get("rank")
        results.append({"benchmark": benchmark, "rank": rank, "of": of, "score": item.get("score"),
                        "summary": f"rank {rank} of {of}" if of else f"rank {rank}"})
    pending = [str(p) for p in model.get("pending", [])]
    reasons = tuple(f"{benchmark}: pending on the site" for benchmark in pending)
    state: Status = "processing" if pending else "complete"
    return SubmissionStatus(slug, state, "published", reasons,
                            f"nothing to do: see {site_url.rstrip('/')}/" if not pending
                            else "wait for the next site build", tuple(results), extra={"site": site_url})
