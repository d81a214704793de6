"""Text classification: accuracy, macro/weighted F1, macro recall and a per-class report.

The numbers are scikit-learn's (``accuracy_score``, ``f1_score(labels=<label set>,
average="macro"|"weighted", zero_division=0)``, ``recall_score(labels=..., average="macro")``,
``precision_recall_fscore_support``). A benchmark's optional ``primary_labels`` is scikit-learn's
``labels=`` for the macro averages (TweetEval's stance task averages F1 over ``against`` and
``favor`` only; one label gives that label's F1, as for TweetEval irony). They are
computed here from one set of confusion counts, with scikit-learn's formulas, because calling
scikit-learn three times cost more than the whole scoring step; tests compare every number with
scikit-learn on hundreds of random cases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from leaderboard.errors import closest_name, did_you_mean
from leaderboard.problems import Problem
from leaderboard.schemas import BenchmarkSpec
from leaderboard.scorers.base import BenchmarkData, Metric, Task, TaskScore, grouped_value_problems
from leaderboard.tables import Table


class Classification(Task):
    name = "classification"
    aliases = ("text_classification", "text-classification")
    title = "Text classification"
    blurb = "Assign one label from a closed set to each text."
    class_field = "labels"
    breakdown_title = "Per class"
    # 2: labels differing only by case, spaces or Unicode form are mapped (issue 13);
    # 3: macro recall reported, primary_labels (issue 15)
    version = "3"
    eval_columns = ("id", "text")
    gold_columns = ("id", "label")
    prediction_columns = ("id", "label")
    metrics: ClassVar[tuple[Metric, ...]] = (
        Metric("accuracy", "Accuracy", True, "Share of items whose predicted label equals the gold label."),
        Metric("macro_f1", "Macro-F1", True,
               "Unweighted mean over the benchmark's labels (its primary_labels where it declares "
               "them) of per-label F1 (scikit-learn f1_score, average='macro', labels=those labels, "
               "zero_division=0)."),
        Metric("macro_recall", "Macro recall", True,
               "Unweighted mean of per-label recall over the same labels as macro-F1 (scikit-learn "
               "recall_score, average='macro', zero_division=0): balanced accuracy when every label "
               "is averaged."),
        Metric("weighted_f1", "Weighted F1", True,
               "Mean of per-label F1 weighted by each label's gold support (average='weighted')."),
        Metric("invalid_rate", "Invalid labels", False,
               "Share of predictions that are not one of the benchmark's labels; they count as wrong."),
    )
    primary_metric_choices = ("accuracy", "macro_f1", "macro_recall")

    def spec_problems(self, spec: BenchmarkSpec) -> list[tuple[tuple[str | int, ...], str]]:
        if spec.primary_labels is None:
            return []
        labels = spec.labels or []
        problems: list[tuple[tuple[str | int, ...], str]] = [
            (("primary_labels", index), f"primary_labels: '{label}' is not one of the labels"
             f"{did_you_mean(label, labels)}; labels: {', '.join(labels)}")
            for index, label in enumerate(spec.primary_labels) if label not in labels
        ]
        if len(set(spec.primary_labels)) != len(spec.primary_labels):
            problems.append((("primary_labels",), "primary_labels contains duplicates"))
        if spec.primary_metric == "accuracy":
            problems.append((("primary_labels",), "primary_labels restricts macro_f1 or macro_recall; with "
                             "primary_metric accuracy it would change nothing, so remove it"))
        return problems

    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        labels = benchmark.spec.labels or []
        column = predictions.frame["label"]
        if set(column.to_numpy()) <= set(labels):  # the common case, from one hash of each value
            return []
        valid = column.isin(labels)
        mapping = label_mapping(column[~valid].unique(), labels)
        problems: list[Problem] = []
        if mapping:
            mapped = column.isin(list(mapping))
            problems.append(_mapped_problem(predictions, mapped, mapping))
            column = column.map(lambda value: mapping.get(value, value))
            valid = valid | mapped
        empty = (column == "") & ~valid
        problems += grouped_value_problems(
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
        problems += _class_id_hint(predictions, column, outside, labels)
        problems += grouped_value_problems(
            predictions, "label", outside, unknown, severity="warning", code="unknown-label"
        )
        invalid = int((outside | empty).sum())
        if invalid * 2 > len(column):
            first = int(np.flatnonzero((outside | empty).to_numpy())[0])
            problems.append(Problem(
                predictions.path, predictions.line_of(first),
                f"{invalid} of {len(column)} rows ({invalid / len(column):.0%}) have no valid label; "
                f"a file where more than half are invalid is refused rather than scored as wrong: "
                f"write one of {', '.join(labels)} in every row",
                code="invalid-labels",
            ))
        return problems

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        labels = benchmark.spec.labels or []
        column = gold.frame["label"].astype(str)
        return grouped_value_problems(
            gold, "label", ~column.isin(labels), lambda v: f"gold label '{v}' is not in the label set"
        )

    def prepare_gold(self, benchmark: BenchmarkData, gold: pd.DataFrame) -> np.ndarray:
        """The gold labels' codes (see :func:`label_codes`), for every file."""
        return label_codes(gold["label"], list(benchmark.spec.labels or []))

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        return self.score_prepared(benchmark, gold, predictions, self.prepare_gold(benchmark, gold))

    def score_prepared(
        self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame, prepared: Any
    ) -> TaskScore:
        labels = list(benchmark.spec.labels or [])
        true_codes = prepared
        pred_codes = predicted_codes(predictions["label"], labels)
        counts = confusion_counts(true_codes, pred_codes, len(labels))
        tp, true_sum, pred_sum = counts
        precision = _divide(tp, pred_sum)
        recall = _divide(tp, true_sum)
        f1 = _divide(2.0 * tp, true_sum + pred_sum)
        n = len(true_codes)
        averaged = averaged_classes(benchmark.spec)
        metrics = {
            "accuracy": float(np.mean(true_codes == pred_codes)) if n else 0.0,
            "macro_f1": float(np.mean(f1[averaged])) if len(averaged) else 0.0,
            "macro_recall": float(np.mean(recall[averaged])) if len(averaged) else 0.0,
            "weighted_f1": float(np.average(f1, weights=true_sum)) if true_sum.sum() else 0.0,
            "invalid_rate": float(np.mean(pred_codes < 0)) if n else 0.0,
        }
        breakdown = {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": float(t)}
            for label, p, r, f, t in zip(labels, precision, recall, f1, true_sum, strict=True)
        }
        features, statistic = _features(true_codes, pred_codes, len(labels), benchmark.spec.primary_metric, averaged)
        return TaskScore(metrics, breakdown, features, statistic)


