"""The pull-request scope guard: is this pull request a valid submission, judged from git alone?

A pull request comes from a stranger, usually from a fork. Before any of its files are read by the
validator, the guard decides from git objects (never the work tree: a symlink there can point
anywhere, and a checkout can be altered by the very code under review) whether the pull request
only adds or changes plain text files inside exactly one ``submissions/<slug>/`` folder, with
allowed names and bounded sizes, and whether its author may change that folder (docs/architecture.md,
Security model). Everything here runs git plumbing through :func:`subprocess.run` with argument
lists, never a shell, so no file name or ref can become a command.

Verdicts:

- ``submission``: a valid submission pull request; its folder's slug is returned.
- ``invalid``: it touches ``submissions/`` but breaks a rule; every problem is listed.
- ``review``: it changes nothing under a submission folder, only code, workflows, benchmarks or
  documentation. It is not a submission, and it needs a maintainer's review (CODEOWNERS).
- ``none``: it changes nothing at all.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import ValidationError

from leaderboard.errors import GuardError, InputFileError, did_you_mean
from leaderboard.github import actions
from leaderboard.github.actions import PULL_REQUEST
from leaderboard.markdown import neutralise_markdown
from leaderboard.problems import Problem, format_text, summarise
from leaderboard.schemas import BENCHMARK_ID_PATTERN, SLUG_PATTERN, SubmissionMetadata
from leaderboard.tables import MAX_TABLE_BYTES, TABLE_SUFFIXES
from leaderboard.validation import MAX_README_BYTES, METADATA_FILE, README_FILE
from leaderboard.yamlfile import MAX_YAML_BYTES, parse_yaml

Verdict = Literal["submission", "invalid", "review", "none"]

SUBMISSIONS = "submissions"
#: The only mode a submission file may have: a plain, non-executable file.
REGULAR_FILE = "100644"
#: All files a pull request adds or changes, together. GitHub refuses single files over 100 MB.
MAX_PR_BYTES = 128 * 1024 * 1024
#: A submission folder holds metadata.yaml, README.md and one file per benchmark; this is ample.
MAX_FOLDER_FILES = 256
GIT_TIMEOUT_SECONDS = 120
#: ``git diff --raw`` status letters, for messages.
_STATUS_WORDS = {"A": "adds", "M": "changes", "D": "deletes", "T": "changes the type of",
                 "R": "renames", "C": "copies"}
_MODE_PROBLEMS = {
    "120000": "is a symbolic link; commit the file itself, not a link to it",
    "160000": "is a submodule (a link to another repository); a submission holds plain files only",
    "100755": "is executable; remove the executable bit (git update-index --chmod=-x {path}) and commit again",
}
_SLUG = re.compile(SLUG_PATTERN)
_BENCHMARK_ID = re.compile(BENCHMARK_ID_PATTERN)
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class DiffEntry:
    """One line of ``git diff --raw -z --no-renames``: a path's old and new mode, blob and status."""

    status: str
    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str
    path: str

    @property
    def slug(self) -> str | None:
        """The submission folder the path is in, or None when it is outside ``submissions/<slug>/``."""
        parts = self.path.split("/")
        return parts[1] if len(parts) >= 3 and parts[0] == SUBMISSIONS else None


@dataclass(frozen=True)
class GuardResult:
    """The verdict on a pull request, with every problem found and what it changes."""

    verdict: Verdict
    slug: str | None
    problems: list[Problem]
    base: str
    head: str
    merge_base: str
    changed: list[DiffEntry] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True unless the pull request touches a submission folder and breaks a rule."""
        return self.verdict != "invalid"

    def to_json(self) -> dict[str, object]:
        return {
            "verdict": self.verdict, "slug": self.slug, "base": self.base, "head": self.head,
            "merge_base": self.merge_base, "problems": [p.to_dict() for p in self.problems],
            "changed": [{"path": e.path, "status": e.status, "mode": e.new_mode} for e in self.changed],
            "outside": self.outside,
        }


# -- git plumbing --------------------------------------------------------------------------------


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C repo args`` (an argument list, never a shell) and return its stdout."""
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except FileNotFoundError as exc:
        raise GuardError("git is not installed; install git and run the check again") from exc
    except subprocess.TimeoutExpired as exc:
        raise GuardError(f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS} s in {repo}") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GuardError(f"git {args[0]} failed in {repo}: {message[-1] if message else 'no message'}")
    return result.stdout


