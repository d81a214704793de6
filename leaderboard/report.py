"""Score reports for people: the terminal table, JSON and the markdown of a PR comment."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leaderboard.benchmarks import Benchmark
from leaderboard.formatting import format_interval, format_other_metrics, format_value, format_with_interval
from leaderboard.github import neutralise_markdown
from leaderboard.schemas import Approach, SubmissionMetadata
from leaderboard.scoring import RankedResult, Scoreboard, rank_benchmark

TOP = 3


@dataclass(frozen=True)
class SubmissionScores:
    """One submission's results with their rank in the current leaderboard of each benchmark."""

    slug: str
    metadata: SubmissionMetadata | None
    rows: list[tuple[Benchmark, RankedResult, int]]  # benchmark, this result ranked, field size
    pending: list[tuple[str, str]]  # benchmark id, reason


def collect(
    slugs: Sequence[str],
    board: Scoreboard,
    benchmarks: Mapping[str, Benchmark],
    metadata: Mapping[str, SubmissionMetadata | None],
) -> tuple[list[SubmissionScores], dict[str, list[RankedResult]]]:
    """Rank every benchmark once, then pick out the requested submissions."""
    rankings = {bid: rank_benchmark(b, board.for_benchmark(bid)) for bid, b in benchmarks.items()}
    selected = []
    for slug in slugs:
        rows = [
            (benchmarks[bid], ranked, len(ranking))
            for bid, ranking in rankings.items()
            for ranked in ranking
            if ranked.result.slug == slug
        ]
        pending = [(bid, reason) for s, bid, reason in board.pending if s == slug]
        selected.append(SubmissionScores(slug, metadata.get(slug), rows, pending))
    return selected, rankings


def format_table(scores: Sequence[SubmissionScores]) -> str:
    lines = []
    for submission in scores:
        lines.append(f"{submission.slug}")
        for benchmark, ranked, field_size in submission.rows:
            task = benchmark.task
            metric = task.metric(ranked.result.primary_metric)
            others = format_other_metrics(task.metrics, ranked.result.metrics, metric.name, label="name")
            value = format_with_interval(metric, ranked.result.score, ranked.result.interval)
            lines.append(
                f"  {benchmark.id:<22} {metric.name:<9} {value:<20} "
                f"rank {ranked.entry.rank} of {field_size}  ({others})"
            )
        for benchmark_id, reason in submission.pending:
            lines.append(f"  {benchmark_id:<22} pending: {reason}")
        if not submission.rows and not submission.pending:
            lines.append("  no valid predictions to score (run 'leaderboard validate')")
    return "\n".join(lines)


def format_json(scores: Sequence[SubmissionScores]) -> str:
    payload = [
        {
            "submission": s.slug,
            "results": [
                {**ranked.result.to_json(), "rank": ranked.entry.rank, "of": size}
                for _, ranked, size in s.rows
            ],
            "pending": [{"benchmark": bid, "reason": reason} for bid, reason in s.pending],
        }
        for s in scores
    ]
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)


def _name(slug: str, metadata: Mapping[str, SubmissionMetadata | None]) -> str:
    meta = metadata.get(slug)
    return neutralise_markdown(meta.model_name if meta else slug)


def format_markdown(
    scores: Sequence[SubmissionScores],
    rankings: Mapping[str, list[RankedResult]],
    metadata: Mapping[str, SubmissionMetadata | None],
) -> str:
    """What the PR comment shows: metrics with intervals, would-be rank, top three, baselines."""
    out = []
    for submission in scores:
        out.append(f"### {_name(submission.slug, metadata)} (`{neutralise_markdown(submission.slug)}`)\n")
        for benchmark, ranked, field_size in submission.rows:
            task = benchmark.task
            primary = task.metric(ranked.result.primary_metric)
            out.append(f"#### {benchmark.spec.name} (`{benchmark.id}`, {task.name})\n")
            out.append(f"Rank **{ranked.entry.rank}** of {field_size} "
                       f"(ties are models not significantly different, 95% paired bootstrap).\n")
            out.append("| metric | value | 95% interval |\n|---|---:|---|")
            for metric in task.metrics:
                if metric.name not in ranked.result.metrics:
                    continue
                value = format_value(metric, ranked.result.metrics[metric.name])
                interval = format_interval(metric, ranked.result.interval) if metric.name == primary.name else ""
                title = f"**{metric.title}**" if metric.name == primary.name else metric.title
                out.append(f"| {title} | {value} | {interval} |")
            out.append("")
            ranking = rankings.get(benchmark.id, [])
            shown = ranking[:TOP] + [
                r for r in ranking[TOP:]
                if (m := metadata.get(r.result.slug)) is not None and m.approach == Approach.BASELINE
            ]
            out.append(f"| rank | model | {primary.title} |\n|---:|---|---:|")
            for other in shown:
                marker = " ← this submission" if other.result.slug == submission.slug else ""
                out.append(
                    f"| {other.entry.rank} | {_name(other.result.slug, metadata)}{marker} | "
                    f"{format_with_interval(primary, other.result.score, other.result.interval)} |"
                )
            out.append("")
        for benchmark_id, reason in submission.pending:
            out.append(f"- `{benchmark_id}`: {neutralise_markdown(reason)}")
        if submission.pending:
            out.append("")
    return "\n".join(out).rstrip() + "\n"
