"""What every task type provides: its file formats, its checks and its scorer.

A task type is one :class:`Task` subclass in its own module, registered in
``leaderboard/scorers/__init__.py``. Adding a fifth task type means one new module and one
registry line; the shared tests in ``tests/scorers/test_common.py`` then cover it automatically.

Scoring produces, besides the aggregate metrics, a matrix of per-item *features* whose column sums
determine the primary metric (correct answers; per-class true/false positives; entity counts).
Every primary metric here is a function of such sums, which makes the bootstrap a single matrix
product: resample counts (B x n) @ features (n x F) -> B sets of sums -> B metric values.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
import pandas as pd

from leaderboard.errors import UnknownNameError
from leaderboard.problems import Problem, Severity, summarise
from leaderboard.schemas import BenchmarkSpec
from leaderboard.tables import Table


class BenchmarkData(Protocol):
    """What a scorer needs from a benchmark; ``benchmarks.Benchmark`` provides it.

    Scorers are typed against this protocol and never import ``leaderboard.benchmarks``, so that
    imports go one way: the benchmark loader uses the registry, never the reverse.
    """

    @property
    def id(self) -> str: ...

    @property
    def spec(self) -> BenchmarkSpec: ...

    @property
    def eval_table(self) -> Table: ...

    @property
    def eval_frame(self) -> pd.DataFrame: ...

    @property
    def documents(self) -> Mapping[str, Path]: ...

    def document_text(self, document_id: str) -> str: ...

    def gold_table(self, private_dir: Path | None = None) -> Table:
        """The gold answers (raises PrivateGoldUnavailable for private gold without access)."""
        ...


@dataclass(frozen=True)
class Metric:
    """A reported number; ``greater_is_better`` is what ranking reads (never guessed)."""

    name: str
    title: str
    greater_is_better: bool | None  # None: descriptive only (e.g. answer length), never ranked
    definition: str
    is_rate: bool = True  # shown as a percentage
    is_count: bool = False  # a whole number (e.g. conlleval's phrase counts), shown without decimals


@dataclass
class TaskScore:
    """The result of scoring one prediction file against gold."""

    metrics: dict[str, float]
    breakdown: dict[str, dict[str, float]]
    features: np.ndarray  # (n_items, n_features), rows in gold order
    statistic: Callable[[np.ndarray], np.ndarray]  # (B, n_features) sums -> (B,) primary values


class Task(ABC):
    """One task type: formats, checks and scoring. Subclasses set the class attributes."""

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str]
    blurb: ClassVar[str]  # one sentence for the site: what a model does on this task type
    #: The benchmark.yaml field that declares this task type's classes (``labels``,
    #: ``entity_types``), or None. Breakdowns are shown in the order the benchmark declares them.
    class_field: ClassVar[str | None] = None
    breakdown_title: ClassVar[str] = "Breakdown"
    version: ClassVar[str]  # scorer version; bump to rescore every result of this task type
    eval_columns: ClassVar[tuple[str, ...]]
    gold_columns: ClassVar[tuple[str, ...]]
    prediction_columns: ClassVar[tuple[str, ...]]
    optional_prediction_columns: ClassVar[tuple[str, ...]] = ()
    #: Columns holding lists, with the separator used for them in CSV (None: whitespace).
    list_columns: ClassVar[Mapping[str, str | None]] = {}
    metrics: ClassVar[tuple[Metric, ...]]
    primary_metric_choices: ClassVar[tuple[str, ...]]

    def metric(self, name: str) -> Metric:
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise UnknownNameError(f"{self.name} metric", name, [m.name for m in self.metrics])

    def classes(self, spec: BenchmarkSpec) -> list[str]:
        """The benchmark's declared classes, in its order (empty for task types without classes)."""
        if self.class_field is None:
            return []
        return list(getattr(spec, self.class_field) or [])

    def spec_problems(self, spec: BenchmarkSpec) -> list[tuple[tuple[str | int, ...], str]]:
        """Task-specific problems of a benchmark definition, as (field path, message) pairs.

        The registry-wide checks (task type, primary metric, class fields) are made where
        benchmarks are loaded; a task type adds its own rules here. By default a task type has no
        primary labels.
        """
        if spec.primary_labels is not None:
            return [(("primary_labels",), f"primary_labels: {self.name} benchmarks have no labels to restrict "
                                          "the primary metric to; remove the field")]
        return []

    # -- checks ------------------------------------------------------------------------------

    @abstractmethod
    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        """Task-specific problems of a predictions file whose ids are already checked."""

    @abstractmethod
    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        """Consistency of the benchmark's own gold (used on shipped benchmarks)."""

    def check_train(self, benchmark: BenchmarkData, train: Table) -> list[Problem]:
        """Consistency of the optional training split; by default checked like gold."""
        return self.check_gold(benchmark, train)

    # -- scoring -----------------------------------------------------------------------------

    def warm_up(self) -> None:  # noqa: B027 (optional hook; most task types need nothing)
        """Import what scoring needs, before worker processes are forked (they then share it)."""

    @abstractmethod
    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        """Score ``predictions`` against ``gold``; both indexed by id, in the same order."""

    def prepare_gold(self, benchmark: BenchmarkData, gold: pd.DataFrame) -> Any:
        """What scoring derives from gold alone (entities, normalised answers), for every file.

        ``scoring.GoldCache`` calls it once per benchmark and hands the result to
        :meth:`score_prepared` for each predictions file; the default prepares nothing.
        """
        return None

    def score_prepared(
        self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame, prepared: Any
    ) -> TaskScore:
        """:meth:`score`, given ``prepare_gold(benchmark, gold)``; by default it is not needed."""
        return self.score(benchmark, gold, predictions)

    def score_table(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: Table, prepared: Any) -> TaskScore:
        """:meth:`score_prepared` of a predictions table whose rows may come in any order: they are
        realigned to gold's ids (its index). A task type may instead reuse what validation derived
        from the same table (NER: the tags' codes, issue 17)."""
        return self.score_prepared(benchmark, gold, aligned_with(predictions.frame, gold.index), prepared)


