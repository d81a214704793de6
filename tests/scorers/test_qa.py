from __future__ import annotations

import random
import string
from pathlib import Path

import pandas as pd
import pytest
from rouge_score import rouge_scorer
from rouge_score import tokenize as rouge_tokenize

from leaderboard.benchmarks import Benchmark, load_benchmark
from leaderboard.scorers import get_task_type
from leaderboard.scorers.qa import (
    exact_match,
    gold_answers_for_scoring,
    normalize_answer,
    rouge_l,
    rouge_tokens,
    score_answers,
    token_f1,
)
from leaderboard.validation import validate_predictions
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


# -- the fast paths (normalised once, own rouge tokenizer, rapidfuzz LCS) against the references ---

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "", " ", "\t\n \u00a0\u2003", "...", "?!", "a", "The", "an the a", "12%", "$4.2m", "3.14159", "x86-64",
    "ÄÖÜ straße", "ẞ", "İstanbul", "\u212a (Kelvin)", "Σίσυφος", "Русский текст", "北京 上海", "العربية",
    "हिन्दी", "😀 emoji", "e\u0301", "ﬁ ligature", "①②③", "Ⅻ", "０１２ fullwidth", "snake_case", "CamelCase",
    "don't", "co-op", "A.B.C.", "\x00\x07", "\\n", "'quoted'", '"double"', "(30)", "[x]", "naïve café",
]
PIECES = [*HOSTILE, "revenue", "rose", "revenue", "net", "income", "q3", "Q3", "delaware", "days", "30"]


def hostile_text(rng: random.Random, longest: int = 12) -> str:
    separators = [" ", "  ", "\t", "\n", "", ",", "-", "/", " . "]
    return "".join(rng.choice(PIECES) + rng.choice(separators) for _ in range(rng.randint(0, longest)))


def rouge_reference(answers: list[str], prediction: str, scorer: rouge_scorer.RougeScorer) -> float:
    """ROUGE-L as the scorer defines it on top of rouge-score: best gold; unanswerable as exact match."""
    values = []
    for answer in gold_answers_for_scoring(answers):
        if not official.normalize_answer(answer):
            values.append(float(not official.normalize_answer(prediction)))
        else:
            values.append(float(scorer.score(answer, prediction)["rougeL"].fmeasure))
    return max(values)


def test_rouge_tokens_equal_rouge_score_on_hostile_and_random_strings() -> None:
    reference = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    rng = random.Random(21)
    texts = HOSTILE + [hostile_text(rng, 40) for _ in range(1500)]
    texts += ["".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 60))) for _ in range(500)]
    for text in texts:
        assert rouge_tokens(text) == rouge_tokenize.tokenize(text, None) == reference._tokenizer.tokenize(text)


def test_rouge_l_equals_rouge_score_exactly_on_hostile_random_and_long_strings() -> None:
    reference = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    rng = random.Random(23)
    small = ["aa", "ab", "ba", "bb", "a", "b"]  # few distinct tokens: long, repetitive common subsequences
    for trial in range(1200):
        if trial % 4 == 0:  # beyond 64 (and 128) tokens: rapidfuzz's multi-word bit-parallel path
            target = " ".join(rng.choices(small, k=rng.randint(60, 200)))
            prediction = " ".join(rng.choices(small, k=rng.randint(0, 200)))
        else:
            target, prediction = hostile_text(rng), hostile_text(rng)
        assert rouge_l(target, prediction) == rouge_reference([target], prediction, reference)


def test_score_answers_equals_the_references_exactly_on_random_questions() -> None:
    reference = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    rng = random.Random(29)
    gold = [[hostile_text(rng, 6) for _ in range(rng.randint(0, 3))] for _ in range(800)]
    predictions = [rng.choice([*answers, hostile_text(rng, 6)]) if answers else hostile_text(rng, 3)
                   for answers in gold]
    per_item = score_answers(pd.Series(gold), pd.Series(predictions))
    for i, (answers, prediction) in enumerate(zip(gold, predictions, strict=True)):
        exact, f1 = official.get_raw_scores_for_question(answers, prediction)
        assert per_item["exact_match"][i] == exact
        assert per_item["token_f1"][i] == f1
        assert per_item["rouge_l"][i] == rouge_reference(answers, prediction, reference)
        assert per_item["answer_length"][i] == len(prediction.split())


@pytest.mark.parametrize("benchmark_id", ["contract-qa", "earnings-qa", "hr-policies-chat", "it-helpdesk-chat"])
def test_shipped_answers_score_exactly_as_the_references(benchmark_id: str) -> None:
    """The shipped gold against the shipped baseline, gold itself, and gold with case and punctuation."""
    reference = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    benchmark = load_benchmark(ROOT / "benchmarks" / benchmark_id)
    gold = benchmark.gold_table().frame.set_index("id", drop=False)
    path = ROOT / "submissions" / "baseline-overlap" / f"{benchmark_id}.csv"
    table, _ = validate_predictions(benchmark, path, path.name)
    assert table is not None
    baseline = table.frame.set_index("id", drop=False).reindex(gold.index)["answer"].astype(str)
    firsts = [a[0] if a else "" for a in gold["answers"]]
    for predictions in (list(baseline), firsts, [f"The {a.upper()}!" for a in firsts]):
        per_item = score_answers(gold["answers"], pd.Series(predictions, index=gold.index),
                                 get_task_type(benchmark.spec.task_type).prepare_gold(benchmark, gold))
        for i, (answers, prediction) in enumerate(zip(gold["answers"], predictions, strict=True)):
            exact, f1 = official.get_raw_scores_for_question(answers, prediction)
            assert (per_item["exact_match"][i], per_item["token_f1"][i]) == (exact, f1)
            assert per_item["rouge_l"][i] == rouge_reference(answers, prediction, reference)


def test_scoring_does_not_import_rouge_score() -> None:
    """rouge-score imports nltk and scipy (seconds per process): only these tests may need it."""
    import subprocess
    import sys

    code = ("import sys; from leaderboard.scorers import get_task_type; t = get_task_type('chatbot'); t.warm_up(); "
            "from leaderboard.scorers.qa import rouge_l; rouge_l('a b', 'b'); "
            "print(sorted(m for m in ('rouge_score', 'nltk', 'scipy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
