"""Inline SVG charts made in Python: the site needs no JavaScript to show them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_HEIGHT = 22
LABEL_WIDTH = 230
PLOT_WIDTH = 420
MAX_LABEL_CHARS = 34


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float  # 0..1
    low: float
    high: float
    highlight: bool = False


def _x(value: float) -> float:
    return round(LABEL_WIDTH + max(0.0, min(1.0, value)) * PLOT_WIDTH, 2)


def interval_chart(points: Sequence[ChartPoint], title: str) -> Markup:
    """A dot-and-whisker chart of a 0-1 metric on a 0-100 axis, one row per model."""
    height = ROW_HEIGHT * len(points) + 34
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for tick in range(0, 101, 20):
        x = _x(tick / 100)
        parts.append(f'<line class="grid" x1="{x}" y1="4" x2="{x}" y2="{height - 24}"/>')
        parts.append(f'<text class="tick" x="{x}" y="{height - 8}" text-anchor="middle">{tick}</text>')
    for row, point in enumerate(points):
        y = 4 + row * ROW_HEIGHT + ROW_HEIGHT / 2
        label = point.label if len(point.label) <= MAX_LABEL_CHARS else point.label[: MAX_LABEL_CHARS - 1] + "…"
        css = "point highlight" if point.highlight else "point"
        parts.append(
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 4}" text-anchor="end">{escape(label)}</text>'
            f'<line class="whisker" x1="{_x(point.low)}" y1="{y}" x2="{_x(point.high)}" y2="{y}"/>'
            f'<circle class="{css}" cx="{_x(point.value)}" cy="{y}" r="4.5">'
            f"<title>{escape(point.label)}: {point.value * 100:.1f} "
            f"[{point.low * 100:.1f}, {point.high * 100:.1f}]</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
