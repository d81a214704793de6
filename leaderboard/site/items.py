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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from leaderboard.benchmarks import Benchmark
from leaderboard.scorers.ner import default_entities
from leaderboard.scorers.qa import exact_match, gold_answers_for_scoring, token_f1
from leaderboard.standings import BenchmarkStandings
from leaderboard.validation import SubmissionReport

EXPLORER_MODELS = 8
EXPLORER_ITEMS = 100
API_ITEMS = 1000
INPUT_CHARS = 240
VALUE_CHARS = 160


@dataclass(frozen=True)
class Judgement:
    correct: bool
    note: str = ""  # e.g. the item's token F1 where "correct" means exact match


Row = Mapping[str, Any]  # one row of a table, column -> value
Judge = Callable[[Row, Row], Judgement]


def _label(gold: Row, prediction: Row) -> Judgement:
    return Judgement(str(prediction["label"]) == str(gold["label"]))


def _entities(gold: Row, prediction: Row) -> Judgement:
    return Judgement(default_entities(list(prediction["tags"])) == default_entities(list(gold["tags"])))


def _answer(gold: Row, prediction: Row) -> Judgement:
    answer = str(prediction["answer"])
    candidates = gold_answers_for_scoring(gold["answers"])
    f1 = max(token_f1(a, answer) for a in candidates)
    return Judgement(max(exact_match(a, answer) for a in candidates) == 1.0, f"token F1 {f1 * 100:.0f}")


#: What "correct" means for one item, per task type (a completeness test covers the registry).
JUDGES: Mapping[str, tuple[Judge, str]] = {
    "classification": (_label, "the predicted label equals the gold label"),
    "ner": (_entities, "the predicted entities (type and span, seqeval default mode) equal the gold ones"),
    "chatbot": (_answer, "the normalised answer equals a gold answer (SQuAD exact match)"),
    "prompting": (_answer, "the normalised answer equals a gold answer (SQuAD exact match)"),
}


@dataclass(frozen=True)
class ItemPrediction:
    slug: str
    text: str
    correct: bool
    note: str


@dataclass(frozen=True)
class Item:
    id: str
    input: str
    gold: str
    predictions: list[ItemPrediction]

    @property
    def wrong(self) -> list[str]:
        return [p.slug for p in self.predictions if not p.correct]

    @property
    def disagree(self) -> bool:
        return 0 < len(self.wrong) < len(self.predictions)


@dataclass(frozen=True)
class ItemResults:
    benchmark_id: str
    rule: str
    models: list[tuple[str, str]]  # slug, model name
    models_total: int
    items: list[Item]
    items_total: int


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
    gold = _rows(gold_frame, ids)
    inputs = _rows(benchmark.eval_table.frame, ids)
    predictions: list[tuple[str, dict[str, Row]]] = []
    for entry in entries:
        report = by_slug.get(entry.slug)
        prediction = report.predictions.get(benchmark.id) if report is not None else None
        if prediction is None:
            continue
        predictions.append((entry.slug, _rows(prediction.table.frame, ids)))
    names = {e.slug: e.metadata.model_name for e in entries}
    input_columns = [c for c in benchmark.task.eval_columns if c != "id"]
    gold_columns = [c for c in benchmark.task.gold_columns if c != "id"]
    shown_columns = [c for c in benchmark.task.prediction_columns if c != "id"]
    separators = benchmark.task.list_columns
    items = []
    for item_id in ids:
        gold_row = gold[item_id]
        results = []
        for slug, rows in predictions:
            row = rows[item_id]
            verdict = judge(gold_row, row)
            text = _show(row, shown_columns, VALUE_CHARS, separators)
            results.append(ItemPrediction(slug, text, verdict.correct, verdict.note))
        items.append(Item(item_id, _show(inputs[item_id], input_columns, INPUT_CHARS, separators),
                          _show(gold_row, gold_columns, VALUE_CHARS, separators), results))
    return ItemResults(benchmark.id, rule, [(slug, names[slug]) for slug, _ in predictions],
                       board.field_size, items, len(gold_frame))


def items_document(results: ItemResults, schema_version: int) -> dict[str, Any]:
    """``api/items/<id>.json``: per-item results of the shown models (public gold only)."""
    return {
        "schema_version": schema_version,
        "benchmark": results.benchmark_id,
        "correct_means": results.rule,
        "models": [slug for slug, _ in results.models],
        "models_total": results.models_total,
        "items_total": results.items_total,
        "truncated_chars": {"input": INPUT_CHARS, "values": VALUE_CHARS},
        "items": [
            {"id": item.id, "input": item.input, "gold": item.gold,
             "results": {p.slug: {"prediction": p.text, "correct": p.correct} for p in item.predictions}}
            for item in results.items
        ],
    }


def _rows(frame: pd.DataFrame, ids: Sequence[str]) -> dict[str, Row]:
    """The rows of ``ids`` as plain dicts (row access through pandas costs ~0.3 ms each)."""
    wanted = set(ids)
    columns = list(frame.columns)
    key = columns.index("id")
    return {
        str(values[key]): dict(zip(columns, values, strict=True))
        for values in frame.itertuples(index=False, name=None)
        if str(values[key]) in wanted
    }


def _show(row: Row, columns: Sequence[str], limit: int, separators: Mapping[str, str | None]) -> str:
    """One line: lists split on whitespace (tokens, tags) joined by spaces, other lists by `` | ``."""
    parts = []
    for column in columns:
        if column not in row:
            continue
        value = row[column]
        if isinstance(value, list):
            text = (" " if separators.get(column) is None else " | ").join(map(str, value))
        else:
            text = str(value)
        parts.append(text if len(columns) == 1 else f"{column}: {text}")
    return truncate(" · ".join(parts), limit)


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
