"""The logic of the GitHub Actions workflow steps, so that the YAML stays a thin, testable shell.

Two workflows handle a pull request (``.github/workflows/``):

``submission-check.yml`` (``pull_request``: no secrets, read-only token, base-branch code)
    :func:`write_check_artifact` after the scope guard, then :func:`check_summary`: validate and
    score the public benchmarks, write the job summary, and leave ``pr.json`` (a hint: number and
    head commit) plus the submission's files in the artifact.

``submission-report.yml`` (``workflow_run``: runs with the base repository's privileges)
    The artifact was made by a workflow a pull request can edit, so it is hostile data.
    :func:`read_artifact` bounds and parses it without following links or executing anything;
    :func:`verify_submission` confirms through the API that the pull request is open, that its
    head commit and repository are the run's, and that every file equals the pull request's blob.
    :func:`report_body` then scores the verified files (private benchmarks too, aggregates only)
    in a job that holds the gold secret but no write token, and :func:`post_report` creates or
    updates the one comment in a job that holds a write token but no secret.

``publish.yml`` unpacks the private gold with :func:`unpack_private_gold`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from leaderboard import report
from leaderboard.errors import (
    ArtifactRefused,
    ConfigurationError,
    InputFileError,
    StaleRun,
    SubmissionError,
)
from leaderboard.formatting import format_coarse
from leaderboard.github import actions
from leaderboard.github.api import GitHubApi, upsert_comment
from leaderboard.github.prguard import (
    MAX_FOLDER_FILES,
    MAX_PR_BYTES,
    SUBMISSIONS,
    GuardResult,
    Verdict,
    file_limit,
    ownership_problem,
    write_folder,
)
from leaderboard.markdown import neutralise_code, neutralise_markdown
from leaderboard.problems import Problem, format_text, has_errors
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.schemas import BENCHMARK_ID_PATTERN, SLUG_PATTERN, SubmissionMetadata
from leaderboard.screening import leader_warnings, screen_reports
from leaderboard.standings import Standings, SubmissionPlace, evaluate_repository
from leaderboard.tables import MAX_TABLE_BYTES
from leaderboard.validation import METADATA_FILE, SubmissionReport
from leaderboard.yamlfile import load_yaml

HINT_FILE = "pr.json"
#: The workflow whose artifact the report workflow reads, and the conclusions it reports on.
CHECK_WORKFLOW_PATH = ".github/workflows/submission-check.yml"
CHECK_CONCLUSIONS = ("success", "failure")
#: The label a maintainer adds to score a pull request's private benchmarks again within the period.
RESCORE_LABEL = "rescore"
#: The final commit status the scoring job leaves next to the comment.
STATUS_FILE = "status.json"
#: The default period between two private scorings of one submission; a repository variable can
#: change it (CONTRIBUTING.md, maintainers' set-up).
DEFAULT_PERIOD_HOURS = 24
REPORT_FILE = "report.json"
SUMMARY_FILE = "summary.md"
FILES_DIR = "submission"
#: Everything the check job may put in its artifact; anything else makes the artifact refused.
ARTIFACT_FILES = (HINT_FILE, REPORT_FILE, SUMMARY_FILE)
MAX_HINT_BYTES = 4 * 1024
MAX_REPORT_BYTES = 4 * 1024 * 1024
MAX_ARTIFACT_BYTES = MAX_PR_BYTES + 2 * MAX_REPORT_BYTES
#: The private gold arrives base64-encoded in a secret (at most 48 KB) or a file; either way bounded.
GOLD_ARCHIVE_ENV = "LEADERBOARD_PRIVATE_GOLD_ARCHIVE"
MAX_GOLD_ARCHIVE_BYTES = 64 * 1024 * 1024
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
_SLUG = re.compile(SLUG_PATTERN)
_GOLD_MEMBER = re.compile(rf"^{BENCHMARK_ID_PATTERN[1:-1]}/gold\.(csv|jsonl)$")


# -- the check job (pull_request) ------------------------------------------------------------------


@dataclass(frozen=True)
class ArtifactHint:
    """``pr.json``: which pull request and commit the check ran on, and the guard's verdict.

    In the report workflow this is a hint only: the number says where to look, and everything
    else is confirmed through the API.
    """

    pr: int
    head_sha: str
    verdict: Verdict
    slug: str | None

    def to_json(self) -> dict[str, object]:
        return {"pr": self.pr, "head_sha": self.head_sha, "verdict": self.verdict, "slug": self.slug}


def write_check_artifact(directory: Path, repo: Path, result: GuardResult, pr: int) -> list[Path]:
    """The artifact of the check job: ``pr.json`` and, for a submission, its files from git blobs."""
    _fresh_directory(directory)
    hint = ArtifactHint(pr, result.head, result.verdict, result.slug if result.verdict == "submission" else None)
    (directory / HINT_FILE).write_text(json.dumps(hint.to_json(), sort_keys=True) + "\n", encoding="utf-8")
    written = [directory / HINT_FILE]
    if hint.slug is not None:
        written += write_folder(repo, result.head, hint.slug, directory / FILES_DIR)
    return written


@dataclass(frozen=True)
class CheckSummary:
    """What the check job reports: the job summary, the log text and whether validation failed."""

    markdown: str
    log: str
    problems: list[Problem]
    failed: bool


@dataclass(frozen=True)
class ScoredSubmission:
    """One submission's validation report and its scores, rendered for each place they go."""

    report: SubmissionReport
    markdown: str  # the pull-request comment's score section, would-be ranks included
    table: str  # the terminal table, for logs
    json: str
    standings: Standings


