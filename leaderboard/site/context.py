"""The site's data, computed once in Python and handed to the templates ready to print.

Templates only place these values; ranks, numbers, intervals, links and the JSON API all come from
here, so the HTML pages and the API can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from leaderboard._version import __version__
from leaderboard.api import SCHEMA_VERSION, api_documents, ordered_breakdown
from leaderboard.benchmarks import Benchmark
from leaderboard.collector import collector_paused
from leaderboard.drift import DriftRow
from leaderboard.formatting import (
    format_difference_with_interval,
    format_interval,
    format_other_metrics,
    format_value,
)
from leaderboard.problems import Problem, sort_problems
from leaderboard.results import ResultRecord
from leaderboard.schemas import Approach, SubmissionMetadata
from leaderboard.scorers import TASK_TYPES
from leaderboard.scorers.base import Metric
from leaderboard.site.charts import ChartPoint, RecordPoint, interval_chart, step_chart
from leaderboard.site.formats import PredictionFormat, prediction_format
from leaderboard.site.items import EXPLORER_ITEMS, ItemResults, all_item_results, items_document
from leaderboard.standings import BenchmarkStandings, Standing, Standings, SuiteStandings
from leaderboard.validation import SubmissionReport

BREAKDOWN_MODELS = 5
CHART_MODELS = 40
MAX_MESSAGE_CHARS = 600
#: The compare page's no-JavaScript tables list every pair of the first this many models per benchmark.
COMPARE_PAGE_MODELS = 25
TRAINED_FLAG = "⚠"
TRAINED_TEXT = "trained on benchmark data"
REFERENCE_TEXT = "reference"
_SCALE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
#: The size filter's ranges: value, label, lower bound (inclusive), upper bound (exclusive).
SIZE_RANGES: list[tuple[str, str, float, float]] = [
    ("lt1b", "under 1B", 0, 1e9), ("1-10b", "1B to 10B", 1e9, 1e10),
    ("10-100b", "10B to 100B", 1e10, 1e11), ("ge100b", "100B or more", 1e11, float("inf")),
]


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
    is_reference: bool  # the maintainers' reference baseline (Standings.official), highlighted
    facts: ModelFacts


@dataclass(frozen=True)
class ModelFacts:
    """What the tables, filters and API say about a model besides its scores."""

    trained: bool  # declared trained on benchmark data
    open_weights: str  # "yes" / "no"
    parameters: str  # "7B" or "—"
    size: str  # the size range value for the filter, "" when unknown
    links: list[tuple[str, str]]  # (label, http(s) url)


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
    summary: str  # the description's first sentence
    details: str  # the rest of the description
    leader_ties: int  # how many other models share rank 1
    progress: Markup
    records: list[tuple[str, str, str, str]]  # date, model, model href, score
    format: PredictionFormat
    explorer_href: str  # "" when the benchmark has no explorer (private gold)
    any_trained: bool
    any_reference: bool


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
    facts_line: str  # "Text classification · Macro-F1"


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
    trained: bool
    approach: str
    facts_row: ModelFacts
    submitted: str


@dataclass(frozen=True)
class ModelIndexRow:
    slug: str
    model: str
    href: str
    organization: str
    approach: str
    submitted: str
    facts: ModelFacts
    entries: list[tuple[str, str, str, str, str]]  # benchmark name, href, rank text, score text, interval
    search: str  # the text the search box matches: model, organisation, slug, benchmarks


@dataclass(frozen=True)
class ComparePair:
    a: str
    b: str
    a_name: str
    b_name: str
    a_score: str
    b_score: str
    ab: str  # "+3.2 [1.0, 5.4]": a − b with its interval
    ba: str
    better: str  # slug of the significantly better model, "" for a tie
    outcome: str  # the no-JavaScript reading: "A better", "tie"


@dataclass(frozen=True)
class CompareTable:
    benchmark_id: str
    name: str
    href: str
    primary_title: str
    models: list[tuple[str, str, str]]  # slug, name, score
    pairs: list[ComparePair]
    more: int  # models beyond COMPARE_PAGE_MODELS not in the pairs table


@dataclass(frozen=True)
class ExplorerPage:
    id: str
    name: str
    rule: str
    models: list[tuple[str, str]]
    models_more: int
    items: list[tuple[str, str, str, str, str, list[tuple[str, str, bool, str]]]]
    # item id, input, gold, wrong slugs (space-separated), "yes"/"no" disagree, [(slug, text, correct, note)]
    items_total: int
    items_shown: int
    models_text: str  # "the top 8 models", "the one model"


@dataclass(frozen=True)
class OverviewCell:
    score: str
    sort: str
    rank: str  # "rank 1 of 4", printed as text


@dataclass(frozen=True)
class OverviewRow:
    slug: str
    model: str
    href: str
    organization: str
    approach: str
    open_weights: str
    cells: list[OverviewCell]
    coverage: str
    facts: ModelFacts
    mean_rank: str


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
    size_ranges: list[tuple[str, str]]
    model_index: list[ModelIndexRow]
    compare: list[CompareTable]
    compare_models: list[tuple[str, str]]  # slug, name: every listed model, by name
    explorers: list[ExplorerPage]
    trained_legend: str
    reference_legend: str
    submit_form_url: str  # the issue form (issue 12): submitting without git
    api: dict[str, Any] = field(default_factory=dict)
    drift: list[DriftRow] = field(default_factory=list)  # drift.html: what moved since the previous build
    drift_note: str = "no previous build to compare with"


def build_context(
    standings: Standings,
    reports: Sequence[SubmissionReport],
    *,
    repo_url: str,
    updated: str,
    title: str = "OpenAnote Model Leaderboard",
) -> SiteContext:
    """The site's one context, read from the standings (nothing here ranks or re-derives)."""
    with collector_paused():
        return _build_context(standings, reports, repo_url=repo_url, updated=updated, title=title)


