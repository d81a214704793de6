from __future__ import annotations

import random
import string

import pandas as pd
import pytest
from rouge_score import rouge_scorer

from leaderboard.benchmarks import Benchmark
from leaderboard.scorers import get_task_type
from leaderboard.scorers.qa import exact_match, normalize_answer, rouge_l, score_answers, token_f1
from tests.scorers import squad_v2_official as official


@pytest.mark.parametrize(
    ("gold", "prediction", "em", "f1"),
    [
        ("the State of Delaware", "Delaware", 0.0, 0.5),  # "state of delaware" vs "delaware": P=1, R=1/3
        ("$75 per day", "75 per day", 1.0, 1.0),  # punctuation is dropped
        ("The Board", "board", 1.0, 1.0),  # articles and case
        ("25 days", "twenty-five days", 0.0, 0.5),
        ("", "", 1.0, 1.0),  # unanswerable, answered with nothing
        ("", "no answer", 0.0, 0.0),
        ("...", "", 1.0, 1.0),  # punctuation-only gold normalises to nothing
        ("Zürich AG", "zürich ag", 1.0, 1.0),  # Unicode lowercases
        ("北京 office", "北京", 0.0, 2 / 3),
    ],
)
def test_hand_computed_squad_cases(gold: str, prediction: str, em: float, f1: float) -> None:
    assert exact_match(gold, prediction) == em
    assert token_f1(gold, prediction) == pytest.approx(f1, abs=1e-12)


def test_max_over_gold_answers_and_unanswerable() -> None:
    per_item = score_answers(
        pd.Series([["State of Delaware", "Delaware"], [], ["..."]]),
        pd.Series(["Delaware", "", "anything"]),
    )
    assert list(per_item["exact_match"]) == [1.0, 1.0, 0.0]
    assert list(per_item["token_f1"]) == [1.0, 1.0, 0.0]
    assert list(per_item["answer_length"]) == [1.0, 0.0, 1.0]


WORDS = ["the", "a", "an", "revenue", "rose", "12%", "$4.2", "million", "Q3", "Delaware", "days",
         "thirty", "(30)", "café", "Zürich", "net-income", "A", "The", "...", ",", "Inc."]


def random_answer(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6))) + rng.choice(["", ".", "!", " "])


def test_randomised_against_official_squad_v2() -> None:
    rng = random.Random(7)
    for _ in range(600):
        answers = [random_answer(rng) for _ in range(rng.randint(0, 3))]
        prediction = random_answer(rng)
        per_item = score_answers(pd.Series([answers]), pd.Series([prediction]))
        exact, f1 = official.get_raw_scores_for_question(answers, prediction)
        assert per_item["exact_match"][0] == pytest.approx(exact, abs=1e-9)
        assert per_item["token_f1"][0] == pytest.approx(f1, abs=1e-9)
        assert normalize_answer(prediction) == official.normalize_answer(prediction)


def test_randomised_rouge_l_against_rouge_score() -> None:
    reference = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    rng = random.Random(11)
    letters = string.ascii_lowercase[:6]
    for _ in range(400):
        target = " ".join("".join(rng.choices(letters, k=2)) for _ in range(rng.randint(1, 8)))
        prediction = " ".join("".join(rng.choices(letters, k=2)) for _ in range(rng.randint(0, 8)))
        expected = reference.score(target, prediction)["rougeL"].fmeasure  # (target, prediction)
        assert rouge_l(target, prediction) == pytest.approx(expected, abs=1e-9)


def test_chatbot_source_metrics(fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks["tiny-chat"]
    gold = benchmark.gold_table().frame.set_index("id", drop=False)
    predictions = pd.DataFrame(
        {"id": gold.index, "answer": ["$75", "25", "every 36 months", ""],
         "sources": [["travel"], [], ["laptops", "leave", "travel"], []]},
        index=gold.index,
    )
    metrics = get_task_type("chatbot").score(benchmark, gold, predictions).metrics
    assert metrics["source_recall"] == pytest.approx((1 + 0 + 1) / 3)
    assert metrics["source_precision"] == pytest.approx((1 + 0 + 1 / 3) / 3)
    assert metrics["exact_match"] == pytest.approx(3 / 4)  # c2 "25" vs "25 days" is not exact
    assert metrics["token_f1"] == pytest.approx((1 + 2 / 3 + 1 + 1) / 4)
