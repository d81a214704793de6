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
from leaderboard.benchmarks import Benchmark
from leaderboard.formatting import format_interval, format_other_metrics, format_value
from leaderboard.problems import Problem, sort_problems
from leaderboard.results import ResultRecord
from leaderboard.schemas import Approach, SubmissionMetadata
from leaderboard.scorers import TASK_TYPES
from leaderboard.scorers.base import Metric
from leaderboard.scoring import RankedResult, Scoreboard, rank_benchmark
from leaderboard.site.charts import ChartPoint, interval_chart
from leaderboard.validation import SubmissionReport

SCHEMA_VERSION = 1
BREAKDOWN_MODELS = 5
CHART_MODELS = 40
MAX_MESSAGE_CHARS = 600

TASK_BLURBS = {
    "classification": "Assign one label from a closed set to each text.",
    "ner": "Tag the entities of each tokenised sentence with IOB2 tags.",
    "chatbot": "Answer questions across a whole document collection and name the sources.",
    "prompting": "Answer each question from the one document it comes with.",
}


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
    models: list[ModelPage]
    overviews: list[OverviewTable]
    problems: list[ProblemEntry]
    task_types: list[tuple[str, str, str, list[MetricDefinition]]]  # name, title, blurb, metrics
    task_options: list[tuple[str, str]]  # name, title
    scorer_versions: list[tuple[str, str]]
    approaches: list[str]
    api: dict[str, Any] = field(default_factory=dict)


def build_context(
    benchmarks: Mapping[str, Benchmark],
    reports: Sequence[SubmissionReport],
    board: Scoreboard,
    *,
    repo_url: str,
    updated: str,
    title: str = "OpenAnote Model Leaderboard",
) -> SiteContext:
    metadata = {r.slug: r.metadata for r in reports if r.slug and r.metadata is not None}
    listed = [r for r in board.results if r.slug in metadata]
    rankings = {bid: rank_benchmark(b, [r for r in listed if r.benchmark_id == bid]) for bid, b in benchmarks.items()}
    pending = [(s, b, reason) for s, b, reason in board.pending if s in metadata]
    benchmark_pages = [
        _benchmark_page(benchmarks[bid], rankings[bid], metadata, pending, repo_url) for bid in benchmarks
    ]
    model_pages = [
        _model_page(slug, meta, benchmarks, rankings, pending, repo_url) for slug, meta in sorted(metadata.items())
    ]
    context = SiteContext(
        title=title,
        updated=updated,
        repo_url=repo_url,
        version=__version__,
        benchmarks=benchmark_pages,
        models=model_pages,
        overviews=_overviews(benchmarks, rankings, metadata),
        problems=_problems(reports, repo_url),
        task_types=[
            (name, task.title, TASK_BLURBS.get(name, ""), [_definition(m) for m in task.metrics])
            for name, task in sorted(TASK_TYPES.items())
        ],
        task_options=[(name, task.title) for name, task in sorted(TASK_TYPES.items())],
        scorer_versions=[(name, task.version) for name, task in sorted(TASK_TYPES.items())],
        approaches=[a.value for a in Approach],
    )
    context.api = api_payloads(benchmarks, rankings, metadata, pending)
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


