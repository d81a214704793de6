"""The OpenAnote Model Leaderboard: benchmarks, validation, scoring and the static site."""

from leaderboard._version import __version__
from leaderboard.benchmarks import Benchmark, check_benchmark, load_benchmarks
from leaderboard.client import Leaderboard
from leaderboard.errors import (
    ConfigurationError,
    InputFileError,
    LeaderboardError,
    PrivateGoldUnavailable,
    SubmissionError,
    UnknownNameError,
    ValidationFailed,
)
from leaderboard.problems import Problem
from leaderboard.repository import Repository
from leaderboard.scorers import get_task_type, get_task_type_names
from leaderboard.validation import validate_paths, validate_submission

__all__ = [
    "Benchmark",
    "ConfigurationError",
    "InputFileError",
    "Leaderboard",
    "LeaderboardError",
    "PrivateGoldUnavailable",
    "Problem",
    "Repository",
    "SubmissionError",
    "UnknownNameError",
    "ValidationFailed",
    "__version__",
    "check_benchmark",
    "get_task_type",
    "get_task_type_names",
    "load_benchmarks",
    "validate_paths",
    "validate_submission",
]
