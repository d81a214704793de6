from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    precision_recall_fscore_support,
    recall_score,
)

from leaderboard.benchmarks import Benchmark
from leaderboard.scorers import get_task_type
from leaderboard.stats import bootstrap_replicates, percentile_interval

LABELS = ["negative", "neutral", "positive"]


def score(benchmark: Benchmark, y_true: list[str], y_pred: list[str]) -> dict[str, float]:
    return score_with_breakdown(benchmark, y_true, y_pred)[0]


def score_with_breakdown(
    benchmark: Benchmark, y_true: list[str], y_pred: list[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    ids = [f"s{i}" for i in range(len(y_true))]
    gold = pd.DataFrame({"id": ids, "label": y_true}, index=ids)
    predictions = pd.DataFrame({"id": ids, "label": y_pred}, index=ids)
    result = get_task_type("classification").score(benchmark, gold, predictions)
    primary = result.statistic(np.ones((1, len(ids))) @ result.features)[0]
    assert primary == pytest.approx(result.metrics[benchmark.spec.primary_metric], abs=1e-12)
    return result.metrics, result.breakdown


def test_hand_computed(fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks["tiny-sentiment"]
    metrics = score(benchmark, ["positive", "positive", "negative", "neutral"],
                    ["positive", "negative", "negative", "POS"])
    # positive: P=1 R=.5 F=2/3; negative: P=.5 R=1 F=2/3; neutral: never predicted, F=0
    assert metrics["accuracy"] == pytest.approx(0.5)
    assert metrics["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert metrics["weighted_f1"] == pytest.approx((2 * 2 / 3 + 2 / 3 + 0) / 4)
    assert metrics["invalid_rate"] == pytest.approx(0.25)


def test_all_wrong_and_never_predicted(fixture_benchmarks: dict[str, Benchmark]) -> None:
    metrics = score(fixture_benchmarks["tiny-sentiment"], ["positive", "negative"], ["negative", "positive"])
    assert metrics == {"accuracy": 0.0, "macro_f1": 0.0, "macro_recall": 0.0, "weighted_f1": 0.0,
                       "invalid_rate": 0.0}


def test_invalid_labels_stay_out_of_the_macro_average(fixture_benchmarks: dict[str, Benchmark]) -> None:
    metrics = score(fixture_benchmarks["tiny-sentiment"], ["positive", "neutral", "negative"],
                    ["positive", "neutral", "None"])
    assert metrics["macro_f1"] == pytest.approx((1 + 1 + 0) / 3)  # "None" is not a fourth class


def test_randomised_against_sklearn(fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks["tiny-sentiment"]
    rng = np.random.default_rng(3)
    outputs = [*LABELS, "NA", "Positive"]
    for _ in range(300):
        n = int(rng.integers(1, 40))
        y_true = list(rng.choice(LABELS, size=n))
        y_pred = list(rng.choice(outputs, size=n, p=[0.3, 0.3, 0.3, 0.05, 0.05]))
        metrics, breakdown = score_with_breakdown(benchmark, y_true, y_pred)
        # "Positive" differs from a label only by case: scored as "positive" (issue 13)
        y_pred = ["positive" if p == "Positive" else p for p in y_pred]
        precision, recall, f1, support = precision_recall_fscore_support(
            y_true, y_pred, labels=LABELS, average=None, zero_division=0)
        for index, label in enumerate(LABELS):
            assert breakdown[label]["precision"] == pytest.approx(precision[index], abs=1e-9)
            assert breakdown[label]["recall"] == pytest.approx(recall[index], abs=1e-9)
            assert breakdown[label]["f1"] == pytest.approx(f1[index], abs=1e-9)
            assert breakdown[label]["support"] == support[index]
        assert metrics["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred), abs=1e-9)
        assert metrics["macro_f1"] == pytest.approx(
            f1_score(y_true, y_pred, labels=LABELS, average="macro", zero_division=0), abs=1e-9)
        assert metrics["weighted_f1"] == pytest.approx(
            f1_score(y_true, y_pred, labels=LABELS, average="weighted", zero_division=0), abs=1e-9)


@pytest.mark.parametrize("variant", ["NEUTRAL", " neutral ", "Neutral", "neutral\ufe0f", "ne\u0301utral"])
def test_harmless_label_variants_are_scored_as_the_label_they_match(
    fixture_benchmarks: dict[str, Benchmark], variant: str
) -> None:
    benchmark = fixture_benchmarks["tiny-sentiment"]
    exact = score(benchmark, ["neutral", "positive"], ["neutral", "positive"])
    if variant == "ne\u0301utral":  # NFC does not make "né" out of "ne" + accent of another label
        assert score(benchmark, ["neutral", "positive"], [variant, "positive"])["accuracy"] == 0.5
        return
    assert score(benchmark, ["neutral", "positive"], [variant, "positive"]) == exact


def test_emoji_labels_match_with_or_without_a_variation_selector() -> None:
    from leaderboard.scorers.classification import label_mapping

    assert label_mapping(["❤️", "❤", "😂\ufe0e", "x"], ["❤", "😂"]) == {"❤️": "❤", "😂\ufe0e": "😂"}
    assert label_mapping(["A"], ["a", "A "]) == {}  # two labels match: ambiguous, never guessed


def with_primary(benchmark: Benchmark, metric: str, labels: list[str] | None) -> Benchmark:
    """The benchmark with another primary metric and primary_labels (as benchmark.yaml would set them)."""
    spec = benchmark.spec.model_copy(update={"primary_metric": metric, "primary_labels": labels})
    return Benchmark(spec, benchmark.root, benchmark.display_root)


@pytest.mark.parametrize("metric", ["macro_f1", "macro_recall"])
@pytest.mark.parametrize("subset", [None, ["positive"], ["negative", "positive"], LABELS])
def test_macro_metrics_over_label_subsets_against_sklearn(
    fixture_benchmarks: dict[str, Benchmark], metric: str, subset: list[str] | None
) -> None:
    """scikit-learn's labels= argument, labels absent from the predictions included (issue 15)."""
    benchmark = with_primary(fixture_benchmarks["tiny-sentiment"], metric, subset)
    rng = np.random.default_rng(11)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        y_true = list(rng.choice(LABELS, size=n))
        y_pred = list(rng.choice([*LABELS, "NA"], size=n, p=[0.5, 0.2, 0.2, 0.1]))  # "neutral" rare
        metrics = score(benchmark, y_true, y_pred)  # also checks the bootstrap statistic = the point value
        labels = subset or LABELS
        assert metrics["macro_f1"] == pytest.approx(
            f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0), abs=1e-9)
        assert metrics["macro_recall"] == pytest.approx(
            recall_score(y_true, y_pred, labels=labels, average="macro", zero_division=0), abs=1e-9)
        if subset is None and "NA" not in y_pred and len(set(y_true)) == len(LABELS):
            assert metrics["macro_recall"] == pytest.approx(balanced_accuracy_score(y_true, y_pred), abs=1e-9)


@pytest.mark.parametrize("metric", ["macro_f1", "macro_recall"])
def test_bootstrap_intervals_of_the_new_metrics_cover_the_point_estimate(
    fixture_benchmarks: dict[str, Benchmark], metric: str
) -> None:
    benchmark = with_primary(fixture_benchmarks["tiny-sentiment"], metric, ["negative", "positive"])
    rng = np.random.default_rng(2)
    y_true = list(rng.choice(LABELS, size=300))
    y_pred = [t if rng.random() < 0.7 else str(rng.choice(LABELS)) for t in y_true]
    ids = [f"s{i}" for i in range(len(y_true))]
    result = get_task_type("classification").score(
        benchmark, pd.DataFrame({"id": ids, "label": y_true}, index=ids),
        pd.DataFrame({"id": ids, "label": y_pred}, index=ids))
    replicates = bootstrap_replicates(result.features, result.statistic, seed=7)
    low, high = percentile_interval(replicates)
    assert low < result.metrics[metric] < high
    assert high - low < 0.2


def test_codes_and_features_equal_their_definitions_on_random_labels() -> None:
    """Each distinct value is looked up once and the one-hot features are set by index: the same
    arrays as mapping every value (``label_mapping``) and comparing every code with every class."""
    from leaderboard.scorers.classification import _features, label_codes, label_mapping, predicted_codes

    rng = np.random.default_rng(17)
    outputs = [*LABELS, "NEUTRAL", " positive", "1", "LABEL_2", "", "pos", "negative\ufe0f"]
    for _ in range(200):
        n = int(rng.integers(0, 30))
        values = pd.Series([str(v) for v in rng.choice(outputs, size=n)], dtype=object)
        mapping = label_mapping(values.unique(), LABELS)
        expected = label_codes(values.map(lambda v, m=mapping: m.get(v, v)), LABELS)
        codes = predicted_codes(values, LABELS)
        assert codes.dtype == expected.dtype and codes.tolist() == expected.tolist()
        true_codes = label_codes(pd.Series([str(v) for v in rng.choice([*LABELS, "x"], size=n)]), LABELS)
        classes = np.arange(len(LABELS))
        is_true = (true_codes[:, None] == classes[None, :]).astype(float)
        is_pred = (codes[:, None] == classes[None, :]).astype(float)
        features, _ = _features(true_codes, codes, len(LABELS), "macro_f1", classes)
        definition = np.hstack([is_true * is_pred, is_true, is_pred])
        assert features.shape == definition.shape and features.tobytes() == definition.tobytes()
