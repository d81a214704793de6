"""Prompting: each question is answered from one given document."""

from __future__ import annotations

from typing import ClassVar

from leaderboard.problems import Problem
from leaderboard.scorers.base import BenchmarkData, Metric
from leaderboard.scorers.qa import QA_METRICS, QuestionAnswering, unknown_document_problems
from leaderboard.tables import Table


class Prompting(QuestionAnswering):
    name = "prompting"
    aliases = ("document_qa", "document-qa")
    title = "Prompting (single-document QA)"
    blurb = "Answer each question from the one document it comes with."
    version = "1"
    eval_columns = ("id", "document_id", "question")
    metrics: ClassVar[tuple[Metric, ...]] = QA_METRICS

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        problems = unknown_document_problems(
            benchmark.eval_table, "document_id", set(benchmark.documents), "document"
        )
        return problems or super().check_gold(benchmark, gold)

    def answer_contexts(self, benchmark: BenchmarkData, gold: Table, row: int) -> list[str]:
        document_id = str(benchmark.eval_frame["document_id"].get(gold.frame["id"].iloc[row], ""))
        return [benchmark.document_text(document_id)] if document_id in benchmark.documents else []


TASK = Prompting()
