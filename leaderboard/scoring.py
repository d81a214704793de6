"""Scoring submissions against gold, with the result cache, and ranking each benchmark.

Only prediction files that passed validation are scored. Gold of a private benchmark is read
only where the maintainers' environment provides it; elsewhere the result is listed as pending.

A cold build of many submissions validates and scores in the same worker processes, so that a
predictions file is read once and each benchmark's gold once per worker (issue 17). Scoring can
be split into shards (``score --shard i/n``): a (submission, benchmark) pair belongs to the shard
given by its cache key, so the split is stable whatever else is added, and the shards' caches
merged hold every result a build needs (``build --require-cached`` checks that).
"""

from __future__ import annotations

import gc
import multiprocessing
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from leaderboard.benchmarks import Benchmark, load_benchmark
from leaderboard.collector import collector_paused
from leaderboard.errors import ConfigurationError, PrivateGoldUnavailable, ScoresMissing
from leaderboard.repository import Repository
from leaderboard.results import ResultCache, ResultRecord, cache_key, sha256_file
from leaderboard.scorers.base import TaskScore
from leaderboard.stats import (
    BASE_SEED,
    BATCH_FEATURE_BYTES,
    BOOTSTRAP_VERSION,
    DEFAULT_CONFIDENCE,
    DEFAULT_RESAMPLES,
    benchmark_seed,
    bootstrap_many,
    limit_blas_threads,
    percentile_interval,
)
from leaderboard.validation import (
    PredictionFile,
    SubmissionReport,
    collect_folders,
    report_from_light,
    validate_paths,
    validate_submission,
    worker_count,
)

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
    return pair_key(prediction.benchmark, prediction.sha256, gold_sha, resamples, confidence)


def pair_key(benchmark: Benchmark, predictions_sha: str, gold_sha: str, resamples: int, confidence: float) -> str:
    return cache_key({
        "benchmark": benchmark.id, "benchmark_version": benchmark.spec.version,
        "definition": benchmark.spec.model_dump(mode="json"), "task_type": benchmark.task.name,
        "scorer_version": benchmark.task.version, "predictions": predictions_sha, "gold": gold_sha,
        "resamples": resamples, "confidence": confidence, "seed": BASE_SEED,
        "bootstrap": BOOTSTRAP_VERSION,
    })


def shard_select(
    shard: Shard | None, gold: GoldCache, resamples: int, confidence: float
) -> Callable[[Benchmark, Callable[[], str]], bool] | None:
    """Validation's file filter for a shard: the files whose pair the shard owns (private gold that
    is not here belongs to no shard: the build job scores it)."""
    if shard is None:
        return None

    def select(benchmark: Benchmark, predictions_sha: Callable[[], str]) -> bool:
        try:
            gold_sha = gold.sha256(benchmark)
        except PrivateGoldUnavailable:
            return False
        return shard.owns(pair_key(benchmark, predictions_sha(), gold_sha, resamples, confidence))

    return select