def _board_row(ranked: RankedResult, benchmark: Benchmark, meta: SubmissionMetadata, repo_url: str) -> BoardRow:
    task = benchmark.task
    result = ranked.result
    primary = task.metric(result.primary_metric)
    return BoardRow(
        rank=ranked.entry.rank,
        position=ranked.entry.position,
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


def _benchmark_page(
    benchmark: Benchmark,
    ranking: list[RankedResult],
    metadata: Mapping[str, SubmissionMetadata],
    pending: Sequence[tuple[str, str, str]],
    repo_url: str,
) -> BenchmarkPage:
    task = benchmark.task
    primary = task.metric(benchmark.spec.primary_metric)
    rows = [_board_row(r, benchmark, metadata[r.result.slug], repo_url) for r in ranking]
    points = [
        ChartPoint(metadata[r.result.slug].model_name, r.result.score, *r.result.interval)
        for r in ranking[:CHART_MODELS]
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
        breakdowns=_breakdowns(benchmark, ranking[:BREAKDOWN_MODELS], metadata),
        download_href=f"../data/{quote(benchmark.id)}.zip",
        pending=sorted(metadata[s].model_name for s, b, _ in pending if b == benchmark.id),
        leader=rows[0] if rows else None,
        models_text=f"{len(rows)} model" + ("" if len(rows) == 1 else "s"),
    )


def _breakdown_table(caption: str, result: ResultRecord) -> BreakdownTable | None:
    if not result.breakdown:
        return None
    headers = ["class", "precision", "recall", "F1", "support"]
    rows = [
        [Cell(name), *(Cell(f"{v[k] * 100:.1f}", f"{v[k]:.6f}") for k in ("precision", "recall", "f1")),
         Cell(f"{v['support']:.0f}", f"{v['support']:.0f}")]
        for name, v in result.breakdown.items()
    ]
    return BreakdownTable(caption, headers, rows)


def _breakdowns(
    benchmark: Benchmark, ranking: list[RankedResult], metadata: Mapping[str, SubmissionMetadata]
) -> list[BreakdownTable]:
    kind = "Per entity type" if benchmark.task.name == "ner" else "Per class"
    tables = [
        _breakdown_table(f"{kind}: {metadata[r.result.slug].model_name}", r.result) for r in ranking
    ]
    return [t for t in tables if t is not None]


def _model_page(
    slug: str,
    meta: SubmissionMetadata,
    benchmarks: Mapping[str, Benchmark],
    rankings: Mapping[str, list[RankedResult]],
    pending: Sequence[tuple[str, str, str]],
    repo_url: str,
) -> ModelPage:
    results = []
    for bid, ranking in rankings.items():
        for ranked in ranking:
            if ranked.result.slug != slug:
                continue
            benchmark = benchmarks[bid]
            task = benchmark.task
            primary = task.metric(ranked.result.primary_metric)
            others = format_other_metrics(task.metrics, ranked.result.metrics, primary.name)
            results.append(ModelResultRow(
                benchmark_id=bid,
                benchmark_name=benchmark.spec.name,
                benchmark_href="../" + benchmark_href(bid),
                task_title=task.title,
                rank=f"{ranked.entry.rank} of {len(ranking)}",
                rank_sort=str(ranked.entry.rank),
                primary_title=primary.title,
                primary=_cell(primary, ranked.result.score),
                interval=format_interval(primary, ranked.result.interval),
                others=others,
                breakdown=_breakdown_table(f"{benchmark.spec.name}: breakdown", ranked.result),
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
        pending=sorted(b for s, b, _ in pending if s == slug), settings=settings,
        folder_href=folder_url(repo_url, slug),
    )


def _overviews(
    benchmarks: Mapping[str, Benchmark],
    rankings: Mapping[str, list[RankedResult]],
    metadata: Mapping[str, SubmissionMetadata],
) -> list[OverviewTable]:
    """Models x benchmarks per task type; a missing cell shows as not entered, never averaged."""
    tables = []
    for name, task in sorted(TASK_TYPES.items()):
        ids = [bid for bid, b in benchmarks.items() if b.task.name == name]
        if not ids:
            continue
        scores: dict[str, dict[str, RankedResult]] = {}
        for bid in ids:
            for ranked in rankings[bid]:
                scores.setdefault(ranked.result.slug, {})[bid] = ranked
        rows = []
        for slug in sorted(scores, key=lambda s: (-len(scores[s]), metadata[s].model_name.lower(), s)):
            cells = []
            for bid in ids:
                ranked_result = scores[slug].get(bid)
                if ranked_result is None:
                    cells.append(Cell("—", "", "not entered"))
                else:
                    metric = task.metric(ranked_result.result.primary_metric)
                    cells.append(Cell(
                        format_value(metric, ranked_result.result.score),
                        f"{ranked_result.result.score:.6f}",
                        f"rank {ranked_result.entry.rank}",
                    ))
            meta = metadata[slug]
            rows.append(OverviewRow(
                slug, meta.model_name, model_href(slug), meta.organization, meta.approach.value,
                "yes" if meta.open_weights else "no", cells, f"{len(scores[slug])}/{len(ids)}",
            ))
        tables.append(OverviewTable(
            name, task.title, [(bid, benchmarks[bid].spec.name, benchmark_href(bid)) for bid in ids], rows
        ))
    return tables


def _problems(reports: Sequence[SubmissionReport], repo_url: str) -> list[ProblemEntry]:
    entries = []
    for report in sorted(reports, key=lambda r: r.display):
        errors: list[Problem] = [p for p in sort_problems(report.problems) if p.severity == "error"]
        if errors:
            messages = [_cap(p.format()) for p in errors]
            entries.append(ProblemEntry(report.slug or "(submissions folder)", report.display, messages))
    return entries


def _cap(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 1] + "…"


# -- API ---------------------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(float(value), 6)


def api_payloads(
    benchmarks: Mapping[str, Benchmark],
    rankings: Mapping[str, list[RankedResult]],
    metadata: Mapping[str, SubmissionMetadata],
    pending: Sequence[tuple[str, str, str]],
) -> dict[str, Any]:
    """Every JSON document of the API, keyed by its path under ``api/``."""
    files: dict[str, Any] = {}
    summaries = []
    for bid, benchmark in benchmarks.items():
        description = _benchmark_json(benchmark)
        ranking = rankings[bid]
        summaries.append({**description, "models": len(ranking),
                          "leader": _model_entry(ranking[0], metadata) if ranking else None})
        files[f"leaderboard/{bid}.json"] = {
            "schema_version": SCHEMA_VERSION,
            "benchmark": description,
            "models": [_model_entry(r, metadata) for r in ranking],
        }
    files["benchmarks.json"] = {"schema_version": SCHEMA_VERSION, "benchmarks": summaries}
    for slug, meta in sorted(metadata.items()):
        results = [
            {"benchmark": bid, **_model_entry(r, metadata), "breakdown": r.result.breakdown}
            for bid, ranking in rankings.items() for r in ranking if r.result.slug == slug
        ]
        files[f"models/{slug}.json"] = {
            "schema_version": SCHEMA_VERSION,
            "model": meta.model_dump(mode="json", exclude={"benchmarks"}) | {"slug": slug},
            "settings": meta.model_dump(mode="json", exclude_none=True)["benchmarks"],
            "results": results,
            "pending": sorted(b for s, b, _ in pending if s == slug),
        }
    return files


def _benchmark_json(benchmark: Benchmark) -> dict[str, Any]:
    spec = benchmark.spec
    return {
        "id": spec.id, "name": spec.name, "task_type": spec.task_type, "version": spec.version,
        "n_items": benchmark.n_items, "primary_metric": spec.primary_metric, "gold": spec.gold,
        "license": spec.license,
        "labels": spec.labels, "entity_types": spec.entity_types,
    }


def _model_entry(ranked: RankedResult, metadata: Mapping[str, SubmissionMetadata]) -> dict[str, Any]:
    result = ranked.result
    meta = metadata[result.slug]
    return {
        "rank": ranked.entry.rank,
        "position": ranked.entry.position,
        "model": meta.model_name,
        "slug": result.slug,
        "organization": meta.organization,
        "approach": meta.approach.value,
        "open_weights": meta.open_weights,
        "submitted": meta.submitted.isoformat(),
        "score": _round(result.score),
        "ci": [_round(result.interval[0]), _round(result.interval[1])],
        "metrics": {name: _round(value) for name, value in sorted(result.metrics.items())},
        "n_items": result.n_items,
        "benchmark_version": result.benchmark_version,
        "scorer_version": result.scorer_version,
        "predictions_sha256": result.predictions_sha256,
    }
