"""The standings: who is listed on each benchmark, at which rank, and why anyone else is not.

This is the one place that ranks. Every surface (the CLI's ``score``, ``status`` and ``show``,
``submit``, the pull-request comment, the site, the JSON/CSV API and the Python ``Leaderboard``)
reads a :class:`Standings`; none ranks on its own, so they cannot disagree.

The rule: a model is ranked among the submissions that would be published. A submission is
published when its folder name is a valid slug and its ``metadata.yaml`` is valid (a site cannot
show a model without its name and organisation); each of its predictions files that passed
validation is then ranked on its benchmark. Anything else that was scored is *unlisted*, with the
reason, and a result whose gold is private and unavailable here is *pending*, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import ConfigurationError
from leaderboard.problems import Problem
from leaderboard.repository import Repository
from leaderboard.results import ResultCache, ResultRecord
from leaderboard.schemas import SubmissionMetadata
from leaderboard.scoring import Progress, Scoreboard, score_repository
from leaderboard.stats import DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, percentile_interval, tie_aware_ranks
from leaderboard.suites import Suite
from leaderboard.validation import SubmissionReport

METADATA_REASON = "its metadata.yaml has errors, so it would not be published; fix them to be ranked"


@dataclass(frozen=True)
class Standing:
    """One listed result: ``rank`` respects statistical ties, ``position`` is the display order."""

    rank: int
    position: int
    better_than: int  # how many listed models this one is significantly better than
    result: ResultRecord
    metadata: SubmissionMetadata

    @property
    def slug(self) -> str:
        return self.result.slug


@dataclass(frozen=True)
class Unranked:
    """A submission's entry on a benchmark that has no rank, and why."""

    slug: str
    benchmark_id: str
    state: str  # "pending": scored later (private gold); "unlisted": would not be published
    reason: str
    result: ResultRecord | None = None  # the scores, when they could be computed (unlisted only)
    metadata: SubmissionMetadata | None = None  # set for a listed submission's pending result


@dataclass(frozen=True)
class BenchmarkStandings:
    """The leaderboard of one benchmark, in display order."""

    benchmark: Benchmark
    entries: list[Standing]
    unranked: list[Unranked]

    @property
    def field_size(self) -> int:
        return len(self.entries)

    @property
    def leader(self) -> Standing | None:
        return self.entries[0] if self.entries else None

    def entry(self, slug: str) -> Standing | None:
        return self._entries_by_slug.get(slug)

    def unranked_entry(self, slug: str) -> Unranked | None:
        return self._unranked_by_slug.get(slug)

    # Indexes built on first look-up: ``Standings.places`` looks up every model on every benchmark,
    # n² scans at 400 models (issue 17). Reversed, so that a slug's first entry wins, as in a scan.
    @cached_property
    def _entries_by_slug(self) -> dict[str, Standing]:
        return {e.slug: e for e in reversed(self.entries)}

    @cached_property
    def _unranked_by_slug(self) -> dict[str, Unranked]:
        return {u.slug: u for u in reversed(self.unranked)}

    def pending_slugs(self) -> list[str]:
        return sorted(u.slug for u in self.unranked if u.state == "pending")


@dataclass(frozen=True)
class SubmissionPlace:
    """Where one submission stands on one benchmark: ranked (``standing``) or not (``unranked``)."""

    standings: BenchmarkStandings
    standing: Standing | None
    unranked: Unranked | None

    @property
    def benchmark(self) -> Benchmark:
        return self.standings.benchmark

    @property
    def result(self) -> ResultRecord | None:
        if self.standing is not None:
            return self.standing.result
        return self.unranked.result if self.unranked is not None else None


@dataclass(frozen=True)
class SuiteStanding:
    """One model ranked in a suite: the mean of its primary scores, with interval and tie-aware rank."""

    rank: int
    position: int
    better_than: int
    slug: str
    metadata: SubmissionMetadata
    score: float
    interval: tuple[float, float]
    scores: dict[str, float]  # benchmark id -> that benchmark's primary score, in suite order
    replicates: np.ndarray = field(repr=False, compare=False)


@dataclass(frozen=True)
class IncompleteEntry:
    """A listed model that entered some of a suite's benchmarks but not all: listed, not ranked."""

    slug: str
    metadata: SubmissionMetadata
    missing: list[str]


