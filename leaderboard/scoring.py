"""Scoring submissions against gold, with the result cache, and ranking each benchmark.

Only prediction files that passed validation are scored. Gold of a private benchmark is read
only where the maintainers' environment provides it; elsewhere the result is listed as pending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import PrivateGoldUnavailable
from leaderboard.repository import Repository
from leaderboard.results import ResultCache, ResultRecord, cache_key, sha256_file
from leaderboard.stats import (
    BASE_SEED,
    DEFAULT_CONFIDENCE,
    DEFAULT_RESAMPLES,
    RankedEntry,
    benchmark_seed,
    bootstrap_replicates,
    percentile_interval,
    tie_aware_ranks,
)
from leaderboard.validation import PredictionFile, SubmissionReport, validate_paths

Work = tuple[SubmissionReport, PredictionFile]
Progress = Callable[[Sequence[Work]], Iterable[Work]]


@dataclass
class Scoreboard:
    """Every result, plus what could not be scored and why."""

    results: list[ResultRecord] = field(default_factory=list)
    pending: list[tuple[str, str, str]] = field(default_factory=list)  # slug, benchmark, reason

    def for_benchmark(self, benchmark_id: str) -> list[ResultRecord]:
        return [r for r in self.results if r.benchmark_id == benchmark_id]

    def for_submission(self, slug: str) -> list[ResultRecord]:
        return [r for r in self.results if r.slug == slug]


@dataclass(frozen=True)
class RankedResult:
    entry: RankedEntry
    result: ResultRecord


class GoldCache:
    """Gold parsed once per benchmark and shared by all of its submissions."""

    def __init__(self, private_dir: Path | None = None) -> None:
        self.private_dir = private_dir
        self._frames: dict[str, tuple[pd.DataFrame, str]] = {}

    def get(self, benchmark: Benchmark) -> tuple[pd.DataFrame, str]:
        if benchmark.id not in self._frames:
            path, _ = benchmark.gold_path(self.private_dir)
            frame = benchmark.gold_table(self.private_dir).frame.set_index("id", drop=False)
            self._frames[benchmark.id] = (frame, sha256_file(path))
        return self._frames[benchmark.id]

    def sha256(self, benchmark: Benchmark) -> str:
        if benchmark.id in self._frames:
            return self._frames[benchmark.id][1]
        path, _ = benchmark.gold_path(self.private_dir)
        return sha256_file(path)


def score_prediction_file(
    slug: str,
    prediction: PredictionFile,
    *,
    cache: ResultCache,
    gold: GoldCache,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
) -> ResultRecord:
    """Score one validated predictions file (from the cache when nothing changed)."""
    benchmark = prediction.benchmark
    task = benchmark.task
    predictions_sha = prediction.sha256
    gold_sha = gold.sha256(benchmark)
    key = cache_key({
        "benchmark": benchmark.id, "benchmark_version": benchmark.spec.version,
        "definition": benchmark.spec.model_dump(mode="json"), "task_type": task.name,
        "scorer_version": task.version, "predictions": predictions_sha, "gold": gold_sha,
        "resamples": resamples, "confidence": confidence, "seed": BASE_SEED,
    })
    cached = cache.get(key, slug)
    if cached is not None:
        return cached
    gold_frame, _ = gold.get(benchmark)
    predicted = prediction.table.frame.set_index("id", drop=False).reindex(gold_frame.index)
    task_score = task.score(benchmark, gold_frame, predicted)
    replicates = bootstrap_replicates(
        task_score.features, task_score.statistic, resamples=resamples, seed=benchmark_seed(benchmark.id)
    )
    record = ResultRecord(
        slug=slug, benchmark_id=benchmark.id, benchmark_version=benchmark.spec.version,
        task_type=task.name, scorer_version=task.version, predictions_sha256=predictions_sha,
        gold_sha256=gold_sha, n_items=len(gold_frame), primary_metric=benchmark.spec.primary_metric,
        metrics=task_score.metrics, interval=percentile_interval(replicates, confidence),
        confidence=confidence, resamples=resamples, breakdown=task_score.breakdown,
        private_gold=benchmark.is_private, replicates=replicates,
    )
    cache.put(key, record)
    return record


def score_reports(
    reports: Iterable[SubmissionReport],
    *,
    cache: ResultCache,
    private_dir: Path | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    progress: Progress | None = None,
) -> Scoreboard:
    """Score every valid prediction file of every report; invalid ones are left to validation."""
    board = Scoreboard()
    gold = GoldCache(private_dir)
    work = [(report, prediction) for report in reports for prediction in report.predictions.values()]
    for report, prediction in (progress(work) if progress else work):
        try:
            board.results.append(
                score_prediction_file(report.slug, prediction, cache=cache, gold=gold, resamples=resamples)
            )
        except PrivateGoldUnavailable as exc:
            board.pending.append((report.slug, prediction.benchmark.id, str(exc)))
    return board


def rank_benchmark(benchmark: Benchmark, results: list[ResultRecord]) -> list[RankedResult]:
    """Tie-aware ranking of the results on one benchmark, in display order."""
    by_slug = {r.slug: r for r in results}
    primary = benchmark.task.metric(benchmark.spec.primary_metric)
    entries = tie_aware_ranks(
        [r.slug for r in results], [r.score for r in results], [r.replicates for r in results],
        greater_is_better=bool(primary.greater_is_better),
    )
    return [RankedResult(entry, by_slug[entry.key]) for entry in entries]


def score_repository(
    repository: Repository,
    paths: Sequence[Path] = (),
    *,
    cache: ResultCache,
    private_dir: Path | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    progress: Progress | None = None,
) -> tuple[list[SubmissionReport], Scoreboard, list[str]]:
    """Validate and score every submission (and any outside ``submissions/`` named in ``paths``).

    Everything is scored so that ranks are ranks in the whole leaderboard; the cache keeps that
    cheap. Returns the reports, the scoreboard and the slugs ``paths`` selected (all if empty).
    """
    has_submissions = repository.submissions_dir.is_dir()
    validation_cache = cache.validation
    reports = validate_paths([repository.submissions_dir], repository, validation_cache) if has_submissions else []
    known = {report.folder.resolve() for report in reports}
    selected = validate_paths(paths, repository, validation_cache) if paths else [r for r in reports if r.slug]
    reports += [r for r in selected if r.folder.resolve() not in known]
    board = score_reports(
        reports, cache=cache, private_dir=private_dir, resamples=resamples, progress=progress
    )
    return reports, board, [r.slug for r in selected if r.slug]
