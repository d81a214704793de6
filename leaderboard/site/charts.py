"""Inline SVG charts made in Python: the site needs no JavaScript to show them.

The charts are drawn in a 360-unit-wide view box with 11-unit text, so that at phone width (about
366 px of content at 390 px) the labels render at 11 px or more (issue 14; tested in a browser);
the stylesheet caps their width on wide screens so that they never grow past 1.4x.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360
ROW_HEIGHT = 30
MARGIN = 14
MAX_LABEL_CHARS = 34
STEP_HEIGHT = 190


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float  # 0..1
    low: float
    high: float
    highlight: bool = False


@dataclass(frozen=True)
class RecordPoint:
    """A new best primary score, set on ``date`` by ``label``."""

    date: dt.date
    value: float  # 0..1
    label: str


def _x(value: float) -> float:
    return round(MARGIN + max(0.0, min(1.0, value)) * (WIDTH - 2 * MARGIN), 2)


def _open(css: str, height: float, title: str, chart_id: str) -> list[str]:
    return [
        f'<svg class="chart {css}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]


def interval_chart(points: Sequence[ChartPoint], title: str, chart_id: str = "chart") -> Markup:
    """A dot-and-whisker chart of a 0-1 metric on a 0-100 axis: each model's name above its row."""
    height = ROW_HEIGHT * len(points) + 26
    parts = _open("intervals", height, title, chart_id)
    for tick in range(0, 101, 20):
        x = _x(tick / 100)
        parts.append(f'<line class="grid" x1="{x}" y1="2" x2="{x}" y2="{height - 18}"/>')
        parts.append(f'<text class="tick" x="{x}" y="{height - 5}" text-anchor="middle">{tick}</text>')
    for row, point in enumerate(points):
        top = 2 + row * ROW_HEIGHT
        y = top + 21
        label = point.label if len(point.label) <= MAX_LABEL_CHARS else point.label[: MAX_LABEL_CHARS - 1] + "…"
        css = "point highlight" if point.highlight else "point"
        summary = f"{point.value * 100:.1f} [{point.low * 100:.1f}, {point.high * 100:.1f}]"
        parts.append(
            f'<text class="label" x="{MARGIN}" y="{top + 11}">{escape(label)} '
            f'<tspan class="value">{summary}</tspan></text>'
            f'<line class="whisker" x1="{_x(point.low)}" y1="{y}" x2="{_x(point.high)}" y2="{y}"/>'
            f'<circle class="{css}" cx="{_x(point.value)}" cy="{y}" r="4.5">'
            f"<title>{escape(point.label)}: {summary}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def step_chart(records: Sequence[RecordPoint], end: dt.date, title: str, chart_id: str = "progress") -> Markup:
    """The best score so far as a step line over submission dates (0-100 axis), one dot per record."""
    if not records:
        return Markup("")
    left, right, top, bottom = 30.0, WIDTH - 12.0, 8.0, STEP_HEIGHT - 34.0
    start = records[0].date
    end = max(end, records[-1].date, start + dt.timedelta(days=1))
    span = (end - start).days

    def x(date: dt.date) -> float:
        return round(left + (date - start).days / span * (right - left), 2)

    def y(value: float) -> float:
        return round(bottom - max(0.0, min(1.0, value)) * (bottom - top), 2)

    parts = _open("progress", STEP_HEIGHT, title, chart_id)
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line class="grid" x1="{left}" y1="{y(tick / 100)}" x2="{right}" y2="{y(tick / 100)}"/>')
        parts.append(f'<text class="tick" x="{left - 4}" y="{y(tick / 100) + 4}" text-anchor="end">{tick}</text>')
    for date, anchor in ((start, "start"), (end, "end")):
        parts.append(f'<text class="tick" x="{x(date)}" y="{bottom + 16}" '
                     f'text-anchor="{anchor}">{date.isoformat()}</text>')
    path = [f"M{x(records[0].date)},{y(records[0].value)}"]
    for record in records[1:]:
        path.append(f"H{x(record.date)}V{y(record.value)}")
    path.append(f"H{x(end)}")
    parts.append(f'<path class="step" d="{"".join(path)}"/>')
    for record in records:
        parts.append(
            f'<circle class="point" cx="{x(record.date)}" cy="{y(record.value)}" r="4.5">'
            f"<title>{record.date.isoformat()}: {escape(record.label)} {record.value * 100:.1f}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