@dataclass(frozen=True)
class SuiteStandings:
    suite: Suite
    entries: list[SuiteStanding]
    incomplete: list[IncompleteEntry]

    @property
    def field_size(self) -> int:
        return len(self.entries)

    @property
    def leader(self) -> SuiteStanding | None:
        return self.entries[0] if self.entries else None


@dataclass(frozen=True)
class Standings:
    """Every benchmark's and suite's standings, the listed submissions' metadata, the broken inputs."""

    benchmarks: dict[str, BenchmarkStandings]
    metadata: dict[str, SubmissionMetadata]  # the submissions that would be published, by slug
    unlisted: dict[str, str]  # slug -> why it would not be published
    broken_benchmarks: dict[str, list[Problem]] = field(default_factory=dict)
    suites: dict[str, SuiteStandings] = field(default_factory=dict)
    broken_suites: dict[str, list[Problem]] = field(default_factory=dict)
    #: The listed submissions that are the maintainers' reference baselines: every maintainer of
    #: the folder is in ``.github/maintainers.yaml`` (issue 12). ``approach: baseline`` alone is
    #: a contributor's description of the method, not a mark.
    official: frozenset[str] = frozenset()

    def places(self, slug: str) -> list[SubmissionPlace]:
        """Every benchmark ``slug`` entered (ranked, pending or unlisted), in benchmark order."""
        places = []
        for board in self.benchmarks.values():
            standing, unranked = board.entry(slug), board.unranked_entry(slug)
            if standing is not None or unranked is not None:
                places.append(SubmissionPlace(board, standing, unranked))
        return places

    def is_listed(self, slug: str) -> bool:
        return slug in self.metadata


def is_published(report: SubmissionReport) -> bool:
    """Would this folder appear on the site? (See the module docstring for the rule.)"""
    return bool(report.slug) and report.metadata is not None and not any(
        p.code == "slug" and p.severity == "error" for p in report.problems
    )


def compute_standings(
    benchmarks: Mapping[str, Benchmark],
    reports: Iterable[SubmissionReport],
    board: Scoreboard,
    broken_benchmarks: Mapping[str, list[Problem]] | None = None,
    suites: Mapping[str, Suite] | None = None,
    broken_suites: Mapping[str, list[Problem]] | None = None,
    maintainers: frozenset[str] = frozenset(),
) -> Standings:
    """Rank every benchmark once over the submissions that would be published; ``maintainers``
    (lower-case handles) decide which of them are official reference baselines."""
    reports = list(reports)
    metadata = {r.slug: r.metadata for r in reports if is_published(r) and r.metadata is not None}
    official = frozenset(slug for slug, meta in metadata.items()
                         if maintainers and {h.lower() for h in meta.maintainers} <= maintainers)
    unlisted = {r.slug: METADATA_REASON for r in reports if r.slug and r.slug not in metadata}
    by_benchmark: dict[str, list[ResultRecord]] = {bid: [] for bid in benchmarks}
    for record in board.results:
        by_benchmark.setdefault(record.benchmark_id, []).append(record)
    standings = {}
    for bid, benchmark in benchmarks.items():
        listed = [r for r in by_benchmark[bid] if r.slug in metadata]
        unranked = [
            Unranked(r.slug, bid, "unlisted", unlisted.get(r.slug, METADATA_REASON), r)
            for r in by_benchmark[bid] if r.slug not in metadata
        ]
        unranked += [
            Unranked(p.slug, bid, "pending" if p.slug in metadata else "unlisted",
                     p.reason if p.slug in metadata else unlisted.get(p.slug, METADATA_REASON),
                     metadata=metadata.get(p.slug))
            for p in board.pending if p.benchmark_id == bid
        ]
        unranked.sort(key=lambda u: (u.state, u.slug))
        standings[bid] = BenchmarkStandings(benchmark, rank_results(benchmark, listed, metadata), unranked)
    suite_standings = {sid: compute_suite_standings(suite, standings) for sid, suite in (suites or {}).items()}
    return Standings(standings, dict(sorted(metadata.items())), dict(sorted(unlisted.items())),
                     dict(broken_benchmarks or {}), suite_standings, dict(broken_suites or {}), official)


