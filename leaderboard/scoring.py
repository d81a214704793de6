"""Scoring submissions against gold, with the result cache, and ranking each benchmark.

Only prediction files that passed validation are scored. Gold of a private benchmark is read
only where the maintainers' environment provides it; elsewhere the result is listed as pending.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from leaderboard.benchmarks import Benchmark, load_benchmark
from leaderboard.errors import PrivateGoldUnavailable
from leaderboard.repository import Repository
from leaderboard.results import ResultCache, ResultRecord, cache_key, sha256_file
from leaderboard.scorers.base import TaskScore
from leaderboard.stats import (
    BASE_SEED,
    BATCH_FEATURE_BYTES,
    DEFAULT_CONFIDENCE,
    DEFAULT_RESAMPLES,
    benchmark_seed,
    bootstrap_many,
    limit_blas_threads,
    percentile_interval,
)
from leaderboard.validation import PredictionFile, SubmissionReport, validate_paths

Progress = Callable[[Sequence[Any]], Iterable[Any]]


@dataclass(frozen=True)
class PendingResult:
    """A valid predictions file that cannot be scored here (its gold is private), and why."""

    slug: str
    benchmark_id: str
    reason: str


@dataclass
class Scoreboard:
    """Every result, plus what could not be scored and why."""

    results: list[ResultRecord] = field(default_factory=list)
    pending: list[PendingResult] = field(default_factory=list)

    def for_benchmark(self, benchmark_id: str) -> list[ResultRecord]:
        return [r for r in self.results if r.benchmark_id == benchmark_id]


class GoldCache:
    """Gold parsed and prepared for scoring once per benchmark, shared by all of its submissions."""

    def __init__(self, private_dir: Path | None = None) -> None:
        self.private_dir = private_dir
        self._frames: dict[str, tuple[pd.DataFrame, str]] = {}
        self._shas: dict[str, str] = {}
        self._prepared: dict[str, Any] = {}

    def prepared(self, benchmark: Benchmark) -> Any:
        """The task type's ``prepare_gold`` of this benchmark's gold, computed once."""
        if benchmark.id not in self._prepared:
            frame, _ = self.get(benchmark)
            self._prepared[benchmark.id] = benchmark.task.prepare_gold(benchmark, frame)
        return self._prepared[benchmark.id]

    def get(self, benchmark: Benchmark) -> tuple[pd.DataFrame, str]:
        if benchmark.id not in self._frames:
            path, _ = benchmark.gold_path(self.private_dir)
            frame = benchmark.gold_table(self.private_dir).frame.set_index("id", drop=False)
            self._frames[benchmark.id] = (frame, sha256_file(path))
        return self._frames[benchmark.id]

    def sha256(self, benchmark: Benchmark) -> str:
        """The gold's hash (for cache keys) without parsing it."""
        if benchmark.id not in self._shas:
            if benchmark.id in self._frames:
                self._shas[benchmark.id] = self._frames[benchmark.id][1]
            else:
                path, _ = benchmark.gold_path(self.private_dir)
                self._shas[benchmark.id] = sha256_file(path)
        return self._shas[benchmark.id]


def result_key(prediction: PredictionFile, gold_sha: str, resamples: int, confidence: float) -> str:
    """Everything a result depends on; any change to one of these means rescoring."""
    benchmark = prediction.benchmark
    return cache_key({
        "benchmark": benchmark.id, "benchmark_version": benchmark.spec.version,
        "definition": benchmark.spec.model_dump(mode="json"), "task_type": benchmark.task.name,
        "scorer_version": benchmark.task.version, "predictions": prediction.sha256, "gold": gold_sha,
        "resamples": resamples, "confidence": confidence, "seed": BASE_SEED,
    })


def compute_record(
    slug: str, prediction: PredictionFile, gold: GoldCache, resamples: int, confidence: float
) -> ResultRecord:
    """Score one validated predictions file (no cache)."""
    return compute_records([(slug, prediction)], gold, resamples, confidence)[0]


def compute_records(
    items: Iterable[tuple[str, PredictionFile]], gold: GoldCache, resamples: int, confidence: float
) -> list[ResultRecord]:
    """Score validated predictions files (no cache); the bootstrap is batched per benchmark.

    Consecutive files of one benchmark are scored one by one and their bootstraps run together
    (``stats.bootstrap_many``), in batches whose features stay under ``BATCH_FEATURE_BYTES``, so
    memory stays bounded however many files and items there are. ``items`` is consumed lazily
    (a progress bar advances as files are scored); group it by benchmark to batch the most.
    """
    records: list[ResultRecord] = []
    batch: list[tuple[str, PredictionFile, TaskScore]] = []
    batch_bytes = 0
    for slug, prediction in items:
        if batch and batch[0][1].benchmark.id != prediction.benchmark.id:
            records += _bootstrap_batch(batch, gold, resamples, confidence)
            batch, batch_bytes = [], 0
        task_score = _task_score(prediction, gold)
        batch.append((slug, prediction, task_score))
        batch_bytes += task_score.features.size * 8
        if batch_bytes >= BATCH_FEATURE_BYTES:
            records += _bootstrap_batch(batch, gold, resamples, confidence)
            batch, batch_bytes = [], 0
    if batch:
        records += _bootstrap_batch(batch, gold, resamples, confidence)
    return records


def _task_score(prediction: PredictionFile, gold: GoldCache) -> TaskScore:
    benchmark = prediction.benchmark
    gold_frame, _ = gold.get(benchmark)
    predicted = prediction.table.frame.set_index("id", drop=False).reindex(gold_frame.index)
    return benchmark.task.score_prepared(benchmark, gold_frame, predicted, gold.prepared(benchmark))


