"""Suites: ``benchmarks/suites.yaml`` names groups of benchmarks ranked together (as MTEB does).

A suite's score is the unweighted mean of its benchmarks' primary metrics, over the models that
entered all of them; its interval and tie-aware ranks come from the same bootstrap as one
benchmark's (see ``standings.compute_suite_standings``). This module only loads the definitions:
a suite that names an unknown or broken benchmark is set aside with located problems, like a
broken benchmark, and never stops anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import InputFileError, did_you_mean
from leaderboard.problems import Problem
from leaderboard.schemas import SuitesFile, SuiteSpec, schema_problems
from leaderboard.yamlfile import load_yaml

SUITES_FILE = "suites.yaml"


@dataclass(frozen=True, eq=False)
class Suite:
    """A loaded suite: its definition and its benchmarks, in the declared order."""

    spec: SuiteSpec
    benchmarks: list[Benchmark]

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class SuiteSet:
    """The suites that loaded, and the problems of each one that did not (key: suite id or file)."""

    suites: dict[str, Suite]
    broken: dict[str, list[Problem]]


def load_suites(
    benchmarks_dir: Path,
    benchmarks: Mapping[str, Benchmark],
    broken_benchmarks: Mapping[str, list[Problem]],
    display_root: str = "benchmarks",
) -> SuiteSet:
    """Read ``benchmarks/suites.yaml`` (absent: no suites) against the loaded benchmarks."""
    path = benchmarks_dir / SUITES_FILE
    display = f"{display_root}/{SUITES_FILE}"
    if not path.is_file():
        return SuiteSet({}, {})
    try:
        document = load_yaml(path, display)
        parsed = SuitesFile.model_validate(document.data)
    except InputFileError as exc:
        return SuiteSet({}, {SUITES_FILE: [Problem(display, exc.line, exc.message, code="yaml")]})
    except ValidationError as exc:
        return SuiteSet({}, {SUITES_FILE: schema_problems(exc, document, display, SuitesFile)})
    suites: dict[str, Suite] = {}
    broken: dict[str, list[Problem]] = {}
    for index, spec in enumerate(parsed.suites):
        problems = []
        for position, benchmark_id in enumerate(spec.benchmarks):
            line = document.line_of(("suites", index, "benchmarks", position))
            if benchmark_id in broken_benchmarks:
                problems.append(Problem(display, line, (
                    f"suite '{spec.id}': benchmark '{benchmark_id}' has a broken definition, so the suite "
                    "is left out until it is fixed"), code="broken-benchmark"))
            elif benchmark_id not in benchmarks:
                problems.append(Problem(display, line, (
                    f"suite '{spec.id}': '{benchmark_id}' is not a known benchmark"
                    f"{did_you_mean(benchmark_id, benchmarks)}"), code="unknown-benchmark"))
        members = [benchmarks[b] for b in spec.benchmarks if b in benchmarks]
        directions = {
            b.task.metric(b.spec.primary_metric).greater_is_better for b in members
        }
        if len(directions) > 1:
            problems.append(Problem(display, document.line_of(("suites", index, "benchmarks")), (
                f"suite '{spec.id}' mixes primary metrics where higher is better with ones where lower "
                "is better; a mean of them ranks nothing"), code="schema"))
        if problems:
            broken[spec.id] = problems
        else:
            suites[spec.id] = Suite(spec, members)
    return SuiteSet(suites, broken)
