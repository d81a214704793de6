"""Shared question-answering metrics: the SQuAD v2.0 definitions and ROUGE-L.

Exact match and token F1 follow the official SQuAD v2.0 evaluation script: answers are normalised
(lowercase, punctuation removed, the articles a/an/the dropped, whitespace collapsed), and a
prediction is compared with every gold answer, keeping the best. A question with no gold answer is
unanswerable: only an answer that normalises to nothing scores 1 on it. ROUGE-L is Google's
``rouge-score`` F-measure (``score(target, prediction)``), maximised over gold answers; it is
undefined for unanswerable questions, where we apply the same rule as exact match.

Gold answers are normalised once per benchmark (``prepare_gold``). A file's predictions are scored
together (issue 17): one comparison of arrays settles every prediction that is literally a gold
answer; the others are normalised as one batch and each metric is an array over the (gold answer,
prediction) pairs, with the float64 operations of the per-pair definitions (``token_f1``,
``rouge_l``, which the site uses). ROUGE-L reproduces rouge-score's tokenizer and F-measure and
takes the LCS from rapidfuzz, so rouge-score (which imports nltk and scipy: seconds per process)
is needed only by the tests that prove the numbers equal, on shipped, random and hostile text.
"""

from __future__ import annotations

import collections
import itertools
import operator
import re
import string
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from leaderboard.errors import LeaderboardError
from leaderboard.listcodes import lengths_of
from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric, Task, TaskScore, grouped_value_problems
from leaderboard.tables import Table

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_ARTICLE_WORDS = frozenset(("a", "an", "the"))
_ASCII_PUNCTUATION = string.punctuation.encode("ascii")
# rouge-score's default tokenizer (no stemmer) lowercases, turns every run of characters outside
# [a-z0-9] into a space, splits on whitespace and keeps the non-empty [a-z0-9]+ pieces: exactly the
# maximal runs of [a-z0-9] in the lowercased text (non-Latin scripts leave no token at all). On the
# UTF-8 bytes every byte outside [a-z0-9] becomes a space: a non-ASCII character's bytes are all
# >= 0x80, so it separates tokens just as the character does.
_ROUGE_KEEP = (string.ascii_lowercase + string.digits).encode("ascii")
_ROUGE_BYTES = bytes(byte if byte in _ROUGE_KEEP else 0x20 for byte in range(256))
_ROUGE_BYTES_KEEPING_NUL = b"\x00" + _ROUGE_BYTES[1:]  # for texts joined by U+0000
_MISSING_CODE = "\x00"  # the code of a token the gold answer lacks: no gold token has it (codes start at 1)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # every str encodes, lone surrogates too


def _drop_ascii_punctuation(utf8: bytes) -> str:
    """``string.punctuation`` deleted, on the UTF-8 bytes: no other character's encoding holds an
    ASCII byte."""
    return utf8.translate(None, _ASCII_PUNCTUATION).decode("utf-8", "surrogatepass")


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lower, drop punctuation, drop articles, collapse whitespace."""
    (tokens,), _ = _translated([text.lower()])
    return " ".join(tokens)


def answer_tokens(text: str) -> list[str]:
    return normalize_answer(text).split() if text else []


def rouge_tokens(text: str) -> list[str]:
    """The tokens rouge-score's ``RougeScorer(["rougeL"], use_stemmer=False)`` compares."""
    return _utf8(text.lower()).translate(_ROUGE_BYTES).decode("ascii").split()


class NormalisedAnswers(NamedTuple):
    """Answers normalised together, one entry per answer."""

    tokens: list[list[str]]  # SQuAD tokens: the normalised answer is them joined by spaces
    rouge: list[list[str]]  # rouge-score tokens
    lengths: list[int]  # whitespace-separated words of the answer (lowercasing keeps them, tested)

    def take(self, rows: Sequence[int]) -> NormalisedAnswers:
        return NormalisedAnswers([self.tokens[row] for row in rows], [self.rouge[row] for row in rows],
                                 [self.lengths[row] for row in rows])


