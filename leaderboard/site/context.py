"""The site's data, computed once in Python and handed to the templates ready to print.

Templates only place these values; ranks, numbers, intervals, links and the JSON API all come from
here, so the HTML pages and the API can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from leaderboard._version import __version__
from leaderboard.api import api_documents, ordered_breakdown
from leaderboard.benchmarks import Benchmark
from leaderboard.formatting import format_interval, format_other_metrics, format_value
from leaderboard.problems import Problem, sort_problems
from leaderboard.results import ResultRecord
from leaderboard.schemas import Approach, SubmissionMetadata
from leaderboard.scorers import TASK_TYPES
from leaderboard.scorers.base import Metric
from leaderboard.site.charts import ChartPoint, interval_chart
from leaderboard.standings import BenchmarkStandings, Standing, Standings, SuiteStandings
from leaderboard.validation import SubmissionReport

BREAKDOWN_MODELS = 5
CHART_MODELS = 40
MAX_MESSAGE_CHARS = 600


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach a page, whatever validation let through."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


@dataclass(frozen=True)
class Cell:
    text: str
    sort: str = ""  # numeric sort key for the table script; empty: sort by text
    title: str = ""


@dataclass(frozen=True)
class BoardRow:
    rank: int
    position: int
    slug: str
    model: str
    model_href: str
    organization: str
    approach: str
    open_weights: str
    primary: Cell
    interval: str
    metrics: list[Cell]
    submitted: str
    folder_href: str
    is_baseline: bool


@dataclass(frozen=True)
class BreakdownTable:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class BenchmarkPage:
    id: str
    name: str
    task_type: str
    task_title: str
    description: str
    license: str
    source: str
    version: str
    n_items: int
    gold: str
    primary_title: str
    metric_titles: list[str]
    rows: list[BoardRow]
    chart: Markup
    breakdowns: list[BreakdownTable]
    download_href: str
    pending: list[str]
    leader: BoardRow | None
    models_text: str  # "1 model", "12 models"


@dataclass(frozen=True)
class ModelResultRow:
    benchmark_id: str
    benchmark_name: str
    benchmark_href: str
    task_title: str
    rank: str
    rank_sort: str
    primary_title: str
    primary: Cell
    interval: str
    others: str
    breakdown: BreakdownTable | None


@dataclass(frozen=True)
class ModelPage:
    slug: str
    name: str
    organization: str
    description: str
    facts: list[tuple[str, str]]
    links: list[tuple[str, str]]
    results: list[ModelResultRow]
    pending: list[str]
    settings: list[tuple[str, list[tuple[str, str]]]]
    folder_href: str


@dataclass(frozen=True)
class OverviewRow:
    slug: str
    model: str
    href: str
    organization: str
    approach: str
    open_weights: str
    cells: list[Cell]
    coverage: str


@dataclass(frozen=True)
class OverviewTable:
    task_type: str
    title: str
    benchmarks: list[tuple[str, str, str]]  # id, name, href
    rows: list[OverviewRow]


@dataclass(frozen=True)
class SuiteRow:
    rank: int
    position: int
    slug: str
    model: str
    model_href: str
    organization: str
    approach: str
    open_weights: str
    score: Cell
    interval: str
    cells: list[Cell]  # each benchmark's primary score, in suite order


@dataclass(frozen=True)
class SuitePage:
    id: str
    name: str
    description: str
    benchmarks: list[tuple[str, str, str]]  # id, name, href (from the site root)
    rows: list[SuiteRow]
    incomplete: list[tuple[str, str, str]]  # model, href, missing benchmarks in words
    leader: SuiteRow | None
    models_text: str
    chart: Markup


@dataclass(frozen=True)
class ProblemEntry:
    slug: str
    folder: str
    messages: list[str]


@dataclass(frozen=True)
class MetricDefinition:
    title: str
    name: str
    direction: str
    definition: str


@dataclass
class SiteContext:
    """Everything the templates and the API need."""

    title: str
    updated: str
    repo_url: str
    version: str
    benchmarks: list[BenchmarkPage]
    suites: list[SuitePage]
    models: list[ModelPage]
    overviews: list[OverviewTable]
    problems: list[ProblemEntry]
    broken_benchmarks: list[ProblemEntry]
    task_types: list[tuple[str, str, str, list[MetricDefinition]]]  # name, title, blurb, metrics
    task_options: list[tuple[str, str]]  # name, title
    scorer_versions: list[tuple[str, str]]
    approaches: list[str]
    api: dict[str, Any] = field(default_factory=dict)


def build_context(
    standings: Standings,
    reports: Sequence[SubmissionReport],
    *,
    repo_url: str,
    updated: str,
    title: str = "OpenAnote Model Leaderboard",
) -> SiteContext:
    """The site's one context, read from the standings (nothing here ranks or re-derives)."""
    boards = standings.benchmarks
    context = SiteContext(
        title=title,
        updated=updated,
        repo_url=repo_url,
        version=__version__,
        benchmarks=[_benchmark_page(board, repo_url) for board in boards.values()],
        suites=[_suite_page(board) for board in standings.suites.values()],
        models=[_model_page(standings, slug, meta, repo_url) for slug, meta in standings.metadata.items()],
        overviews=_overviews(boards),
        problems=_problems(reports),
        broken_benchmarks=[
            ProblemEntry(bid, problems[0].path if problems else f"benchmarks/{bid}",
                         [_cap(p.format()) for p in sort_problems(problems)])
            for bid, problems in sorted({**standings.broken_benchmarks, **standings.broken_suites}.items())
        ],
        task_types=[
            (name, task.title, task.blurb, [_definition(m) for m in task.metrics])
            for name, task in sorted(TASK_TYPES.items())
        ],
        task_options=[(name, task.title) for name, task in sorted(TASK_TYPES.items())],
        scorer_versions=[(name, task.version) for name, task in sorted(TASK_TYPES.items())],
        approaches=[a.value for a in Approach],
    )
    context.api = api_documents(standings)
    return context


