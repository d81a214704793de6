"""Validation of submissions: metadata, file layout and every predictions file.

Validation reads only the evaluation sets, never gold, so it runs anywhere (also for private
benchmarks). It collects every problem rather than stopping at the first, and it never writes.
"""

from __future__ import annotations

import csv
import io
import itertools
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from leaderboard._version import __version__
from leaderboard.benchmarks import Benchmark
from leaderboard.characters import hidden_character, printable
from leaderboard.errors import ConfigurationError, InputFileError, did_you_mean
from leaderboard.problems import Problem, has_errors, summarise
from leaderboard.repository import Repository
from leaderboard.results import JsonCache, cache_key, sha256_file
from leaderboard.schemas import SLUG_PATTERN, SubmissionMetadata, schema_problems
from leaderboard.scorers.base import Task, in_same_order, row_problems
from leaderboard.tables import TABLE_SUFFIXES, Table, read_table
from leaderboard.yamlfile import YamlDocument, load_yaml

METADATA_FILE = "metadata.yaml"
README_FILE = "README.md"
MAX_README_BYTES = 64 * 1024
_SLUG = re.compile(SLUG_PATTERN)


@dataclass
class PredictionFile:
    """A predictions file that passed validation (it may still carry warnings).

    The table is read lazily: when validation and scoring both come from the cache, an unchanged
    file is hashed but never parsed.
    """

    benchmark: Benchmark
    path: Path
    display: str
    sha256: str
    loaded: Table | None = None

    @property
    def table(self) -> Table:
        if self.loaded is None:
            task = self.benchmark.task
            self.loaded = read_table(self.path, self.display, list_columns=task.list_columns,
                                     list_separators=task.list_columns, known_columns=prediction_columns(task))
        return self.loaded


