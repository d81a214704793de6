"""The repository layout: where benchmarks and submissions live, and how paths are shown."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from leaderboard.benchmarks import Benchmark, get_benchmark, load_benchmarks
from leaderboard.errors import ConfigurationError


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
    def benchmarks(self) -> dict[str, Benchmark]:
        return load_benchmarks(self.benchmarks_dir, self.display(self.benchmarks_dir))

    def benchmark(self, benchmark_id: str) -> Benchmark:
        return get_benchmark(self.benchmarks, benchmark_id)

    def submission_folders(self) -> list[Path]:
        if not self.submissions_dir.is_dir():
            return []
        return sorted(p for p in self.submissions_dir.iterdir() if p.is_dir() and not p.is_symlink())

    def display(self, path: Path) -> str:
        """``path`` relative to the root in POSIX form when inside it, else as given."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