def score_submission(repository: Repository, slug: str, cache: ResultCache) -> ScoredSubmission:
    """Validate and score ``submissions/<slug>`` among everything else in the checkout, so that its
    rank is the one it would get. Private benchmarks are scored only where the gold is available.
    """
    folder = repository.submissions_dir / slug
    if not _SLUG.match(slug) or not folder.is_dir():
        raise SubmissionError(f"{SUBMISSIONS}/{slug}: no such submission folder in {repository.root}; "
                              "pass the slug that 'leaderboard check-pr' printed")
    evaluation = evaluate_repository(repository, [folder], cache=cache)
    own = next(r for r in evaluation.reports if r.folder.resolve() == folder.resolve())
    slugs = [own.slug]
    standings = evaluation.standings
    # Issue 12: what no format check catches; the far-above-leader warning asks for a review.
    own.problems.extend(screen_reports(repository, [own]) + leader_warnings(standings, own))
    return ScoredSubmission(own, report.format_markdown(standings, slugs), report.format_table(standings, slugs),
                            report.format_json(standings, slugs), standings)


def check_summary(repository: Repository, slug: str, artifact: Path | None, cache: ResultCache) -> CheckSummary:
    """Validate and score the public benchmarks of one submission for the check job's summary.

    Also adds ``report.json`` and ``summary.md`` to the artifact, for people who download it.
    """
    scored = score_submission(repository, slug, cache)
    problems = scored.report.problems
    failed = has_errors(problems)
    errors = sum(p.severity == "error" for p in problems)
    verdict = (f"❌ validation failed: {errors} error(s), {len(problems) - errors} warning(s)" if failed
               else f"✅ valid, {len(problems)} warning(s)")
    markdown = "\n".join([
        f"## Submission check: `{neutralise_code(slug)}`", "", verdict, "",
        "### Scores on the public benchmarks", "",
        "Computed by this repository's code on the pull request's files; the rank is the one the "
        "submission would get in the current leaderboard. Private benchmarks are scored by the "
        "report workflow after this check.", "",
        scored.markdown, "", f"### Problems ({len(problems)})", "", actions.problems_table(problems),
    ])
    log = "\n".join(filter(None, [format_text(problems), scored.table]))
    if artifact is not None:
        payload = {"slug": slug, "problems": [p.to_dict() for p in problems], "scores": json.loads(scored.json)}
        (artifact / REPORT_FILE).write_text(actions.cap_utf8(json.dumps(payload, indent=2, sort_keys=True),
                                                            MAX_REPORT_BYTES), encoding="utf-8")
        (artifact / SUMMARY_FILE).write_text(actions.cap_utf8(markdown, MAX_REPORT_BYTES), encoding="utf-8")
    return CheckSummary(markdown, log, problems, failed)