def normalise_answers(texts: Sequence[str]) -> NormalisedAnswers:
    """The tokens of :func:`normalize_answer` and :func:`rouge_tokens` of every text (a ``str``).

    Most answers are plain: once lowercased, their words are ASCII letters and digits only. Then
    those words are rouge-score's tokens and, without the articles, SQuAD's. The others are
    normalised with :func:`_translated`. Each step maps a ``str`` method over all texts, which
    runs without a Python call per text.
    """
    lowered = list(map(str.lower, texts))
    words = list(map(str.split, lowered))
    concatenated = list(map("".join, words))
    plain = _flags(map(str.isascii, concatenated)) & _flags(map(str.isalnum, concatenated))
    tokens, rouge = list(words), list(words)
    for row in np.flatnonzero(plain & ~_flags(map(_ARTICLE_WORDS.isdisjoint, words))).tolist():
        tokens[row] = _without_articles(words[row])
    others = np.flatnonzero(~plain).tolist()
    for row, squad, rouge_score in zip(others, *_translated([lowered[row] for row in others]), strict=True):
        tokens[row], rouge[row] = squad, rouge_score
    return NormalisedAnswers(tokens, rouge, lengths_of(words).tolist())


def _without_articles(words: list[str]) -> list[str]:
    return [word for word in words if word not in _ARTICLE_WORDS]


def _translated(lowered: list[str]) -> tuple[list[list[str]], list[list[str]]]:
    """SQuAD's and rouge-score's tokens of lowercased texts.

    The byte translations run once over all texts joined by U+0000 (UTF-8 has no other 0x00 byte),
    split apart again after; texts of which one holds U+0000 itself are translated one by one.
    When every whitespace-separated word of a text is made of word characters (``\\w`` is
    ``str.isalnum()`` or ``_``, and ``_`` is punctuation), SQuAD's ``\\b(a|an|the)\\b`` can match only
    whole words, so the articles are dropped by comparison; otherwise (symbols, non-ASCII
    punctuation) the regex runs. ``tests/scorers/test_qa.py`` checks these facts over every code point.
    """
    joined = _utf8("\x00".join(lowered))
    if joined.count(0) == len(lowered) - 1:
        kept = _drop_ascii_punctuation(joined).split("\x00")
        rouge = joined.translate(_ROUGE_BYTES_KEEPING_NUL).decode("ascii").split("\x00")
    else:
        kept = [_drop_ascii_punctuation(_utf8(text)) for text in lowered]
        rouge = [_utf8(text).translate(_ROUGE_BYTES).decode("ascii") for text in lowered]
    words = list(map(str.split, kept))
    word_only = _flags(map(str.isalnum, map("".join, words)))
    tokens = list(words)
    for row in np.flatnonzero(word_only & ~_flags(map(_ARTICLE_WORDS.isdisjoint, words))).tolist():
        tokens[row] = _without_articles(words[row])
    for row in np.flatnonzero(~word_only).tolist():
        tokens[row] = _ARTICLES.sub(" ", kept[row]).split()
    return tokens, list(map(str.split, rouge))


class GoldAnswer(NamedTuple):
    """A gold answer normalised once, with what each comparison needs precomputed."""

    text: str
    normalized: str
    tokens: list[str]
    token_set: frozenset[str]
    counts: collections.Counter[str]
    rouge_index: dict[str, str]  # rouge token -> one character, its code in this answer only
    rouge_codes: str  # the rouge tokens as those characters

    @classmethod
    def of(cls, text: str) -> GoldAnswer:
        return gold_answers([text])[0]


def gold_answers(texts: Sequence[str]) -> list[GoldAnswer]:
    """:class:`GoldAnswer` of every text, normalised together.

    Rouge codes are characters from U+0001 up (an answer would need over a million distinct tokens,
    megabytes of text, to run out of them): rapidfuzz then compares code points, so equal codes mean
    equal tokens, where hashing strings could make two different tokens equal.
    """
    normalised = normalise_answers(texts)
    answers = []
    for text, tokens, rouge in zip(texts, normalised.tokens, normalised.rouge, strict=True):
        index = {token: chr(code) for code, token in enumerate(dict.fromkeys(rouge), 1)}
        answers.append(GoldAnswer(text, " ".join(tokens), tokens, frozenset(tokens), collections.Counter(tokens),
                                  index, "".join([index[token] for token in rouge])))
    return answers


