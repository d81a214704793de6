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
    normalise_answers,
    normalize_answer,
    prepare_answers,
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
                                 prepare_answers(gold["answers"]))
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


# -- the batched paths: facts they rest on, then equality with the references ---------------------


def test_the_facts_the_batched_normalisation_rests_on_hold_for_every_code_point() -> None:
    """``\\w`` is ``str.isalnum()`` or ``_`` (and ``_`` is punctuation), whitespace is never ``\\w``,
    lowercasing keeps the whitespace-separated words, only U+0000 encodes to a 0x00 byte and no
    other character's UTF-8 holds an ASCII byte."""
    import re
    import sys

    chars = "".join(map(chr, range(sys.maxunicode + 1)))  # surrogates too
    word = set(re.findall(r"\w", chars))
    assert "_" in string.punctuation and word == set(filter(str.isalnum, chars)) | {"_"}
    spaces = set(filter(str.isspace, chars))
    assert not spaces & word and all(space.lower() == space for space in spaces)
    others = [char for char in chars if char not in spaces]
    assert all(map(len, map(str.lower, others))) and not set(filter(str.isspace, "".join(map(str.lower, others))))
    assert min(chars[0x80:].encode("utf-8", "surrogatepass")) >= 0x80
    assert 0 not in chars[1:].encode("utf-8", "surrogatepass")


def reference_tokens(text: str) -> tuple[list[str], list[str], int]:
    return official.normalize_answer(text).split(), rouge_tokenize.tokenize(text, None), len(text.split())


@pytest.mark.parametrize("extra", ["", "\x00", "a\x00b The \x00"])
def test_normalise_answers_equals_the_official_normalisation_and_rouge_tokenizer(extra: str) -> None:
    """Batches of shipped-like, hostile, non-Latin, long and lone-surrogate texts, with and without a
    U+0000 among them (which makes the batch translate one text at a time)."""
    rng = random.Random(41)
    texts = [*HOSTILE, extra, "ΣΑΣ Σ σΣ ΣΑΣ.", "ὈΔΥΣΣΕΎΣ", "\u212a\u0130\u0049", "\ud800 lone \udfff", "a_b c_d"]
    texts += [hostile_text(rng, 40) for _ in range(600)]
    texts += [" ".join(rng.choices(["the", "a", "an", "x", "Y", "z9"], k=rng.randint(0, 90))) for _ in range(200)]
    texts += ["".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 60))) for _ in range(300)]
    rng.shuffle(texts)
    for batch in (texts, texts[:1], [extra], []):
        normalised = normalise_answers(batch)
        for text, tokens, rouge, length in zip(batch, *normalised, strict=True):
            assert (tokens, rouge, length) == reference_tokens(text), repr(text)
    for text in texts[:200]:
        assert normalize_answer(text) == official.normalize_answer(text)
        assert rouge_tokens(text) == rouge_tokenize.tokenize(text, None)


def random_questions(rng: random.Random, n: int, long: bool) -> tuple[list[list[str]], list[str]]:
    """Questions with 0-4 gold answers (repeated ones too) and predictions: literal gold answers,
    variants in case and punctuation, hostile texts, and (``long``) many repeated tokens."""
    small = ["aa", "ab", "the", "Ab", "b-c", "x"]

    def text() -> str:
        if long and rng.random() < 0.5:
            return " ".join(rng.choices(small, k=rng.randint(40, 150)))
        return hostile_text(rng, 6)

    gold = [[text() for _ in range(rng.randint(0, 3))] for _ in range(n)]
    gold = [answers + answers[:1] if rng.random() < 0.2 else answers for answers in gold]
    predictions = []
    for answers in gold:
        choice = rng.random()
        if answers and choice < 0.4:
            predictions.append(rng.choice(answers))
        elif answers and choice < 0.55:
            predictions.append("The " + rng.choice(answers).upper() + "!")
        else:
            predictions.append(text() if rng.random() < 0.9 else "")
    return gold, predictions


