"""Properties every registered task type must have (sklearn's test_common in spirit)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import UnknownNameError
from leaderboard.scorers import TASK_TYPES, get_task_type
from leaderboard.tables import Table

FIXTURE_FOR_TASK = {
    "classification": "tiny-sentiment",
    "ner": "tiny-ner",
    "chatbot": "tiny-chat",
    "prompting": "tiny-docqa",
}


def perfect_classification(gold: pd.DataFrame) -> pd.DataFrame:
    return gold[["id", "label"]].copy()


def perfect_ner(gold: pd.DataFrame) -> pd.DataFrame:
    return gold[["id", "tags"]].copy()


def perfect_qa(gold: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({"id": gold["id"], "answer": [a[0] if a else "" for a in gold["answers"]]})
    if "sources" in gold.columns:
        frame["sources"] = gold["sources"]
    return frame


PERFECT: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "classification": perfect_classification,
    "ner": perfect_ner,
    "chatbot": perfect_qa,
    "prompting": perfect_qa,
}


def test_every_task_type_is_covered_here() -> None:
    assert set(PERFECT) == set(TASK_TYPES) == set(FIXTURE_FOR_TASK)


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_metrics_are_declared(name: str) -> None:
    task = TASK_TYPES[name]
    names = [m.name for m in task.metrics]
    assert len(names) == len(set(names))
    assert set(task.primary_metric_choices) <= set(names)
    for primary in task.primary_metric_choices:
        assert task.metric(primary).greater_is_better is True
    assert task.version and task.title and task.prediction_columns[0] == "id"


def gold_frame(benchmark: Benchmark) -> pd.DataFrame:
    return benchmark.gold_table().frame.set_index("id", drop=False)


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_perfect_prediction_scores_one(name: str, fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks[FIXTURE_FOR_TASK[name]]
    gold = gold_frame(benchmark)
    result = TASK_TYPES[name].score(benchmark, gold, PERFECT[name](gold).set_index("id", drop=False))
    for metric in TASK_TYPES[name].metrics:
        if metric.greater_is_better and metric.name in result.metrics:
            assert result.metrics[metric.name] == pytest.approx(1.0), metric.name
        elif metric.greater_is_better is False:
            assert result.metrics[metric.name] == pytest.approx(0.0), metric.name


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_row_order_does_not_matter(name: str, fixture_benchmarks: dict[str, Benchmark]) -> None:
    """Ids, not row positions, align predictions with gold (validation reindexes by id)."""
    benchmark = fixture_benchmarks[FIXTURE_FOR_TASK[name]]
    gold = gold_frame(benchmark)
    predictions = PERFECT[name](gold)
    predictions.iloc[0] = predictions.iloc[-1]  # one item wrong, so order could matter
    predictions.iloc[0, 0] = gold.index[0]
    straight = predictions.set_index("id", drop=False).reindex(gold.index)
    shuffled = predictions.sample(frac=1, random_state=1).set_index("id", drop=False).reindex(gold.index)
    first = TASK_TYPES[name].score(benchmark, gold, straight)
    second = TASK_TYPES[name].score(benchmark, gold, shuffled)
    assert first.metrics == second.metrics
    np.testing.assert_array_equal(first.features, second.features)


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_scoring_a_table_equals_scoring_its_rows_realigned(name: str, fixture_benchmarks: dict[str, Benchmark]) -> None:
    """``score_table`` (which may reuse what validation derived from the table) equals
    ``score_prepared`` of the table's frame realigned to gold, in any row order."""
    benchmark = fixture_benchmarks[FIXTURE_FOR_TASK[name]]
    task = TASK_TYPES[name]
    gold = gold_frame(benchmark)
    prepared = task.prepare_gold(benchmark, gold)
    predictions = PERFECT[name](gold)
    predictions.iloc[0] = predictions.iloc[-1]
    predictions.iloc[0, 0] = gold.index[0]
    for frame in (predictions, predictions.sample(frac=1, random_state=2)):
        frame = frame.reset_index(drop=True)
        table = Table("p.csv", frame, np.arange(2, len(frame) + 2))
        aligned = frame.set_index("id", drop=False).reindex(gold.index)
        expected = task.score_prepared(benchmark, gold, aligned, prepared)
        result = task.score_table(benchmark, gold, table, prepared)
        assert result.metrics == expected.metrics and result.breakdown == expected.breakdown
        np.testing.assert_array_equal(result.features, expected.features)


@pytest.mark.parametrize("name", sorted(TASK_TYPES))
def test_statistic_reproduces_the_primary_metric(name: str, fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks[FIXTURE_FOR_TASK[name]]
    gold = gold_frame(benchmark)
    predictions = PERFECT[name](gold)
    predictions.iloc[0] = predictions.iloc[-1]
    predictions.iloc[0, 0] = gold.index[0]
    result = TASK_TYPES[name].score(benchmark, gold, predictions.set_index("id", drop=False))
    full_sample = np.ones((1, len(gold))) @ result.features
    assert result.statistic(full_sample)[0] == pytest.approx(result.metrics[benchmark.spec.primary_metric])


def test_unknown_task_type_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError) as caught:
        get_task_type("qa2")
    assert str(caught.value) == "'qa2' is not a known task type; known: chatbot, classification, ner, prompting"


@pytest.mark.parametrize(("alias", "name"), [("text_classification", "classification"),
                                             ("named_entity_recognition", "ner"), ("NER", "ner")])
def test_long_names_are_accepted(alias: str, name: str) -> None:
    assert get_task_type(alias).name == name
