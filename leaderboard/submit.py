"""``leaderboard submit`` and ``status``: add a submission to this checkout, check it, report.

Submitting stages the canonical files in a temporary folder and validates them there first, so a
failed validation leaves the working tree exactly as it was. Nothing that exists is overwritten
without ``force``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import InputFileError, SubmissionError, ValidationFailed
from leaderboard.github.status import SubmissionStatus
from leaderboard.problems import Problem, has_errors
from leaderboard.report import place_json
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.schemas import SLUG_PATTERN, SubmissionMetadata
from leaderboard.standings import evaluate_repository
from leaderboard.tables import Table, read_table
from leaderboard.validation import METADATA_FILE, validate_submission
from leaderboard.yamlfile import load_yaml, read_text_file

REQUIRED_FIELDS = ("model_name", "organization", "description", "license", "open_weights", "approach",
                   "trained_on_benchmark_data", "maintainers")
MAX_JSON_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SubmitResult:
    slug: str
    folder: Path
    written: list[Path]
    problems: list[Problem]
    results: list[dict[str, Any]]


def slugify(name: str) -> str:
    """``"Acme 7B (v2)"`` -> ``"acme-7b-v2"``."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return slug[:64] or "model"


def read_predictions(benchmark: Benchmark, path: Path) -> Table:
    """CSV, JSONL or a JSON array of objects, as a table in the task's columns."""
    task = benchmark.task
    display = path.as_posix()
    if path.suffix == ".json":
        text = read_text_file(path, display, MAX_JSON_BYTES)
        try:
            records = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except (ValueError, RecursionError) as exc:
            raise InputFileError(display, f"invalid JSON: {exc}") from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise InputFileError(display, "a .json predictions file must be an array of objects")
        with tempfile.TemporaryDirectory() as scratch:
            staged = Path(scratch) / "predictions.jsonl"
            staged.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            table = read_table(staged, display, list_columns=task.list_columns, list_separators=task.list_columns)
        return table
    return read_table(path, display, list_columns=task.list_columns, list_separators=task.list_columns)


def canonical_csv(benchmark: Benchmark, table: Table) -> str:
    """The task's columns only, lists joined (tags by spaces, sources by ';'), LF line ends."""
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


def build_metadata(
    existing: Mapping[str, Any] | None, options: Mapping[str, Any], benchmark_id: str
) -> dict[str, Any]:
    """Existing metadata (if any) updated with the given options; today as the default date."""
    metadata: dict[str, Any] = dict(existing or {})
    metadata.update({k: v for k, v in options.items() if v is not None})
    metadata.setdefault("submitted", dt.date.today().isoformat())
    benchmarks = dict(metadata.get("benchmarks") or {})
    benchmarks.setdefault(benchmark_id, {})
    metadata["benchmarks"] = benchmarks
    return metadata


def missing_fields(metadata: Mapping[str, Any]) -> list[str]:
    return [name for name in REQUIRED_FIELDS if metadata.get(name) in (None, "", [])]


def render_metadata(metadata: Mapping[str, Any]) -> str:
    ordered = {name: metadata[name] for name in SubmissionMetadata.model_fields if name in metadata}
    for key, value in ordered.items():
        if isinstance(value, dt.date):
            ordered[key] = value.isoformat()
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    body = re.sub(r"^submitted: '(\d{4}-\d{2}-\d{2})'$", r"submitted: \1", body, flags=re.MULTILINE)
    return "# yaml-language-server: $schema=../../schemas/metadata.schema.json\n" + body


def submit(
    repository: Repository,
    benchmark_id: str,
    predictions: Path,
    options: Mapping[str, Any],
    *,
    slug: str | None = None,
    metadata_file: Path | None = None,
    force: bool = False,
    cache: ResultCache | None = None,
    allow_incomplete_metadata: bool = False,
) -> SubmitResult:
    """Create or update ``submissions/<slug>/`` with one benchmark's predictions, then score it.

    With ``allow_incomplete_metadata`` (the Python API), missing or invalid metadata does not stop
    the folder from being written and scored: its status then says what to add (issue 11).
    """
    benchmark = repository.benchmark(benchmark_id)
    given = dict(load_yaml(metadata_file, metadata_file.as_posix()).data or {}) if metadata_file else {}
    given.update({k: v for k, v in options.items() if v is not None})
    slug = slug or slugify(str(given.get("model_name") or ""))
    if not re.match(SLUG_PATTERN, slug):
        raise SubmissionError(f"'{slug}' is not a valid slug; use lowercase letters, digits, '.', '_' and '-'")
    folder = repository.submissions_dir / slug
    existing = None
    if (folder / METADATA_FILE).is_file():
        existing = load_yaml(folder / METADATA_FILE, f"submissions/{slug}/{METADATA_FILE}").data
        if not isinstance(existing, dict):
            existing = None
    metadata = build_metadata(existing, given, benchmark.id)
    missing = missing_fields(metadata)
    if missing and not allow_incomplete_metadata:
        flags = " ".join(f"--{name.replace('_', '-')} ..." for name in missing)
        raise SubmissionError(f"missing metadata: {', '.join(missing)}; pass {flags} or --metadata FILE")
    table = read_predictions(benchmark, predictions)
    files = {f"{benchmark.id}.csv": canonical_csv(benchmark, table), METADATA_FILE: render_metadata(metadata)}
    conflicts = [
        name for name, content in files.items()
        if (folder / name).exists() and (folder / name).read_text(encoding="utf-8") != content
        and not (name == METADATA_FILE and existing is not None and _only_completes(existing, metadata))
    ]
    other_format = folder / f"{benchmark.id}.jsonl"
    if other_format.exists():
        conflicts.append(other_format.name)
    if conflicts and not force:
        raise SubmissionError(
            f"submissions/{slug}/ already has {', '.join(sorted(conflicts))} with other content; "
            "use --force to replace, or --slug for a new submission"
        )
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / slug
        if folder.is_dir():
            shutil.copytree(folder, staged)
            if force and other_format.exists():
                (staged / other_format.name).unlink()
        else:
            staged.mkdir()
        for name, content in files.items():
            (staged / name).write_text(content, encoding="utf-8", newline="")
        report = validate_submission(staged, repository)
        problems = [_relocated(p, slug) for p in report.problems]
        blocking = [p for p in problems if not (allow_incomplete_metadata and p.path.endswith(METADATA_FILE))]
        if has_errors(blocking):
            raise ValidationFailed(blocking)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8", newline="")
            written.append(folder / name)
        if force and other_format.exists():
            other_format.unlink()
    results = local_results(repository, slug, cache=cache or ResultCache.for_root(repository.root))
    return SubmitResult(slug, folder, written, problems, results)