def resolve_commit(repo: Path, ref: str) -> str:
    """The full commit id ``ref`` names, refusing anything that could be read as an option."""
    if not ref or ref.startswith("-") or any(c.isspace() or c == "\0" for c in ref):
        raise GuardError(f"'{ref}' is not a valid git ref; pass a branch name, a tag or a commit id")
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GuardError:
        raise GuardError(
            f"'{ref}' is not a commit in {repo}; fetch it first (actions/checkout with fetch-depth: 0, "
            "or git fetch origin)"
        ) from None


def merge_base(repo: Path, base: str, head: str) -> str:
    """The commit the pull request branched from: diffs start here, so later main commits are ignored."""
    try:
        return git(repo, "merge-base", base, head).decode().strip()
    except GuardError:
        raise GuardError(
            f"{base[:12]} and {head[:12]} have no common history; fetch the whole history "
            "(fetch-depth: 0) and check that the pull request targets this repository"
        ) from None


def diff_entries(repo: Path, old: str, new: str) -> list[DiffEntry]:
    """Every path that differs between two commits, without rename detection.

    ``git diff-tree -r -z`` is the plumbing form of ``git diff --raw -z``: it reads no porcelain
    configuration, and ``--no-renames`` makes a rename a deletion plus an addition, so that the
    deleted side is checked too. ``--ignore-submodules=none`` keeps a ``.gitmodules`` in the pull
    request from hiding a submodule.
    """
    out = git(repo, "diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", "--ignore-submodules=none",
              old, new)
    return parse_raw_diff(out)


def parse_raw_diff(out: bytes) -> list[DiffEntry]:
    """Parse ``-z`` raw diff output: ``:old new oldsha newsha status NUL path NUL`` per entry."""
    fields = out.split(b"\0")
    entries = []
    index = 0
    while index < len(fields) and fields[index]:
        header = fields[index].decode("ascii").lstrip(":").split()
        old_mode, new_mode, old_sha, new_sha, status = header[:5]
        paths = 2 if status[:1] in ("R", "C") else 1
        for path in fields[index + 1: index + 1 + paths]:
            entries.append(DiffEntry(status[:1], old_mode, new_mode, old_sha, new_sha,
                                     path.decode("utf-8", "surrogateescape")))
        index += 1 + paths
    return entries


def blob_sizes(repo: Path, shas: Iterable[str]) -> dict[str, int]:
    """Sizes of many blobs in one ``git cat-file --batch-check`` call, without reading them."""
    wanted = sorted({sha for sha in shas if _SHA.match(sha)})
    if not wanted:
        return {}
    out = git(repo, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)",
              stdin="".join(f"{sha}\n" for sha in wanted).encode())
    sizes = {}
    for line in out.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def read_blob(repo: Path, sha: str) -> bytes:
    return git(repo, "cat-file", "blob", sha)


def tree_entries(repo: Path, commit: str, path: str) -> list[tuple[str, str, str, str]]:
    """``(mode, type, sha, path)`` of everything under ``path`` at ``commit`` (recursive)."""
    out = git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", path)
    entries = []
    for record in out.split(b"\0"):
        if record:
            meta, _, name = record.partition(b"\t")
            mode, kind, sha = meta.decode("ascii").split()
            entries.append((mode, kind, sha, name.decode("utf-8", "surrogateescape")))
    return entries


def benchmark_ids(repo: Path, commit: str) -> list[str]:
    """Benchmark ids at ``commit``: folders of ``benchmarks/`` holding a ``benchmark.yaml``."""
    out = git(repo, "ls-tree", "-z", "--full-tree", commit, "--", "benchmarks/")
    folders = []
    for record in out.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        if meta.split()[1:2] == [b"tree"]:
            folder = name.decode("utf-8", "surrogateescape").removeprefix("benchmarks/")
            if _BENCHMARK_ID.match(folder):
                folders.append(folder)
    if not folders:
        return []
    listed = git(repo, "ls-tree", "-z", "--name-only", "--full-tree", commit, "--",
                 *(f"benchmarks/{f}/benchmark.yaml" for f in folders))
    present = {name.decode().split("/")[1] for name in listed.split(b"\0") if name}
    return sorted(f for f in folders if f in present)


# -- the rules -----------------------------------------------------------------------------------


def file_limit(name: str) -> int:
    """The size limit of one submission file, the same the validator applies to its kind."""
    if name == METADATA_FILE:
        return MAX_YAML_BYTES
    if name == README_FILE:
        return MAX_README_BYTES
    return MAX_TABLE_BYTES


