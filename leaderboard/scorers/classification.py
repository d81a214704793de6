"""Text classification: accuracy, macro/weighted F1 and a per-class report (scikit-learn)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from leaderboard.errors import closest_name
from leaderboard.problems import Problem
from leaderboard.scorers.base import Metric, Task, TaskScore, grouped_value_problems
from leaderboard.tables import Table

if TYPE_CHECKING:
    from leaderboard.benchmarks import Benchmark


class Classification(Task):
    name = "classification"
    aliases = ("text_classification", "text-classification")
    title = "Text classification"
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

    def check_predictions(self, benchmark: Benchmark, predictions: Table) -> list[Problem]:
        labels = benchmark.spec.labels or []
        column = predictions.frame["label"].astype(str)
        problems = grouped_value_problems(
            predictions, "label", column.str.strip() == "",
            lambda _: "empty label; every item needs one of: " + ", ".join(labels),
            code="empty-label",
        )

        def unknown(value: str) -> str:
            nearest = closest_name(value.strip(), labels)
            hint = f"; nearest valid label: '{nearest}'" if nearest else ""
            return (f"unknown label '{value}'{hint}; expected one of: {', '.join(labels)} "
                    "(it will be scored as wrong)")

        outside = ~column.isin(labels) & (column.str.strip() != "")
        problems += grouped_value_problems(
            predictions, "label", outside, unknown, severity="warning", code="unknown-label"
        )
        return problems

    def check_gold(self, benchmark: Benchmark, gold: Table) -> list[Problem]:
        labels = benchmark.spec.labels or []
        column = gold.frame["label"].astype(str)
        return grouped_value_problems(
            gold, "label", ~column.isin(labels), lambda v: f"gold label '{v}' is not in the label set"
        )

    def score(self, benchmark: Benchmark, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

        labels = list(benchmark.spec.labels or [])
        y_true = gold["label"].astype(str).to_numpy()
        y_pred = predictions["label"].astype(str).to_numpy()
        precision, recall, f1, support = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=None, zero_division=0
        )
        metrics = {
            "accuracy": float(accuracy_score(y_true, y_pred)),
            "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
            "weighted_f1": float(
                f1_score(y_true, y_pred, labels=labels, average="weighted", zero_division=0)
            ),
            "invalid_rate": float(np.mean(~np.isin(y_pred, labels))) if len(y_pred) else 0.0,
        }
        breakdown = {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": float(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        }
        features, statistic = _features(y_true, y_pred, labels, benchmark.spec.primary_metric)
        return TaskScore(metrics, breakdown, features, statistic)


def _features(
    y_true: np.ndarray, y_pred: np.ndarray, labels: list[str], primary: str
) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Per-item indicators whose sums give the primary metric (see ``base`` on the bootstrap)."""
    if primary == "accuracy":
        correct = (y_true == y_pred).astype(float)
        features = np.column_stack([correct, np.ones_like(correct)])
        return features, lambda sums: sums[:, 0] / sums[:, 1]
    classes = np.asarray(labels)
    is_true = (y_true[:, None] == classes[None, :]).astype(float)
    is_pred = (y_pred[:, None] == classes[None, :]).astype(float)
    k = len(labels)
    features = np.hstack([is_true * is_pred, is_true, is_pred])

    def macro_f1(sums: np.ndarray) -> np.ndarray:
        tp, n_true, n_pred = sums[:, :k], sums[:, k : 2 * k], sums[:, 2 * k :]
        denominator = n_true + n_pred
        per_class = np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
        return np.asarray(per_class.mean(axis=1))

    return features, macro_f1


TASK = Classification()