@dataclass
class SubmissionReport:
    """Everything validation learned about one ``submissions/<slug>/`` folder."""

    slug: str
    folder: Path
    display: str
    metadata: SubmissionMetadata | None = None
    metadata_document: YamlDocument | None = None
    predictions: dict[str, PredictionFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def ok(self, strict: bool = False) -> bool:
        return not has_errors(self.problems, strict=strict)


#: Which predictions files to check, by benchmark and the file's sha256 (given as a function: a
#: selection by benchmark alone hashes nothing). A shard checks only its own files, a check of one
#: pull request the others' files on its benchmarks only.
Select = Callable[[Benchmark, Callable[[], str]], bool]


def validate_submission(
    folder: Path, repository: Repository, cache: JsonCache | None = None, select: Select | None = None
) -> SubmissionReport:
    """Validate one submission folder against the repository's benchmarks.

    With ``select``, a predictions file it declines is neither checked nor kept (issue 17: a scoring
    shard validates only the files it scores; the build checks them all, mostly from the cache).

    A folder name that is not a slug (not even UTF-8: ``os.listdir`` then hands back surrogate
    escapes) is reported, and the report's slug and display are its printable form, which holds a
    backslash and so can never be mistaken for a valid slug (issue 13).
    """
    display = printable(repository.display(folder))
    valid_slug = bool(_SLUG.match(folder.name))
    report = SubmissionReport(folder.name if valid_slug else printable(folder.name), folder, display)
    problems = report.problems
    if not valid_slug:
        problems.append(Problem(display, None, (
            f"folder name '{printable(folder.name)}' is not a valid slug: use lowercase letters, digits, "
            "'.', '_' and '-', starting with a letter or digit (at most 64 characters)"), code="slug"))
    benchmarks = repository.benchmarks
    files: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        shown = f"{display}/{printable(path.name)}"
        if path.is_symlink() or not path.is_file():
            problems.append(Problem(shown, None, "only regular files are allowed in a submission "
                                    "folder (no links or sub-folders)", code="stray-file"))
            continue
        files[path.name] = path

    metadata_path = files.pop(METADATA_FILE, None)
    if metadata_path is None:
        problems.append(Problem(f"{display}/{METADATA_FILE}", None,
                                "metadata.yaml is missing; copy the template from CONTRIBUTING.md",
                                code="metadata"))
    else:
        report.metadata, report.metadata_document = _validate_metadata(
            metadata_path, f"{display}/{METADATA_FILE}", problems
        )

    readme = files.pop(README_FILE, None)
    if readme is not None and readme.stat().st_size > MAX_README_BYTES:
        problems.append(Problem(f"{display}/{README_FILE}", None, "README.md is larger than 64 KiB"))

    claimed: dict[str, str] = {}
    for name, path in files.items():
        shown = f"{display}/{printable(name)}"
        stem, suffix = path.stem, path.suffix
        if suffix not in TABLE_SUFFIXES:
            problems.append(Problem(shown, None, (
                f"unexpected file; a submission holds {METADATA_FILE}, an optional {README_FILE} and "
                "one <benchmark-id>.csv or .jsonl per benchmark"), code="stray-file"))
            continue
        if stem in repository.broken_benchmarks:
            problems.append(broken_benchmark_problem(shown, stem, repository.broken_benchmarks[stem]))
            claimed[stem] = name
            continue
        if stem not in benchmarks:
            problems.append(Problem(shown, None, (
                f"'{stem}' is not a known benchmark{did_you_mean(stem, benchmarks)}; "
                f"name the file after one of: {', '.join(benchmarks)}"), code="unknown-benchmark"))
            continue
        if stem in claimed:
            problems.append(Problem(shown, None, f"{claimed[stem]} already holds predictions for "
                                    f"'{stem}'; keep one of the two files", code="duplicate-file"))
            continue
        claimed[stem] = name
        hashed: list[str] = []

        def file_sha(path: Path = path, hashed: list[str] = hashed) -> str:
            if not hashed:
                hashed.append(sha256_file(path))
            return hashed[0]

        if select is not None and not select(benchmarks[stem], file_sha):
            continue
        sha256 = file_sha()
        table, file_problems = _validate_cached(benchmarks[stem], path, shown, sha256, cache)
        problems += file_problems
        if not has_errors(file_problems):
            report.predictions[stem] = PredictionFile(benchmarks[stem], path, shown, sha256, table)

    if not valid_slug:  # nothing of it is scored or published under a name that is no slug
        report.predictions.clear()
        report.metadata = None
    if not claimed:
        problems.append(Problem(display, None, "no predictions: add one <benchmark-id>.csv per "
                                f"benchmark; known benchmarks: {', '.join(benchmarks)}",
                                code="no-predictions"))
    if report.metadata is not None and report.metadata_document is not None:
        for benchmark_id in report.metadata.benchmarks:
            line = report.metadata_document.line_of(("benchmarks", benchmark_id))
            if benchmark_id in repository.broken_benchmarks:
                continue  # the predictions file already says so
            if benchmark_id not in benchmarks:
                problems.append(Problem(f"{display}/{METADATA_FILE}", line, (
                    f"benchmarks: '{benchmark_id}' is not a known benchmark"
                    f"{did_you_mean(benchmark_id, benchmarks)}"), code="unknown-benchmark"))
            elif benchmark_id not in claimed:
                problems.append(Problem(f"{display}/{METADATA_FILE}", line, (
                    f"benchmarks: settings for '{benchmark_id}' but no {benchmark_id}.csv"),
                    severity="warning", code="unused-settings"))
    return report


def broken_benchmark_problem(shown: str, benchmark_id: str, problems: Sequence[Problem]) -> Problem:
    """A predictions file for a benchmark whose definition is broken cannot be checked yet."""
    first = problems[0].format() if problems else "its benchmark.yaml is invalid"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return Problem(shown, None, (
        f"benchmark '{benchmark_id}' cannot be used right now: its definition is broken ({first}{more}); "
        "this is for the maintainers to fix, and the file is checked again once they have"),
        code="broken-benchmark")


def _validate_metadata(
    path: Path, display: str, problems: list[Problem]
) -> tuple[SubmissionMetadata | None, YamlDocument | None]:
    try:
        document = load_yaml(path, display)
    except InputFileError as exc:
        problems.append(Problem(display, exc.line, exc.message, code="yaml"))
        return None, None
    try:
        return SubmissionMetadata.model_validate(document.data), document
    except ValidationError as exc:
        problems.extend(schema_problems(exc, document, display, SubmissionMetadata))
        return None, document


VALIDATION_FORMAT = "2"  # bump when a rule changes, so that cached verdicts are recomputed


def _validate_cached(
    benchmark: Benchmark, path: Path, display: str, sha256: str, cache: JsonCache | None
) -> tuple[Table | None, list[Problem]]:
    """Validation of an unchanged file against an unchanged benchmark is looked up, not redone."""
    if cache is None:
        return validate_predictions(benchmark, path, display)
    key = cache_key({"kind": "validation", "format": VALIDATION_FORMAT, "version": __version__,
                     "task_version": benchmark.task.version, "benchmark": benchmark.content_sha256,
                     "predictions": sha256, "display": display})
    cached = cache.get(key)
    if cached is not None:
        return None, [Problem(**problem) for problem in cached["problems"]]
    table, problems = validate_predictions(benchmark, path, display)
    cache.put(key, {"problems": [p.to_dict() for p in problems]})
    return table, problems


def validate_predictions(
    benchmark: Benchmark, path: Path, display: str
) -> tuple[Table | None, list[Problem]]:
    """Check one predictions file; returns the table (None if unreadable) and its problems."""
    task = benchmark.task
    try:
        table = read_table(path, display, list_columns=task.list_columns,
                           list_separators=task.list_columns, known_columns=prediction_columns(task))
    except InputFileError as exc:
        return None, [Problem(display, exc.line, exc.message, code="format")]
    return table, check_table(benchmark, table)


def canonical_csv(benchmark: Benchmark, table: Table) -> str:
    """The canonical form of a predictions table, as ``leaderboard submit`` writes it and the
    integrity screening compares it: the task's columns only, lists joined (tags by spaces,
    sources by ';'), LF line ends."""
    task = benchmark.task
    columns = [c for c in (*task.prediction_columns, *task.optional_prediction_columns) if c in table.columns]
    cells = []
    for column in columns:
        values = table.frame[column]
        if column in task.list_columns:  # tags by spaces, sources by ';'
            values = values.map((task.list_columns[column] or " ").join)
        cells.append(values.astype(str))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*cells, strict=True))
    return buffer.getvalue()