def exact_match(gold: str, prediction: str) -> float:
    return float(normalize_answer(gold) == normalize_answer(prediction))


def token_f1(gold: str, prediction: str) -> float:
    return _token_f1(GoldAnswer.of(gold), normalise_answers([prediction]).tokens[0])


def rouge_l(gold: str, prediction: str) -> float:
    predicted = normalise_answers([prediction])
    return _rouge_l(GoldAnswer.of(gold), predicted.tokens[0], predicted.rouge[0])


def _token_f1(gold: GoldAnswer, tokens: list[str]) -> float:
    """SQuAD v2.0 ``compute_f1``, with the same arithmetic in the same order."""
    if not gold.tokens or not tokens:
        return float(gold.tokens == tokens)
    same = _common_tokens(gold, tokens)
    if same == 0:
        return 0.0
    precision, recall = same / len(tokens), same / len(gold.tokens)
    return 2 * precision * recall / (precision + recall)


def _common_tokens(gold: GoldAnswer, tokens: list[str]) -> int:
    """The size of the multiset intersection (SQuAD's ``Counter & Counter``): when either side
    repeats no token, each common token counts once, which a set intersection counts."""
    if len(gold.token_set) == len(gold.tokens) or len(set(tokens)) == len(tokens):
        return len(gold.token_set.intersection(tokens))
    return sum((gold.counts & collections.Counter(tokens)).values())


def _rouge_l(gold: GoldAnswer, tokens: list[str], rouge: list[str]) -> float:
    """rouge-score's ROUGE-L F-measure ``score(gold, prediction)``, with its arithmetic.

    The LCS is rapidfuzz's on the tokens as this gold answer's codes; a token it lacks becomes
    U+0000, which matches none of them. An unanswerable question (gold normalising to nothing)
    follows the exact-match rule.
    """
    if not gold.tokens:
        return float(not tokens)
    if not gold.rouge_codes or not rouge:
        return 0.0
    lcs = LCSseq.similarity(gold.rouge_codes, "".join(map(gold.rouge_index.get, rouge, _MISSING_CODES)))
    precision, recall = lcs / len(rouge), lcs / len(gold.rouge_codes)
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


_MISSING_CODES = itertools.repeat(_MISSING_CODE)  # map() stops at the tokens' end


def gold_answers_for_scoring(answers: Sequence[str]) -> list[str]:
    """Gold answers that normalise to something; ``[""]`` marks an unanswerable question."""
    kept = [answer for answer in answers if normalize_answer(answer)]
    return kept or [""]


class CandidateArrays(NamedTuple):
    """What scoring reads of each candidate (gold answer), as arrays: a file's pairs of candidate
    and prediction gather their fields by index, without a Python call per pair."""

    tokens: np.ndarray  # object: list of str
    token_sets: np.ndarray  # object: frozenset
    token_lengths: np.ndarray
    repeats: np.ndarray  # bool: a token occurs twice (rare; see _common_tokens)
    rouge_codes: np.ndarray  # object: str
    rouge_lookups: np.ndarray  # object: each answer's rouge_index.get
    rouge_lengths: np.ndarray

    @classmethod
    def of(cls, golds: Sequence[GoldAnswer]) -> CandidateArrays:
        lengths = lengths_of([gold.tokens for gold in golds])
        return cls(_objects([gold.tokens for gold in golds]), _objects([gold.token_set for gold in golds]),
                   lengths, lengths_of([gold.token_set for gold in golds]) < lengths,
                   _objects([gold.rouge_codes for gold in golds]),
                   _objects([gold.rouge_index.get for gold in golds]), lengths_of([gold.rouge_codes for gold in golds]))


@dataclass(frozen=True, eq=False)
class PreparedAnswers:
    """Every question's scoring candidates, normalised once per benchmark, and the text that,
    predicted literally, scores 1 on all three metrics (so that the common case is one comparison
    of arrays). Candidates are numbered across questions, each question's consecutively."""

    golds: list[GoldAnswer]  # every question's candidates, in question order
    first: np.ndarray  # per question: its first candidate's number
    count: np.ndarray  # per question: how many candidates it has (at least one)
    candidates: CandidateArrays
    literal: np.ndarray  # object: the literal answer per question, or None
    literal_lengths: np.ndarray  # its whitespace-separated words (0 where None)

    def __len__(self) -> int:
        return len(self.first)


