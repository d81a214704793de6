"""Work in two halves at once: one in this process, one in a forked process (a CI runner has two
cores). The fork inherits the work function, so a closure may hold anything (the site's context,
the standings): only the second half's result is pickled back."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Result = TypeVar("Result")
_FORKED: list[Callable[[int, int], Any]] = []


def in_two_processes(work: Callable[[int, int], Result]) -> list[Result]:
    """``[work(0, 2), work(1, 2)]``, the second computed in a forked process meanwhile."""
    _FORKED.append(work)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            second = pool.submit(_second_half)  # the process is forked here, after the append
            first = work(0, 2)
            return [first, second.result()]
    finally:
        _FORKED.pop()


def _second_half() -> Any:
    return _FORKED[-1](1, 2)
