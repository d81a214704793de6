"""Chatbot: questions answered across a whole document collection, optionally naming sources."""

from __future__ import annotations

import itertools
from typing import Any, ClassVar, NamedTuple

import numpy as np
import pandas as pd

from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric, TaskScore
from leaderboard.scorers.qa import QA_METRICS, PreparedAnswers, QuestionAnswering, unknown_document_problems
from leaderboard.tables import Table


class Chatbot(QuestionAnswering):
    name = "chatbot"
    aliases = ("chat", "rag")
    title = "Chatbot (collection QA)"
    blurb = "Answer questions across a whole document collection and name the sources."
    version = "1"
    eval_columns = ("id", "question")
    optional_prediction_columns = ("sources",)
    metrics: ClassVar[tuple[Metric, ...]] = (
        *QA_METRICS,
        Metric("source_recall", "Source recall", True,
               "Share of each question's gold source documents named in `sources`, averaged over "
               "answerable questions."),
        Metric("source_precision", "Source precision", True,
               "Share of the documents named in `sources` that are gold sources (0 when none are "
               "named), averaged over answerable questions."),
    )

    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        problems = super().check_predictions(benchmark, predictions)
        if "sources" in predictions.frame.columns:
            known = set(benchmark.documents)
            if known.issuperset(itertools.chain.from_iterable(predictions.frame["sources"].tolist())):
                return problems  # the common case: every source named is a document
            hints, fixable = source_hints(predictions, known)
            problems += hints
            rest = predictions
            if fixable.any():  # those rows are explained by the hint; the others still get listed
                keep = ~fixable
                rest = Table(predictions.path, predictions.frame[keep].reset_index(drop=True),
                             predictions.lines[keep])
            problems += unknown_document_problems(rest, "sources", known, "source document")
        return problems

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        problems = unknown_document_problems(gold, "sources", set(benchmark.documents), "source document")
        return problems or super().check_gold(benchmark, gold)

    def answer_contexts(self, benchmark: BenchmarkData, gold: Table, row: int) -> list[str]:
        return [benchmark.document_text(doc) for doc in gold.frame["sources"].iloc[row]]

    def prepare_gold(self, benchmark: BenchmarkData, gold: pd.DataFrame) -> ChatGold:
        sources = GoldSources.of(gold["sources"]) if "sources" in gold.columns else None
        return ChatGold(super().prepare_gold(benchmark, gold), sources)

    def score_prepared(
        self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame, prepared: Any
    ) -> TaskScore:
        result = super().score_prepared(benchmark, gold, predictions, prepared.answers)
        if prepared.sources is None:
            return result
        named = predictions["sources"] if "sources" in predictions.columns else pd.Series(
            [[] for _ in range(len(gold))], index=gold.index
        )
        recall, precision = source_overlap(prepared.sources, named)
        if len(recall):
            result.metrics["source_recall"] = float(recall.mean())
            result.metrics["source_precision"] = float(precision.mean())
        return result


_DOCUMENT_SUFFIXES = (".md", ".txt", ".markdown", ".html", ".pdf")


def source_hints(predictions: Table, known: set[str]) -> tuple[list[Problem], np.ndarray]:
    """Hints for two common ways of naming sources wrongly (issue 13): file names with their
    suffix (``leave.md``) and commas instead of ``;``. Returns the problems and the rows they
    explain."""
    values = list(predictions.frame["sources"])
    suffixed = np.zeros(len(values), dtype=bool)
    commas = np.zeros(len(values), dtype=bool)
    for row, ids in enumerate(values):
        unknown = [i for i in (ids if isinstance(ids, list) else [ids]) if i not in known]
        if not unknown:
            continue
        if all(i.endswith(_DOCUMENT_SUFFIXES) and i.rsplit(".", 1)[0] in known for i in unknown):
            suffixed[row] = True
        elif any("," in i for i in unknown):
            commas[row] = True
    problems = []
    for mask, message in (
        (suffixed, "name a source by its document id, the file stem without '.md' or '.txt' "
                   "(such as 'leave', not 'leave.md')"),
        (commas, "separate sources with ';' (such as 'leave;travel'), not with commas"),
    ):
        rows = np.flatnonzero(mask)
        if len(rows):
            lines = ", ".join(str(predictions.line_of(int(r))) for r in rows[:5])
            more = " and more" if len(rows) > 5 else ""
            problems.append(Problem(predictions.path, predictions.line_of(int(rows[0])),
                                    f"{len(rows)} row(s): {message}; on lines {lines}{more}",
                                    code="unknown-document"))
    return problems, suffixed | commas


class GoldSources(NamedTuple):
    """Each question's gold sources, prepared once per benchmark."""

    lists: list[list[str]]
    only: np.ndarray | None  # object: each question's one gold source, when every question has one

    @classmethod
    def of(cls, sources: pd.Series) -> GoldSources:
        lists = sources.tolist()
        one_each = set(map(len, lists)) == {1}
        return cls(lists, np.fromiter(itertools.chain.from_iterable(lists), dtype=object) if one_each else None)


class ChatGold(NamedTuple):
    answers: PreparedAnswers
    sources: GoldSources | None  # None: the gold names no sources


def source_overlap(gold: GoldSources, named: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per answerable question (with gold sources): recall and precision of named sources.

    Each question's sources count as a set. When both sides name one source per question (the
    common case), a hit is 1 / 1 and a miss 0 / 1. Otherwise, rather than a set per question,
    every (question, document) pair becomes one integer, and distinct pairs are counted and matched
    with numpy.
    """
    gold_lists, named_lists = gold.lists, named.tolist()
    if set(map(type, named_lists)) - {list}:  # a missing value names nothing
        named_lists = [ids if isinstance(ids, list) else [] for ids in named_lists]
    if len(gold_lists) != len(named_lists):
        raise ValueError(f"{len(named_lists)} rows of named sources for {len(gold_lists)} questions")
    questions = len(gold_lists)
    if gold.only is not None and set(map(len, named_lists)) == {1}:
        named_only = np.fromiter(itertools.chain.from_iterable(named_lists), dtype=object, count=questions)
        hits = (gold.only == named_only).astype(float)
        return hits, hits.copy()
    gold_rows, gold_documents = _flatten(gold_lists)
    named_rows, named_documents = _flatten(named_lists)
    codes, documents = pd.factorize(np.concatenate([gold_documents, named_documents]))
    stride = max(len(documents), 1)
    pairs = np.concatenate([gold_rows, named_rows]) * stride + codes
    gold_pairs, named_pairs = np.unique(pairs[: len(gold_rows)]), np.unique(pairs[len(gold_rows) :])
    hit_pairs = np.intersect1d(gold_pairs, named_pairs, assume_unique=True)
    gold_count, named_count, hits = (np.bincount(p // stride, minlength=questions)
                                     for p in (gold_pairs, named_pairs, hit_pairs))
    answerable = gold_count > 0
    gold_count, named_count, hits = gold_count[answerable], named_count[answerable], hits[answerable]
    precision = np.divide(hits, named_count, out=np.zeros(len(hits)), where=named_count > 0)
    return hits / gold_count, precision


def _flatten(lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Each list's row, repeated once per element, and the elements, concatenated."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    elements = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    return np.repeat(np.arange(len(lists), dtype=np.int64), lengths), elements


TASK = Chatbot()