def name_problem(name: str, benchmarks: Sequence[str]) -> str | None:
    """Why ``name`` may not be in a submission folder, or None when it may."""
    if name in (METADATA_FILE, README_FILE):
        return None
    path = PurePosixPath(name)
    if path.suffix in TABLE_SUFFIXES and path.stem in benchmarks:
        return None
    if path.suffix in TABLE_SUFFIXES:
        return (f"'{shown_path(path.stem)}' is not a known benchmark{did_you_mean(path.stem, benchmarks)}; name "
                f"the predictions file after one of: {', '.join(benchmarks) or '(none)'}")
    return (f"'{shown_path(name)}' is not allowed in a submission folder; it holds {METADATA_FILE}, an optional "
            f"{README_FILE} and one <benchmark-id>.csv or .jsonl per benchmark")


def entry_problems(entry: DiffEntry, benchmarks: Sequence[str]) -> list[str]:
    """The rules one changed path inside ``submissions/`` must follow, each broken one a message."""
    shown = shown_path(entry.path)
    if entry.status not in ("A", "M"):
        verb = _STATUS_WORDS.get(entry.status, "changes")
        return [f"this pull request {verb} {shown}; a submission pull request may only add or change "
                "files (ask a maintainer to delete or rename files)"]
    problems = []
    parts = entry.path.split("/")
    if not _SLUG.match(parts[1]):
        problems.append(
            f"folder name '{shown_path(parts[1])}' is not a valid slug: use lowercase letters, digits, '.', "
            "'_' and '-', starting with a letter or digit (at most 64 characters)")
    if len(parts) > 3:
        problems.append(f"sub-folders are not allowed in a submission folder; move the file to "
                        f"submissions/{shown_path(parts[1])}/{shown_path(parts[-1])}")
    elif (problem := name_problem(parts[2], benchmarks)) is not None:
        problems.append(problem)
    if entry.new_mode != REGULAR_FILE:
        template = _MODE_PROBLEMS.get(entry.new_mode, f"has git mode {entry.new_mode}; commit a plain file "
                                      f"(mode {REGULAR_FILE})")
        problems.append(template.replace("{path}", shown))
    return problems