def prepare_answers(gold: Iterable[Sequence[str]]) -> PreparedAnswers:
    """:func:`gold_answers_for_scoring` of every question as :class:`GoldAnswer`, each distinct
    text normalised once (a repeated gold answer changes no maximum)."""
    questions = [list(dict.fromkeys(answers)) for answers in gold]
    texts = list(dict.fromkeys(itertools.chain([""], *questions)))
    by_text = dict(zip(texts, gold_answers(texts), strict=True))
    unanswerable = (by_text[""],)
    candidates = [tuple(by_text[a] for a in answers if by_text[a].normalized) or unanswerable
                  for answers in questions]
    count = lengths_of(candidates)
    golds = list(itertools.chain.from_iterable(candidates))
    literal = _objects([_literal_answer(c) for c in candidates])
    lengths = np.asarray([0 if text is None else len(text.split()) for text in literal], dtype=float)
    return PreparedAnswers(golds, np.cumsum(count) - count, count, CandidateArrays.of(golds), literal, lengths)


def _literal_answer(candidates: tuple[GoldAnswer, ...]) -> str | None:
    """A text that scores 1 on exact match, token F1 and ROUGE-L (each metric's maximum, which the
    formulas give exactly): a gold answer with rouge tokens, or nothing on an unanswerable question."""
    if not candidates[0].normalized:
        return ""
    return next((c.text for c in candidates if c.rouge_codes), None)


def score_answers(
    gold: pd.Series, predictions: pd.Series, prepared: PreparedAnswers | None = None
) -> dict[str, np.ndarray]:
    """Per-item exact match, token F1, ROUGE-L and answer length (whitespace tokens).

    ``prepared`` is ``prepare_answers(gold)``, when already computed. A prediction that is its
    question's literal answer (:func:`_literal_answer`) scores 1 at once; the others are
    normalised together and compared with every candidate, keeping the best of each metric.
    """
    questions = prepare_answers(gold) if prepared is None else prepared
    values = predictions.to_numpy(dtype=object)
    if len(values) != len(questions):
        raise ValueError(f"{len(values)} predictions for {len(questions)} questions")
    n = len(values)
    scores = {"exact_match": np.ones(n), "token_f1": np.ones(n), "rouge_l": np.ones(n),
              "answer_length": questions.literal_lengths.copy()}
    rows = np.flatnonzero(values != questions.literal)
    if len(rows):
        predicted = normalise_answers(list(map(str, values[rows])))
        for name, best in _best_scores(questions, rows, predicted).items():
            scores[name][rows] = best
        scores["answer_length"][rows] = predicted.lengths
    return scores


def _best_scores(questions: PreparedAnswers, rows: np.ndarray, predicted: NormalisedAnswers) -> dict[str, np.ndarray]:
    """Each prediction's (of questions ``rows``) best exact match, token F1 and ROUGE-L over its
    question's candidates, computed as arrays over every (candidate, prediction) pair."""
    count = questions.count[rows]
    single = bool((count == 1).all())
    if single:
        candidates, pairs = questions.first[rows], predicted
    else:
        starts = np.cumsum(count) - count
        prediction = np.repeat(np.arange(len(rows)), count)
        candidates = questions.first[rows][prediction] + np.arange(len(prediction)) - starts[prediction]
        pairs = predicted.take(prediction.tolist())
    gold_tokens = questions.candidates.tokens[candidates].tolist()
    lengths = lengths_of(pairs.tokens)
    per_pair = {  # equal tokens are equal normalised answers: those are the tokens joined by spaces
        "exact_match": np.fromiter(map(operator.eq, gold_tokens, pairs.tokens), dtype=float, count=len(lengths)),
        "token_f1": _token_f1s(questions, candidates, pairs.tokens, lengths),
        "rouge_l": _rouge_ls(questions.candidates, candidates, lengths, pairs.rouge),
    }
    if single:
        return per_pair
    return {name: np.maximum.reduceat(values, starts) for name, values in per_pair.items()}