# -- the report workflow (workflow_run): the artifact is hostile --------------------------------------


@dataclass(frozen=True)
class UntrustedArtifact:
    """An artifact read within bounds: the parsed hint and the submission files' bytes."""

    hint: ArtifactHint
    files: dict[str, bytes] = field(default_factory=dict)


def parse_hint(data: bytes) -> ArtifactHint:
    """Parse ``pr.json`` strictly: exactly the expected keys, each of the expected shape."""
    if len(data) > MAX_HINT_BYTES:
        raise ArtifactRefused(f"{HINT_FILE} is {len(data):,} bytes; the limit is {MAX_HINT_BYTES:,}")
    try:
        value = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ArtifactRefused(f"{HINT_FILE} is not valid JSON") from exc
    expected = {"pr", "head_sha", "verdict", "slug"}
    if not isinstance(value, dict) or set(value) != expected:
        raise ArtifactRefused(f"{HINT_FILE} must be an object with exactly the keys {', '.join(sorted(expected))}")
    number, sha, verdict, slug = value["pr"], value["head_sha"], value["verdict"], value["slug"]
    if type(number) is not int or not 0 < number < 2**31:
        raise ArtifactRefused(f"{HINT_FILE}: 'pr' must be a pull request number")
    if not isinstance(sha, str) or not _SHA.match(sha):
        raise ArtifactRefused(f"{HINT_FILE}: 'head_sha' must be a 40-character commit id")
    if verdict not in get_args(Verdict):
        raise ArtifactRefused(f"{HINT_FILE}: 'verdict' must be one of {', '.join(get_args(Verdict))}")
    if slug is not None and (not isinstance(slug, str) or not _SLUG.match(slug)):
        raise ArtifactRefused(f"{HINT_FILE}: 'slug' must be a submission slug or null")
    if (verdict == "submission") != (slug is not None):
        raise ArtifactRefused(f"{HINT_FILE}: 'slug' is set exactly when the verdict is 'submission'")
    return ArtifactHint(number, sha, verdict, slug)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_artifact(directory: Path) -> UntrustedArtifact:
    """Read the downloaded artifact as hostile data: bounded, flat, plain files only.

    Nothing is followed (links are refused, not resolved), nothing is executed, and a file that
    the check job does not write, a sub-folder or a size over the limits refuses the whole artifact.
    """
    if not directory.is_dir() or directory.is_symlink():
        raise ArtifactRefused(f"{directory}: the artifact was not downloaded (no such folder)")
    total = 0
    files: dict[str, bytes] = {}
    hint_data: bytes | None = None
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name == FILES_DIR and entry.is_dir(follow_symlinks=False):
            files, total = _read_files(Path(entry.path), total)
            continue
        if entry.name not in ARTIFACT_FILES:
            raise ArtifactRefused(f"unexpected entry {entry.name!r} in the artifact; it holds only "
                                  f"{', '.join(ARTIFACT_FILES)} and {FILES_DIR}/")
        data = _read_plain_file(Path(entry.path), MAX_REPORT_BYTES, entry.name)
        total += len(data)
        if entry.name == HINT_FILE:
            hint_data = data
    if hint_data is None:
        raise ArtifactRefused(f"the artifact has no {HINT_FILE}")
    if total > MAX_ARTIFACT_BYTES:
        raise ArtifactRefused(f"the artifact holds {total:,} bytes; the limit is {MAX_ARTIFACT_BYTES:,}")
    hint = parse_hint(hint_data)
    if hint.verdict != "submission" and files:
        raise ArtifactRefused(f"the artifact holds submission files but its verdict is '{hint.verdict}'")
    return UntrustedArtifact(hint, files)


