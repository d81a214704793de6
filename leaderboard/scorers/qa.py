"""Shared question-answering metrics: the SQuAD v2.0 definitions and ROUGE-L.

Exact match and token F1 follow the official SQuAD v2.0 evaluation script: answers are normalised
(lowercase, punctuation removed, the articles a/an/the dropped, whitespace collapsed), and a
prediction is compared with every gold answer, keeping the best. A question with no gold answer is
unanswerable: only an answer that normalises to nothing scores 1 on it. ROUGE-L is Google's
``rouge-score`` F-measure (``score(target, prediction)``), maximised over gold answers; it is
undefined for unanswerable questions, where we apply the same rule as exact match.

Gold answers are normalised once per benchmark (``prepare_gold``) and each predicted answer once.
ROUGE-L reproduces rouge-score's tokenizer and F-measure and takes the LCS from rapidfuzz, so
rouge-score (which imports nltk and scipy: seconds per process) is needed only by the tests
that prove the numbers equal.
"""

from __future__ import annotations

import collections
import functools
import re
import string
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz.distance import LCSseq

from leaderboard.errors import LeaderboardError
from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric, Task, TaskScore, grouped_value_problems
from leaderboard.tables import Table

_DROP_PUNCTUATION = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
# rouge-score's default tokenizer (no stemmer) lowercases, turns every run of characters outside
# [a-z0-9] into a space, splits on whitespace and keeps the non-empty [a-z0-9]+ pieces: exactly the
# maximal runs of [a-z0-9] in the lowercased text (non-Latin scripts leave no token at all).
_ROUGE_TOKEN = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=1 << 18)
def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lower, drop punctuation, drop articles, collapse whitespace."""
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_DROP_PUNCTUATION)).split())


def answer_tokens(text: str) -> list[str]:
    return normalize_answer(text).split() if text else []


def rouge_tokens(text: str) -> list[str]:
    """The tokens rouge-score's ``RougeScorer(["rougeL"], use_stemmer=False)`` compares."""
    return _ROUGE_TOKEN.findall(text.lower())


class Answer(NamedTuple):
    """An answer normalised once: SQuAD tokens and rouge-score tokens (a tuple: cheap to make)."""

    normalized: str
    tokens: list[str]  # SQuAD tokens (the normalised answer split on whitespace)
    rouge: list[str]  # rouge-score tokens of the raw answer

    @classmethod
    def of(cls, text: str) -> Answer:
        normalized = normalize_answer(text)
        return cls(normalized, normalized.split(), rouge_tokens(text))


class GoldAnswer(NamedTuple):
    """A gold answer normalised once, with its rouge tokens as small integers for the LCS."""

    text: str
    normalized: str
    tokens: list[str]
    rouge: list[str]
    counts: collections.Counter[str]
    rouge_index: dict[str, int]  # token -> code, for this answer only
    rouge_codes: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> GoldAnswer:
        normalized, tokens, rouge = Answer.of(text)
        index: dict[str, int] = {}
        codes = tuple(index.setdefault(token, len(index)) for token in rouge)
        return cls(text, normalized, tokens, rouge, collections.Counter(tokens), index, codes)


def exact_match(gold: str, prediction: str) -> float:
    return _exact(GoldAnswer.of(gold), Answer.of(prediction))


def token_f1(gold: str, prediction: str) -> float:
    return _token_f1(GoldAnswer.of(gold), Answer.of(prediction))


def rouge_l(gold: str, prediction: str) -> float:
    return _rouge_l(GoldAnswer.of(gold), Answer.of(prediction))


def _exact(gold: GoldAnswer, prediction: Answer) -> float:
    return float(gold.normalized == prediction.normalized)