def _token_f1s(
    questions: PreparedAnswers, candidates: np.ndarray, tokens: list[list[str]], lengths: np.ndarray
) -> np.ndarray:
    """:func:`_token_f1` of each pair (``lengths``: of ``tokens``), with the same float64 operations
    in the same order."""
    arrays = questions.candidates
    gold_lengths = arrays.token_lengths[candidates]
    # Tokens in common, exact when either side repeats none (see _common_tokens); Counters where both do.
    same = lengths_of(list(map(frozenset.intersection, arrays.token_sets[candidates].tolist(), tokens)))
    for pair in np.flatnonzero(arrays.repeats[candidates]).tolist():
        if len(set(tokens[pair])) < len(tokens[pair]):
            same[pair] = _common_tokens(questions.golds[candidates[pair]], tokens[pair])
    f1 = np.asarray((gold_lengths == 0) & (lengths == 0), dtype=float)  # a side without tokens: 1 if both are
    scored = same > 0
    precision, recall = same[scored] / lengths[scored], same[scored] / gold_lengths[scored]
    f1[scored] = 2 * precision * recall / (precision + recall)
    return f1


def _rouge_ls(
    arrays: CandidateArrays, candidates: np.ndarray, token_lengths: np.ndarray, rouge: list[list[str]]
) -> np.ndarray:
    """:func:`_rouge_l` of each pair (``token_lengths``: of the SQuAD tokens), with the same float64
    operations in the same order; the LCS of all pairs from one call to rapidfuzz."""
    # Each prediction's tokens as its candidate's codes: "".join(map(lookup, tokens, missing codes)).
    codes = list(map("".join, map(map, arrays.rouge_lookups[candidates].tolist(), rouge,
                                  itertools.repeat(_MISSING_CODES))))
    lcs = process.cpdist(arrays.rouge_codes[candidates].tolist(), codes, scorer=LCSseq.similarity)
    answerable = arrays.token_lengths[candidates] > 0
    values = np.asarray(token_lengths == 0, dtype=float)  # unanswerable: the exact-match rule
    values[answerable] = 0.0
    scored = answerable & (lcs > 0)  # an empty side has no common subsequence
    precision = lcs[scored] / lengths_of(rouge)[scored]
    recall = lcs[scored] / arrays.rouge_lengths[candidates][scored]
    values[scored] = 2 * precision * recall / (precision + recall)
    return values


def _flags(values: Iterator[bool]) -> np.ndarray:
    return np.fromiter(values, dtype=bool)


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A one-dimensional array of objects (``np.asarray`` would make lists into a second axis)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


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
        empty = lengths_of(list(map(str.strip, map(str, predictions.frame["answer"].tolist())))) == 0
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

    def prepare_gold(self, benchmark: BenchmarkData, gold: pd.DataFrame) -> Any:
        """:class:`PreparedAnswers` (the chatbot adds its gold sources)."""
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
    (validation must not depend on it) or cannot be read.

    Validation asks for it for every file that leaves most answers empty (a SQuAD v2.0 model may
    well do so), so it is computed once per loaded benchmark, as its evaluation set is read once.
    """
    if benchmark not in _UNANSWERABLE_SHARES:
        _UNANSWERABLE_SHARES[benchmark] = _unanswerable_share(benchmark)
    return _UNANSWERABLE_SHARES[benchmark]


_UNANSWERABLE_SHARES: weakref.WeakKeyDictionary[BenchmarkData, float | None] = weakref.WeakKeyDictionary()


def _unanswerable_share(benchmark: BenchmarkData) -> float | None:
    if benchmark.spec.gold == "private":
        return None
    try:
        answers = benchmark.gold_table().frame["answers"].tolist()
    except (LeaderboardError, KeyError):
        return None
    if not answers:
        return None
    # A question is unanswerable when none of its gold answers normalises to something.
    counts = lengths_of(answers)
    normalises = lengths_of(normalise_answers(list(itertools.chain.from_iterable(answers))).tokens) > 0
    answered = np.bincount(np.repeat(np.arange(len(answers)), counts)[normalises], minlength=len(answers)) > 0
    return float(np.mean(~answered))


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
