"""The package's exception hierarchy.

::

    LeaderboardError                 anything the CLI turns into a message and exit code 1
    ├── ConfigurationError           a benchmark definition or the repository layout is wrong
    │   └── BenchmarkDefinitionError benchmark.yaml problems, each located (path:line)
    ├── UnknownNameError             an unknown benchmark, task type or metric (lists the known ones)
    ├── InputFileError               a file that cannot be read as the format it claims (has path, line)
    ├── ValidationFailed             validation found errors (carries every problem)
    ├── PrivateGoldUnavailable       scoring a private benchmark without the maintainers' gold
    ├── ScoresMissing                build --require-cached found results no shard scored
    ├── SubmissionError              submit/status could not do what was asked
    ├── ServeError                   serve cannot listen on the port (busy, out of range)
    ├── RunError                     `leaderboard run` could not finish (server, key, settings)
    │   └── RunnerUnavailable        the optional `run` extra (openai, bm25s) is not installed
    ├── GuardError                   check-pr cannot read the git objects it was given
    ├── GitHubError                  a GitHub Actions file or the REST API refused or failed
    └── ArtifactRefused              the check's artifact is not what the pull request holds
        └── StaleRun                 the pull request moved on or closed; report nothing

Errors from libraries (yaml, pandas, json, pydantic) are translated into these where they enter,
so a user never sees a traceback for bad input.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leaderboard.problems import Problem


class LeaderboardError(Exception):
    """Base class: every error the package raises on purpose."""


class ConfigurationError(LeaderboardError):
    """A benchmark definition or the repository layout is not as docs/architecture.md describes."""


class BenchmarkDefinitionError(ConfigurationError):
    """One or more ``benchmark.yaml`` files are invalid; ``problems`` locates every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class UnknownNameError(LeaderboardError, KeyError):
    """A name (benchmark, task type, metric) that is not registered."""

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(unknown_name_message(kind, name, self.known))

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class InputFileError(LeaderboardError):
    """A file that cannot be parsed; ``line`` is 1-based or None when it concerns the whole file."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class ValidationFailed(LeaderboardError):
    """Validation found at least one error; ``problems`` holds all of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__("\n".join(p.format() for p in errors) or "validation failed")


class PrivateGoldUnavailable(LeaderboardError):
    """The benchmark's gold is private and this environment has no access to it."""


class ScoresMissing(LeaderboardError):
    """``build --require-cached``: public results that are not in the (merged) cache."""


class SubmissionError(LeaderboardError):
    """``submit`` or ``status`` could not complete."""


class GuardError(LeaderboardError):
    """``check-pr`` could not run: not a git repository, an unknown ref, no common history."""


class GitHubError(LeaderboardError):
    """A GitHub Actions file or API call did not work as the workflow needs."""


class ArtifactRefused(LeaderboardError):
    """The check run's artifact, or the pull request it names, is not what it must be."""


class StaleRun(ArtifactRefused):
    """The pull request moved on (closed, or a newer push) since the check ran: nothing to report."""


class RunError(LeaderboardError):
    """``leaderboard run`` could not finish: a missing key, a refused request, a bad template."""


class RunnerUnavailable(RunError):
    """The optional dependencies of ``leaderboard run`` are not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"'leaderboard run' needs the optional 'run' dependencies ({missing} is not installed); "
            "install them with: pip install -e '.[run]'"
        )


class ServeError(LeaderboardError):
    """``serve`` cannot listen where it was asked to (the port is busy or out of range)."""


def closest_name(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (case-insensitive match first), or None."""
    by_lower = {k.lower(): k for k in known}
    lowered = name.strip().lower()
    if lowered in by_lower:
        return by_lower[lowered]
    matches = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.6)
    if matches:
        return by_lower[matches[0]]
    prefixed = [k for k in by_lower if len(lowered) >= 2 and k.startswith(lowered)]
    return by_lower[prefixed[0]] if len(prefixed) == 1 else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest known name, or an empty string."""
    match = closest_name(name, known)
    return f" (did you mean '{match}'?)" if match else ""


def unknown_name_message(kind: str, name: str, known: Iterable[str]) -> str:
    """``'qa2' is not a known task type; known: chatbot, classification, ner, prompting``."""
    known = sorted(known)
    return f"'{name}' is not a known {kind}{did_you_mean(name, known)}; known: {', '.join(known)}"
