"""The repository layout: where benchmarks and submissions live, and how paths are shown."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from leaderboard.benchmarks import Benchmark, BenchmarkSet, get_benchmark, scan_benchmarks
from leaderboard.errors import BenchmarkDefinitionError, ConfigurationError, UnknownNameError
from leaderboard.problems import Problem
from leaderboard.schemas import MaintainersFile, schema_problems
from leaderboard.suites import Suite, SuiteSet, load_suites
from leaderboard.yamlfile import load_yaml

#: The maintainer-owned list of the leaderboard's maintainers (issue 12), covered by CODEOWNERS.
MAINTAINERS_FILE = ".github/maintainers.yaml"


@dataclass(frozen=True, eq=False)
class Repository:
    """A checkout of the leaderboard: ``benchmarks/`` and ``submissions/`` under ``root``."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> Repository:
        """The nearest folder at or above ``start`` (default: cwd) that holds ``benchmarks/``."""
        start = (start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / "benchmarks").is_dir():
                return cls(folder)
        raise ConfigurationError(
            f"{start}: not inside a leaderboard checkout (no benchmarks/ folder here or above); "
            "run the command from the repository or pass --root"
        )

    @property
    def benchmarks_dir(self) -> Path:
        return self.root / "benchmarks"

    @property
    def submissions_dir(self) -> Path:
        return self.root / "submissions"

    @cached_property
    def _benchmark_set(self) -> BenchmarkSet:
        return scan_benchmarks(self.benchmarks_dir, self.display(self.benchmarks_dir))

    @property
    def benchmarks(self) -> dict[str, Benchmark]:
        """The benchmarks whose definitions are valid, by id (a broken one is set aside)."""
        return self._benchmark_set.benchmarks

    @property
    def broken_benchmarks(self) -> dict[str, list[Problem]]:
        """Folder name -> the located problems of each benchmark.yaml that did not load."""
        return self._benchmark_set.broken

    @cached_property
    def _suite_set(self) -> SuiteSet:
        return load_suites(self.benchmarks_dir, self.benchmarks, self.broken_benchmarks,
                           self.display(self.benchmarks_dir))

    @property
    def suites(self) -> dict[str, Suite]:
        """The suites of ``benchmarks/suites.yaml`` whose benchmarks all loaded, in file order."""
        return self._suite_set.suites

    @property
    def broken_suites(self) -> dict[str, list[Problem]]:
        """Suite id (or ``suites.yaml`` for the whole file) -> located problems."""
        return self._suite_set.broken

    @cached_property
    def maintainers_file(self) -> MaintainersFile | None:
        """``.github/maintainers.yaml``, or None when the checkout has none (then no folder is
        shown as a reference baseline and nothing is exempted). A broken file stops the run, with
        its problems located: it decides what the site marks as official."""
        path = self.root / MAINTAINERS_FILE
        if not path.is_file():
            return None
        document = load_yaml(path, MAINTAINERS_FILE)
        try:
            return MaintainersFile.model_validate(document.data)
        except ValidationError as exc:
            problems = schema_problems(exc, document, MAINTAINERS_FILE, MaintainersFile)
            raise ConfigurationError("; ".join(p.format() for p in problems)) from exc

    @property
    def maintainers(self) -> frozenset[str]:
        """The leaderboard maintainers' GitHub handles, compared case-insensitively (GitHub's rule)."""
        found = self.maintainers_file
        return frozenset(h.lower() for h in found.maintainers) if found is not None else frozenset()

    def exempted(self, slug: str, code: str) -> bool:
        """Has a maintainer waived the integrity check ``code`` for ``slug``?"""
        found = self.maintainers_file
        return found is not None and code in found.exemptions.get(slug, [])

    def suite(self, suite_id: str) -> Suite:
        if suite_id in self.broken_suites:
            raise BenchmarkDefinitionError(self.broken_suites[suite_id])
        try:
            return self.suites[suite_id]
        except KeyError:
            raise UnknownNameError("suite", suite_id, self.suites) from None

    def benchmark(self, benchmark_id: str) -> Benchmark:
        """The benchmark ``benchmark_id``; a broken one raises with its problems, an unknown one
        with the known ids."""
        if benchmark_id in self.broken_benchmarks:
            raise BenchmarkDefinitionError(self.broken_benchmarks[benchmark_id])
        return get_benchmark(self.benchmarks, benchmark_id)

    def display(self, path: Path) -> str:
        """``path`` relative to the root in POSIX form when inside it, else as given."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
