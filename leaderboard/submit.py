"""``leaderboard submit`` and ``status``: add a submission to this checkout, check it, report.

Submitting stages the canonical files in a temporary folder and validates them there first, so a
failed validation leaves the working tree exactly as it was. Nothing that exists is overwritten
without ``force``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import ValidationError

from leaderboard.atomic import write_text_atomic
from leaderboard.benchmarks import Benchmark
from leaderboard.errors import InputFileError, SubmissionError, ValidationFailed
from leaderboard.github.status import SubmissionStatus
from leaderboard.problems import Problem, has_errors
from leaderboard.report import place_json
from leaderboard.repository import Repository
from leaderboard.results import ResultCache
from leaderboard.schemas import SLUG_PATTERN, SubmissionMetadata, schema_problems
from leaderboard.screening import screen_reports
from leaderboard.standings import evaluate_repository
from leaderboard.tables import TABLE_SUFFIXES, Table, read_table, unique_keys
from leaderboard.validation import METADATA_FILE, canonical_csv, check_table, prediction_columns, validate_submission
from leaderboard.yamlfile import YamlDocument, load_yaml, read_text_file

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


def read_predictions(benchmark: Benchmark, path: Path, display: str | None = None) -> tuple[Table, list[Problem]]:
    """CSV, JSONL or a JSON array of objects, as a table in the task's columns, plus notes.

    Every row keeps the line it has in the user's own file (for a JSON array: the line its
    object starts on, and ``array_items`` says its index), so that problems point there.
    A JSON Lines file named ``.json`` is read as JSONL, with a note (issue 13).
    """
    task = benchmark.task
    display = display or path.as_posix()
    options: dict[str, Any] = {"list_columns": task.list_columns, "list_separators": task.list_columns,
                               "known_columns": prediction_columns(task)}
    if path.suffix != ".json":
        if path.suffix not in TABLE_SUFFIXES:
            raise InputFileError(display, f"unsupported file type '{path.suffix}'; use .csv, .jsonl or .json "
                                 "(an array of objects)")
        return read_table(path, display, **options), []
    text = read_text_file(path, display, MAX_JSON_BYTES)
    try:
        records, starts = _json_array(text)
    except _NotAnArray:
        with tempfile.TemporaryDirectory() as scratch:
            staged = Path(scratch) / "predictions.jsonl"
            staged.write_text(text, encoding="utf-8")
            table = read_table(staged, display, **options)
        note = Problem(display, None, "this file holds JSON Lines (one object per line), not a JSON array; "
                       "it was read as JSON Lines: name it .jsonl", "warning", "format")
        return table, [note]
    except (ValueError, RecursionError) as exc:
        line = text.count("\n", 0, getattr(exc, "pos", 0) or 0) + 1 if hasattr(exc, "pos") else None
        raise InputFileError(display, f"invalid JSON: {getattr(exc, 'msg', exc)}", line) from exc
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise InputFileError(display, f"item [{index}] of the array is not an object such as "
                                 '{"id": ..., ...}', starts[index])
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "predictions.jsonl"
        staged.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        try:
            table = read_table(staged, display, **options)
        except InputFileError as exc:  # its line is the staged line: the array index + 1
            index = (exc.line or 1) - 1
            where = f"item [{index}]: " if exc.line else ""
            raise InputFileError(display, where + exc.message, starts[index] if exc.line else None) from exc
    return Table(display, table.frame, np.asarray([starts[i] for i in table.lines - 1], dtype=int)), []


class _NotAnArray(Exception):
    """The text is one JSON value followed by more: JSON Lines."""


def _json_array(text: str) -> tuple[list[Any], list[int]]:
    """The items of a JSON array and the line each starts on."""
    decoder = json.JSONDecoder(object_pairs_hook=unique_keys, parse_constant=_reject_constant)
    position = len(text) - len(text.lstrip())
    if not text.startswith("[", position):
        _, end = decoder.raw_decode(text, position)
        if text[end:].strip():
            raise _NotAnArray
        raise ValueError("a .json predictions file must be an array of objects: [{\"id\": ...}, ...]")
    items: list[Any] = []
    starts: list[int] = []
    position += 1
    whitespace = " \t\r\n"
    while True:
        while position < len(text) and text[position] in whitespace:
            position += 1
        if text.startswith("]", position):
            if text[position + 1:].strip():
                raise json.JSONDecodeError("Extra data after the array", text, position + 1)
            return items, starts
        if items:
            if not text.startswith(",", position):
                raise json.JSONDecodeError("Expecting ',' between items", text, position)
            position += 1
            while position < len(text) and text[position] in whitespace:
                position += 1
        starts.append(text.count("\n", 0, position) + 1)
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            raise
        except ValueError as exc:  # NaN or a duplicate key: located at the item
            raise json.JSONDecodeError(str(exc), text, position) from exc
        items.append(item)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON; write a string or a number")


def build_metadata(
    existing: Mapping[str, Any] | None, options: Mapping[str, Any], benchmark_id: str,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Existing metadata (if any) updated with the given options; today as the default date.

    ``settings`` (e.g. from a run record) update the benchmark's entry under ``benchmarks``.
    """
    metadata: dict[str, Any] = dict(existing or {})
    metadata.update({k: v for k, v in options.items() if v is not None})
    metadata.setdefault("submitted", dt.date.today().isoformat())
    benchmarks = dict(metadata.get("benchmarks") or {})
    benchmarks.setdefault(benchmark_id, {})
    if settings:
        current = benchmarks[benchmark_id]
        benchmarks[benchmark_id] = {**(current if isinstance(current, Mapping) else {}), **settings}
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
    settings: Mapping[str, Any] | None = None,
    allow_incomplete_metadata: bool = False,
) -> SubmitResult:
    """Create or update ``submissions/<slug>/`` with one benchmark's predictions, then score it.

    Every problem is reported against what the user gave (issue 13): a predictions problem at the
    line of the user's own file, a metadata problem at the flag (``--approach``) or at the line of
    ``--metadata FILE`` or of the existing ``metadata.yaml`` it came from, all of them at once.
    With ``allow_incomplete_metadata`` (the Python API), missing or invalid metadata does not stop
    the folder from being written and scored: its status then says what to add (issue 11).
    """
    benchmark = repository.benchmark(benchmark_id)
    file_document = load_yaml(metadata_file, metadata_file.as_posix()) if metadata_file else None
    if file_document is not None and not isinstance(file_document.data, dict | None):
        raise InputFileError(metadata_file.as_posix() if metadata_file else "", "the file must be a YAML "
                             "mapping of field: value")
    flags = {k: v for k, v in options.items() if v is not None}
    given = dict(file_document.data or {}) if file_document is not None else {}
    given.update(flags)
    slug = slug or slugify(str(given.get("model_name") or ""))
    if not re.match(SLUG_PATTERN, slug):
        raise SubmissionError(f"'{slug}' is not a valid slug; use lowercase letters, digits, '.', '_' and '-'")
    folder = repository.submissions_dir / slug
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise SubmissionError(f"submissions/{slug} is a link or a file, not a folder; remove it or use --slug")
    existing, existing_document = None, None
    existing_display = f"submissions/{slug}/{METADATA_FILE}"
    if (folder / METADATA_FILE).is_file():
        existing_document = load_yaml(folder / METADATA_FILE, existing_display)
        existing = existing_document.data if isinstance(existing_document.data, dict) else None
    metadata = build_metadata(existing, given, benchmark.id, settings)
    problems = metadata_problems(metadata, flags, (metadata_file.as_posix() if metadata_file else "", file_document),
                                 (existing_display, existing_document))
    try:
        table, notes = read_predictions(benchmark, predictions)
    except InputFileError as exc:
        problems.append(Problem(exc.path, exc.line, exc.message, code="format"))
        raise ValidationFailed(problems) from exc
    problems += notes + check_table(benchmark, table)
    if has_errors(_blocking(problems, allow_incomplete_metadata)):
        raise ValidationFailed(problems)
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
            write_text_atomic(staged / name, content)
        report = validate_submission(staged, repository)
        # The predictions were checked above, at the user's own lines; the staged copy's problems
        # would point at lines of a file the user never wrote. The screening (issue 12: gold,
        # duplicates, names) is about the whole file, so it is kept.
        staged_file = f"/{benchmark.id}.csv"
        problems += [_relocated(p, slug) for p in report.problems if not p.path.endswith(staged_file)]
        problems += [_relocated(p, slug) for p in screen_reports(repository, [report])]
        if has_errors(_blocking(problems, allow_incomplete_metadata)):
            raise ValidationFailed(problems)
        folder.mkdir(parents=True, exist_ok=True)
        written = [write_text_atomic(folder / name, content) for name, content in files.items()]
        if force and other_format.exists():
            other_format.unlink()
    results = local_results(repository, slug, cache=cache or ResultCache.for_root(repository.root))
    return SubmitResult(slug, folder, written, problems, results)