def prediction_columns(task: Task) -> tuple[str, ...]:
    return (*task.prediction_columns, *task.optional_prediction_columns)


def check_table(benchmark: Benchmark, table: Table) -> list[Problem]:
    """Every problem of a predictions table that was read (columns, ids, task checks)."""
    task = benchmark.task
    display = table.path
    columns = table.columns
    expected = ",".join(task.prediction_columns)
    missing = [c for c in task.prediction_columns if c not in columns]
    if missing:
        optional = (f" (optional: {', '.join(task.optional_prediction_columns)})"
                    if task.optional_prediction_columns else "")
        if display.endswith((".jsonl", ".json")):  # JSON has fields, not a header (issue 13)
            fields = ", ".join(f'"{c}"' for c in task.prediction_columns)
            first = table.line_of(0) if len(table) else 1
            return [Problem(display, first, (
                f"missing field(s) {', '.join(repr(c) for c in missing)}; each object of a {task.name} "
                f"predictions file has the fields {fields}{optional}"
                + _header_hint(benchmark, table, missing, json_input=True)), code="columns")]
        return [Problem(display, 1, (
            f"missing column(s) {', '.join(repr(c) for c in missing)}; a {task.name} predictions "
            f"file has the header '{expected}'{optional}" + _header_hint(benchmark, table, missing)),
            code="columns")]
    problems = [
        Problem(display, 1, f"column '{c}' is not used and will be ignored", "warning", "columns")
        for c in columns
        if c not in task.prediction_columns and c not in task.optional_prediction_columns
    ]
    problems += _check_ids(benchmark, table)
    problems += task.check_predictions(benchmark, table)
    return problems


#: Column names that mean a missing one (issue 13: spans-style NER files, model outputs).
_SYNONYMS = {
    "tags": ("entities", "spans", "ner_tags", "labels", "predictions", "prediction"),
    "label": ("labels", "prediction", "predicted", "pred", "class", "output", "sentiment"),
    "answer": ("answers", "prediction", "response", "output", "text", "predicted_answer"),
    "id": ("idx", "uid", "qid", "item_id", "example_id"),
}