@pytest.mark.parametrize("long", [False, True])
def test_batched_scores_equal_the_references_and_the_per_pair_functions(long: bool) -> None:
    reference = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    rng = random.Random(43 + long)
    gold, predictions = random_questions(rng, 500, long)
    per_item = score_answers(pd.Series(gold), pd.Series(predictions))
    for i, (answers, prediction) in enumerate(zip(gold, predictions, strict=True)):
        exact, f1 = official.get_raw_scores_for_question(answers, prediction)
        rouge = rouge_reference(answers, prediction, reference)
        candidates = gold_answers_for_scoring(answers)
        assert per_item["exact_match"][i] == exact == max(exact_match(a, prediction) for a in candidates)
        assert per_item["token_f1"][i] == f1 == max(token_f1(a, prediction) for a in candidates)
        assert per_item["rouge_l"][i] == rouge == max(rouge_l(a, prediction) for a in candidates)
        assert per_item["answer_length"][i] == len(prediction.split())


def test_gold_prepared_once_scores_as_gold_prepared_per_call() -> None:
    rng = random.Random(47)
    gold, _ = random_questions(rng, 300, long=False)
    prepared = prepare_answers(gold)
    for _ in range(3):
        _, predictions = random_questions(rng, 300, long=False)
        fresh = score_answers(pd.Series(gold), pd.Series(predictions))
        again = score_answers(pd.Series(gold), pd.Series(predictions), prepared)
        assert all(fresh[name].tobytes() == again[name].tobytes() for name in fresh)


def reference_overlap(gold: list[list[str]], named: list[object]) -> tuple[list[float], list[float]]:
    recall, precision = [], []
    for gold_sources, named_sources in zip(gold, named, strict=True):
        gold_set = set(gold_sources)
        if gold_set:
            named_set = set(named_sources) if isinstance(named_sources, list) else set()
            hits = len(gold_set & named_set)
            recall.append(hits / len(gold_set))
            precision.append(hits / len(named_set) if named_set else 0.0)
    return recall, precision


@pytest.mark.parametrize("one_each", [False, True])
def test_source_overlap_equals_sets_per_question(one_each: bool) -> None:
    from leaderboard.scorers.chatbot import GoldSources, source_overlap

    rng = random.Random(53 + one_each)
    documents = ["leave", "travel", "laptops", "", "é", "a;b"]
    for _ in range(400):
        n = rng.randint(0, 12)
        if one_each:
            gold = [[rng.choice(documents)] for _ in range(n)]
            named: list[object] = [[rng.choice(documents)] for _ in range(n)]
        else:
            gold = [rng.choices(documents, k=rng.randint(0, 3)) for _ in range(n)]
            named = [rng.choices(documents, k=rng.randint(0, 4)) if rng.random() < 0.9 else float("nan")
                     for _ in range(n)]
        recall, precision = source_overlap(GoldSources.of(pd.Series(gold, dtype=object)), pd.Series(named, dtype=object))
        expected_recall, expected_precision = reference_overlap(gold, named)
        assert recall.tolist() == expected_recall and precision.tolist() == expected_precision


def test_unanswerable_share_is_the_share_without_a_gold_answer_that_normalises() -> None:
    import numpy as np

    from leaderboard.scorers.qa import unanswerable_share
    from leaderboard.tables import Table

    class Gold:  # what unanswerable_share reads of a benchmark
        def __init__(self, answers: list[list[str]]) -> None:
            self.spec = type("Spec", (), {"gold": "public"})()
            self.answers = answers

        def gold_table(self) -> Table:
            return Table("gold.jsonl", pd.DataFrame({"answers": self.answers}), np.arange(len(self.answers)))

    rng = random.Random(59)
    for _ in range(50):
        answers = [[rng.choice([*HOSTILE, "x", "the Board"]) for _ in range(rng.randint(0, 3))]
                   for _ in range(rng.randint(1, 30))]
        expected = float(np.mean([gold_answers_for_scoring(a) == [""] for a in answers]))
        benchmark = Gold(answers)
        assert unanswerable_share(benchmark) == expected == unanswerable_share(benchmark)