def _read_files(folder: Path, total: int) -> tuple[dict[str, bytes], int]:
    files = {}
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    if len(entries) > MAX_FOLDER_FILES:
        raise ArtifactRefused(f"{FILES_DIR}/ holds {len(entries)} entries; the limit is {MAX_FOLDER_FILES}")
    for entry in entries:
        if not _FILE_NAME.match(entry.name):
            raise ArtifactRefused(f"unexpected file name {entry.name!r} in {FILES_DIR}/")
        data = _read_plain_file(Path(entry.path), file_limit(entry.name), f"{FILES_DIR}/{entry.name}")
        total += len(data)
        if total > MAX_ARTIFACT_BYTES:
            raise ArtifactRefused(f"the artifact holds more than {MAX_ARTIFACT_BYTES:,} bytes")
        files[entry.name] = data
    return files, total


def _read_plain_file(path: Path, limit: int, shown: str) -> bytes:
    """A regular file's bytes, refusing links, folders, devices and anything over ``limit``."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ArtifactRefused(f"{shown!r} in the artifact is not a plain file (links and folders are refused)")
    if info.st_size > limit:
        raise ArtifactRefused(f"{shown!r} in the artifact is {info.st_size:,} bytes; the limit is {limit:,}")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ArtifactRefused(f"{shown!r} in the artifact is larger than {limit:,} bytes")
    return data


def git_blob_sha(data: bytes) -> str:
    """The id git (and the contents API) gives a file: sha1 of ``blob <size>\\0`` plus the bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class VerifiedSubmission:
    """A submission whose pull request, head commit, author and every file were confirmed."""

    pr: int
    slug: str
    head_sha: str
    author: str
    files: dict[str, bytes]
    labels: tuple[str, ...] = ()

    @property
    def rescore(self) -> bool:
        """A maintainer's label lifts the private-scoring period for this pull request."""
        return RESCORE_LABEL in self.labels


def _field(data: Any, *path: str) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def verify_submission(artifact: UntrustedArtifact, event: Mapping[str, Any], api: GitHubApi,
                      repository: Repository) -> VerifiedSubmission | None:
    """Confirm the artifact against GitHub, or refuse it; None when it names no submission.

    The workflow_run event is GitHub's own record of the run: its head commit and head repository
    are what the artifact must match. The pull request must be open, on that head, into this
    repository's default branch; the artifact's files must be exactly the pull request's blobs of
    the folder; and an existing folder may only be changed by one of its maintainers.
    """
    hint = artifact.hint
    run = checked_run(event)
    if hint.verdict != "submission" or hint.slug is None:
        return None
    run_sha, run_repo = _field(run, "head_sha"), _field(run, "head_repository", "full_name")
    if not isinstance(run_sha, str) or not isinstance(run_repo, str):
        raise ArtifactRefused("the workflow_run event has no head commit or head repository")
    if hint.head_sha != run_sha:
        raise ArtifactRefused(f"the artifact names commit {hint.head_sha[:12]}, but the run checked {run_sha[:12]}")
    pull = api.get(api.repo_path("pulls", hint.pr))
    if not isinstance(pull, dict):
        raise ArtifactRefused(f"pull request #{hint.pr} could not be read")
    if pull.get("state") != "open":
        raise StaleRun(f"pull request #{hint.pr} is not open")
    if _field(pull, "head", "sha") != run_sha:
        raise StaleRun(f"pull request #{hint.pr} is not at the commit the run checked ({run_sha[:12]}); "
                              "a newer run will report on its current head")
    if _field(pull, "head", "repo", "full_name") != run_repo:
        raise ArtifactRefused(f"pull request #{hint.pr} does not come from the run's repository")
    if _field(pull, "base", "repo", "full_name") != api.repository:
        raise ArtifactRefused(f"pull request #{hint.pr} does not target {api.repository}")
    default_branch = _field(event, "repository", "default_branch")
    if default_branch and _field(pull, "base", "ref") != default_branch:
        raise ArtifactRefused(f"pull request #{hint.pr} does not target the default branch {default_branch}")
    author = _field(pull, "user", "login")
    if not isinstance(author, str):
        raise ArtifactRefused(f"pull request #{hint.pr} has no author")
    labels = tuple(sorted(str(_field(label, "name")) for label in pull.get("labels") or [] if _field(label, "name")))
    _check_changed_files(api, hint.pr, hint.slug)
    _check_blobs(api, hint.slug, run_sha, artifact.files)
    owners, reason = _maintainers_on_base(repository, hint.slug)
    problem = ownership_problem(hint.slug, owners, reason, author)
    if problem is not None:
        raise ArtifactRefused(problem)
    return VerifiedSubmission(hint.pr, hint.slug, run_sha, author, dict(artifact.files), labels)