def _definition(metric: Metric) -> MetricDefinition:
    direction = {True: "higher is better", False: "lower is better", None: "descriptive"}[metric.greater_is_better]
    return MetricDefinition(metric.title, metric.name, direction, metric.definition)


def folder_url(repo_url: str, slug: str) -> str:
    return f"{repo_url.rstrip('/')}/tree/main/submissions/{quote(slug)}"


def model_href(slug: str) -> str:
    return f"models/{quote(slug)}.html"


def benchmark_href(benchmark_id: str) -> str:
    return f"benchmarks/{quote(benchmark_id)}.html"


def _cell(metric: Metric, value: float | None) -> Cell:
    return Cell(format_value(metric, value), "" if value is None else f"{value:.6f}")


def _board_row(entry: Standing, benchmark: Benchmark, repo_url: str) -> BoardRow:
    task = benchmark.task
    result = entry.result
    meta = entry.metadata
    primary = task.metric(result.primary_metric)
    return BoardRow(
        rank=entry.rank,
        position=entry.position,
        slug=result.slug,
        model=meta.model_name,
        model_href=model_href(result.slug),
        organization=meta.organization,
        approach=meta.approach.value,
        open_weights="yes" if meta.open_weights else "no",
        primary=_cell(primary, result.score),
        interval=format_interval(primary, result.interval),
        metrics=[_cell(m, result.metrics.get(m.name)) for m in task.metrics if m.name != primary.name],
        submitted=meta.submitted.isoformat(),
        folder_href=folder_url(repo_url, result.slug),
        is_baseline=meta.approach == Approach.BASELINE,
    )