def _build_context(
    standings: Standings, reports: Sequence[SubmissionReport], *, repo_url: str, updated: str, title: str
) -> SiteContext:
    boards = standings.benchmarks
    api = api_documents(standings)
    items = dict(zip(boards, all_item_results(list(boards.values()), reports), strict=True))
    end = _date(updated) or max((m.submitted for m in standings.metadata.values()), default=dt.date(2026, 1, 1))
    context = SiteContext(
        title=title,
        updated=updated,
        repo_url=repo_url,
        version=__version__,
        benchmarks=[_benchmark_page(board, repo_url, items[bid] is not None, end, standings.official)
                    for bid, board in boards.items()],
        suites=[_suite_page(board) for board in standings.suites.values()],
        models=[_model_page(standings, slug, meta, repo_url) for slug, meta in standings.metadata.items()],
        overviews=_overviews(boards, standings.suites),
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
        size_ranges=[(value, label) for value, label, _, _ in SIZE_RANGES] + [("unknown", "not given")],
        model_index=_model_index(standings),
        compare=[_compare_table(board, api[f"compare/{bid}.json"]) for bid, board in boards.items() if board.entries],
        compare_models=sorted(((slug, meta.model_name) for slug, meta in standings.metadata.items()
                               if any(p.standing for p in standings.places(slug))),
                              key=lambda m: (m[1].lower(), m[0])),
        explorers=[_explorer_page(boards[bid], results) for bid, results in items.items() if results is not None],
        trained_legend=(f"{TRAINED_FLAG} {TRAINED_TEXT}: the submitter declares that the model saw this "
                        "benchmark's data (e.g. its train split) in training; such scores are not "
                        "comparable with models that did not."),
        submit_form_url=f"{repo_url.rstrip('/')}/issues/new?template=submission.yml",
        reference_legend=(f"Highlighted rows marked “{REFERENCE_TEXT}” are the maintainers' reference baselines: "
                          "folders maintained by the people listed in .github/maintainers.yaml. A contributor's "
                          "approach 'baseline' is shown in the Approach column only."),
    )
    context.api = api
    for bid, results in sorted(items.items()):
        if results is not None:
            context.api[f"items/{bid}.json"] = items_document(results, SCHEMA_VERSION)
    return context


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parameter_count(parameters: str | None) -> float | None:
    """``7B`` -> 7e9 (the schema allows a number with an optional K, M, B or T)."""
    if not parameters:
        return None
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([KMBT]?)", parameters)
    return float(match.group(1)) * _SCALE[match.group(2)] if match else None