def flag_name(field: str) -> str:
    """``trained_on_benchmark_data`` -> ``--trained-on-benchmark-data``."""
    return "--" + field.replace("_", "-")


def field_problem(name: str, value: Any) -> str | None:
    """What is wrong with one metadata value on its own (for prompts that re-ask), or None."""
    try:
        SubmissionMetadata.model_validate({name: value})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            if error["loc"] and error["loc"][0] == name:
                problem = schema_problems(
                    ValidationError.from_exception_data(exc.title, [error]),  # type: ignore[list-item]
                    YamlDocument({}, None), "", SubmissionMetadata)[0]
                return problem.message.removeprefix(f"{name}: ")
    return None


def metadata_problems(
    metadata: Mapping[str, Any],
    flags: Mapping[str, Any],
    metadata_file: tuple[str, YamlDocument | None],
    existing: tuple[str, YamlDocument | None],
) -> list[Problem]:
    """Every problem of the metadata at once, each where its value came from: a flag, the
    ``--metadata`` file or the folder's existing metadata.yaml (no file is written before)."""
    problems = []
    missing = missing_fields(metadata)
    if missing:
        names = " ".join(f"{flag_name(name)} ..." for name in missing)
        problems.append(Problem("submit", None, f"missing metadata: {', '.join(missing)}; pass {names} or "
                                "--metadata FILE", code="metadata"))
    try:
        SubmissionMetadata.model_validate(metadata)
    except ValidationError as exc:
        unlocated = schema_problems(exc, YamlDocument(metadata, None), "", SubmissionMetadata)
        for error, problem in zip(exc.errors(include_url=False), unlocated, strict=True):
            loc = tuple(error["loc"])
            field = str(loc[0]) if loc else ""
            if error["type"] == "missing" and field in missing:
                continue  # already in the one 'missing metadata' message
            if field in flags:
                message = problem.message.removeprefix(f"{field}: ")
                problems.append(Problem(flag_name(field), None, message, code="metadata"))
                continue
            for display, document in (metadata_file, existing):
                if document is not None and isinstance(document.data, dict) and field in document.data:
                    problems.append(Problem(display, document.line_of(loc), problem.message, code="metadata"))
                    break
            else:
                problems.append(Problem("submit", None, problem.message, code="metadata"))
    return problems


def _blocking(problems: list[Problem], allow_incomplete_metadata: bool) -> list[Problem]:
    """The problems that stop a submit: all of them, or all but metadata ones for the Python API."""
    if not allow_incomplete_metadata:
        return problems
    return [p for p in problems if p.code != "metadata" and not p.path.endswith(METADATA_FILE)]


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
