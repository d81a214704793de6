"""Numbers as people read them; one place so that the CLI, markdown and site agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from leaderboard.scorers.base import Metric


def format_value(metric: Metric, value: float | None) -> str:
    """Rates as percentages with one decimal (``87.3``), counts whole, other values with one decimal."""
    if value is None:
        return "–"
    if metric.is_count:
        return f"{value:.0f}"
    return f"{value * 100:.1f}" if metric.is_rate else f"{value:.1f}"


def format_coarse(metric: Metric, value: float) -> str:
    """Whole points only (``87``): what a private benchmark's pull-request report may show."""
    return f"{value * 100:.0f}" if metric.is_rate else f"{value:.0f}"


def format_difference(metric: Metric, value: float) -> str:
    """A difference as people read it: ``+3.2`` percentage points for a rate."""
    return f"{value * 100:+.1f}" if metric.is_rate else f"{value:+.2f}"


def format_difference_with_interval(metric: Metric, value: float, interval: tuple[float, float]) -> str:
    """``+3.2 [+0.4, +6.1]``."""
    return f"{format_difference(metric, value)} [{format_difference(metric, interval[0])}, " \
           f"{format_difference(metric, interval[1])}]"


def format_interval(metric: Metric, interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    low, high = interval
    return f"[{format_value(metric, low)}, {format_value(metric, high)}]"


def format_other_metrics(
    metrics: Sequence[Metric], values: Mapping[str, float], primary: str, *, label: str = "title"
) -> str:
    """``Exact match 40.0, ROUGE-L 51.2`` for every metric but the primary one."""
    return ", ".join(
        f"{getattr(m, label)} {format_value(m, values[m.name])}"
        for m in metrics if m.name != primary and m.name in values
    )


def format_with_interval(metric: Metric, value: float, interval: tuple[float, float]) -> str:
    return f"{format_value(metric, value)} {format_interval(metric, interval)}"