def in_same_order(ids: np.ndarray, expected: np.ndarray) -> bool:
    """The same ids in the same order: one array comparison, no hashing (a file in the template's
    order, the common case, is then aligned and id-checked as it is)."""
    return len(ids) == len(expected) and bool((ids == expected).all())


def aligned_with(frame: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """``frame``'s rows in the order of ``ids`` (by its ``id`` column), indexed by them.

    A file in gold order (the downloaded template's, so the common case) needs no hashing of its
    ids: comparing the two arrays proves the order, and the rows are kept as they are.
    """
    if in_same_order(frame["id"].to_numpy(), ids.to_numpy()):
        return frame.set_axis(ids)
    return frame.set_index("id", drop=False).reindex(ids)


def grouped_value_problems(
    table: Table,
    column: str,
    bad: pd.Series,
    message: Callable[[str], str],
    severity: Severity = "error",
    code: str = "invalid-value",
) -> list[Problem]:
    """One problem per distinct bad value (at its first line), naming how many rows have it.

    ``bad`` is a boolean mask over the table's rows. Grouping keeps a file with the same mistake on
    10,000 rows down to one readable message.
    """
    if not bad.any():
        return []
    values = table.frame.loc[bad, column].astype(str)
    problems = []
    positions = np.flatnonzero(np.asarray(bad))
    values = values.reset_index(drop=True)
    for value, rows in values.groupby(values, sort=False).indices.items():
        first = int(positions[rows[0]])
        count = len(rows)
        where = f" ({count} rows; first shown)" if count > 1 else ""
        problems.append(
            Problem(table.path, table.line_of(first), message(str(value)) + where, severity, code)
        )
    return problems


def row_problems(
    table: Table,
    rows: np.ndarray,
    message: Callable[[int], str],
    code: str,
    *,
    severity: Severity = "error",
    limit: int = 10,
) -> list[Problem]:
    """One problem per offending row for the first ``limit`` rows, then one summary line."""
    problems = [
        Problem(table.path, table.line_of(int(r)), message(int(r)), severity, code) for r in rows[:limit]
    ]
    if len(rows) > limit:
        # Located at the first row it summarises, so that it sorts after the lines it continues.
        more = [str(table.line_of(int(r))) for r in rows[limit:]]
        problems.append(Problem(table.path, table.line_of(int(rows[limit])), f"{len(rows) - limit} more "
                                f"rows with the same problem, on lines {summarise(more, quote=False)}",
                                severity, code))
    return problems