def checked_run(event: Mapping[str, Any]) -> dict[str, Any]:
    """The ``workflow_run`` of the event, refused unless it is the Submission check's run of a pull
    request that concluded ``success`` or ``failure``.

    The workflow's ``if:`` already filters on both; this is the same rule in code, so that a run of
    another workflow named alike, a cancelled run or one awaiting approval (``action_required``,
    GitHub docs "Approving workflow runs from public forks") is never reported.
    """
    run = event.get("workflow_run")
    if not isinstance(run, dict) or run.get("event") != "pull_request":
        raise ArtifactRefused("the triggering run was not a pull_request run; nothing is reported")
    if run.get("path") != CHECK_WORKFLOW_PATH:
        raise ArtifactRefused(f"the triggering run is of {str(run.get('path'))[:100]!r}, not {CHECK_WORKFLOW_PATH}")
    if run.get("conclusion") not in CHECK_CONCLUSIONS:
        raise StaleRun(f"the Submission check concluded {str(run.get('conclusion'))[:40]!r}; only a run that "
                       "succeeded or failed is reported")
    return run


def _check_changed_files(api: GitHubApi, number: int, slug: str) -> None:
    """The pull request's own file list: additions and changes inside the one folder only."""
    changed = api.get(api.repo_path("pulls", number, "files"), {"per_page": 100})
    if not isinstance(changed, list) or not changed or len(changed) >= 100:
        raise ArtifactRefused(f"pull request #{number}: its list of changed files is not a submission's")
    prefix = f"{SUBMISSIONS}/{slug}/"
    for item in changed:
        name, status = _field(item, "filename"), _field(item, "status")
        if not isinstance(name, str) or not name.startswith(prefix) or "/" in name[len(prefix):]:
            raise ArtifactRefused(f"pull request #{number} changes {name!r}, outside {prefix}")
        if status not in ("added", "modified"):
            raise ArtifactRefused(f"pull request #{number} {status} {name!r}; only additions and changes are reported")


def _check_blobs(api: GitHubApi, slug: str, sha: str, files: Mapping[str, bytes]) -> None:
    """The artifact's files must be exactly the folder at the head commit: same names, same blobs."""
    listing = api.get(api.repo_path("contents", SUBMISSIONS, slug), {"ref": sha})
    if not isinstance(listing, list):
        raise ArtifactRefused(f"{SUBMISSIONS}/{slug}/ is not a folder at {sha[:12]}")
    expected: dict[str, str] = {}
    for item in listing:
        if _field(item, "type") != "file":
            raise ArtifactRefused(f"{SUBMISSIONS}/{slug}/{_field(item, 'name')!s:.100} is not a plain file")
        expected[str(_field(item, "name"))] = str(_field(item, "sha"))
    extra, missing = sorted(set(files) - set(expected)), sorted(set(expected) - set(files))
    if extra or missing:
        raise ArtifactRefused(f"the artifact's files differ from {SUBMISSIONS}/{slug}/ at {sha[:12]}: "
                              f"extra {extra!r}, missing {missing!r}")
    altered = sorted(name for name, data in files.items() if git_blob_sha(data) != expected[name])
    if altered:
        raise ArtifactRefused(f"the artifact's {altered!r} differ from the pull request's files at {sha[:12]}")