def _only_completes(existing: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """The new metadata keeps every existing field (benchmarks aside) and at most adds missing ones."""
    return _same_except_benchmarks(existing, {k: v for k, v in new.items() if k in existing})


def _same_except_benchmarks(existing: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    strip = {"benchmarks"}
    return {k: v for k, v in existing.items() if k not in strip} == {k: v for k, v in new.items() if k not in strip}


def _relocated(problem: Problem, slug: str) -> Problem:
    """Problems found in the staging folder, shown at the path they will have."""
    name = problem.path.rsplit("/", 1)[-1] if "/" in problem.path else ""
    path = f"submissions/{slug}/{name}" if name and name != slug else f"submissions/{slug}"
    return Problem(path, problem.line, problem.message, problem.severity, problem.code)


def local_results(repository: Repository, slug: str, *, cache: ResultCache) -> list[dict[str, Any]]:
    """Scores of ``slug`` with intervals and the rank the site would give it (from the standings)."""
    standings = evaluate_repository(repository, cache=cache).standings
    return [place_json(place) for place in standings.places(slug)]


def missing_field_reasons(slug: str, metadata: Mapping[str, Any]) -> list[str]:
    """One reason per missing required field, naming the keyword, the flag and the YAML field."""
    path = f"submissions/{slug}/{METADATA_FILE}"
    return [f"{path}: '{name}' is missing: pass {name}=... to submit_predictions (--{name.replace('_', '-')} "
            f"on the command line), or add '{name}:' to {METADATA_FILE}" for name in missing_fields(metadata)]


def local_status(repository: Repository, slug: str, *, cache: ResultCache) -> SubmissionStatus:
    """The status of ``submissions/<slug>/`` in this checkout, at stage ``local``: ``failed`` with
    every problem (and every missing metadata field by name), else ``processing``: scored here,
    but nothing has left the machine until a pull request is open."""
    if not re.match(SLUG_PATTERN, slug):
        raise SubmissionError(f"'{slug}' is not a submission slug (a folder name under submissions/)")
    folder = repository.submissions_dir / slug
    if not folder.is_dir():
        raise SubmissionError(f"no submission 'submissions/{slug}/' in this checkout")
    report = validate_submission(folder, repository)
    results = tuple(local_results(repository, slug, cache=cache))
    if not report.ok():
        metadata: Mapping[str, Any] = {}
        if (folder / METADATA_FILE).is_file():
            data = load_yaml(folder / METADATA_FILE, f"submissions/{slug}/{METADATA_FILE}").data
            metadata = data if isinstance(data, dict) else {}
        missing = missing_field_reasons(slug, metadata)
        named = set(missing_fields(metadata))
        others = [p.format() for p in report.problems if p.severity == "error"
                  and not (p.path.endswith(METADATA_FILE) and any(f"'{n}'" in p.message or n in p.message.split()
                                                                   for n in named))]
        return SubmissionStatus(slug, "failed", "local", tuple(missing + others),
                                f"fix each problem above, then check again: leaderboard status {slug}", results)
    pending = [r["benchmark"] for r in results if "pending" in r]
    reasons = ["scored on this machine only: nothing has been submitted yet"]
    reasons += [f"{b}: scored by the maintainers' CI after you open the pull request (private gold)" for b in pending]
    return SubmissionStatus(slug, "processing", "local", tuple(reasons),
                            f"open the pull request: leaderboard submit ... --open-pr (or commit submissions/{slug}/ "
                            "on a branch, push it to your fork and open a pull request into main)", results)
