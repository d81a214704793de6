"""``leaderboard download``: what a contributor needs to run a model on one benchmark."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from leaderboard.atomic import copy_file_atomic, write_text_atomic
from leaderboard.benchmarks import Benchmark
from leaderboard.errors import SubmissionError


def download_benchmark(benchmark: Benchmark, output: Path, *, force: bool = False) -> list[Path]:
    """Copy the evaluation inputs (never gold) and write a predictions template.

    Writes ``output/<id>/``: ``benchmark.yaml``, the eval set, the train split if any, the
    documents, and ``<id>.csv`` with every id and empty prediction columns.
    """
    target = output / benchmark.id
    if target.resolve() == benchmark.root.resolve():
        raise SubmissionError(
            f"{target}: is the benchmark's own folder; download into another folder, such as -o work/"
        )
    if target.exists() and not target.is_dir():
        raise SubmissionError(f"{target}: exists and is not a folder; choose another -o DIR")
    if target.exists() and any(target.iterdir()) and not force:
        raise SubmissionError(f"{target}: already exists and is not empty; use --force to overwrite")
    try:
        target.mkdir(parents=True, exist_ok=True)
        if benchmark.documents:
            (target / "documents").mkdir(exist_ok=True)
    except OSError as exc:
        raise SubmissionError(f"{target}: cannot create the folder: {exc.strerror}") from exc
    written = []
    sources = [benchmark.root / "benchmark.yaml", benchmark.data_file("eval"), benchmark.data_file("train")]
    for source in sources:
        if source is not None:
            written.append(copy_file_atomic(source, target / source.name))
    if benchmark.documents:
        documents = target / "documents"
        for path in benchmark.documents.values():
            written.append(copy_file_atomic(path, documents / path.name))
    template = target / f"{benchmark.id}.csv"
    written.append(write_text_atomic(template, prediction_template(benchmark)))
    return written


def prediction_template(benchmark: Benchmark) -> str:
    """CSV with the prediction header and one row per evaluation id, prediction cells empty."""
    columns = [*benchmark.task.prediction_columns, *benchmark.task.optional_prediction_columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for item_id in benchmark.eval_table.frame["id"]:
        writer.writerow([item_id] + [""] * (len(columns) - 1))
    return buffer.getvalue()