def model_facts(meta: SubmissionMetadata) -> ModelFacts:
    count = parameter_count(meta.parameters)
    size = "unknown" if count is None else next(v for v, _, low, high in SIZE_RANGES if low <= count < high)
    links = [(label, url) for label, url in (("Model", safe_url(meta.model_url)),
                                             ("Paper", safe_url(meta.paper_url)),
                                             ("Code", safe_url(meta.code_url)),
                                             ("Weights", safe_url(meta.weights_url))) if url]
    return ModelFacts(meta.trained_on_benchmark_data, "yes" if meta.open_weights else "no",
                      meta.parameters or "—", size, links)


def first_sentence(text: str) -> tuple[str, str]:
    """The description's first sentence (shown) and the rest (collapsed)."""
    text = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text)
    return (text[: match.start()], text[match.end():]) if match else (text, "")


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


def ranking_columns(metrics: Sequence[Metric], primary: Metric) -> list[Metric]:
    """The secondary metrics a ranking table shows: rates and measures, not counts (conlleval's
    phrase counts are on the model page and in the API; in the table they would only widen it)."""
    return [m for m in metrics if m.name != primary.name and not m.is_count]


def _board_row(entry: Standing, benchmark: Benchmark, repo_url: str, official: frozenset[str]) -> BoardRow:
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
        metrics=[_cell(m, result.metrics.get(m.name)) for m in ranking_columns(task.metrics, primary)],
        submitted=meta.submitted.isoformat(),
        folder_href=folder_url(repo_url, result.slug),
        is_reference=result.slug in official,
        facts=model_facts(meta),
    )


def _records(board: BenchmarkStandings) -> list[Standing]:
    """The entries that set a new best primary score, in submission-date order."""
    primary = board.benchmark.task.metric(board.benchmark.spec.primary_metric)
    sign = 1.0 if primary.greater_is_better is not False else -1.0
    records: list[Standing] = []
    for entry in sorted(board.entries, key=lambda e: (e.metadata.submitted, e.position)):
        if not records or sign * entry.result.score > sign * records[-1].result.score:
            records.append(entry)
    return records


