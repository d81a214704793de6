"""Per-item results for the explorer: each item's input, gold and every shown model's prediction.

Scoring keeps only aggregate features (see ``scorers/base.py``), not whether each item was right,
and scoring is another module's concern; so the site derives per-item correctness here from what
is public: the benchmark's public gold and the committed predictions files, judged with the task
type's own functions (``label_codes``' exact label match, seqeval-default entities, SQuAD exact
match). Benchmarks with private gold are skipped before any gold is read: nothing of them reaches
a page or the API (tested with a canary).

Output (and the work of judging) is bounded: the first :data:`EXPLORER_MODELS` models in display
order, the first :data:`API_ITEMS` items in the API document and the first :data:`EXPLORER_ITEMS`
on the page; both say how many there are in all. Every prediction is in the repository anyway.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from leaderboard.benchmarks import Benchmark
from leaderboard.halves import in_two_processes
from leaderboard.scorers.ner import default_entities
from leaderboard.scorers.qa import prepare_answers, score_answers
from leaderboard.standings import BenchmarkStandings
from leaderboard.validation import SubmissionReport, worker_count

EXPLORER_MODELS = 8
EXPLORER_ITEMS = 100
API_ITEMS = 1000
INPUT_CHARS = 240
VALUE_CHARS = 160


@dataclass(frozen=True)
class Verdicts:
    """One model's verdicts on the shown items, in item order."""

    correct: list[bool]
    notes: list[str]  # e.g. each item's token F1 where "correct" means exact match; "" for none


Columns = Mapping[str, list[Any]]  # column -> its values for the shown items, in item order
ModelJudge = Callable[[Columns], Verdicts]  # one model's predictions of the shown items -> verdicts
#: The shown items' gold -> the judge of each model's predictions of them (gold is prepared once).
Judge = Callable[[Columns], ModelJudge]


def _labels(gold: Columns) -> ModelJudge:
    labels = [str(label) for label in gold["label"]]

    def judge(predictions: Columns) -> Verdicts:
        correct = [str(p) == g for g, p in zip(labels, predictions["label"], strict=True)]
        return Verdicts(correct, [""] * len(correct))
    return judge


def _entities(gold: Columns) -> ModelJudge:
    tags = [list(t) for t in gold["tags"]]
    entities = [default_entities(t) for t in tags]

    def judge(predictions: Columns) -> Verdicts:
        # Equal tags have equal entities: only the rows that differ are chunked.
        correct = [p == t or default_entities(p) == e
                   for t, e, p in zip(tags, entities, map(list, predictions["tags"]), strict=True)]
        return Verdicts(correct, [""] * len(correct))
    return judge


def _answers(gold: Columns) -> ModelJudge:
    """SQuAD exact match per item, by the scorer's own ``score_answers`` (token F1 as the note)."""
    answers = pd.Series(gold["answers"], dtype=object)
    prepared = prepare_answers(answers)

    def judge(predictions: Columns) -> Verdicts:
        per_item = score_answers(answers, pd.Series(predictions["answer"], dtype=object), prepared)
        return Verdicts([exact == 1.0 for exact in per_item["exact_match"].tolist()],
                        [f"token F1 {f1 * 100:.0f}" for f1 in per_item["token_f1"].tolist()])
    return judge


#: What "correct" means for one item, per task type (a completeness test covers the registry).
JUDGES: Mapping[str, tuple[Judge, str]] = {
    "classification": (_labels, "the predicted label equals the gold label"),
    "ner": (_entities, "the predicted entities (type and span, seqeval default mode) equal the gold ones"),
    "chatbot": (_answers, "the normalised answer equals a gold answer (SQuAD exact match)"),
    "prompting": (_answers, "the normalised answer equals a gold answer (SQuAD exact match)"),
}


@dataclass(frozen=True)
class ModelItems:
    """One shown model's predictions of the shown items (shortened, in item order), judged."""

    slug: str
    name: str
    texts: list[str]
    verdicts: Verdicts


@dataclass(frozen=True)
class ItemResults:
    """The shown items column by column (row ``i`` of every list is item ``ids[i]``)."""

    benchmark_id: str
    rule: str
    models: list[ModelItems]
    models_total: int
    ids: list[str]
    inputs: list[str]  # shortened, as shown
    golds: list[str]
    items_total: int

    def wrong(self, row: int) -> list[str]:
        """The slugs of the shown models whose prediction of item ``row`` is wrong."""
        return [m.slug for m in self.models if not m.verdicts.correct[row]]


def shows_items(benchmark: Benchmark) -> bool:
    """Only public gold is ever read for the explorer."""
    return not benchmark.is_private and bool(JUDGES.get(benchmark.task.name))


