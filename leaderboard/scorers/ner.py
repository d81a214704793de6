"""Named entity recognition: entity-level P/R/F1 with seqeval, IOB2 tags.

The primary F1 uses seqeval's default mode, which reproduces conlleval.pl: an ``I-X`` after ``O``
or after a different type opens a new chunk. The strict figure passes ``mode="strict"`` *and*
``scheme=IOB2`` explicitly, because strict mode without a scheme silently falls back to the
default mode (seqeval issue #42).

Reference libraries are imported where they are used, to keep the command line quick to start.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from leaderboard.problems import Problem, Severity
from leaderboard.scorers.base import Metric, Task, TaskScore, grouped_value_problems, row_problems
from leaderboard.tables import Table

if TYPE_CHECKING:
    from leaderboard.benchmarks import Benchmark

_TAG = re.compile(r"^(?:O|[BI]-([A-Za-z0-9_]+))$")


class NamedEntityRecognition(Task):
    name = "ner"
    aliases = ("named_entity_recognition", "named-entity-recognition")
    title = "Named entity recognition"
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

    def check_predictions(self, benchmark: Benchmark, predictions: Table) -> list[Problem]:
        tokens = benchmark.eval_frame["tokens"].reindex(predictions.frame["id"]).to_numpy()
        return _check_tags(benchmark, predictions, tokens, severity_of_order="warning")

    def check_gold(self, benchmark: Benchmark, gold: Table) -> list[Problem]:
        if "tokens" in gold.frame.columns:  # the train split carries its own tokens
            tokens = gold.frame["tokens"].to_numpy()
        else:
            tokens = benchmark.eval_frame["tokens"].reindex(gold.frame["id"]).to_numpy()
        return _check_tags(benchmark, gold, tokens, severity_of_order="error")

    def score(self, benchmark: Benchmark, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
        from seqeval.scheme import IOB2

        y_true = [list(tags) for tags in gold["tags"]]
        y_pred = [list(tags) for tags in predictions["tags"]]
        with warnings.catch_warnings():
            # With no entities at all, seqeval's report averages an empty array; the per-type rows
            # we read are still correct (absent), so numpy's warning is noise here.
            warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
            warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
            report = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
        metrics = {
            "f1": float(f1_score(y_true, y_pred, zero_division=0)),
            "precision": float(precision_score(y_true, y_pred, zero_division=0)),
            "recall": float(recall_score(y_true, y_pred, zero_division=0)),
            "strict_f1": float(
                f1_score(y_true, y_pred, mode="strict", scheme=IOB2, zero_division=0)
            ),
        }
        breakdown = {
            entity_type: {
                "precision": float(report[entity_type]["precision"]) if entity_type in report else 0.0,
                "recall": float(report[entity_type]["recall"]) if entity_type in report else 0.0,
                "f1": float(report[entity_type]["f1-score"]) if entity_type in report else 0.0,
                "support": float(report[entity_type]["support"]) if entity_type in report else 0.0,
            }
            for entity_type in benchmark.spec.entity_types or []
        }
        features = entity_count_features(y_true, y_pred)
        return TaskScore(metrics, breakdown, features, entity_f1_from_sums)


def entity_count_features(y_true: list[list[str]], y_pred: list[list[str]]) -> np.ndarray:
    """Per sentence: (correct entities, predicted entities, gold entities), default mode."""
    from seqeval.metrics.sequence_labeling import get_entities

    rows = []
    for true_tags, pred_tags in zip(y_true, y_pred, strict=True):
        true_entities, pred_entities = set(get_entities(true_tags)), set(get_entities(pred_tags))
        rows.append((len(true_entities & pred_entities), len(pred_entities), len(true_entities)))
    return np.asarray(rows, dtype=float).reshape(-1, 3)


def entity_f1_from_sums(sums: np.ndarray) -> np.ndarray:
    correct, predicted, actual = sums[:, 0], sums[:, 1], sums[:, 2]
    denominator = predicted + actual
    result: np.ndarray = np.divide(
        2 * correct, denominator, out=np.zeros_like(correct), where=denominator > 0
    )
    return result


def _check_tags(
    benchmark: Benchmark, table: Table, tokens: np.ndarray, *, severity_of_order: Severity
) -> list[Problem]:
    types = set(benchmark.spec.entity_types or [])
    frame = table.frame
    problems: list[Problem] = []
    counts = np.fromiter((len(t) for t in frame["tags"]), dtype=int, count=len(frame))
    token_counts = np.fromiter(
        (len(t) if isinstance(t, list) else -1 for t in tokens), dtype=int, count=len(frame)
    )
    mismatched = np.flatnonzero((counts != token_counts) & (token_counts >= 0))
    problems += row_problems(
        table, mismatched,
        lambda row: (f"{counts[row]} tags for {token_counts[row]} tokens of item "
                     f"'{frame['id'].iloc[row]}'; give exactly one tag per token"),
        code="tag-count",
    )
    flat = pd.Series([tag for tags in frame["tags"] for tag in tags], dtype=object)
    row_of_tag = np.repeat(np.arange(len(frame)), counts)
    valid_types = flat.map(lambda tag: _tag_type(tag) in types or tag == "O")
    if not valid_types.all():
        bad = flat[~valid_types.to_numpy()]
        tag_table = Table(table.path, pd.DataFrame({"tag": bad.to_numpy()}),
                          table.lines[row_of_tag[~valid_types.to_numpy()]])
        allowed = ", ".join(f"B-{t}/I-{t}" for t in sorted(types))
        problems += grouped_value_problems(
            tag_table, "tag", pd.Series(True, index=tag_table.frame.index),
            lambda tag: f"invalid tag '{tag}'; tags are O or {allowed} (IOB2)",
            code="invalid-tag",
        )
    broken = [row for row, tags in enumerate(frame["tags"]) if not _is_valid_iob2(tags)]
    for row in broken[:10]:
        problems.append(Problem(
            table.path, table.line_of(row),
            f"item '{frame['id'].iloc[row]}': an I-X tag must follow B-X or I-X of the same type "
            "(IOB2); conlleval scores it as the start of an entity, strict IOB2 ignores it",
            severity=severity_of_order, code="iob2-order",
        ))
    if len(broken) > 10:
        problems.append(Problem(table.path, None, f"{len(broken) - 10} more items break IOB2 order",
                                severity=severity_of_order, code="iob2-order"))
    return problems


def _tag_type(tag: str) -> str | None:
    match = _TAG.match(tag)
    return match.group(1) if match else None


def _is_valid_iob2(tags: list[str]) -> bool:
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


TASK = NamedEntityRecognition()