def compute_suite_standings(suite: Suite, boards: Mapping[str, BenchmarkStandings]) -> SuiteStandings:
    """Rank the models that entered every benchmark of ``suite`` by the mean of their primary scores.

    Replicate k of the mean is the mean of each benchmark's replicate k. Each benchmark's items are
    resampled with that benchmark's own seed, so within one replicate the benchmarks are resampled
    independently, and every model sees the same resamples: differences of replicates are a
    paired bootstrap, and ranks follow the same tie rule as on one benchmark.
    """
    members = [boards[b.id] for b in suite.benchmarks]
    entered: dict[str, dict[str, Standing]] = {}
    for board in members:
        for entry in board.entries:
            entered.setdefault(entry.slug, {})[board.benchmark.id] = entry
    complete = {slug: found for slug, found in entered.items() if len(found) == len(members)}
    incomplete = [
        IncompleteEntry(slug, next(iter(found.values())).metadata,
                        [b.benchmark.id for b in members if b.benchmark.id not in found])
        for slug, found in sorted(entered.items()) if slug not in complete
    ]
    keys = sorted(complete)
    scores = [float(np.mean([complete[k][b.benchmark.id].result.score for b in members])) for k in keys]
    replicates = [_mean_replicates([complete[k][b.benchmark.id].result.replicates for b in members]) for k in keys]
    first = members[0].benchmark
    greater = bool(first.task.metric(first.spec.primary_metric).greater_is_better)
    confidence = next((e.result.confidence for b in members for e in b.entries), DEFAULT_CONFIDENCE)
    ranked = tie_aware_ranks(keys, scores, replicates, greater_is_better=greater, confidence=confidence)
    by_key = dict(zip(keys, zip(scores, replicates, strict=True), strict=True))
    entries = [
        SuiteStanding(
            e.rank, e.position, e.better_than, e.key, next(iter(complete[e.key].values())).metadata,
            by_key[e.key][0], percentile_interval(by_key[e.key][1], confidence),
            {b.benchmark.id: complete[e.key][b.benchmark.id].result.score for b in members},
            by_key[e.key][1],
        )
        for e in ranked
    ]
    return SuiteStandings(suite, entries, incomplete)


def _mean_replicates(replicates: Sequence[np.ndarray]) -> np.ndarray:
    lengths = {len(r) for r in replicates}
    if len(lengths) != 1:
        raise ConfigurationError(
            "a suite's benchmarks were scored with different numbers of bootstrap resamples; "
            "score them in one run"
        )
    mean: np.ndarray = np.stack(replicates).mean(axis=0)
    return mean


def rank_results(
    benchmark: Benchmark, results: Sequence[ResultRecord], metadata: Mapping[str, SubmissionMetadata]
) -> list[Standing]:
    """Tie-aware ranks of ``results`` on one benchmark (paired bootstrap), in display order."""
    by_slug = {r.slug: r for r in results}
    primary = benchmark.task.metric(benchmark.spec.primary_metric)
    entries = tie_aware_ranks(
        [r.slug for r in results], [r.score for r in results], [r.replicates for r in results],
        greater_is_better=bool(primary.greater_is_better),
    )
    return [
        Standing(e.rank, e.position, e.better_than, by_slug[e.key], metadata[e.key]) for e in entries
    ]


@dataclass(frozen=True)
class Evaluation:
    """One run over a checkout: validation reports, standings, and the slugs a command asked for."""

    reports: list[SubmissionReport]
    standings: Standings
    selected: list[str]
    board: Scoreboard

    def report(self, slug: str) -> SubmissionReport | None:
        return next((r for r in self.reports if r.slug == slug), None)


def evaluate_repository(
    repository: Repository,
    paths: Sequence[Path] = (),
    *,
    cache: ResultCache,
    private_dir: Path | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    progress: Progress | None = None,
    require_cached: bool = False,
) -> Evaluation:
    """Validate, score and rank everything (plus any folders outside ``submissions/`` in ``paths``)."""
    reports, board, selected = score_repository(
        repository, paths, cache=cache, private_dir=private_dir, resamples=resamples, progress=progress,
        require_cached=require_cached,
    )
    standings = compute_standings(repository.benchmarks, reports, board, repository.broken_benchmarks,
                                  repository.suites, repository.broken_suites, repository.maintainers)
    return Evaluation(reports, standings, selected, board)