def _benchmark_page(board: BenchmarkStandings, repo_url: str, has_explorer: bool, end: dt.date,
                    official: frozenset[str]) -> BenchmarkPage:
    benchmark = board.benchmark
    task = benchmark.task
    primary = task.metric(benchmark.spec.primary_metric)
    rows = [_board_row(entry, benchmark, repo_url, official) for entry in board.entries]
    points = [
        ChartPoint(entry.metadata.model_name, entry.result.score, *entry.result.interval)
        for entry in board.entries[:CHART_MODELS]
    ]
    chart_title = f"{primary.title} with 95% bootstrap intervals, {benchmark.spec.name}"
    records = _records(board)
    progress = step_chart(
        [RecordPoint(e.metadata.submitted, e.result.score, e.metadata.model_name) for e in records], end,
        f"Best {primary.title} by submission date, {benchmark.spec.name}",
    )
    summary, details = first_sentence(benchmark.spec.description)
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
        metric_titles=[m.title for m in ranking_columns(task.metrics, primary)],
        rows=rows,
        chart=interval_chart(points, chart_title) if points else Markup(""),
        breakdowns=_breakdowns(benchmark, board.entries[:BREAKDOWN_MODELS]),
        download_href=f"../data/{quote(benchmark.id)}.zip",
        pending=sorted(u.metadata.model_name for u in board.unranked if u.state == "pending" and u.metadata),
        leader=rows[0] if rows else None,
        models_text=f"{len(rows)} model" + ("" if len(rows) == 1 else "s"),
        summary=summary,
        details=details,
        leader_ties=sum(1 for e in board.entries if e.rank == 1) - 1 if board.entries else 0,
        progress=progress,
        records=[(e.metadata.submitted.isoformat(), e.metadata.model_name, model_href(e.slug),
                  format_value(primary, e.result.score)) for e in records],
        format=prediction_format(benchmark),
        explorer_href=f"explore/{quote(benchmark.id)}.html" if has_explorer else "",
        any_trained=any(e.metadata.trained_on_benchmark_data for e in board.entries),
        any_reference=any(row.is_reference for row in rows),
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
            facts_line=f"{task.title} · {primary.title}",
        ))
    facts = [
        ("Organization", meta.organization),
        ("Approach", meta.approach.value),
        ("Base model", meta.base_model or "—"),
        ("Parameters", meta.parameters or "—"),
        ("Open weights", "yes" if meta.open_weights else "no"),
        ("Licence", meta.license),
        ("Trained on benchmark data",
         f"{TRAINED_FLAG} yes (declared)" if meta.trained_on_benchmark_data else "no (declared)"),
        ("Submitted", meta.submitted.isoformat()),
        ("Maintainers", ", ".join(f"@{m}" for m in meta.maintainers)),
    ]
    facts_row = model_facts(meta)
    settings = [
        (bid, [(k, str(v)) for k, v in s.model_dump(exclude_none=True).items()])
        for bid, s in sorted(meta.benchmarks.items())
    ]
    return ModelPage(
        slug=slug, name=meta.model_name, organization=meta.organization, description=meta.description,
        facts=facts, links=facts_row.links, results=results,
        pending=sorted(pending), settings=settings,
        folder_href=folder_url(repo_url, slug),
        trained=meta.trained_on_benchmark_data, approach=meta.approach.value, facts_row=facts_row,
        submitted=meta.submitted.isoformat(),
    )


def _model_index(standings: Standings) -> list[ModelIndexRow]:
    """Every listed model with each benchmark it is ranked on, by name."""
    rows = []
    for slug, meta in standings.metadata.items():
        entries = []
        for place in standings.places(slug):
            if place.standing is None:
                continue
            primary = place.benchmark.task.metric(place.standing.result.primary_metric)
            entries.append((place.benchmark.spec.name, benchmark_href(place.benchmark.id),
                            f"rank {place.standing.rank} of {place.standings.field_size}",
                            format_value(primary, place.standing.result.score),
                            format_interval(primary, place.standing.result.interval)))
        search = " ".join([meta.model_name, meta.organization, slug, *(e[0] for e in entries)])
        rows.append(ModelIndexRow(slug, meta.model_name, model_href(slug), meta.organization,
                                  meta.approach.value, meta.submitted.isoformat(), model_facts(meta),
                                  entries, search))
    return sorted(rows, key=lambda r: (r.model.lower(), r.slug))


def _compare_table(board: BenchmarkStandings, document: Mapping[str, Any]) -> CompareTable:
    """The pairs of ``api/compare/<id>.json`` among the first models, ready to print."""
    benchmark = board.benchmark
    primary = benchmark.task.metric(benchmark.spec.primary_metric)
    by_slug = {e.slug: e for e in board.entries[:COMPARE_PAGE_MODELS]}
    pairs = []
    for pair in document["pairs"]:
        if pair["a"] not in by_slug or pair["b"] not in by_slug:
            continue
        a, b = by_slug[pair["a"]], by_slug[pair["b"]]
        difference, (low, high) = a.result.score - b.result.score, pair["ci"]
        better = pair["better"] or ""
        outcome = ("tie (not significant)" if not better
                   else f"{(a if better == a.slug else b).metadata.model_name} better")
        pairs.append(ComparePair(
            a.slug, b.slug, a.metadata.model_name, b.metadata.model_name,
            format_value(primary, a.result.score), format_value(primary, b.result.score),
            format_difference_with_interval(primary, difference, (low, high)),
            format_difference_with_interval(primary, -difference, (-high, -low)),
            better, outcome,
        ))
    return CompareTable(
        benchmark.id, benchmark.spec.name, benchmark_href(benchmark.id), primary.title,
        [(e.slug, e.metadata.model_name, format_value(primary, e.result.score)) for e in board.entries],
        pairs, max(0, board.field_size - COMPARE_PAGE_MODELS),
    )