def _token_f1(gold: GoldAnswer, prediction: Answer) -> float:
    """SQuAD v2.0 ``compute_f1``, with the same arithmetic in the same order."""
    if not gold.tokens or not prediction.tokens:
        return float(gold.tokens == prediction.tokens)
    if gold.tokens == prediction.tokens:
        same = len(gold.tokens)
    else:
        same = sum((gold.counts & collections.Counter(prediction.tokens)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(prediction.tokens), same / len(gold.tokens)
    return 2 * precision * recall / (precision + recall)


def _rouge_l(gold: GoldAnswer, prediction: Answer) -> float:
    """rouge-score's ROUGE-L F-measure ``score(gold, prediction)``, with its arithmetic.

    The LCS is rapidfuzz's on the tokens mapped to small integers through this gold answer's own
    token index (a token it lacks becomes -1, which matches nothing), so equal codes mean equal
    strings: hashing strings could make two different tokens equal. An unanswerable question
    (gold normalising to nothing) follows the exact-match rule.
    """
    if not gold.normalized:
        return float(not prediction.normalized)
    if not gold.rouge or not prediction.rouge:
        return 0.0
    lcs = LCSseq.similarity(gold.rouge_codes, [gold.rouge_index.get(t, -1) for t in prediction.rouge])
    precision, recall = lcs / len(prediction.rouge), lcs / len(gold.rouge)
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def gold_answers_for_scoring(answers: Sequence[str]) -> list[str]:
    """Gold answers that normalise to something; ``[""]`` marks an unanswerable question."""
    kept = [answer for answer in answers if normalize_answer(answer)]
    return kept or [""]


def prepare_answers(gold: Iterable[Sequence[str]]) -> list[tuple[GoldAnswer, ...]]:
    """Every question's scoring candidates, normalised once per benchmark."""
    return [tuple(GoldAnswer.of(a) for a in gold_answers_for_scoring(answers)) for answers in gold]


def clear_memos() -> None:
    """Forget memoised normalisations (for measurements that must start cold)."""
    normalize_answer.cache_clear()


def score_answers(
    gold: pd.Series, predictions: pd.Series, prepared: Sequence[tuple[GoldAnswer, ...]] | None = None
) -> dict[str, np.ndarray]:
    """Per-item exact match, token F1, ROUGE-L and answer length (whitespace tokens).

    ``prepared`` is ``prepare_answers(gold)``, when already computed; each prediction is
    normalised once and compared with every candidate, keeping the best of each metric.
    """
    candidates_of = prepare_answers(gold) if prepared is None else prepared
    exact, f1, rouge, length = [], [], [], []
    for candidates, value in zip(candidates_of, predictions.tolist(), strict=True):  # a list iterates faster
        text = str(value)
        length.append(len(text.split()))
        if _is_a_gold_answer(text, candidates):
            exact.append(1.0)
            f1.append(1.0)
            rouge.append(1.0)
            continue
        prediction = Answer.of(text)
        if len(candidates) == 1:
            (answer,) = candidates
            exact.append(_exact(answer, prediction))
            f1.append(_token_f1(answer, prediction))
            rouge.append(_rouge_l(answer, prediction))
        else:
            exact.append(max(_exact(a, prediction) for a in candidates))
            f1.append(max(_token_f1(a, prediction) for a in candidates))
            rouge.append(max(_rouge_l(a, prediction) for a in candidates))
    return {name: np.asarray(values, dtype=float) for name, values in
            (("exact_match", exact), ("token_f1", f1), ("rouge_l", rouge), ("answer_length", length))}


def _is_a_gold_answer(text: str, candidates: tuple[GoldAnswer, ...]) -> bool:
    """A prediction that is literally a gold answer with rouge tokens scores 1 on all three (each
    metric's maximum, which the formulas give exactly): the common case needs no comparison."""
    return any(answer.text == text and answer.rouge for answer in candidates)


QA_METRICS: tuple[Metric, ...] = (
    Metric("token_f1", "Token F1", True,
           "SQuAD v2.0 token F1 between the normalised answer and the best-matching gold answer, "
           "averaged over questions."),
    Metric("exact_match", "Exact match", True,
           "Share of questions whose normalised answer equals a normalised gold answer (SQuAD v2.0)."),
    Metric("rouge_l", "ROUGE-L", True,
           "ROUGE-L F-measure (Google rouge-score, no stemming) against the best gold answer."),
    Metric("answer_length", "Answer length", None,
           "Mean number of whitespace-separated tokens per answer (descriptive, not ranked).",
           is_rate=False),
)


class QuestionAnswering(Task):
    """Behaviour shared by the chatbot and prompting task types."""

    gold_columns = ("id", "answers")
    prediction_columns = ("id", "answer")
    list_columns: ClassVar[dict[str, str | None]] = {"answers": "\n", "sources": ";"}
    primary_metric_choices = ("token_f1",)

    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        """Empty answers are legitimate (the right answer to an unanswerable question), so only a
        file with many more empty answers than the benchmark has unanswerable questions, which
        suggests a mis-filled column, gets a warning (issue 13: SQuAD v2.0's own oracle leaves
        50.07% empty and must not be warned about)."""
        empty = (predictions.frame["answer"].astype(str).str.strip() == "").to_numpy()
        if not len(empty) or empty.mean() <= 0.5:
            return []
        unanswerable = unanswerable_share(benchmark)
        # Warn when more than half of the answerable questions were left empty.
        threshold = 0.5 if unanswerable is None else unanswerable + (1 - unanswerable) / 2
        if empty.mean() <= threshold:
            return []
        first = int(np.flatnonzero(empty)[0])
        known = ("" if unanswerable is None else
                 f", while {unanswerable:.0%} of this benchmark's questions are unanswerable")
        return [Problem(
            predictions.path, predictions.line_of(first),
            f"{int(empty.sum())} of {len(empty)} answers are empty{known}; an empty answer scores 1 "
            "only on an unanswerable question: is the 'answer' column filled in?",
            "warning", "empty-answer",
        )]

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        problems = []
        rows = zip(gold.frame["id"], gold.frame["answers"], strict=True)
        for row, (item_id, answers) in enumerate(rows):
            for answer in answers:
                if not any(answer in text for text in self.answer_contexts(benchmark, gold, row)):
                    message = f"'{item_id}': answer '{answer}' does not occur in its document(s)"
                    problems.append(Problem(gold.path, gold.line_of(row), message))
        return problems

    def answer_contexts(self, benchmark: BenchmarkData, gold: Table, row: int) -> list[str]:
        """Texts a gold answer of ``row`` must occur in (extractive answers)."""
        raise NotImplementedError

    def prepare_gold(self, benchmark: BenchmarkData, gold: pd.DataFrame) -> list[tuple[GoldAnswer, ...]]:
        return prepare_answers(gold["answers"])

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        return self.score_prepared(benchmark, gold, predictions, self.prepare_gold(benchmark, gold))

    def score_prepared(
        self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame, prepared: Any
    ) -> TaskScore:
        per_item = score_answers(gold["answers"], predictions["answer"], prepared)
        metrics = {name: float(values.mean()) if len(values) else 0.0 for name, values in per_item.items()}
        features = np.column_stack([per_item["token_f1"], np.ones(len(gold))])
        return TaskScore(metrics, {}, features, _mean_from_sums)


def unanswerable_share(benchmark: BenchmarkData) -> float | None:
    """Share of the benchmark's questions without a gold answer; None when the gold is private
    (validation must not depend on it) or cannot be read."""
    if benchmark.spec.gold == "private":
        return None
    try:
        answers = benchmark.gold_table().frame["answers"]
    except (LeaderboardError, KeyError):
        return None
    if not len(answers):
        return None
    return float(np.mean([gold_answers_for_scoring(list(a)) == [""] for a in answers]))


def _mean_from_sums(sums: np.ndarray) -> np.ndarray:
    return np.asarray(sums[:, 0] / sums[:, 1])


def unknown_document_problems(table: Table, column: str, known: set[str], what: str) -> list[Problem]:
    """One problem per unknown document id named in ``column`` (a list or a plain id)."""
    values = table.frame[column]
    is_list = bool(len(values)) and isinstance(values.iloc[0], list)
    if is_list:
        bad = values.map(lambda ids: any(i not in known for i in ids))
        frame = pd.DataFrame({column: values.map(lambda ids: ";".join(i for i in ids if i not in known))})
        table = Table(table.path, frame, table.lines)
    else:
        bad = ~values.isin(known)
    return grouped_value_problems(
        table, column, bad, lambda value: f"unknown {what} '{value}'; it must name a file stem in documents/",
        code="unknown-document",
    )