def _maintainers_on_base(repository: Repository, slug: str) -> tuple[list[str] | None, str | None]:
    path = repository.submissions_dir / slug / METADATA_FILE
    if not (repository.submissions_dir / slug).exists():
        return [], None
    display = f"{SUBMISSIONS}/{slug}/{METADATA_FILE} on the base branch"
    try:
        document = load_yaml(path, display)
        return list(SubmissionMetadata.model_validate(document.data).maintainers), None
    except (InputFileError, ValidationError) as exc:
        return None, f"{display} cannot be read ({str(exc).splitlines()[0]})"


def write_verified(verified: VerifiedSubmission, directory: Path) -> list[Path]:
    """The verified submission for the scoring job: ``pr.json`` and the files, nothing else."""
    _fresh_directory(directory)
    hint = ArtifactHint(verified.pr, verified.head_sha, "submission", verified.slug)
    (directory / HINT_FILE).write_text(json.dumps(hint.to_json(), sort_keys=True) + "\n", encoding="utf-8")
    written = [directory / HINT_FILE]
    (directory / FILES_DIR).mkdir()
    for name, data in sorted(verified.files.items()):
        (directory / FILES_DIR / name).write_bytes(data)
        written.append(directory / FILES_DIR / name)
    return written


def install_submission(repository: Repository, slug: str, files: Mapping[str, bytes]) -> Path:
    """Put the files in ``submissions/<slug>/`` of the checkout, replacing what was there."""
    folder = repository.submissions_dir / slug
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def coarse_private(place: SubmissionPlace, throttled: bool, period_hours: float) -> str:
    """One line for a private benchmark: the primary metric to whole points, nothing else.

    Exact numbers, intervals, breakdowns and ranks of private gold on every push would let a
    contributor recover the answers by flipping a few predictions at a time; they appear on the
    site after merge.
    """
    benchmark = place.benchmark
    title = f"`{benchmark.id}` ({neutralise_code(benchmark.spec.name)}, private)"
    result = place.result
    if result is None:
        if throttled:
            return (f"- {title}: not scored on this push: private benchmarks are scored at most once every "
                    f"{period_hours:g} hours per submission (a maintainer can add the `{RESCORE_LABEL}` label)")
        return f"- {title}: pending: {neutralise_markdown(place.unranked.reason if place.unranked else '')}"
    metric = benchmark.task.metric(result.primary_metric)
    value = format_coarse(metric, result.score)
    return f"- {title}: {metric.title} about **{value}** (whole points; full results after merge)"


def report_body(repository: Repository, verified_dir: Path, *, throttled: bool = False,
                period_hours: float = DEFAULT_PERIOD_HOURS) -> tuple[int, str, tuple[str, str]]:
    """Score a verified submission, private benchmarks included, and write the PR comment.

    Public benchmarks get every metric, interval and rank; private ones at most a coarse line
    (:func:`coarse_private`), and none when ``throttled``. The scores are computed without the
    result cache, so nothing of the private results outlives this job. Also returns the Scoring
    commit status: (state, one-line summary).
    """
    artifact = read_artifact(verified_dir)
    hint = artifact.hint
    if hint.slug is None:
        raise ArtifactRefused(f"{verified_dir}: no verified submission")
    install_submission(repository, hint.slug, artifact.files)
    scored = score_submission(repository, hint.slug, ResultCache(None))
    standings = scored.standings
    private_ids = {bid for bid, board in standings.benchmarks.items() if board.benchmark.is_private}
    public = replace(standings, benchmarks={b: v for b, v in standings.benchmarks.items() if b not in private_ids})
    private_places = [place for place in standings.places(hint.slug) if place.benchmark.id in private_ids]
    problems = scored.report.problems
    errors = sum(p.severity == "error" for p in problems)
    status = (f"❌ **{errors} validation error(s)**: fix them and push again; every problem is listed below."
              if has_errors(problems) else "✅ The submission is valid.")
    private_lines = [coarse_private(place, throttled, period_hours) for place in private_places]
    body = "\n".join([
        actions.COMMENT_MARKER,
        f"## Leaderboard report for `{neutralise_code(hint.slug)}`", "",
        f"Commit {hint.head_sha[:12]}. {status}", "",
        report.format_markdown(public, [hint.slug]), "",
        *(["### Private benchmarks", "", *private_lines, ""] if private_lines else []),
        f"<details><summary>Problems ({len(problems)})</summary>\n", actions.problems_table(problems),
        "</details>", "",
        "<sub>Scores are computed by this repository's code from the committed predictions. Private "
        "benchmarks show a coarse result only, at most once per period; their full results appear "
        "on the leaderboard after merge. This comment is updated on every push.</sub>",
    ])
    ranks = [f"{place.benchmark.id} {report.rank_text(place)}" for place in public.places(hint.slug)
             if place.result is not None]
    if has_errors(problems):
        summary = ("failure", f"{errors} validation error(s): see the report comment")
    else:
        summary = ("success", "valid; " + ("; ".join(ranks) or "scored") +
                   ("; private: next scoring after the period" if throttled and private_places else ""))
    return hint.pr, actions.cap_text(body, actions.MAX_COMMENT_CHARS), summary