def _explorer_page(board: BenchmarkStandings, results: ItemResults) -> ExplorerPage:
    shown = min(EXPLORER_ITEMS, len(results.ids))
    items = []
    for row in range(shown):
        wrong = results.wrong(row)
        predictions = [(m.slug, m.texts[row], m.verdicts.correct[row], m.verdicts.notes[row]) for m in results.models]
        items.append((results.ids[row], results.inputs[row], results.golds[row], " ".join(wrong),
                      "yes" if 0 < len(wrong) < len(predictions) else "no", predictions))
    return ExplorerPage(
        id=board.benchmark.id, name=board.benchmark.spec.name, rule=results.rule,
        models=[(m.slug, m.name) for m in results.models],
        models_more=max(0, results.models_total - len(results.models)),
        items=items, items_total=results.items_total, items_shown=shown,
        models_text="the one model" if len(results.models) == 1 else f"the top {len(results.models)} models",
    )


def _overviews(
    boards: Mapping[str, BenchmarkStandings], suites: Mapping[str, SuiteStandings]
) -> list[OverviewTable]:
    """Models x benchmarks per task type; a missing cell shows as not entered, never averaged.

    Where a suite covers exactly the task type's benchmarks, the models it ranks come first, in
    its order (the suite's aggregate, issue 14). The others (or all, without such a suite) are
    ordered by the mean of the model's ranks on the benchmarks it entered (each rank from
    the standings), then by its mean display position (score order within tied ranks), coverage
    and name: the leaders come first (issue 14), and no score is averaged over benchmarks a model
    did not enter.
    """
    tables = []
    for name, task in sorted(TASK_TYPES.items()):
        ids = [bid for bid, board in boards.items() if board.benchmark.task.name == name]
        if not ids:
            continue
        scores: dict[str, dict[str, Standing]] = {}
        for bid in ids:
            for entry in boards[bid].entries:
                scores.setdefault(entry.slug, {})[bid] = entry
        suite = next((board for board in suites.values()
                      if sorted(b.id for b in board.suite.benchmarks) == sorted(ids)), None)
        in_suite = {e.slug: e.position for e in suite.entries} if suite is not None else {}
        keyed = []
        for slug, entered in scores.items():
            mean_rank = sum(e.rank for e in entered.values()) / len(entered)
            mean_position = sum(e.position for e in entered.values()) / len(entered)
            keyed.append(((in_suite.get(slug, len(in_suite) + 1), mean_rank, mean_position, -len(entered),
                           _any(entered).metadata.model_name.lower(), slug), slug))
        rows = []
        for key, slug in sorted(keyed):
            cells = []
            for bid in ids:
                cell = scores[slug].get(bid)
                if cell is None:
                    cells.append(OverviewCell("—", "", "not entered"))
                else:
                    metric = task.metric(cell.result.primary_metric)
                    cells.append(OverviewCell(format_value(metric, cell.result.score), f"{cell.result.score:.6f}",
                                              f"rank {cell.rank} of {boards[bid].field_size}"))
            meta = _any(scores[slug]).metadata
            rows.append(OverviewRow(
                slug, meta.model_name, model_href(slug), meta.organization, meta.approach.value,
                "yes" if meta.open_weights else "no", cells, f"{len(scores[slug])}/{len(ids)}",
                model_facts(meta), f"{key[1]:.1f}",
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