def _benchmark_page(board: BenchmarkStandings, repo_url: str) -> BenchmarkPage:
    benchmark = board.benchmark
    task = benchmark.task
    primary = task.metric(benchmark.spec.primary_metric)
    rows = [_board_row(entry, benchmark, repo_url) for entry in board.entries]
    points = [
        ChartPoint(entry.metadata.model_name, entry.result.score, *entry.result.interval)
        for entry in board.entries[:CHART_MODELS]
    ]
    chart_title = f"{primary.title} with 95% bootstrap intervals, {benchmark.spec.name}"
    return BenchmarkPage(
        id=benchmark.id,
        name=benchmark.spec.name,
        task_type=task.name,
        task_title=task.title,
        description=benchmark.spec.description,
        license=benchmark.spec.license,
        source=benchmark.spec.source,
        version=benchmark.spec.version,
        n_items=benchmark.n_items,
        gold=benchmark.spec.gold,
        primary_title=primary.title,
        metric_titles=[m.title for m in task.metrics if m.name != primary.name],
        rows=rows,
        chart=interval_chart(points, chart_title) if points else Markup(""),
        breakdowns=_breakdowns(benchmark, board.entries[:BREAKDOWN_MODELS]),
        download_href=f"../data/{quote(benchmark.id)}.zip",
        pending=sorted(u.metadata.model_name for u in board.unranked if u.state == "pending" and u.metadata),
        leader=rows[0] if rows else None,
        models_text=f"{len(rows)} model" + ("" if len(rows) == 1 else "s"),
    )


def _suite_page(board: SuiteStandings) -> SuitePage:
    suite = board.suite
    metrics = {b.id: b.task.metric(b.spec.primary_metric) for b in suite.benchmarks}
    mean = next(iter(metrics.values()))
    rows = [
        SuiteRow(
            rank=e.rank, position=e.position, slug=e.slug, model=e.metadata.model_name,
            model_href=model_href(e.slug), organization=e.metadata.organization,
            approach=e.metadata.approach.value, open_weights="yes" if e.metadata.open_weights else "no",
            score=_cell(mean, e.score), interval=format_interval(mean, e.interval),
            cells=[_cell(metrics[bid], value) for bid, value in e.scores.items()],
        )
        for e in board.entries
    ]
    points = [ChartPoint(e.metadata.model_name, e.score, *e.interval) for e in board.entries[:CHART_MODELS]]
    return SuitePage(
        id=suite.id, name=suite.spec.name, description=suite.spec.description,
        benchmarks=[(b.id, b.spec.name, benchmark_href(b.id)) for b in suite.benchmarks],
        rows=rows,
        incomplete=[(i.metadata.model_name, model_href(i.slug), "missing " + ", ".join(i.missing))
                    for i in board.incomplete],
        leader=rows[0] if rows else None,
        models_text=f"{len(rows)} model" + ("" if len(rows) == 1 else "s"),
        chart=interval_chart(points, f"Mean primary metric with 95% bootstrap intervals, {suite.spec.name}")
        if points else Markup(""),
    )


def suite_href(suite_id: str) -> str:
    return f"suites/{quote(suite_id)}.html"


def _breakdown_table(caption: str, benchmark: Benchmark, result: ResultRecord) -> BreakdownTable | None:
    if not result.breakdown:
        return None
    headers = ["class", "precision", "recall", "F1", "support"]
    rows = [
        [Cell(name), *(Cell(f"{v[k] * 100:.1f}", f"{v[k]:.6f}") for k in ("precision", "recall", "f1")),
         Cell(f"{v['support']:.0f}", f"{v['support']:.0f}")]
        for name, v in ordered_breakdown(benchmark, result.breakdown).items()
    ]
    return BreakdownTable(caption, headers, rows)


def _breakdowns(benchmark: Benchmark, entries: Sequence[Standing]) -> list[BreakdownTable]:
    kind = benchmark.task.breakdown_title
    tables = [_breakdown_table(f"{kind}: {e.metadata.model_name}", benchmark, e.result) for e in entries]
    return [t for t in tables if t is not None]