def post_report(api: GitHubApi, number: int, body_file: Path) -> tuple[str, str]:
    """Create or update the report comment from a file written by :func:`report_body`."""
    data = _read_plain_file(body_file, actions.MAX_COMMENT_CHARS * 4, body_file.name)
    return upsert_comment(api, number, data.decode("utf-8", "replace"))


# -- private gold ------------------------------------------------------------------------------------


def unpack_private_gold(archive: str, destination: Path) -> list[str]:
    """Unpack the base64 ``.tar.gz`` of private gold into ``destination``; returns benchmark ids.

    The archive holds ``<benchmark-id>/gold.csv`` or ``.jsonl`` only. It is read member by member
    (never ``extractall``), so a crafted path or link cannot land outside ``destination``, and
    no error message quotes its contents. An empty archive means no private gold is configured.
    """
    destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = "".join(archive.split())
    if not text:
        return []
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigurationError(f"{GOLD_ARCHIVE_ENV} is not base64; store `base64 -w0 gold.tar.gz` in the "
                                 "secret") from exc
    if len(data) > MAX_GOLD_ARCHIVE_BYTES:
        raise ConfigurationError(f"{GOLD_ARCHIVE_ENV}: the archive is larger than {MAX_GOLD_ARCHIVE_BYTES:,} bytes")
    ids = []
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                name = member.name.removeprefix("./")
                if member.isdir():  # folders are made for the files below; nothing else is taken
                    continue
                if not member.isfile() or not _GOLD_MEMBER.match(name) or member.size > MAX_TABLE_BYTES:
                    raise ConfigurationError(
                        f"{GOLD_ARCHIVE_ENV}: member {name!r} is not a <benchmark-id>/gold.csv or .jsonl file "
                        "within the size limit; the archive holds only those")
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - isfile() members always have data
                    continue
                benchmark_id, file_name = name.split("/")
                folder = destination / benchmark_id
                folder.mkdir(exist_ok=True, mode=0o700)
                target = folder / file_name
                with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                    out.write(source.read(MAX_TABLE_BYTES))
                ids.append(benchmark_id)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ConfigurationError(
            f"{GOLD_ARCHIVE_ENV} is not a readable .tar.gz archive ({type(exc).__name__})") from exc
    return sorted(set(ids))


# -- small helpers -------------------------------------------------------------------------------------


def _fresh_directory(directory: Path) -> None:
    if directory.is_symlink() or directory.is_file():
        directory.unlink()
    elif directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)


def pr_number(value: str) -> int:
    """A pull request number from a workflow output or argument."""
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise ArtifactRefused(f"'{value}' is not a pull request number")
    return int(value)


@dataclass(frozen=True)
class VerifyOutcome:
    """What the verify job hands on: the verified submission, or the final commit status to post
    when there is nothing to score (``state`` empty: post nothing)."""

    verified: VerifiedSubmission | None
    state: str = ""
    description: str = ""
    message: str = ""


