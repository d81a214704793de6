"""A progress bar on a terminal, silence in CI logs and pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def wants_progress() -> bool:
    """Only an interactive terminal outside CI gets a bar (GitHub sets CI=true)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def progress_bar(label: str) -> Callable[[Sequence[T]], Iterable[T]] | None:
    """A wrapper that draws ``label [#####     ] 12/40`` on stderr, or None when unwanted."""
    if not wants_progress():
        return None

    def wrap(items: Sequence[T]) -> Iterator[T]:
        total = len(items)
        for done, item in enumerate(items):
            filled = int(30 * done / max(total, 1))
            sys.stderr.write(f"\r{label} [{'#' * filled}{' ' * (30 - filled)}] {done}/{total}")
            sys.stderr.flush()
            yield item
        sys.stderr.write(f"\r{label} [{'#' * 30}] {total}/{total}\n")

    return wrap