def _header_hint(benchmark: Benchmark, table: Table, missing: Sequence[str], *, json_input: bool = False) -> str:
    """Say what a wrong header is: another delimiter, another case, no header, a synonym."""
    columns = table.columns
    expected = ",".join(benchmark.task.prediction_columns)
    if json_input:
        lowered_fields = {c.strip().lower(): c for c in columns}
        if all(name in lowered_fields for name in missing):
            return "; field names are case-sensitive: write them in lowercase"
    elif len(columns) == 1:
        for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if delimiter in columns[0]:
                return f"; the file seems to be separated by {name}: separate columns with commas"
    lowered = {c.strip().lower(): c for c in columns}
    if not json_input and all(name in lowered for name in missing):
        wrong = ",".join(columns)
        return f"; column names are case-sensitive: write the header '{expected}', not '{wrong}'"
    if not json_input and columns and columns[0] in benchmark.eval_positions:
        return (f"; the first row '{','.join(columns)[:60]}' looks like data, not a header: add the "
                f"header '{expected}' as the first line")
    for name in missing:
        for synonym in _SYNONYMS.get(name, ()):
            if synonym in lowered:
                if name == "tags" and synonym in ("entities", "spans"):
                    return (f"; '{lowered[synonym]}' looks like entity spans: the ner format needs "
                            "'tags', one IOB2 tag per token (B-X, I-X, O), as a JSONL list")
                return f"; rename the column '{lowered[synonym]}' to '{name}'"
    return ""


def _check_ids(benchmark: Benchmark, table: Table) -> list[Problem]:
    """Empty, duplicate, unknown and missing ids, from one dictionary lookup per row."""
    ids = table.frame["id"].to_numpy()
    eval_ids = benchmark.eval_table.frame["id"]
    in_eval_order = in_same_order(ids, eval_ids.to_numpy())
    if in_eval_order and len(benchmark.eval_positions) == len(ids) and "" not in benchmark.eval_positions:
        return []  # the common case: the template's distinct, non-empty ids in its order, kept
    if in_eval_order:
        positions = np.arange(len(ids))
    else:
        positions = np.fromiter(map(benchmark.eval_positions.get, ids, itertools.repeat(-1)),
                                dtype=np.int64, count=len(ids))
    known = positions >= 0
    unknown_rows = np.flatnonzero(~known)
    empty_rows = unknown_rows[[ids[row] == "" for row in unknown_rows]] if len(unknown_rows) else unknown_rows
    unknown_rows = np.setdiff1d(unknown_rows, empty_rows)
    problems = row_problems(table, empty_rows, lambda _: "empty id", code="empty-id")
    seen = np.zeros(len(eval_ids), dtype=bool)
    duplicate_rows = []
    counts = np.bincount(positions[known], minlength=len(eval_ids))
    if (counts > 1).any() or len(unknown_rows):
        # Rare: walk the rows in order so that the second occurrence is the one reported.
        unknown_seen: set[str] = set()
        for row in range(len(ids)):
            position = positions[row]
            if position >= 0:
                if seen[position]:
                    duplicate_rows.append(row)
                seen[position] = True
            elif ids[row] != "":
                if ids[row] in unknown_seen:
                    duplicate_rows.append(row)
                unknown_seen.add(ids[row])
    problems += row_problems(
        table, np.asarray(duplicate_rows, dtype=np.int64),
        lambda row: f"duplicate id '{ids[row]}'; each item must appear exactly once",
        code="duplicate-id",
    )
    def unknown(row: int) -> str:
        hidden = hidden_character(str(ids[row]))  # the one rule for hidden characters (issue 13)
        if hidden:
            return f"id '{ids[row]}' {hidden}; it is not in the evaluation set of {benchmark.id}"
        return f"id '{ids[row]}' is not in the evaluation set of {benchmark.id}"

    problems += row_problems(table, unknown_rows, unknown, code="unknown-id")
    missing = eval_ids.to_numpy()[counts == 0]
    if len(missing):
        problems.append(Problem(table.path, None, (
            f"{len(missing)} of {len(eval_ids)} evaluation ids are missing: "
            f"{summarise(list(missing))}; every id must appear once "
            f"(`leaderboard download {benchmark.id}` writes a template with all ids)"),
            code="missing-ids"))
    return problems