_SHARD = re.compile(r"^([1-9][0-9]*)/([1-9][0-9]*)$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based): the pairs whose cache key falls to it.

    The key is a sha256, so the split is even and stable: adding a submission moves no other pair
    to another shard, and only a change to what a result depends on (which rescores it anyway) can.
    """

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.match(text.strip())
        if match is None or int(match.group(1)) > int(match.group(2)):
            raise ConfigurationError(f"--shard '{text}': expected I/N with 1 <= I <= N, e.g. --shard 1/2")
        return cls(int(match.group(1)), int(match.group(2)))

    def owns(self, key: str) -> bool:
        return int(key[:16], 16) % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"




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
    return benchmark.task.score_table(benchmark, gold_frame, prediction.table, gold.prepared(benchmark))


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
    with collector_paused(collect_after=True):  # see leaderboard/collector.py
        return _score_files(job)


def _score_files(job: ChunkJob) -> list[ResultRecord]:
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
    workers = min(len(jobs), worker_count())
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
    shard: Shard | None = None,
    require_cached: bool = False,
    scored: Mapping[str, ResultRecord] | None = None,
) -> Scoreboard:
    """Score every valid prediction file of every report; invalid ones are left to validation.

    Cached results are looked up first; the rest is scored in worker processes when there is
    enough of it to be worth it (one per core: a CI runner has two). ``scored`` holds results the
    validating workers already computed, by cache key. With ``shard`` only that shard's pairs are
    scored (the board holds nothing else); with ``require_cached`` every result of a benchmark
    whose gold is public must come from the cache, else :class:`ScoresMissing` names what is
    missing (results of private gold are scored here: they never enter a shared cache).
    """
    board = Scoreboard()
    gold = GoldCache(private_dir)
    keys: dict[tuple[str, str], str] = {}
    misses: list[tuple[str, PredictionFile]] = []
    fresh: list[ResultRecord] = []
    missing: list[str] = []
    for report in reports:
        for prediction in report.predictions.values():
            try:
                gold_sha = gold.sha256(prediction.benchmark)
            except PrivateGoldUnavailable as exc:
                board.pending.append(PendingResult(report.slug, prediction.benchmark.id, str(exc)))
                continue
            key = result_key(prediction, gold_sha, resamples, confidence)
            if shard is not None and not shard.owns(key):
                continue
            keys[(report.slug, prediction.benchmark.id)] = key
            if scored is not None and key in scored:
                cache.misses += 1
                fresh.append(replace(scored[key], slug=report.slug))
                continue
            cached = cache.get(key, report.slug)
            if cached is not None:
                board.results.append(cached)
            elif require_cached and not prediction.benchmark.is_private:
                missing.append(prediction.display)
            else:
                misses.append((report.slug, prediction))
    if missing:
        raise ScoresMissing(
            f"{len(missing)} result(s) of public benchmarks are not in the cache, so a shard did not score "
            f"them or its cache was not merged: {', '.join(sorted(missing)[:20])}"
            f"{' ...' if len(missing) > 20 else ''}; run 'leaderboard score --shard I/N' for every shard "
            "and 'leaderboard cache merge DIR...', or build without --require-cached")
    for task in {prediction.benchmark.task.name: prediction.benchmark.task for _, prediction in misses}.values():
        task.warm_up()
    if len(misses) >= PARALLEL_THRESHOLD and worker_count() > 1:
        fresh += _score_in_parallel(misses, private_dir, resamples, confidence, progress)
    else:
        misses.sort(key=lambda miss: miss[1].benchmark.id)  # consecutive per benchmark: one bootstrap batch
        fresh += compute_records(progress(misses) if progress else misses, gold, resamples, confidence)
    for record in fresh:
        cache.put(keys[(record.slug, record.benchmark_id)], record)
    cache.flush()
    board.results.extend(fresh)
    board.results.sort(key=lambda r: (r.benchmark_id, r.slug))
    return board


#: With this many submission folders, workers validate and score them together.
COMBINED_FOLDERS = 24
#: Submission folders per task of the combined validate-and-score workers: small, because the
#: last task leaves the other core idle (4 folders are ~1.5 s of work at the default scale).
_FOLDER_CHUNK = 4
_BUILD: tuple[Repository, ResultCache, dict[str, str], Path | None, int, float, Shard | None, bool] | None = None
_BUILD_GOLD: dict[Path | None, GoldCache] = {}
BuildChunk = tuple[list[tuple[str, str, Any, list[tuple[str, str, str, str]], list[Any]]],
                   list[tuple[str, ResultRecord]], dict[str, Any]]


def _validate_and_score_chunk(folders: list[Path]) -> BuildChunk:
    with collector_paused(collect_after=True):  # see leaderboard/collector.py
        return _validate_and_score(folders)


def _validate_and_score(folders: list[Path]) -> BuildChunk:
    """Worker: validate some folders and score their valid files that the cache lacks.

    The table validation read is the one scoring uses, and the gold is loaded once per worker.
    Returns light reports (no tables), the new results by key and the new validation verdicts;
    the main process writes them all into one pack.
    """
    assert _BUILD is not None
    repository, cache, gold_shas, private_dir, resamples, confidence, shard, require_cached = _BUILD
    gold = _BUILD_GOLD.setdefault(private_dir, GoldCache(private_dir))
    select = shard_select(shard, gold, resamples, confidence)
    light = []
    todo: list[tuple[str, str, PredictionFile]] = []
    for folder in folders:
        report = validate_submission(folder, repository, cache.validation, select)
        files = [(bid, str(p.path), p.display, p.sha256) for bid, p in report.predictions.items()]
        light.append((str(report.folder), report.display, report.metadata, files, report.problems))
        for bid, prediction in report.predictions.items():
            if bid not in gold_shas:
                continue  # private gold not here: listed as pending by score_reports
            key = result_key(prediction, gold_shas[bid], resamples, confidence)
            if require_cached and not prediction.benchmark.is_private:
                continue  # score_reports names what is missing
            if (shard is None or shard.owns(key)) and not cache.has(key):
                todo.append((key, report.slug, prediction))
    todo.sort(key=lambda item: item[2].benchmark.id)  # consecutive per benchmark: one bootstrap batch
    records = compute_records([(slug, p) for _, slug, p in todo], gold, resamples, confidence)
    verdicts = cache.store.take_new("validation") if cache.store is not None else {}
    return light, [(key, record) for (key, _, _), record in zip(todo, records, strict=True)], verdicts


def _validate_and_score_in_parallel(
    folders: list[Path], repository: Repository, cache: ResultCache, private_dir: Path | None,
    resamples: int, confidence: float, shard: Shard | None, require_cached: bool, progress: Progress | None,
) -> tuple[list[SubmissionReport], dict[str, ResultRecord]]:
    global _BUILD
    benchmarks = repository.benchmarks
    gold = GoldCache(private_dir)
    gold_shas = {}
    for bid, benchmark in benchmarks.items():  # loaded once here; forked workers share the memory
        _ = benchmark.eval_frame, benchmark.eval_positions, benchmark.content_sha256, benchmark.documents
        try:
            gold_shas[bid] = gold.sha256(benchmark)
        except PrivateGoldUnavailable:
            continue
    for task in {b.task.name: b.task for b in benchmarks.values()}.values():
        task.warm_up()
    if cache.store is not None:
        cache.store.keys("results")  # the packs are read once, before the workers fork
    _BUILD = (repository, cache, gold_shas, private_dir, resamples, confidence, shard, require_cached)
    chunks = [folders[start:start + _FOLDER_CHUNK] for start in range(0, len(folders), _FOLDER_CHUNK)]
    scored: dict[str, ResultRecord] = {}
    light: list[Any] = []
    gc.freeze()  # the workers' collections skip what they inherit (benchmarks, tokens, the packs' index)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(len(chunks), worker_count()), mp_context=context,
                                 initializer=_init_worker) as pool:
            futures = [pool.submit(_validate_and_score_chunk, chunk) for chunk in chunks]
            for future in (progress(futures) if progress else futures):
                chunk_light, records, verdicts = future.result()
                light += chunk_light
                scored.update(records)
                for key, (document, _) in verdicts.items():
                    cache.validation.put(key, document)
    finally:
        _BUILD = None
        gc.unfreeze()
    return [report_from_light(one, benchmarks) for one in light], scored


def score_repository(
    repository: Repository,
    paths: Sequence[Path] = (),
    *,
    cache: ResultCache,
    private_dir: Path | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    progress: Progress | None = None,
    shard: Shard | None = None,
    require_cached: bool = False,
) -> tuple[list[SubmissionReport], Scoreboard, list[str]]:
    """Validate and score every submission (and any outside ``submissions/`` named in ``paths``).

    Everything is scored so that ranks are ranks in the whole leaderboard; the cache keeps that
    cheap. Returns the reports, the scoreboard and the slugs ``paths`` selected (all if empty).
    Many folders are validated and scored by the same workers (one read of each file); otherwise
    validation runs first and scoring reads the tables it kept.
    """
    has_submissions = repository.submissions_dir.is_dir()
    validation_cache = cache.validation
    scored: dict[str, ResultRecord] = {}
    folders, stray = collect_folders([repository.submissions_dir], repository) if has_submissions else ([], [])
    if paths and shard is None:
        # The fast path of a check of a few submissions (issue 17): they are validated whole; every
        # other submission only on the benchmarks they entered (and the suites those are in), so
        # the others' files elsewhere are not even hashed, nor those benchmarks' gold read.
        selected = validate_paths(paths, repository, validation_cache)
        wanted = {bid for report in selected for bid in report.predictions}
        for suite in repository.suites.values():
            if any(b.id in wanted for b in suite.benchmarks):
                wanted |= {b.id for b in suite.benchmarks}
        chosen = {report.folder.resolve() for report in selected}
        others = [folder for folder in folders if folder.resolve() not in chosen]
        reports = validate_paths(others, repository, validation_cache, lambda benchmark, _: benchmark.id in wanted)
        reports += selected
        if stray:
            reports.append(SubmissionReport("", repository.submissions_dir, "submissions", problems=stray))
    else:
        if len(folders) >= COMBINED_FOLDERS and worker_count() > 1:
            reports, scored = _validate_and_score_in_parallel(
                folders, repository, cache, private_dir, resamples, DEFAULT_CONFIDENCE, shard, require_cached,
                progress)
        else:
            select = shard_select(shard, GoldCache(private_dir), resamples, DEFAULT_CONFIDENCE)
            reports = validate_paths(folders, repository, validation_cache, select)
        if stray:
            reports.append(SubmissionReport("", repository.submissions_dir, "submissions", problems=stray))
        known = {report.folder.resolve() for report in reports}
        selected = validate_paths(paths, repository, validation_cache) if paths else [r for r in reports if r.slug]
        reports += [r for r in selected if r.folder.resolve() not in known]
    board = score_reports(
        reports, cache=cache, private_dir=private_dir, resamples=resamples, progress=progress, shard=shard,
        require_cached=require_cached, scored=scored,
    )
    return reports, board, [r.slug for r in selected if r.slug]


@dataclass(frozen=True)
class ShardReport:
    """What ``score --shard i/n`` did: the results it scored, those it found cached, the pack it wrote."""

    shard: Shard
    scored: int
    cached: int
    pack: Path | None


def score_shard(
    repository: Repository,
    shard: Shard,
    *,
    cache: ResultCache,
    private_dir: Path | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    progress: Progress | None = None,
) -> ShardReport:
    """Validate and score the share of the (submission, benchmark) pairs that ``shard`` owns into
    ``cache``. Nothing is ranked: the build does that once every shard's cache is merged."""
    if cache.directory is None:
        raise ConfigurationError("--shard writes its results into the cache; drop --no-cache")
    cache.directory.mkdir(parents=True, exist_ok=True)  # a shard that owns nothing still hands on a folder
    before = set(cache.store.packs()) if cache.store is not None else set()
    score_repository(repository, cache=cache, private_dir=private_dir, resamples=resamples,
                     progress=progress, shard=shard)
    written = sorted(set(cache.store.packs()) - before) if cache.store is not None else []
    return ShardReport(shard, cache.misses, cache.hits, written[-1] if written else None)
