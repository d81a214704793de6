"""The prediction format of each benchmark, for its submit instructions, from the task registry.

The columns and their list separators come from the task type (``prediction_columns``,
``optional_prediction_columns``, ``list_columns``); only the example *values* are made here, one
rule per column name (a completeness test covers every registered task type's columns). The
examples never read gold, not even public gold.
"""

from __future__ import annotations

import csv
import io
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from leaderboard.benchmarks import Benchmark

EXAMPLE_ROWS = 2


def _label(benchmark: Benchmark, row: int) -> str:
    return benchmark.classes[0] if benchmark.classes else "label"


def _tags(benchmark: Benchmark, row: int) -> str:
    tokens = benchmark.eval_table.frame["tokens"].iloc[row]
    return " ".join("O" for _ in tokens)


def _answer(benchmark: Benchmark, row: int) -> str:
    return "your model's answer"


def _sources(benchmark: Benchmark, row: int) -> str:
    return next(iter(benchmark.documents), "")


#: An example value for each prediction column of the registered task types.
EXAMPLE_VALUES: Mapping[str, Callable[[Benchmark, int], str]] = {
    "label": _label, "tags": _tags, "answer": _answer, "sources": _sources,
}

_COLUMN_NOTES: Mapping[str, str] = {
    "id": "the item's id from the evaluation set",
    "label": "one of the benchmark's labels",
    "tags": "IOB2 tags, one per token",
    "answer": "the answer text; empty for a question the documents do not answer",
    "sources": "the ids of the documents the answer comes from",
}


@dataclass(frozen=True)
class ColumnFormat:
    name: str
    required: bool
    note: str


@dataclass(frozen=True)
class PredictionFormat:
    columns: list[ColumnFormat]
    header: str
    example: str  # the header and two rows, as a CSV file starts
    download: str  # the download command
    submit: str  # the submit command


def _separator_note(separator: str | None) -> str:
    return "separated by spaces" if separator is None else f"separated by {separator!r}"


def prediction_format(benchmark: Benchmark) -> PredictionFormat:
    task = benchmark.task
    names = [*task.prediction_columns, *task.optional_prediction_columns]
    columns = []
    for name in names:
        note = _COLUMN_NOTES.get(name, "")
        if name in task.list_columns:
            note = f"{note}, {_separator_note(task.list_columns[name])}".lstrip(", ")
        columns.append(ColumnFormat(name, name in task.prediction_columns, note))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    ids = list(benchmark.eval_table.frame["id"][:EXAMPLE_ROWS])
    for row, item_id in enumerate(ids):
        writer.writerow([item_id, *(EXAMPLE_VALUES[name](benchmark, row) for name in names[1:])])
    path = f"work/{benchmark.id}/{benchmark.id}.csv"
    submit = (f"leaderboard submit --benchmark {shlex.quote(benchmark.id)} --model-name \"My Model v1\" "
              f"--predictions {shlex.quote(path)}")
    return PredictionFormat(columns, ",".join(names), buffer.getvalue().rstrip("\n"),
                            f"leaderboard download {shlex.quote(benchmark.id)} -o work/", submit)
