"""``leaderboard download``: what a contributor needs to run a model on one benchmark."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import SubmissionError


def download_benchmark(benchmark: Benchmark, output: Path, *, force: bool = False) -> list[Path]:
    """Copy the evaluation inputs (never gold) and write a predictions template.

    Writes ``output/<id>/``: ``benchmark.yaml``, the eval set, the train split if any, the
    documents, and ``<id>.csv`` with every id and empty prediction columns.
    """
    target = output / benchmark.id
    if target.exists() and any(target.iterdir()) and not force:
        raise SubmissionError(f"{target}: already exists and is not empty; use --force to overwrite")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    sources = [benchmark.root / "benchmark.yaml", benchmark.data_file("eval"), benchmark.data_file("train")]
    for source in sources:
        if source is not None:
            written.append(Path(shutil.copyfile(source, target / source.name)))
    if benchmark.documents:
        documents = target / "documents"
        documents.mkdir(exist_ok=True)
        for path in benchmark.documents.values():
            written.append(Path(shutil.copyfile(path, documents / path.name)))
    template = target / f"{benchmark.id}.csv"
    template.write_text(prediction_template(benchmark), encoding="utf-8", newline="")
    written.append(template)
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