def averaged_classes(spec: BenchmarkSpec) -> np.ndarray:
    """Indexes (into ``labels``) of the classes the macro averages run over: ``primary_labels`` or all."""
    labels = list(spec.labels or [])
    chosen = spec.primary_labels or labels
    return np.asarray([labels.index(label) for label in chosen if label in labels], dtype=np.int64)


#: Variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF): ``❤️`` and ``❤`` are the same label.
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_CLASS_ID = re.compile(r"^(?:LABEL_)?\d+$", re.IGNORECASE)


def label_key(value: str) -> str:
    """What a label is up to case, surrounding whitespace, NFC and variation selectors."""
    return _VARIATION_SELECTORS.sub("", unicodedata.normalize("NFC", value.strip())).casefold()


def label_mapping(values: Iterable[str], labels: list[str]) -> dict[str, str]:
    """Each value that is no label but matches exactly one label by :func:`label_key` -> that label.

    These differences are harmless (issue 13: ``NEUTRAL``, `` neutral``, ``❤️`` for ``❤``), so
    they are forgiven with one warning, and scoring uses the same mapping.
    """
    by_key: dict[str, list[str]] = {}
    for label in labels:
        by_key.setdefault(label_key(label), []).append(label)
    known = set(labels)
    mapping = {}
    for value in values:
        if value not in known and value.strip():
            matches = by_key.get(label_key(value), [])
            if len(matches) == 1:
                mapping[value] = matches[0]
    return mapping


