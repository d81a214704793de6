"""Chatbot: questions answered across a whole document collection, optionally naming sources."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric, TaskScore
from leaderboard.scorers.qa import QA_METRICS, QuestionAnswering, unknown_document_problems
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

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        result = super().score(benchmark, gold, predictions)
        if "sources" not in gold.columns:
            return result
        named = predictions["sources"] if "sources" in predictions.columns else pd.Series(
            [[] for _ in range(len(gold))], index=gold.index
        )
        recall, precision = source_overlap(gold["sources"], named)
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


def source_overlap(gold: pd.Series, named: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per answerable question (with gold sources): recall and precision of named sources."""
    recall, precision = [], []
    for gold_sources, named_sources in zip(gold, named, strict=True):
        gold_set = set(gold_sources)
        if not gold_set:
            continue
        named_set = set(named_sources) if isinstance(named_sources, list) else set()
        hits = len(gold_set & named_set)
        recall.append(hits / len(gold_set))
        precision.append(hits / len(named_set) if named_set else 0.0)
    return np.asarray(recall), np.asarray(precision)


TASK = Chatbot()
