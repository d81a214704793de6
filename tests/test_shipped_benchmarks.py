"""The shipped benchmarks: consistent gold and the floors the project promises."""

from __future__ import annotations

import collections

import pytest

from leaderboard.benchmarks import Benchmark, check_benchmark
from leaderboard.repository import Repository
from leaderboard.scorers import TASK_TYPES
from tests.conftest import PROJECT_ROOT

SHIPPED = Repository(PROJECT_ROOT).benchmarks


def test_every_task_type_has_at_least_two_benchmarks_and_none_is_broken() -> None:
    counts = collections.Counter(b.task.name for b in SHIPPED.values())
    assert {name: counts[name] for name in TASK_TYPES if counts[name] < 2} == {}
    assert Repository(PROJECT_ROOT).broken_benchmarks == {}


@pytest.mark.parametrize("benchmark", SHIPPED.values(), ids=list(SHIPPED))
def test_consistent(benchmark: Benchmark) -> None:
    """Gold consistent with eval, a licence and a source declared, gold shipped only when public."""
    assert check_benchmark(benchmark) == []
    assert benchmark.spec.license.strip() and benchmark.spec.source.strip()
    assert (benchmark.data_file("gold") is not None) == (benchmark.spec.gold == "public")
    text = (benchmark.root / "benchmark.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/benchmark.schema.json\n")


def by_task(name: str) -> list[Benchmark]:
    return [b for b in SHIPPED.values() if b.task.name == name]


@pytest.mark.parametrize("benchmark", by_task("classification"), ids=lambda b: b.id)
def test_classification_floors(benchmark: Benchmark) -> None:
    assert benchmark.n_items >= 400
    assert benchmark.train_table is not None and len(benchmark.train_table) >= 200
    labels = benchmark.spec.labels or []
    assert len(labels) >= 3
    shares = benchmark.gold_table().frame["label"].value_counts(normalize=True)
    assert set(shares.index) == set(labels)  # every label occurs
    assert shares.max() / shares.min() >= 1.5  # realistic imbalance, not uniform
    texts = list(benchmark.eval_table.frame["text"]) + list(benchmark.train_table.frame["text"])
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("benchmark", by_task("ner"), ids=lambda b: b.id)
def test_ner_floors(benchmark: Benchmark) -> None:
    assert benchmark.n_items >= 250
    assert len(benchmark.spec.entity_types or []) >= 4
    tags = [t for row in benchmark.gold_table().frame["tags"] for t in row]
    used = {t[2:] for t in tags if t.startswith("B-")}
    assert used == set(benchmark.spec.entity_types or [])


@pytest.mark.parametrize("benchmark", by_task("chatbot"), ids=lambda b: b.id)
def test_chatbot_floors(benchmark: Benchmark) -> None:
    assert benchmark.n_items >= 120
    assert len(benchmark.documents) >= 25
    gold = benchmark.gold_table().frame
    answerable = gold[gold["answers"].map(len) > 0]
    assert (answerable["sources"].map(len) > 0).all()  # each gold answer records its sources
    assert (answerable["answers"].map(len) > 1).any()  # alternatives are allowed and used


@pytest.mark.parametrize("benchmark", by_task("prompting"), ids=lambda b: b.id)
def test_prompting_floors(benchmark: Benchmark) -> None:
    assert benchmark.n_items >= 120
    assert len(benchmark.documents) >= 30
    assert set(benchmark.eval_table.frame["document_id"]) <= set(benchmark.documents)
