"""Benchmarks on disk: ``benchmarks/<id>/`` with its definition, evaluation set, gold and documents.

Gold of a ``gold: private`` benchmark is not in the repository; it is read from
``$LEADERBOARD_PRIVATE_GOLD/<id>/gold.(csv|jsonl)``, a directory that only the maintainers'
trusted workflow receives (docs/architecture.md, Security model).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from leaderboard.characters import hidden_in
from leaderboard.errors import (
    BenchmarkDefinitionError,
    ConfigurationError,
    InputFileError,
    PrivateGoldUnavailable,
    UnknownNameError,
    unknown_name_message,
)
from leaderboard.problems import Problem
from leaderboard.schemas import BENCHMARK_ID_PATTERN, BenchmarkSpec, schema_problems
from leaderboard.scorers import CLASS_FIELDS, TASK_TYPES, get_task_type
from leaderboard.scorers.base import Task
from leaderboard.tables import TABLE_SUFFIXES, Table, read_table
from leaderboard.yamlfile import YamlDocument, load_yaml

PRIVATE_GOLD_ENV = "LEADERBOARD_PRIVATE_GOLD"
DOCUMENT_SUFFIXES = (".md", ".txt")
DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
#: Benchmarks are ours, but reading them is still bounded.
MAX_DOCUMENT_BYTES = 1024 * 1024


@dataclass(frozen=True, eq=False)
class Benchmark:
    """A loaded benchmark definition; data files are read lazily and cached."""

    spec: BenchmarkSpec
    root: Path
    display_root: str = field(default="")

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def task(self) -> Task:
        return get_task_type(self.spec.task_type)

    @property
    def classes(self) -> list[str]:
        """Declared labels or entity types, in the benchmark's order (the order of every breakdown)."""
        return self.task.classes(self.spec)

    @property
    def is_private(self) -> bool:
        return self.spec.gold == "private"

    def display(self, name: str) -> str:
        return f"{self.display_root or self.root.as_posix()}/{name}"

    def data_file(self, stem: str) -> Path | None:
        """``<stem>.csv`` or ``<stem>.jsonl`` in the benchmark folder, if present."""
        return _find_table(self.root, stem)

    @cached_property
    def eval_table(self) -> Table:
        path = self.data_file("eval")
        if path is None:
            raise ConfigurationError(f"{self.display('eval.csv')}: the evaluation set is missing")
        return self._read(path, self.display(path.name))

    @cached_property
    def eval_frame(self) -> pd.DataFrame:
        """The evaluation set indexed by id (ids checked unique by :func:`check_benchmark`)."""
        return self.eval_table.frame.set_index("id", drop=False)

    @cached_property
    def content_sha256(self) -> str:
        """Hash of what validation depends on: the definition, the eval set and document ids."""
        digest = hashlib.sha256((self.root / "benchmark.yaml").read_bytes())
        eval_path = self.data_file("eval")
        if eval_path is not None:
            digest.update(eval_path.read_bytes())
        digest.update("\n".join(sorted(self.documents)).encode("utf-8"))
        return digest.hexdigest()

    @cached_property
    def eval_positions(self) -> dict[str, int]:
        """Evaluation id -> row; built once, then every predictions file is checked against it."""
        return {item_id: row for row, item_id in enumerate(self.eval_table.frame["id"])}

    @cached_property
    def train_table(self) -> Table | None:
        path = self.data_file("train")
        return None if path is None else self._read(path, self.display(path.name))

    def gold_path(self, private_dir: Path | None = None) -> tuple[Path, str]:
        """Where the gold lives, and how to name it in messages."""
        if not self.is_private:
            path = self.data_file("gold")
            if path is None:
                raise ConfigurationError(f"{self.display('gold.csv')}: the gold answers are missing")
            return path, self.display(path.name)
        directory = private_dir or _private_gold_dir()
        if directory is None:
            raise PrivateGoldUnavailable(
                f"{self.id}: the gold answers are private; its scores are computed by the "
                "maintainers' CI after merge (set LEADERBOARD_PRIVATE_GOLD to score it yourself)"
            )
        path = _find_table(directory / self.id, "gold")
        if path is None:
            raise PrivateGoldUnavailable(
                f"{self.id}: no gold.csv or gold.jsonl under ${PRIVATE_GOLD_ENV}/{self.id}/"
            )
        return path, f"<private gold>/{self.id}/{path.name}"

    def gold_table(self, private_dir: Path | None = None) -> Table:
        path, display = self.gold_path(private_dir)
        return self._read(path, display)

    @cached_property
    def documents(self) -> Mapping[str, Path]:
        """Document id (file stem) -> path, for chatbot and prompting benchmarks."""
        folder = self.root / "documents"
        if not folder.is_dir():
            return {}
        return {
            path.stem: path
            for path in sorted(folder.iterdir())
            if path.suffix in DOCUMENT_SUFFIXES and path.is_file()
        }

    def document_text(self, document_id: str) -> str:
        path = self.documents[document_id]
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise ConfigurationError(f"{self.display('documents/' + path.name)}: larger than 1 MiB")
        return path.read_text(encoding="utf-8")

    @property
    def n_items(self) -> int:
        return len(self.eval_table)

    def _read(self, path: Path, display: str) -> Table:
        task = self.task
        return read_table(
            path, display, list_columns=task.list_columns, list_separators=task.list_columns
        )


