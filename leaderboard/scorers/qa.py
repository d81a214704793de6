"""Shared question-answering metrics: the SQuAD v2.0 definitions and ROUGE-L.

Exact match and token F1 follow the official SQuAD v2.0 evaluation script: answers are normalised
(lowercase, punctuation removed, the articles a/an/the dropped, whitespace collapsed), and a
prediction is compared with every gold answer, keeping the best. A question with no gold answer is
unanswerable: only an answer that normalises to nothing scores 1 on it. ROUGE-L is Google's
``rouge-score`` F-measure (``score(target, prediction)``), maximised over gold answers; it is
undefined for unanswerable questions, where we apply the same rule as exact match.
"""

from __future__ import annotations

import collections
import functools
import re
import string
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from leaderboard.errors import LeaderboardError
from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric, Task, TaskScore, grouped_value_problems
from leaderboard.tables import Table

_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)


@functools.lru_cache(maxsize=1 << 18)
def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lower, drop punctuation, drop articles, collapse whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def answer_tokens(text: str) -> list[str]:
    return normalize_answer(text).split() if text else []


# The per-pair functions are pure and the same (gold, answer) pairs recur across submissions
# (many models give the exact gold span), so they are memoised.
@functools.lru_cache(maxsize=1 << 18)
def exact_match(gold: str, prediction: str) -> float:
    return float(normalize_answer(gold) == normalize_answer(prediction))


@functools.lru_cache(maxsize=1 << 18)
def token_f1(gold: str, prediction: str) -> float:
    gold_tokens, prediction_tokens = answer_tokens(gold), answer_tokens(prediction)
    if not gold_tokens or not prediction_tokens:
        return float(gold_tokens == prediction_tokens)
    common = collections.Counter(gold_tokens) & collections.Counter(prediction_tokens)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(prediction_tokens), same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def gold_answers_for_scoring(answers: Sequence[str]) -> list[str]:
    """Gold answers that normalise to something; ``[""]`` marks an unanswerable question."""
    kept = [answer for answer in answers if normalize_answer(answer)]
    return kept or [""]


@functools.cache
def _rouge_scorer() -> Any:
    # Imported on first use: rouge-score imports nltk, which costs over a second at start-up.
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)


def clear_memos() -> None:
    """Forget memoised pairs (for measurements that must start cold)."""
    for function in (normalize_answer, exact_match, token_f1, rouge_l):
        function.cache_clear()


@functools.lru_cache(maxsize=1 << 18)
def rouge_l(gold: str, prediction: str) -> float:
    if not normalize_answer(gold):
        return float(not normalize_answer(prediction))
    return float(_rouge_scorer().score(gold, prediction)["rougeL"].fmeasure)


def score_answers(gold: pd.Series, predictions: pd.Series) -> dict[str, np.ndarray]:
    """Per-item exact match, token F1, ROUGE-L and answer length (whitespace tokens)."""
    n = len(gold)
    exact, f1, rouge, length = (np.zeros(n) for _ in range(4))
    for i, (answers, prediction) in enumerate(zip(gold, predictions, strict=True)):
        prediction = str(prediction)
        candidates = gold_answers_for_scoring(answers)
        exact[i] = max(exact_match(a, prediction) for a in candidates)
        f1[i] = max(token_f1(a, prediction) for a in candidates)
        rouge[i] = max(rouge_l(a, prediction) for a in candidates)
        length[i] = len(prediction.split())
    return {"exact_match": exact, "token_f1": f1, "rouge_l": rouge, "answer_length": length}


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

    def warm_up(self) -> None:
        _rouge_scorer()  # rouge-score imports nltk and scipy: seconds, once per process

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        per_item = score_answers(gold["answers"], predictions["answer"])
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
