"""Text classification: accuracy, macro/weighted F1 and a per-class report.

The numbers are scikit-learn's (``accuracy_score``, ``f1_score(labels=<label set>,
average="macro"|"weighted", zero_division=0)``, ``precision_recall_fscore_support``): they are
computed here from one set of confusion counts, with scikit-learn's formulas, because calling
scikit-learn three times cost more than the whole scoring step; tests compare every number with
scikit-learn on hundreds of random cases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np
import pandas as pd

from leaderboard.errors import closest_name
from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric, Task, TaskScore, grouped_value_problems
from leaderboard.tables import Table


class Classification(Task):
    name = "classification"
    aliases = ("text_classification", "text-classification")
    title = "Text classification"
    blurb = "Assign one label from a closed set to each text."
    class_field = "labels"
    breakdown_title = "Per class"
    version = "1"
    eval_columns = ("id", "text")
    gold_columns = ("id", "label")
    prediction_columns = ("id", "label")
    metrics: ClassVar[tuple[Metric, ...]] = (
        Metric("accuracy", "Accuracy", True, "Share of items whose predicted label equals the gold label."),
        Metric("macro_f1", "Macro-F1", True,
               "Unweighted mean over the benchmark's labels of per-label F1 (scikit-learn "
               "f1_score, average='macro', labels=the label set, zero_division=0)."),
        Metric("weighted_f1", "Weighted F1", True,
               "Mean of per-label F1 weighted by each label's gold support (average='weighted')."),
        Metric("invalid_rate", "Invalid labels", False,
               "Share of predictions that are not one of the benchmark's labels; they count as wrong."),
    )
    primary_metric_choices = ("accuracy", "macro_f1")

    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        labels = benchmark.spec.labels or []
        column = predictions.frame["label"]
        valid = column.isin(labels)
        empty = pd.Series(False, index=column.index)
        if not valid.all():
            empty = (column == "") & ~valid
        problems = grouped_value_problems(
            predictions, "label", empty,
            lambda _: "empty label; every item needs one of: " + ", ".join(labels),
            code="empty-label",
        )

        def unknown(value: str) -> str:
            nearest = closest_name(value.strip(), labels)
            hint = f"; nearest valid label: '{nearest}'" if nearest else ""
            return (f"unknown label '{value}'{hint}; expected one of: {', '.join(labels)} "
                    "(it will be scored as wrong)")

        outside = ~valid & ~empty
        problems += grouped_value_problems(
            predictions, "label", outside, unknown, severity="warning", code="unknown-label"
        )
        return problems

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        labels = benchmark.spec.labels or []
        column = gold.frame["label"].astype(str)
        return grouped_value_problems(
            gold, "label", ~column.isin(labels), lambda v: f"gold label '{v}' is not in the label set"
        )

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        labels = list(benchmark.spec.labels or [])
        true_codes = label_codes(gold["label"], labels)
        pred_codes = label_codes(predictions["label"], labels)
        counts = confusion_counts(true_codes, pred_codes, len(labels))
        tp, true_sum, pred_sum = counts
        precision = _divide(tp, pred_sum)
        recall = _divide(tp, true_sum)
        f1 = _divide(2.0 * tp, true_sum + pred_sum)
        n = len(true_codes)
        metrics = {
            "accuracy": float(np.mean(true_codes == pred_codes)) if n else 0.0,
            "macro_f1": float(np.mean(f1)) if len(f1) else 0.0,
            "weighted_f1": float(np.average(f1, weights=true_sum)) if true_sum.sum() else 0.0,
            "invalid_rate": float(np.mean(pred_codes < 0)) if n else 0.0,
        }
        breakdown = {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": float(t)}
            for label, p, r, f, t in zip(labels, precision, recall, f1, true_sum, strict=True)
        }
        features, statistic = _features(true_codes, pred_codes, len(labels), benchmark.spec.primary_metric)
        return TaskScore(metrics, breakdown, features, statistic)


def label_codes(values: pd.Series, labels: list[str]) -> np.ndarray:
    """Index of each value in ``labels``; -1 for a value outside the label set."""
    return np.asarray(pd.Index(labels).get_indexer(pd.Index(values.astype(str))), dtype=np.int64)


def confusion_counts(true_codes: np.ndarray, pred_codes: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Per label: true positives, gold support, predictions (invalid predictions count nowhere).

    These are the counts scikit-learn's ``precision_recall_fscore_support(labels=..)`` builds;
    computing them once with ``bincount`` avoids its repeated passes (tests prove equality).
    """
    valid = pred_codes >= 0
    tp = np.bincount(true_codes[valid & (true_codes == pred_codes)], minlength=k).astype(float)
    true_sum = np.bincount(true_codes[true_codes >= 0], minlength=k).astype(float)
    pred_sum = np.bincount(pred_codes[valid], minlength=k).astype(float)
    return tp, true_sum, pred_sum


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator`` with 0 where the denominator is 0 (``zero_division=0``)."""
    result: np.ndarray = np.divide(
        numerator, denominator, out=np.zeros_like(numerator, dtype=float), where=denominator > 0
    )
    return result


def _features(
    true_codes: np.ndarray, pred_codes: np.ndarray, k: int, primary: str
) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Per-item indicators whose sums give the primary metric (see ``base`` on the bootstrap)."""
    if primary == "accuracy":
        correct = (true_codes == pred_codes).astype(float)
        features = np.column_stack([correct, np.ones_like(correct)])
        return features, lambda sums: sums[:, 0] / sums[:, 1]
    classes = np.arange(k)
    is_true = (true_codes[:, None] == classes[None, :]).astype(float)
    is_pred = (pred_codes[:, None] == classes[None, :]).astype(float)
    features = np.hstack([is_true * is_pred, is_true, is_pred])

    def macro_f1(sums: np.ndarray) -> np.ndarray:
        tp, n_true, n_pred = sums[:, :k], sums[:, k : 2 * k], sums[:, 2 * k :]
        denominator = n_true + n_pred
        per_class = np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
        return np.asarray(per_class.mean(axis=1))

    return features, macro_f1


TASK = Classification()