def verify_step(artifact_dir: Path, event: Mapping[str, Any], api: GitHubApi,
                repository: Repository) -> VerifyOutcome:
    """The verify job: the run must be the Submission check's, then its artifact is verified.

    A check that failed before it uploaded anything leaves no artifact: that is the check's
    failure to report, not an unreadable artifact.
    """
    try:
        run = checked_run(event)
    except StaleRun as exc:  # cancelled, or awaiting approval: no status at all, the check tells
        return VerifyOutcome(None, "", "", f"nothing to report: {exc}")
    try:
        if not artifact_dir.is_dir() and run.get("conclusion") == "failure":
            return VerifyOutcome(None, "failure", "the Submission check failed before it uploaded its report: "
                                 "open the check's log, fix the problem and push again",
                                 "nothing to score: the check failed")
        artifact = read_artifact(artifact_dir)
        verified = verify_submission(artifact, event, api, repository)
    except StaleRun as exc:
        return VerifyOutcome(None, "error", f"not scored: {exc}", f"nothing to report: {exc}")
    if verified is not None:
        return VerifyOutcome(verified, message=f"verified #{verified.pr}: submissions/{verified.slug}/ at "
                             f"{verified.head_sha[:12]}, {len(verified.files)} file(s)")
    verdict = artifact.hint.verdict
    if verdict == "invalid":
        return VerifyOutcome(None, "failure", "not scored: the Submission check found problems; fix each one it lists",
                             f"nothing to report: the check's verdict was '{verdict}'")
    return VerifyOutcome(None, "success", "nothing to score: not a submission pull request",
                         f"nothing to report: the check's verdict was '{verdict}'")


def outputs_for(outcome: VerifyOutcome | VerifiedSubmission | None) -> Mapping[str, str]:
    """Step outputs of the verify job; an empty slug tells the next jobs there is nothing to score."""
    if not isinstance(outcome, VerifyOutcome):
        outcome = VerifyOutcome(outcome)
    verified = outcome.verified
    common = {"state": outcome.state, "description": " ".join(outcome.description.split())[:200]}
    if verified is None:
        return {"pr": "", "slug": "", "head_sha": "", "rescore": "false", **common}
    return {"pr": str(verified.pr), "slug": verified.slug, "head_sha": verified.head_sha,
            "rescore": "true" if verified.rescore else "false", **common}


# -- private scoring at most once per period, and the commit status ---------------------------------

def throttle_key(slug: str, period_hours: float, now: float) -> str:
    """The report workflow's cache key that marks ``slug`` as privately scored in this period.

    The cache is written by the report workflow, which runs on the default branch: a pull
    request's own runs can read the default branch's caches but never write or delete them
    (GitHub docs, "Restrictions for accessing a cache"), so a contributor cannot reset it.
    Periods are fixed windows counted from the epoch.
    """
    if not _SLUG.match(slug):
        raise ArtifactRefused(f"'{slug}' is not a submission slug")
    if not period_hours > 0:
        raise ConfigurationError(f"the private-scoring period must be a positive number of hours, not {period_hours}")
    return f"private-scoring-{slug}-{int(now // (period_hours * 3600))}"


def final_status(verify_result: str, score_result: str, verify_state: str, verify_description: str,
                 status_file: Path | None) -> tuple[str, str] | None:
    """The Scoring commit status to leave when the report workflow ends (None: post nothing)."""
    if verify_result != "success":
        return "failure", "the report workflow could not verify the check's artifact: see the run"
    if verify_state:
        return verify_state, verify_description
    if score_result != "success" or status_file is None or not status_file.is_file():
        return "failure", "scoring failed: see the run"
    try:
        data = json.loads(_read_plain_file(status_file, MAX_HINT_BYTES, status_file.name))
        state, description = str(data["state"]), str(data["description"])
    except (ValueError, KeyError, TypeError, ArtifactRefused):
        return "failure", "scoring left no readable result: see the run"
    return (state, description) if state in ("success", "failure") else ("failure", "scoring left no result")