def _private_gold_dir() -> Path | None:
    value = os.environ.get(PRIVATE_GOLD_ENV, "").strip()
    return Path(value) if value else None


def _find_table(folder: Path, stem: str) -> Path | None:
    candidates = [folder / f"{stem}{suffix}" for suffix in TABLE_SUFFIXES]
    found = [path for path in candidates if path.is_file()]
    if len(found) > 1:
        raise ConfigurationError(f"{folder.as_posix()}: both {found[0].name} and {found[1].name}; keep one")
    return found[0] if found else None


def load_benchmark(folder: Path, display_root: str | None = None) -> Benchmark:
    """Load ``folder/benchmark.yaml``; raises BenchmarkDefinitionError listing every problem."""
    display_root = display_root or folder.as_posix()
    display = f"{display_root}/benchmark.yaml"
    try:
        document = load_yaml(folder / "benchmark.yaml", display)
    except InputFileError as exc:
        raise BenchmarkDefinitionError([Problem(display, exc.line, exc.message, code="yaml")]) from exc
    try:
        spec = BenchmarkSpec.model_validate(document.data)
    except ValidationError as exc:
        raise BenchmarkDefinitionError(schema_problems(exc, document, display, BenchmarkSpec)) from exc
    problems = definition_problems(spec, document, display)
    if spec.id != folder.name:
        problems.insert(0, Problem(display, document.line_of(("id",)),
                                   f"id '{spec.id}' must equal the folder name '{folder.name}'", code="schema"))
    if problems:
        raise BenchmarkDefinitionError(problems)
    return Benchmark(spec, folder, display_root)


def definition_problems(spec: BenchmarkSpec, document: YamlDocument, display: str) -> list[Problem]:
    """What the task-type registry says about a schema-valid definition, each at its YAML line."""
    def at(loc: tuple[str | int, ...], message: str) -> Problem:
        return Problem(display, document.line_of(loc), message, code="schema")

    try:
        task = get_task_type(spec.task_type)
    except UnknownNameError:
        return [at(("task_type",), "task_type: " + unknown_name_message("task type", spec.task_type, TASK_TYPES))]
    problems = []
    if spec.task_type != task.name:
        problems.append(at(("task_type",), f"task_type: write the canonical name '{task.name}'"))
    if spec.primary_metric not in task.primary_metric_choices:
        problems.append(at(("primary_metric",), (
            f"primary_metric '{spec.primary_metric}' is not available for {task.name}; "
            f"choose one of: {', '.join(task.primary_metric_choices)}")))
    for name in CLASS_FIELDS:
        declared = getattr(spec, name) is not None
        if name == task.class_field and not declared:
            problems.append(at((), f"required field '{name}' is missing: a {task.name} benchmark lists its {name}"))
        elif name != task.class_field and declared:
            problems.append(at((name,), f"{name}: only for benchmarks whose task type uses it, not {task.name}"))
    problems += [at(loc, message) for loc, message in task.spec_problems(spec)]
    return problems


@dataclass(frozen=True)
class BenchmarkSet:
    """The benchmarks that loaded, and the problems of each one that did not (by folder name)."""

    benchmarks: dict[str, Benchmark]
    broken: dict[str, list[Problem]]


