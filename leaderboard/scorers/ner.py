"""Named entity recognition: entity-level P/R/F1 as seqeval computes them, IOB2 tags.

The primary F1 is seqeval's default mode, which reproduces conlleval.pl: an ``I-X`` after ``O``
or after a different type opens a new chunk. The strict figure is seqeval's ``mode="strict"``
with ``scheme=IOB2`` (strict mode without a scheme silently falls back to the default mode).

Calling seqeval five times per file (P, R, F1, strict F1, report) dominated the build, so the
entities are extracted here once per sentence with seqeval's chunk rules and counted once; the
tests compare every number with seqeval itself on hundreds of random tag sequences.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from leaderboard.errors import closest_name
from leaderboard.problems import Problem, Severity
from leaderboard.scorers.base import BenchmarkData, Metric, Task, TaskScore, grouped_value_problems, row_problems
from leaderboard.tables import Table


class NamedEntityRecognition(Task):
    name = "ner"
    aliases = ("named_entity_recognition", "named-entity-recognition")
    title = "Named entity recognition"
    blurb = "Tag the entities of each tokenised sentence with IOB2 tags."
    class_field = "entity_types"
    breakdown_title = "Per entity type"
    version = "1"
    eval_columns = ("id", "tokens")
    gold_columns = ("id", "tags")
    prediction_columns = ("id", "tags")
    list_columns: ClassVar[dict[str, str | None]] = {"tokens": None, "tags": None}
    metrics: ClassVar[tuple[Metric, ...]] = (
        Metric("f1", "Entity F1", True,
               "Micro-averaged entity-level F1: an entity counts only if type and exact token span "
               "match (seqeval default mode, identical to conlleval.pl)."),
        Metric("precision", "Precision", True, "Correct predicted entities / predicted entities."),
        Metric("recall", "Recall", True, "Correct predicted entities / gold entities."),
        Metric("strict_f1", "Strict IOB2 F1", True,
               "Entity F1 in seqeval strict mode with scheme=IOB2: an entity must start with B-."),
    )
    primary_metric_choices = ("f1",)

    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        tokens = benchmark.eval_frame["tokens"].reindex(predictions.frame["id"]).to_numpy()
        return _check_tags(benchmark, predictions, tokens, severity_of_order="warning")

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        if "tokens" in gold.frame.columns:  # the train split carries its own tokens
            tokens = gold.frame["tokens"].to_numpy()
        else:
            tokens = benchmark.eval_frame["tokens"].reindex(gold.frame["id"]).to_numpy()
        return _check_tags(benchmark, gold, tokens, severity_of_order="error")

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        true_default, true_strict = _gold_entities(gold)
        pred_default = [default_entities(tags) for tags in predictions["tags"]]
        pred_strict = [strict_iob2_entities(tags) for tags in predictions["tags"]]
        default = entity_counts(true_default, pred_default)
        strict = entity_counts(true_strict, pred_strict)
        precision, recall, f1 = prf(*default.total)
        metrics = {"f1": f1, "precision": precision, "recall": recall, "strict_f1": prf(*strict.total)[2]}
        breakdown = {}
        for entity_type in benchmark.spec.entity_types or []:
            correct, predicted, actual = default.by_type.get(entity_type, (0, 0, 0))
            p, r, f = prf(correct, predicted, actual)
            breakdown[entity_type] = {"precision": p, "recall": r, "f1": f, "support": float(actual)}
        return TaskScore(metrics, breakdown, default.per_item, entity_f1_from_sums)


@dataclass(frozen=True)
class EntityCounts:
    total: tuple[int, int, int]  # correct, predicted, actual
    by_type: dict[str, tuple[int, int, int]]
    per_item: np.ndarray  # (n_items, 3) float: the same counts per sentence


Entity = tuple[str, int, int]


def default_entities(tags: list[str]) -> set[Entity]:
    """Chunks as seqeval's default mode (conlleval) reads IOB1/IOB2 tags.

    A chunk ends at O, at B-, or at a tag of another type; it starts at B-, or at I- after O or
    after another type (conlleval's lenient rule). Equal to ``seqeval.metrics.sequence_labeling.
    get_entities`` for validated O/B-X/I-X tags, which the tests check on random sequences.
    """
    chunks: set[Entity] = set()
    kind, start = "", -1
    for index, tag in enumerate(tags):
        if tag == "O":
            if start >= 0:
                chunks.add((kind, start, index - 1))
                start = -1
            continue
        prefix, tag_type = tag[0], tag[2:]
        if start >= 0 and (prefix == "B" or tag_type != kind):
            chunks.add((kind, start, index - 1))
            start = -1
        if start < 0:
            kind, start = tag_type, index
    if start >= 0:
        chunks.add((kind, start, len(tags) - 1))
    return chunks


def strict_iob2_entities(tags: list[str]) -> set[Entity]:
    """Entities as seqeval's strict mode with ``scheme=IOB2`` reads them: B-X followed by any
    number of I-X; an I- that does not continue such a run belongs to no entity."""
    chunks: set[Entity] = set()
    kind, start = "", -1
    for index, tag in enumerate(tags):
        continues = start >= 0 and tag[:2] == "I-" and tag[2:] == kind
        if start >= 0 and not continues:
            chunks.add((kind, start, index - 1))
            start = -1
        if tag[:2] == "B-":
            kind, start = tag[2:], index
    if start >= 0:
        chunks.add((kind, start, len(tags) - 1))
    return chunks


def entity_counts(true: list[set[Entity]], predicted: list[set[Entity]]) -> EntityCounts:
    per_item = np.zeros((len(true), 3))
    by_type: dict[str, list[int]] = {}
    for row, (true_set, pred_set) in enumerate(zip(true, predicted, strict=True)):
        correct = true_set & pred_set
        per_item[row] = (len(correct), len(pred_set), len(true_set))
        for position, entities in enumerate((correct, pred_set, true_set)):
            for entity in entities:
                by_type.setdefault(entity[0], [0, 0, 0])[position] += 1
    totals = per_item.sum(axis=0)
    return EntityCounts(
        (int(totals[0]), int(totals[1]), int(totals[2])),
        {kind: (c[0], c[1], c[2]) for kind, c in by_type.items()},
        per_item,
    )


def prf(correct: int, predicted: int, actual: int) -> tuple[float, float, float]:
    """Precision, recall and F1 as seqeval computes them, with ``zero_division=0``."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / actual if actual else 0.0
    denominator = precision + recall
    return precision, recall, (2 * precision * recall / denominator if denominator else 0.0)


_GOLD_CACHE: dict[int, tuple[pd.DataFrame, list[set[Entity]], list[set[Entity]]]] = {}


def _gold_entities(gold: pd.DataFrame) -> tuple[list[set[Entity]], list[set[Entity]]]:
    """Gold entities are extracted once per gold frame and shared by every submission."""
    cached = _GOLD_CACHE.get(id(gold))
    if cached is None or cached[0] is not gold:
        if len(_GOLD_CACHE) > 16:
            _GOLD_CACHE.clear()
        tags = list(gold["tags"])
        cached = (gold, [default_entities(t) for t in tags], [strict_iob2_entities(t) for t in tags])
        _GOLD_CACHE[id(gold)] = cached
    return cached[1], cached[2]


def entity_f1_from_sums(sums: np.ndarray) -> np.ndarray:
    correct, predicted, actual = sums[:, 0], sums[:, 1], sums[:, 2]
    denominator = predicted + actual
    result: np.ndarray = np.divide(
        2 * correct, denominator, out=np.zeros_like(correct), where=denominator > 0
    )
    return result


def _looks_like_a_list(tags: list[str]) -> bool:
    """``O,O,B-PER`` or ``["O", "O"]`` in a CSV cell: one list written as one (or a few) tags."""
    return any("," in tag or tag.startswith(("[", '"', "'")) for tag in tags)


def _check_tags(
    benchmark: BenchmarkData, table: Table, tokens: np.ndarray, *, severity_of_order: Severity
) -> list[Problem]:
    types = set(benchmark.spec.entity_types or [])
    frame = table.frame
    problems: list[Problem] = []
    allowed = {"O"} | {f"{prefix}-{kind}" for kind in types for prefix in "BI"}
    unique_tags = set(itertools.chain.from_iterable(frame["tags"]))
    listed_rows = np.zeros(len(frame), dtype=bool)
    if not unique_tags <= allowed and any(_looks_like_a_list([tag]) for tag in unique_tags):
        # One message for the whole mistake, not one 'invalid tag' per distinct cell (issue 13).
        listed_rows = np.fromiter((_looks_like_a_list(t) for t in frame["tags"]), dtype=bool, count=len(frame))
        rows = np.flatnonzero(listed_rows)
        lines = ", ".join(str(table.line_of(int(r))) for r in rows[:5])
        problems.append(Problem(
            table.path, table.line_of(int(rows[0])),
            f"{len(rows)} row(s) hold their tags as a comma-separated or JSON list (such as "
            f"'{' '.join(frame['tags'].iloc[int(rows[0])])[:60]}'), on lines {lines}"
            f"{' and more' if len(rows) > 5 else ''}: separate tags with spaces in CSV, or use "
            "JSONL lists",
            code="tag-list",
        ))
    counts = np.fromiter((len(t) for t in frame["tags"]), dtype=int, count=len(frame))
    token_counts = np.fromiter(
        (len(t) if isinstance(t, list) else -1 for t in tokens), dtype=int, count=len(frame)
    )
    mismatched = np.flatnonzero((counts != token_counts) & (token_counts >= 0) & ~listed_rows)
    problems += row_problems(
        table, mismatched,
        lambda row: (f"{counts[row]} tags for {token_counts[row]} tokens of item "
                     f"'{frame['id'].iloc[row]}'; give exactly one tag per token"),
        code="tag-count",
    )
    if not unique_tags <= allowed:  # only then is it worth locating the bad tags
        # One (row, tag) pair per row and distinct tag, so that counts are rows, not tags.
        pairs = [(row, tag) for row, tags in enumerate(frame["tags"]) if not listed_rows[row]
                 for tag in dict.fromkeys(tags) if tag not in allowed]
        if pairs:
            rows_of_bad = np.asarray([row for row, _ in pairs], dtype=int)
            tag_table = Table(table.path, pd.DataFrame({"tag": [tag for _, tag in pairs]}),
                              table.lines[rows_of_bad])
            listed = ", ".join(f"B-{t}/I-{t}" for t in sorted(types))
            problems += grouped_value_problems(
                tag_table, "tag", pd.Series(True, index=tag_table.frame.index),
                lambda tag: f"invalid tag '{tag}'{_nearest_tag(tag, allowed)}; tags are O or {listed} (IOB2)",
                code="invalid-tag",
            )
    broken = [row for row, tags in enumerate(frame["tags"]) if not listed_rows[row] and not _is_valid_iob2(tags)]
    for row in broken[:10]:
        problems.append(Problem(
            table.path, table.line_of(row),
            f"item '{frame['id'].iloc[row]}': an I-X tag must follow B-X or I-X of the same type "
            "(IOB2); conlleval scores it as the start of an entity, strict IOB2 ignores it",
            severity=severity_of_order, code="iob2-order",
        ))
    if len(broken) > 10:
        problems.append(Problem(table.path, table.line_of(broken[10]),
                                f"{len(broken) - 10} more items break IOB2 order",
                                severity=severity_of_order, code="iob2-order"))
    return problems


def _nearest_tag(tag: str, allowed: set[str]) -> str:
    """``; did you mean 'B-PER'?`` for ``B-PERSON``, keeping the B-/I- prefix when there is one."""
    candidates = [t for t in allowed if t[:2] == tag[:2]] if tag[:2] in ("B-", "I-") else list(allowed)
    nearest = closest_name(tag, candidates)
    return f" (did you mean '{nearest}'?)" if nearest and nearest != tag else ""


def _is_valid_iob2(tags: list[str]) -> bool:
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


TASK = NamedEntityRecognition()