def item_results(board: BenchmarkStandings, reports: Sequence[SubmissionReport]) -> ItemResults | None:
    """Every item of a public-gold benchmark, judged for its first :data:`EXPLORER_MODELS` models."""
    benchmark = board.benchmark
    if not shows_items(benchmark) or not board.entries:
        return None
    entries = [e for e in board.entries if not e.result.private_gold][:EXPLORER_MODELS]
    by_slug = {r.slug: r for r in reports}
    judge, rule = JUDGES[benchmark.task.name]
    gold_frame = benchmark.gold_table().frame
    ids = [str(i) for i in gold_frame["id"][:API_ITEMS]]
    gold = _columns(gold_frame, range(len(ids)))
    inputs = _columns(benchmark.eval_table.frame, [benchmark.eval_positions[i] for i in ids])
    judge_model = judge(gold)
    predictions: list[tuple[str, Columns]] = []
    for entry in entries:
        report = by_slug.get(entry.slug)
        prediction = report.predictions.get(benchmark.id) if report is not None else None
        if prediction is None:
            continue
        frame = prediction.table.frame
        positions = dict(zip(frame["id"].tolist(), range(len(frame)), strict=True))
        predictions.append((entry.slug, _columns(frame, [positions[i] for i in ids])))
    names = {e.slug: e.metadata.model_name for e in entries}
    separators = benchmark.task.list_columns
    shown = [c for c in benchmark.task.prediction_columns if c != "id"]
    models = [ModelItems(slug, names[slug], _show(columns, shown, VALUE_CHARS, separators), judge_model(columns))
              for slug, columns in predictions]
    return ItemResults(
        benchmark.id, rule, models, board.field_size, ids,
        _show(inputs, [c for c in benchmark.task.eval_columns if c != "id"], INPUT_CHARS, separators),
        _show(gold, [c for c in benchmark.task.gold_columns if c != "id"], VALUE_CHARS, separators),
        len(gold_frame),
    )


#: With at least this many benchmarks to judge (and more than one worker), a forked process judges
#: every other one: re-reading the shown models' files and the gold is a third of the site's
#: context at the default scale, on one core (issue 17).
PARALLEL_BENCHMARKS = 4


def all_item_results(
    boards: Sequence[BenchmarkStandings], reports: Sequence[SubmissionReport]
) -> list[ItemResults | None]:
    """:func:`item_results` of every board, in their order (the same results however computed)."""
    judged = [board for board in boards if shows_items(board.benchmark) and board.entries]
    if len(judged) < PARALLEL_BENCHMARKS or worker_count() <= 1:
        return [item_results(board, reports) for board in boards]
    halves = in_two_processes(functools.partial(_judge_share, judged, reports))
    results = {r.benchmark_id: r for half in halves for r in half if r is not None}
    return [results.get(board.benchmark.id) for board in boards]


def _judge_share(
    boards: Sequence[BenchmarkStandings], reports: Sequence[SubmissionReport], index: int, count: int
) -> list[ItemResults | None]:
    return [item_results(board, reports) for board in boards[index::count]]


def items_document(results: ItemResults, schema_version: int) -> dict[str, Any]:
    """``api/items/<id>.json``: per-item results of the shown models (public gold only)."""
    slugs = [m.slug for m in results.models]
    per_model = [[{"prediction": text, "correct": correct} for text, correct
                  in zip(m.texts, m.verdicts.correct, strict=True)] for m in results.models]
    return {
        "schema_version": schema_version,
        "benchmark": results.benchmark_id,
        "correct_means": results.rule,
        "models": [m.slug for m in results.models],
        "models_total": results.models_total,
        "items_total": results.items_total,
        "truncated_chars": {"input": INPUT_CHARS, "values": VALUE_CHARS},
        "items": [
            {"id": item_id, "input": text, "gold": gold, "results": dict(zip(slugs, shown, strict=True))}
            for item_id, text, gold, *shown in zip(results.ids, results.inputs, results.golds, *per_model, strict=True)
        ],
    }


def _columns(frame: pd.DataFrame, positions: Sequence[int]) -> dict[str, list[Any]]:
    """The rows at ``positions``, column by column (row access through pandas costs ~0.3 ms each)."""
    rows = np.asarray(positions, dtype=np.intp)
    return {str(column): frame[column].to_numpy()[rows].tolist() for column in frame.columns}


def _show(values: Columns, columns: Sequence[str], limit: int, separators: Mapping[str, str | None]) -> list[str]:
    """One line per item: lists split on whitespace (tokens, tags) joined by spaces, other lists by `` | ``."""
    labelled = len(columns) != 1
    texts = [[f"{column}: {_text(v, separators.get(column))}" if labelled else _text(v, separators.get(column))
              for v in values[column]] for column in columns if column in values]
    if not texts:
        return [""] * len(next(iter(values.values()), []))
    return [truncate(" · ".join(parts), limit) for parts in zip(*texts, strict=True)]


def _text(value: Any, separator: str | None) -> str:
    if isinstance(value, list):
        return (" " if separator is None else " | ").join(map(str, value))
    return str(value)


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
