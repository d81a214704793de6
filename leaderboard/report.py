"""Score reports for people: the terminal table, JSON and the markdown of a PR comment.

Everything here reads the standings (``standings.py``): the rank and field size a submission is
shown with are the ones the site would show, and a submission that would not be listed says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from leaderboard.formatting import format_interval, format_other_metrics, format_value, format_with_interval
from leaderboard.markdown import neutralise_markdown
from leaderboard.schemas import Approach
from leaderboard.scorers.base import Metric
from leaderboard.standings import Standing, Standings, SubmissionPlace
from leaderboard.suites import Suite

TOP = 3


def format_table(standings: Standings, slugs: Sequence[str]) -> str:
    lines = []
    for slug in slugs:
        lines.append(slug)
        places = standings.places(slug)
        for place in places:
            lines.append("  " + place_line(place))
        if slug in standings.unlisted:
            lines.append(f"  not listed: {standings.unlisted[slug]}")
        if not places:
            lines.append("  no valid predictions to score (run 'leaderboard validate')")
    return "\n".join(lines)


def place_line(place: SubmissionPlace) -> str:
    """``fin-sentiment  macro_f1  73.4 [69.0, 77.5]  rank 1 of 3  (accuracy 80.2, ...)``."""
    benchmark = place.benchmark
    result = place.result
    if result is None:
        reason = place.unranked.reason if place.unranked is not None else ""
        return f"{benchmark.id:<22} pending: {reason}"
    task = benchmark.task
    metric = task.metric(result.primary_metric)
    others = format_other_metrics(task.metrics, result.metrics, metric.name, label="name")
    value = format_with_interval(metric, result.score, result.interval)
    return f"{benchmark.id:<22} {metric.name:<9} {value:<20} {rank_text(place):<14} ({others})"


def rank_text(place: SubmissionPlace) -> str:
    """``rank 2 of 3``, or ``not ranked`` for a submission that would not be listed."""
    if place.standing is None:
        return "not ranked"
    return f"rank {place.standing.rank} of {place.standings.field_size}"


def place_json(place: SubmissionPlace) -> dict[str, Any]:
    """One benchmark of one submission, as ``score --format json`` and ``status`` give it."""
    benchmark_id = place.benchmark.id
    result = place.result
    if result is None:
        return {"benchmark": benchmark_id, "pending": place.unranked.reason if place.unranked else ""}
    metric = place.benchmark.task.metric(result.primary_metric)
    item: dict[str, Any] = {
        "benchmark": benchmark_id, "metric": result.primary_metric, "score": result.score,
        "ci": list(result.interval), "metrics": result.metrics,
        "rank": None, "of": place.standings.field_size, "listed": place.standing is not None,
        "summary": f"{metric.name} {format_with_interval(metric, result.score, result.interval)}, {rank_text(place)}",
    }
    if place.standing is not None:
        item["rank"] = place.standing.rank
    elif place.unranked is not None:
        item["reason"] = place.unranked.reason
    return item


def format_leaderboard(document: Mapping[str, Any], metric: Metric) -> str:
    """The terminal table of ``show``: rank, model, score and interval of an API leaderboard document."""
    rows = [("rank", "model", metric.name, "95% interval")]
    for model in document["models"]:
        interval = (model["ci"][0], model["ci"][1])
        rows.append((str(model["rank"]), model["model"], format_value(metric, model["score"]),
                     format_interval(metric, interval)))
    return text_table(rows)


def format_suite(document: Mapping[str, Any], suite: Suite) -> str:
    """``show --suite``: rank, model, mean score with interval, and each benchmark's score."""
    metrics = [b.task.metric(b.spec.primary_metric) for b in suite.benchmarks]
    mean = metrics[0]
    rows = [("rank", "model", "mean", "95% interval", *(b.id for b in suite.benchmarks))]
    for model in document["models"]:
        rows.append((str(model["rank"]), model["model"], format_value(mean, model["score"]),
                     format_interval(mean, (model["ci"][0], model["ci"][1])),
                     *(format_value(m, model["scores"][b.id]) for m, b in zip(metrics, suite.benchmarks, strict=True))))
    lines = [f"{suite.spec.name}: mean of {len(suite.benchmarks)} primary metrics", text_table(rows)]
    for entry in document["incomplete"]:
        lines.append(f"incomplete (not ranked): {entry['model']}, missing {', '.join(entry['missing'])}")
    return "\n".join(lines)


def text_table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns with a rule under the header row."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_json(standings: Standings, slugs: Sequence[str]) -> str:
    payload = []
    for slug in slugs:
        places = standings.places(slug)
        payload.append({
            "submission": slug,
            "listed": standings.is_listed(slug),
            "reason": standings.unlisted.get(slug),
            "results": [
                {**place.result.to_json(), "rank": place.standing.rank if place.standing else None,
                 "of": place.standings.field_size, "listed": place.standing is not None}
                for place in places if place.result is not None
            ],
            "pending": [
                {"benchmark": place.benchmark.id, "reason": place.unranked.reason}
                for place in places if place.result is None and place.unranked is not None
            ],
        })
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)


def _name(standings: Standings, slug: str) -> str:
    meta = standings.metadata.get(slug)
    return neutralise_markdown(meta.model_name if meta else slug)


def format_markdown(standings: Standings, slugs: Sequence[str]) -> str:
    """What the PR comment shows: metrics with intervals, would-be rank, top three, baselines."""
    out = []
    for slug in slugs:
        out.append(f"### {_name(standings, slug)} (`{neutralise_markdown(slug)}`)\n")
        if slug in standings.unlisted:
            out.append(f"**Not ranked**: {neutralise_markdown(standings.unlisted[slug])}.\n")
        pending = []
        for place in standings.places(slug):
            result = place.result
            if result is None:
                pending.append(place)
                continue
            benchmark = place.benchmark
            task = benchmark.task
            primary = task.metric(result.primary_metric)
            out.append(f"#### {benchmark.spec.name} (`{benchmark.id}`, {task.name})\n")
            if place.standing is not None:
                out.append(f"Rank **{place.standing.rank}** of {place.standings.field_size} "
                           "(ties are models not significantly different, 95% paired bootstrap).\n")
            else:
                out.append(f"Not ranked among the {place.standings.field_size} listed models.\n")
            out.append("| metric | value | 95% interval |\n|---|---:|---|")
            for metric in task.metrics:
                if metric.name not in result.metrics:
                    continue
                value = format_value(metric, result.metrics[metric.name])
                interval = format_interval(metric, result.interval) if metric.name == primary.name else ""
                title = f"**{metric.title}**" if metric.name == primary.name else metric.title
                out.append(f"| {title} | {value} | {interval} |")
            out.append("")
            out.append(f"| rank | model | {primary.title} |\n|---:|---|---:|")
            for other in _shown(place.standings.entries):
                marker = " ← this submission" if other.slug == slug else ""
                out.append(
                    f"| {other.rank} | {_name(standings, other.slug)}{marker} | "
                    f"{format_with_interval(primary, other.result.score, other.result.interval)} |"
                )
            out.append("")
        for place in pending:
            reason = place.unranked.reason if place.unranked is not None else ""
            out.append(f"- `{place.benchmark.id}`: {neutralise_markdown(reason)}")
        if pending:
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _shown(entries: Sequence[Standing]) -> list[Standing]:
    """The top three, and every baseline below them (the reference points a reader looks for)."""
    return list(entries[:TOP]) + [e for e in entries[TOP:] if e.metadata.approach == Approach.BASELINE]
