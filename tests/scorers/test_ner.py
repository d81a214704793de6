from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from seqeval.metrics import f1_score
from seqeval.scheme import IOB2

from leaderboard.benchmarks import Benchmark
from leaderboard.scorers import get_task_type


def score(benchmark: Benchmark, y_true: list[list[str]], y_pred: list[list[str]]) -> dict[str, float]:
    ids = [f"n{i}" for i in range(len(y_true))]
    gold = pd.DataFrame({"id": ids, "tags": y_true}, index=ids)
    predictions = pd.DataFrame({"id": ids, "tags": y_pred}, index=ids)
    result = get_task_type("ner").score(benchmark, gold, predictions)
    primary = result.statistic(np.ones((1, len(ids))) @ result.features)[0]
    assert primary == pytest.approx(result.metrics["f1"], abs=1e-12)
    return result.metrics


@pytest.mark.parametrize(
    ("gold", "predicted", "f1", "strict_f1"),
    [
        # conlleval: I- after O opens a chunk, so I-ORG I-ORG equals B-ORG I-ORG in default mode
        (["B-ORG", "I-ORG", "O"], ["I-ORG", "I-ORG", "O"], 1.0, 0.0),
        # B-X I-Y splits into two chunks: ORG(0) and PER(1); neither matches ORG(0..1)
        (["B-ORG", "I-ORG"], ["B-ORG", "I-PER"], 0.0, 0.0),
        (["B-PER", "O", "B-ORG"], ["B-PER", "O", "O"], 2 / 3, 2 / 3),
        (["O", "O"], ["O", "O"], 0.0, 0.0),  # no entities anywhere: zero_division=0
        (["B-ORG", "O"], ["O", "O"], 0.0, 0.0),
    ],
)
def test_hand_computed_chunk_rules(
    fixture_benchmarks: dict[str, Benchmark], gold: list[str], predicted: list[str], f1: float, strict_f1: float
) -> None:
    metrics = score(fixture_benchmarks["tiny-ner"], [gold], [predicted])
    assert metrics["f1"] == pytest.approx(f1)
    assert metrics["strict_f1"] == pytest.approx(strict_f1)


TAGS = ["O", "O", "O", "B-ORG", "I-ORG", "B-PER", "I-PER"]


def test_randomised_against_seqeval(fixture_benchmarks: dict[str, Benchmark]) -> None:
    rng = np.random.default_rng(5)
    benchmark = fixture_benchmarks["tiny-ner"]
    for _ in range(300):
        lengths = rng.integers(1, 12, size=int(rng.integers(1, 8)))
        y_true = [list(rng.choice(TAGS, size=n)) for n in lengths]
        y_pred = [list(rng.choice(TAGS, size=n)) for n in lengths]
        metrics = score(benchmark, y_true, y_pred)
        assert metrics["f1"] == pytest.approx(f1_score(y_true, y_pred, zero_division=0), abs=1e-9)
        assert metrics["strict_f1"] == pytest.approx(
            f1_score(y_true, y_pred, mode="strict", scheme=IOB2, zero_division=0), abs=1e-9)


def test_breakdown_lists_every_entity_type(fixture_benchmarks: dict[str, Benchmark]) -> None:
    ids = ["a"]
    frame = pd.DataFrame({"id": ids, "tags": [["B-ORG", "O"]]}, index=ids)
    result = get_task_type("ner").score(fixture_benchmarks["tiny-ner"], frame, frame)
    assert result.breakdown == {
        "ORG": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1.0},
        "PER": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0.0},
    }
