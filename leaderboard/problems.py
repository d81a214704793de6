"""Problems found by validation, and the three ways of reporting them (text, JSON, GitHub).

Validation never stops at the first problem: it collects every one (mkdocs-style) so that a
contributor fixes a file in one round trip. Each problem knows its file and, where it can, the
1-based line of the CSV/JSONL row or YAML node it is about.

Every path and message is made printable when the problem is created (issue 13): a value quoted
from a file may hold an ESC sequence, a bidirectional control or a lone surrogate, and all three
output formats and the site's problems page read these same fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from leaderboard.characters import printable

Severity = Literal["error", "warning"]

#: Listing more ids than this in one message helps nobody; the rest is summarised as a count.
MAX_LISTED = 10


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file: what, where, and (in the message) how to fix it."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"
    code: str = "invalid"

    def __post_init__(self) -> None:
        # Line breaks and tabs survive here because each format encodes them its own way (JSON
        # escapes, GitHub's %0A); format() below writes them as escapes, one problem a line.
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message, keep_newlines=True))

    def format(self) -> str:
        """``path:line: message`` (``path: message`` without a line) on one line; warnings say so."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return printable(f"{where}: {prefix}{self.message}")

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """True when any problem fails validation: errors always, warnings only when ``strict``."""
    return any(p.severity == "error" or strict for p in problems)


def summarise(items: Sequence[str], limit: int = MAX_LISTED, *, quote: bool = True) -> str:
    """``'a', 'b', 'c'`` or ``'a', 'b', … and 40 more`` for long lists."""
    shown = ", ".join(f"'{item}'" if quote else item for item in items[:limit])
    rest = len(items) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable report order: by file, then line (file-level problems first), then message."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))


def format_text(problems: Sequence[Problem]) -> str:
    return "\n".join(p.format() for p in sort_problems(problems))


def format_json(problems: Sequence[Problem]) -> str:
    return json.dumps(
        [p.to_dict() for p in sort_problems(problems)], indent=2, sort_keys=True, ensure_ascii=False
    )
