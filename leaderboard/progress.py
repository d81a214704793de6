"""Progress for long operations (tqdm): a bar on a terminal, plain periodic lines in logs.

On an interactive terminal outside CI, tqdm draws its bar on stderr. Elsewhere (CI logs, pipes,
files) the same counter is written as one plain line every 10 seconds, and only for operations
that last longer than 5 seconds, so short commands stay quiet and logs hold no carriage returns.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")
LINE_INTERVAL_S = 10.0
QUIET_FOR_S = 5.0


def wants_progress() -> bool:
    """Only an interactive terminal outside CI gets a bar (GitHub sets CI=true)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class _Lines(io.TextIOBase):
    """A stream for tqdm that turns each refresh of its status into one line."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        line = text.replace("\r", "").strip()
        if line:
            self._stream.write(line + "\n")
            self._stream.flush()
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def progress(label: str, total: int | None = None, iterable: Iterable[T] | None = None) -> tqdm[T]:
    """A tqdm counter on stderr: ``with progress("run", total=n) as bar: ... bar.update()``."""
    if wants_progress():
        return tqdm(iterable, total=total, desc=label, file=sys.stderr, leave=True)
    return tqdm(iterable, total=total, desc=label, file=_Lines(sys.stderr), ascii=True, ncols=80,
                mininterval=LINE_INTERVAL_S, delay=QUIET_FOR_S, leave=True)


def progress_bar(label: str) -> Callable[[Sequence[T]], Iterable[T]]:
    """A wrapper for loops over a known sequence (``scoring``'s progress hook)."""

    def wrap(items: Sequence[T]) -> Iterable[T]:
        bar: Iterable[T] = progress(label, total=len(items), iterable=items)
        return bar

    return wrap