def collect_folders(paths: Iterable[Path], repository: Repository) -> tuple[list[Path], list[Problem]]:
    """The submission folders named by ``paths`` (the submissions folder, folders or files), and
    the problems of stray entries in the submissions folder."""
    folders: dict[Path, None] = {}
    stray: list[Problem] = []
    for path in paths:
        resolved = path.resolve()
        if resolved == repository.submissions_dir.resolve() or (
            path.is_dir() and not path.name.startswith(".") and _holds_submissions(path)
        ):
            for folder in sorted(p for p in path.iterdir()):
                if folder.is_dir() and not folder.is_symlink():
                    folders[folder] = None
                elif folder.name not in ("README.md", ".gitkeep"):
                    stray.append(Problem(repository.display(folder), None,
                                         "unexpected entry; submissions/ holds one folder per model",
                                         code="stray-file"))
        elif path.is_dir():
            folders[path] = None
        elif path.is_file():
            folders[path.parent] = None
        else:
            raise ConfigurationError(f"{path}: no such file or folder")
    return list(folders), stray


WORKERS_ENV = "LEADERBOARD_WORKERS"


def worker_count() -> int:
    """Worker processes: one per core, at most 4; ``LEADERBOARD_WORKERS`` overrides it (1 works in
    this process, as the harness does to compare one process with shards)."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return min(os.cpu_count() or 1, 4)


def validate_paths(
    paths: Iterable[Path], repository: Repository, cache: JsonCache | None = None, select: Select | None = None
) -> list[SubmissionReport]:
    """Validate the submissions named by ``paths``: the submissions folder, folders or files.

    A file selects the submission folder it lives in, which is validated whole.
    """
    folders, stray = collect_folders(paths, repository)
    if len(folders) >= PARALLEL_FOLDERS and worker_count() > 1 and select is None:
        reports = _validate_in_parallel(folders, repository, cache)
    else:
        reports = [validate_submission(folder, repository, cache, select) for folder in folders]
    if stray:
        reports.append(SubmissionReport("", repository.submissions_dir, "submissions", problems=stray))
    return reports


#: With this many submissions a cold build validates them in one worker process per core.
PARALLEL_FOLDERS = 24
_WORKER: tuple[Repository, JsonCache | None] | None = None
LightReport = tuple[str, str, SubmissionMetadata | None, list[tuple[str, str, str, str]], list[Problem]]


def _validate_one(folder: Path) -> LightReport:
    """Worker: validate a folder and return it without tables or benchmarks (cheap to send back)."""
    assert _WORKER is not None
    repository, cache = _WORKER
    report = validate_submission(folder, repository, cache)
    files = [(bid, str(p.path), p.display, p.sha256) for bid, p in report.predictions.items()]
    return str(report.folder), report.display, report.metadata, files, report.problems


def _validate_in_parallel(
    folders: list[Path], repository: Repository, cache: JsonCache | None
) -> list[SubmissionReport]:
    global _WORKER
    benchmarks = repository.benchmarks
    for benchmark in benchmarks.values():  # load once here; forked workers share the memory
        _ = benchmark.eval_frame, benchmark.eval_positions, benchmark.content_sha256, benchmark.documents
    _WORKER = (repository, cache)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=worker_count(), mp_context=context) as pool:
            light = list(pool.map(_validate_one, folders, chunksize=4))
    finally:
        _WORKER = None
    return [report_from_light(one, benchmarks) for one in light]


def report_from_light(light: LightReport, benchmarks: Mapping[str, Benchmark]) -> SubmissionReport:
    """A worker's light report back as a :class:`SubmissionReport` (tables are read lazily again)."""
    folder, display, metadata, files, problems = light
    report = SubmissionReport(Path(folder).name, Path(folder), display, metadata=metadata, problems=problems)
    for benchmark_id, path, shown, sha256 in files:
        report.predictions[benchmark_id] = PredictionFile(benchmarks[benchmark_id], Path(path), shown, sha256)
    return report


def _holds_submissions(path: Path) -> bool:
    """A folder whose sub-folders are submissions (it has no metadata.yaml of its own)."""
    return not (path / METADATA_FILE).exists() and any(
        (child / METADATA_FILE).exists() for child in path.iterdir() if child.is_dir()
    )


def all_problems(reports: Iterable[SubmissionReport]) -> list[Problem]:
    return [problem for report in reports for problem in report.problems]