def content_problem(data: bytes) -> tuple[str, int | None] | None:
    """Why a blob is not UTF-8 text without NUL bytes (with the line), or None when it is."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file "
                "as UTF-8 text", line)
    nul = text.find("\0")
    if nul >= 0:
        return "contains a NUL byte; a submission file must be plain text", text.count("\n", 0, nul) + 1
    return None


def maintainers_of(repo: Path, commit: str, slug: str) -> tuple[list[str] | None, str | None]:
    """``(maintainers, None)`` of an existing folder at ``commit``, ``(None, reason)`` if unreadable,
    ``([], None)`` when the folder does not exist there.

    The list comes from the commit's blob of ``metadata.yaml``, parsed with the same safe, bounded
    loader and schema as validation, so a pull request cannot add its author to the list it is
    checked against.
    """
    entries = tree_entries(repo, commit, f"{SUBMISSIONS}/{slug}/")
    if not entries:
        return [], None
    display = f"{SUBMISSIONS}/{slug}/{METADATA_FILE} on the base branch"
    metadata = [e for e in entries if e[3] == f"{SUBMISSIONS}/{slug}/{METADATA_FILE}" and e[1] == "blob"]
    if not metadata:
        return None, f"{display} is missing"
    sha = metadata[0][2]
    if blob_sizes(repo, [sha]).get(sha, MAX_YAML_BYTES + 1) > MAX_YAML_BYTES:
        return None, f"{display} is larger than {MAX_YAML_BYTES:,} bytes"
    try:
        text = read_blob(repo, sha).decode("utf-8-sig")
        document = parse_yaml(text, display)
        return list(SubmissionMetadata.model_validate(document.data).maintainers), None
    except (UnicodeDecodeError, InputFileError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, f"{display} cannot be read ({first})"


def ownership_problem(slug: str, maintainers: Sequence[str] | None, reason: str | None,
                      author: str | None) -> str | None:
    """Why ``author`` may not change the existing folder ``slug``, or None when they may."""
    folder = f"{SUBMISSIONS}/{slug}/"
    if maintainers is None:
        return (f"{folder} already exists, but its maintainers cannot be determined: {reason}; a "
                "maintainer must review this change")
    if not maintainers:
        return None
    listed = ", ".join(maintainers)
    if author is None:
        return (f"{folder} already exists and only its maintainers ({listed}) may change it; the author "
                "of this pull request is not known (pass --author LOGIN)")
    if author.lower() not in {m.lower() for m in maintainers}:
        return (f"{folder} already exists and belongs to {listed} (the maintainers in its metadata.yaml on "
                f"the base branch); {author} is not one of them: choose a new folder name for your model, "
                "or ask one of them to add you to maintainers in a separate pull request")
    return None


def check_pull_request(repo: Path, base: str, head: str = "HEAD", author: str | None = None) -> GuardResult:
    """Judge the pull request ``base...head`` in the git repository ``repo``.

    The diff starts at the merge base, so commits that reach the base branch after the pull request
    branched off are not counted against it; ownership and benchmark ids come from the base tip,
    the state the pull request would merge into.
    """
    base_sha, head_sha = resolve_commit(repo, base), resolve_commit(repo, head)
    fork_point = merge_base(repo, base_sha, head_sha)
    changed = diff_entries(repo, fork_point, head_sha)
    inside = [e for e in changed if e.slug is not None]
    outside = sorted({e.path for e in changed if e.slug is None})

    def result(verdict: Verdict, slug: str | None, problems: list[Problem]) -> GuardResult:
        return GuardResult(verdict, slug, problems, base_sha, head_sha, fork_point, changed, outside)

    if not changed:
        return result("none", None, [])
    if not inside:
        return result("review", None, [])
    problems = submission_problems(repo, base_sha, fork_point, inside, author)
    slugs = sorted({e.slug for e in inside if e.slug is not None})
    if outside:
        problems.append(Problem(PULL_REQUEST, None, (
            f"this pull request changes {len(outside)} file(s) outside submissions/ "
            f"({summarise([shown_path(p) for p in outside], 5)}) as well as a submission; a submission pull "
            "request changes only files inside one submissions/<slug>/ folder: move the other changes to "
            "their own pull request"),
            code="scope"))
    if len(slugs) > 1:
        problems.append(Problem(PULL_REQUEST, None, (
            f"this pull request changes {len(slugs)} submission folders ({summarise(slugs, 5)}); a pull "
            "request may add or change only one: open one pull request per model"), code="scope"))
    if problems:
        return result("invalid", slugs[0] if len(slugs) == 1 else None, problems)
    return result("submission", slugs[0], [])


def submission_problems(repo: Path, base: str, fork_point: str, inside: Sequence[DiffEntry],
                        author: str | None) -> list[Problem]:
    """Every broken rule among the changed paths inside ``submissions/``."""
    benchmarks = benchmark_ids(repo, base)
    problems = [Problem(shown_path(e.path), None, message, code="scope") for e in inside
                for message in entry_problems(e, benchmarks)]
    kept = [e for e in inside if e.status in ("A", "M") and e.new_mode == REGULAR_FILE]
    sizes = blob_sizes(repo, (e.new_sha for e in kept))
    total = 0
    for entry in kept:
        size = sizes.get(entry.new_sha)
        if size is None:
            problems.append(Problem(shown_path(entry.path), None, "is not a file in the pull request's commit",
                                    code="scope"))
            continue
        total += size
        limit = file_limit(entry.path.rsplit("/", 1)[-1])
        if size > limit:
            problems.append(Problem(shown_path(entry.path), None, (
                f"is {size:,} bytes; the limit for this file is {limit:,} bytes: check that it holds "
                "only the predictions"), code="size"))
            continue
        bad_content = content_problem(read_blob(repo, entry.new_sha))
        if bad_content is not None:
            problems.append(Problem(shown_path(entry.path), bad_content[1], bad_content[0], code="encoding"))
    if total > MAX_PR_BYTES:
        problems.append(Problem(PULL_REQUEST, None, (
            f"the changed files add up to {total:,} bytes; a pull request may add at most "
            f"{MAX_PR_BYTES:,} bytes: split it, or ask a maintainer about large benchmarks"), code="size"))
    for slug in sorted({e.slug for e in inside if e.slug is not None and _SLUG.match(e.slug)}):
        owners, reason = maintainers_of(repo, base, slug)
        if owners == [] and reason is None:
            owners, reason = maintainers_of(repo, fork_point, slug)
        problem = ownership_problem(slug, owners, reason, author)
        if problem is not None:
            problems.append(Problem(f"{SUBMISSIONS}/{slug}", None, problem, code="ownership"))
    return problems


# -- the submission folder, from git objects ------------------------------------------------------


def folder_blobs(repo: Path, commit: str, slug: str) -> dict[str, str]:
    """``name -> blob sha`` of every file in ``submissions/<slug>/`` at ``commit``.

    Re-checks the whole folder (files the pull request did not touch too): plain files only, flat,
    with allowed names' shapes and bounded in number, so that what is copied out is data only.
    """
    if not _SLUG.match(slug):
        raise GuardError(f"'{slug}' is not a valid submission slug")
    entries = tree_entries(repo, commit, f"{SUBMISSIONS}/{slug}/")
    if len(entries) > MAX_FOLDER_FILES:
        raise GuardError(f"{SUBMISSIONS}/{slug}/ holds more than {MAX_FOLDER_FILES} files")
    blobs = {}
    for mode, kind, sha, path in entries:
        name = path.removeprefix(f"{SUBMISSIONS}/{slug}/")
        if kind != "blob" or mode != REGULAR_FILE or "/" in name or name.startswith("."):
            raise GuardError(f"{path}: only plain, non-hidden files may be in a submission folder")
        blobs[name] = sha
    return blobs


def write_folder(repo: Path, commit: str, slug: str, destination: Path) -> list[Path]:
    """Write ``submissions/<slug>/`` at ``commit`` into ``destination`` (replaced whole) from blobs.

    The files come from git objects, never from a checkout's work tree, and are written as plain
    files, so nothing of the pull request can turn into a link or an executable on the runner.
    """
    blobs = folder_blobs(repo, commit, slug)
    sizes = blob_sizes(repo, blobs.values())
    too_big = [name for name, sha in blobs.items() if sizes.get(sha, 0) > file_limit(name)]
    if too_big or sum(sizes.values()) > MAX_PR_BYTES:
        raise GuardError(f"{SUBMISSIONS}/{slug}/: {', '.join(too_big) or 'the folder'} exceeds the size limits")
    if destination.is_symlink() or destination.is_file():
        destination.unlink()
    elif destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    written = []
    for name, sha in sorted(blobs.items()):
        target = destination / name
        target.write_bytes(read_blob(repo, sha))
        written.append(target)
    return written


def guard_outputs(result: GuardResult) -> Mapping[str, str]:
    """The step outputs a workflow reads: the verdict, the slug, and whether to go on."""
    return {
        "verdict": result.verdict,
        "slug": result.slug if result.verdict == "submission" and result.slug else "",
        "submission": "true" if result.verdict == "submission" else "false",
    }


# -- reporting -------------------------------------------------------------------------------------

_VERDICT_TEXT = {
    "submission": "a valid submission pull request",
    "invalid": "a submission pull request that breaks {count} rule(s); fix each problem listed and push again",
    "review": ("not a submission: it changes code, workflows, benchmarks or documentation, so it needs a "
               "maintainer's review"),
    "none": "no changes: there is nothing to check",
}


def verdict_message(result: GuardResult) -> str:
    """One sentence on the verdict, naming the folder or the paths outside submissions/."""
    if result.verdict == "submission":
        return f"submissions/{result.slug}/: {_VERDICT_TEXT['submission']}"
    if result.verdict == "invalid":
        return _VERDICT_TEXT["invalid"].format(count=len(result.problems))
    if result.verdict == "review":
        return (f"{_VERDICT_TEXT['review']} ({len(result.outside)} file(s): "
                f"{summarise([shown_path(p) for p in result.outside], 5)})")
    return _VERDICT_TEXT[result.verdict]


def shown_path(path: str) -> str:
    """A path as it may be printed: unprintable characters (a newline could start a workflow
    command in a log) are shown escaped."""
    return path if path.isprintable() else ascii(path)


def format_result(result: GuardResult, output_format: str) -> str:
    """The guard's report as text (the slug alone on success), GitHub annotations, or JSON."""
    if output_format == "json":
        return json.dumps(result.to_json(), indent=2, sort_keys=True, ensure_ascii=False)
    if output_format == "github":
        lines = [actions.format_annotations(result.problems)] if result.problems else []
        if result.verdict == "invalid":
            lines.append(f"::error title=submission check::{actions.escape_data(verdict_message(result))}")
        else:
            lines.append(f"::notice title={result.verdict}::{actions.escape_data(verdict_message(result))}")
        if result.verdict == "submission" and result.slug:
            lines.append(result.slug)
        return "\n".join(lines)
    if result.verdict == "submission" and result.slug:
        return result.slug
    if result.problems:
        return f"{format_text(result.problems)}\nFAILED: {verdict_message(result)}"
    return verdict_message(result)


def summary_markdown(result: GuardResult) -> str:
    """The guard's section of the job summary; file names from the pull request are neutralised."""
    icon = {"submission": "✅", "invalid": "❌", "review": "👀", "none": "➖"}[result.verdict]
    lines = ["## Pull-request scope", "", f"{icon} {neutralise_markdown(verdict_message(result))}", ""]
    if result.problems:
        lines.append(actions.problems_table(result.problems))
    return "\n".join(lines)