def _mapped_problem(table: Table, mapped: pd.Series, mapping: dict[str, str]) -> Problem:
    rows = np.flatnonzero(mapped.to_numpy())
    examples = ", ".join(f"'{value}' -> '{label}'" for value, label in list(mapping.items())[:5])
    return Problem(
        table.path, table.line_of(int(rows[0])),
        f"{len(rows)} row(s) have a label that differs from a valid label only by case, surrounding "
        f"spaces or Unicode form ({examples}); they are scored as that label, but please write the "
        "labels exactly",
        "warning", "mapped-label",
    )


def _class_id_hint(table: Table, column: pd.Series, outside: pd.Series, labels: list[str]) -> list[Problem]:
    """Labels such as ``1`` or ``LABEL_1`` are class ids a model's head returned, not names."""
    ids = outside & column.astype(str).str.match(_CLASS_ID)
    if not ids.any():
        return []
    rows = np.flatnonzero(ids.to_numpy())
    example = ", ".join(f"{i} -> {label}" for i, label in enumerate(labels[:3]))
    return [Problem(
        table.path, table.line_of(int(rows[0])),
        f"{len(rows)} row(s) have a class id such as '{column.iloc[int(rows[0])]}' instead of a label "
        f"name; map ids to names with your model's id2label (config.json), e.g. {example}, and "
        "check that its order matches the benchmark's labels",
        "warning", "class-id",
    )]


def label_codes(values: pd.Series, labels: list[str]) -> np.ndarray:
    """Index of each value in ``labels``; -1 for a value outside the label set."""
    return np.asarray(pd.Index(labels).get_indexer(pd.Index(values.astype(str))), dtype=np.int64)


def predicted_codes(values: pd.Series, labels: list[str]) -> np.ndarray:
    """:func:`label_codes` of the values with :func:`label_mapping` applied (as validation warned),
    each distinct value looked up once."""
    text = values if isinstance(values.dtype, pd.StringDtype) else values.astype(str)
    codes, distinct = pd.factorize(text.to_numpy(dtype=object))
    index = {label: code for code, label in enumerate(labels)}  # labels are distinct (schemas)
    lookup = np.asarray([index.get(value, -1) for value in distinct.tolist()], dtype=np.int64)
    unknown = lookup < 0
    if unknown.any():
        mapping = label_mapping(distinct[unknown], labels)
        lookup[unknown] = [labels.index(mapping[v]) if v in mapping else -1 for v in distinct[unknown]]
    return np.append(lookup, -1)[codes]  # a missing value (code -1) is no label


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
    true_codes: np.ndarray, pred_codes: np.ndarray, k: int, primary: str, averaged: np.ndarray
) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Per-item indicators whose sums give the primary metric (see ``base`` on the bootstrap)."""
    if primary == "accuracy":
        correct = (true_codes == pred_codes).astype(float)
        features = np.column_stack([correct, np.ones_like(correct)])
        return features, lambda sums: sums[:, 0] / sums[:, 1]
    # One-hot blocks [true positive | gold class | predicted class], set by index (-1: no class).
    features = np.zeros((len(true_codes), 3 * k))
    rows = np.arange(len(true_codes))
    for offset, codes, mask in ((0, true_codes, (true_codes == pred_codes) & (true_codes >= 0)),
                                (k, true_codes, true_codes >= 0), (2 * k, pred_codes, pred_codes >= 0)):
        features[rows[mask], offset + codes[mask]] = 1.0

    def macro_f1(sums: np.ndarray) -> np.ndarray:
        tp, n_true, n_pred = sums[:, :k], sums[:, k : 2 * k], sums[:, 2 * k :]
        denominator = n_true + n_pred
        per_class = np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
        return np.asarray(per_class[:, averaged].mean(axis=1))

    def macro_recall(sums: np.ndarray) -> np.ndarray:
        tp, n_true = sums[:, :k], sums[:, k : 2 * k]
        per_class = np.divide(tp, n_true, out=np.zeros_like(tp), where=n_true > 0)
        return np.asarray(per_class[:, averaged].mean(axis=1))

    return features, macro_recall if primary == "macro_recall" else macro_f1


TASK = Classification()