def _model_page(standings: Standings, slug: str, meta: SubmissionMetadata, repo_url: str) -> ModelPage:
    results = []
    pending = []
    for place in standings.places(slug):
        benchmark = place.benchmark
        entry = place.standing
        if entry is None:
            if place.unranked is not None and place.unranked.state == "pending":
                pending.append(benchmark.id)
            continue
        task = benchmark.task
        primary = task.metric(entry.result.primary_metric)
        results.append(ModelResultRow(
            benchmark_id=benchmark.id,
            benchmark_name=benchmark.spec.name,
            benchmark_href="../" + benchmark_href(benchmark.id),
            task_title=task.title,
            rank=f"{entry.rank} of {place.standings.field_size}",
            rank_sort=str(entry.rank),
            primary_title=primary.title,
            primary=_cell(primary, entry.result.score),
            interval=format_interval(primary, entry.result.interval),
            others=format_other_metrics(task.metrics, entry.result.metrics, primary.name),
            breakdown=_breakdown_table(f"{benchmark.spec.name}: breakdown", benchmark, entry.result),
        ))
    facts = [
        ("Organization", meta.organization),
        ("Approach", meta.approach.value),
        ("Base model", meta.base_model or "—"),
        ("Parameters", meta.parameters or "—"),
        ("Open weights", "yes" if meta.open_weights else "no"),
        ("Licence", meta.license),
        ("Trained on benchmark data", "yes (declared)" if meta.trained_on_benchmark_data else "no (declared)"),
        ("Submitted", meta.submitted.isoformat()),
        ("Maintainers", ", ".join(f"@{m}" for m in meta.maintainers)),
    ]
    links = [(label, url) for label, url in (("Model", safe_url(meta.model_url)),
                                             ("Paper", safe_url(meta.paper_url))) if url]
    settings = [
        (bid, [(k, str(v)) for k, v in s.model_dump(exclude_none=True).items()])
        for bid, s in sorted(meta.benchmarks.items())
    ]
    return ModelPage(
        slug=slug, name=meta.model_name, organization=meta.organization, description=meta.description,
        facts=facts, links=links, results=results,
        pending=sorted(pending), settings=settings,
        folder_href=folder_url(repo_url, slug),
    )


def _overviews(boards: Mapping[str, BenchmarkStandings]) -> list[OverviewTable]:
    """Models x benchmarks per task type; a missing cell shows as not entered, never averaged."""
    tables = []
    for name, task in sorted(TASK_TYPES.items()):
        ids = [bid for bid, board in boards.items() if board.benchmark.task.name == name]
        if not ids:
            continue
        scores: dict[str, dict[str, Standing]] = {}
        for bid in ids:
            for entry in boards[bid].entries:
                scores.setdefault(entry.slug, {})[bid] = entry
        rows = []
        for slug in sorted(scores, key=lambda s: (-len(scores[s]), _any(scores[s]).metadata.model_name.lower(), s)):
            cells = []
            for bid in ids:
                cell = scores[slug].get(bid)
                if cell is None:
                    cells.append(Cell("—", "", "not entered"))
                else:
                    metric = task.metric(cell.result.primary_metric)
                    cells.append(Cell(format_value(metric, cell.result.score), f"{cell.result.score:.6f}",
                                      f"rank {cell.rank}"))
            meta = _any(scores[slug]).metadata
            rows.append(OverviewRow(
                slug, meta.model_name, model_href(slug), meta.organization, meta.approach.value,
                "yes" if meta.open_weights else "no", cells, f"{len(scores[slug])}/{len(ids)}",
            ))
        tables.append(OverviewTable(
            name, task.title, [(bid, boards[bid].benchmark.spec.name, benchmark_href(bid)) for bid in ids], rows
        ))
    return tables


def _any(entries: Mapping[str, Standing]) -> Standing:
    return next(iter(entries.values()))


def _problems(reports: Sequence[SubmissionReport]) -> list[ProblemEntry]:
    entries = []
    for report in sorted(reports, key=lambda r: r.display):
        errors: list[Problem] = [p for p in sort_problems(report.problems) if p.severity == "error"]
        if errors:
            messages = [_cap(p.format()) for p in errors]
            entries.append(ProblemEntry(report.slug or "(submissions folder)", report.display, messages))
    return entries


def _cap(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 1] + "…"