def _bootstrap_batch(
    batch: list[tuple[str, PredictionFile, TaskScore]], gold: GoldCache, resamples: int, confidence: float
) -> list[ResultRecord]:
    """The records of files of one benchmark, with one batched bootstrap for all of them."""
    benchmark = batch[0][1].benchmark
    task = benchmark.task
    gold_frame, gold_sha = gold.get(benchmark)
    all_replicates = bootstrap_many(
        [s.features for _, _, s in batch], [s.statistic for _, _, s in batch],
        resamples=resamples, seed=benchmark_seed(benchmark.id),
    )
    return [
        ResultRecord(
            slug=slug, benchmark_id=benchmark.id, benchmark_version=benchmark.spec.version,
            task_type=task.name, scorer_version=task.version, predictions_sha256=prediction.sha256,
            gold_sha256=gold_sha, n_items=len(gold_frame), primary_metric=benchmark.spec.primary_metric,
            metrics=task_score.metrics, interval=percentile_interval(replicates, confidence),
            confidence=confidence, resamples=resamples, breakdown=task_score.breakdown,
            private_gold=benchmark.is_private, replicates=replicates,
        )
        for (slug, prediction, task_score), replicates in zip(batch, all_replicates, strict=True)
    ]


#: Below this many files to score, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 32
_CHUNK = 16

ChunkJob = tuple[Path, str, list[tuple[str, str, str, str]], Path | None, int, float]

#: In a worker process: each benchmark and its prepared gold, loaded once for all its chunks.
_WORKER_GOLD: dict[tuple[Path, str, Path | None], tuple[Benchmark, GoldCache]] = {}
_WORKER_LIMITS: list[Any] = []


def _init_worker() -> None:
    """One BLAS thread per worker: with one worker per core, more threads only oversubscribe
    the cores (the bootstrap products took 4 x longer on 2 cores, see issue 17)."""
    _WORKER_LIMITS.append(limit_blas_threads())


def _score_chunk(job: ChunkJob) -> list[ResultRecord]:
    """Worker: some files of one benchmark; the benchmark and its gold are loaded once per worker."""
    root, display_root, items, private_dir, resamples, confidence = job
    key = (root, display_root, private_dir)
    if key not in _WORKER_GOLD:
        _WORKER_GOLD[key] = (load_benchmark(root, display_root), GoldCache(private_dir))
    benchmark, gold = _WORKER_GOLD[key]
    predictions = [(slug, PredictionFile(benchmark, Path(path), display, sha)) for slug, path, display, sha in items]
    return compute_records(predictions, gold, resamples, confidence)


def _score_in_parallel(
    misses: list[tuple[str, PredictionFile]], private_dir: Path | None, resamples: int, confidence: float,
    progress: Progress | None,
) -> list[ResultRecord]:
    by_benchmark: dict[str, list[tuple[str, PredictionFile]]] = {}
    for slug, prediction in misses:
        by_benchmark.setdefault(prediction.benchmark.id, []).append((slug, prediction))
    jobs: list[ChunkJob] = []
    for items in by_benchmark.values():
        benchmark = items[0][1].benchmark
        for start in range(0, len(items), _CHUNK):
            chunk = [(slug, str(p.path), p.display, p.sha256) for slug, p in items[start : start + _CHUNK]]
            jobs.append((benchmark.root, benchmark.display_root, chunk, private_dir, resamples, confidence))
    workers = min(len(jobs), os.cpu_count() or 1, 4)
    records: list[ResultRecord] = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        futures = [pool.submit(_score_chunk, job) for job in jobs]
        for future in (progress(futures) if progress else futures):
            records.extend(future.result())
    return records


def score_reports(
    reports: Iterable[SubmissionReport],
    *,
    cache: ResultCache,
    private_dir: Path | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    progress: Progress | None = None,
) -> Scoreboard:
    """Score every valid prediction file of every report; invalid ones are left to validation.

    Cached results are looked up first; the rest is scored in worker processes when there is
    enough of it to be worth it (one per core: a CI runner has two).
    """
    board = Scoreboard()
    gold = GoldCache(private_dir)
    keys: dict[tuple[str, str], str] = {}
    misses: list[tuple[str, PredictionFile]] = []
    for report in reports:
        for prediction in report.predictions.values():
            try:
                gold_sha = gold.sha256(prediction.benchmark)
            except PrivateGoldUnavailable as exc:
                board.pending.append(PendingResult(report.slug, prediction.benchmark.id, str(exc)))
                continue
            key = result_key(prediction, gold_sha, resamples, confidence)
            keys[(report.slug, prediction.benchmark.id)] = key
            cached = cache.get(key, report.slug)
            if cached is not None:
                board.results.append(cached)
            else:
                misses.append((report.slug, prediction))
    for task in {prediction.benchmark.task.name: prediction.benchmark.task for _, prediction in misses}.values():
        task.warm_up()
    if len(misses) >= PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1:
        fresh = _score_in_parallel(misses, private_dir, resamples, confidence, progress)
    else:
        misses.sort(key=lambda miss: miss[1].benchmark.id)  # consecutive per benchmark: one bootstrap batch
        fresh = compute_records(progress(misses) if progress else misses, gold, resamples, confidence)
    for record in fresh:
        cache.put(keys[(record.slug, record.benchmark_id)], record)
    board.results.extend(fresh)
    board.results.sort(key=lambda r: (r.benchmark_id, r.slug))
    return board


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