def scan_benchmarks(root: Path, display_root: str = "benchmarks") -> BenchmarkSet:
    """Load every benchmark under ``root`` (sorted by id); a broken one is set aside, not raised.

    One broken definition must fail only what depends on it: submissions that entered it get a
    problem naming it, and everything else validates, scores and publishes.
    """
    if not root.is_dir():
        raise ConfigurationError(f"{display_root}: no benchmarks directory")
    benchmarks: dict[str, Benchmark] = {}
    broken: dict[str, list[Problem]] = {}
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and (folder / "benchmark.yaml").is_file():
            try:
                benchmarks[folder.name] = load_benchmark(folder, f"{display_root}/{folder.name}")
            except BenchmarkDefinitionError as exc:
                broken[folder.name] = exc.problems
    return BenchmarkSet(benchmarks, broken)


def load_benchmarks(root: Path, display_root: str = "benchmarks") -> dict[str, Benchmark]:
    """Every benchmark under ``root`` (sorted by id); raises listing every problem of every broken one."""
    found = scan_benchmarks(root, display_root)
    if found.broken:
        raise BenchmarkDefinitionError([p for problems in found.broken.values() for p in problems])
    return found.benchmarks


def get_benchmark(benchmarks: Mapping[str, Benchmark], benchmark_id: str) -> Benchmark:
    try:
        return benchmarks[benchmark_id]
    except KeyError:
        raise UnknownNameError("benchmark", benchmark_id, benchmarks) from None


def check_benchmark(benchmark: Benchmark, private_dir: Path | None = None) -> list[Problem]:
    """Consistency of a benchmark's own data: ids, gold against eval, labels, tags, answers.

    Used by the test suite on every shipped benchmark and by ``leaderboard benchmarks --check``.
    """
    problems: list[Problem] = []
    try:
        eval_table = benchmark.eval_table
        problems += _check_ids(eval_table)
        problems += _check_columns(eval_table, benchmark.task.eval_columns)
        if benchmark.is_private and benchmark.data_file("gold") is not None:
            problems.append(Problem(benchmark.display("gold"), None, "private benchmark ships gold"))
        try:
            gold = benchmark.gold_table(private_dir)
        except PrivateGoldUnavailable:
            gold = None
        if gold is not None:
            problems += _check_ids(gold)
            problems += _check_columns(gold, benchmark.task.gold_columns)
            eval_ids, gold_ids = set(eval_table.frame["id"]), set(gold.frame["id"])
            if eval_ids != gold_ids:
                problems.append(Problem(gold.path, None, (
                    f"ids differ from the evaluation set: {len(eval_ids - gold_ids)} without gold, "
                    f"{len(gold_ids - eval_ids)} not in eval"
                )))
            problems += benchmark.task.check_gold(benchmark, gold)
        train = benchmark.train_table
        if train is not None:
            problems += _check_ids(train)
            overlap = set(train.frame["id"]) & set(eval_table.frame["id"])
            if overlap:
                problems.append(Problem(train.path, None, f"{len(overlap)} train ids also in eval"))
            problems += benchmark.task.check_train(benchmark, train)
        for document_id in benchmark.documents:
            if not DOCUMENT_ID.match(document_id):
                problems.append(Problem(benchmark.display("documents"), None,
                                        f"document id '{document_id}' must match {DOCUMENT_ID.pattern}"))
    except (InputFileError, ConfigurationError) as exc:
        problems.append(Problem(benchmark.display(""), None, str(exc)))
    return problems


def _check_ids(table: Table) -> list[Problem]:
    if "id" not in table.frame.columns:
        return [Problem(table.path, 1, "missing column 'id'")]
    ids = table.frame["id"]
    duplicated = ids[ids.duplicated()]
    problems = [
        Problem(table.path, table.line_of(int(row)), f"duplicate id '{ids.iloc[row]}'")
        for row in duplicated.index[:10]
    ]
    # The one rule for hidden characters (issue 13), as for metadata and prediction ids.
    for column in table.frame.columns:
        long_text = column != "id"
        for row, reason in itertools.islice(hidden_in(table.frame[column], allow_newlines=long_text), 10):
            problems.append(Problem(table.path, table.line_of(row), f"{column}: {reason}"))
    return problems


def _check_columns(table: Table, required: tuple[str, ...]) -> list[Problem]:
    missing = [c for c in required if c not in table.frame.columns]
    return [Problem(table.path, 1, f"missing column '{c}'") for c in missing]


__all__ = [
    "BENCHMARK_ID_PATTERN",
    "PRIVATE_GOLD_ENV",
    "Benchmark",
    "BenchmarkSet",
    "check_benchmark",
    "get_benchmark",
    "load_benchmark",
    "load_benchmarks",
    "scan_benchmarks",
]
