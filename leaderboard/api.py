"""The JSON API: every document the site publishes under ``api/``, built from the standings.

The site writes these files and the Python ``Leaderboard`` returns the same documents for a local
checkout, so the two cannot differ. This module imports no template engine: ``import leaderboard``
stays light.

``schema_version`` changes whenever a field is removed or changes meaning (new fields may appear
without a bump); ``Leaderboard.from_url`` refuses versions it does not know.

Version history (also on the site's about page, section "The JSON and CSV API"):

- 1: ``benchmarks.json``, ``leaderboard/<id>.json`` (+ ``.csv``), ``models/<slug>.json``.
- 2 (issue 14): every model entry also carries ``trained_on_benchmark_data``, ``parameters``,
  ``base_model``, ``model_url``, ``paper_url``, ``code_url`` and ``weights_url``; benchmark summaries carry their
  ``prediction_columns``; new documents ``compare/<id>.json`` (every pair's paired-bootstrap
  difference and outcome, the test that decides ranks) and, on the site, ``items/<id>.json``
  (per-item results, public gold only). The CSV gained columns before the metric columns, so
  readers that used column positions must move: hence the bump.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from leaderboard.benchmarks import Benchmark
from leaderboard.standings import BenchmarkStandings, Standing, Standings, SuiteStandings
from leaderboard.stats import lower_percentile_positive

SCHEMA_VERSION = 2
#: ``compare/<id>.json`` covers the first this many models in display order (pairs grow as n²).
COMPARE_MODELS = 100


def api_documents(standings: Standings) -> dict[str, dict[str, Any]]:
    """Every JSON document of the API, keyed by its path under ``api/``."""
    files: dict[str, dict[str, Any]] = {}
    summaries = []
    for bid, board in standings.benchmarks.items():
        document = files[f"leaderboard/{bid}.json"] = leaderboard_document(board)
        summaries.append(_index_entry(document, "benchmark"))
        files[f"compare/{bid}.json"] = compare_document(board)
    files["benchmarks.json"] = {"schema_version": SCHEMA_VERSION, "benchmarks": summaries}
    for slug in standings.metadata:
        files[f"models/{slug}.json"] = model_document(standings, slug)
    suites = []
    for sid, suite_board in standings.suites.items():
        document = files[f"suites/{sid}.json"] = suite_document(suite_board)
        suites.append(_index_entry(document, "suite"))
    files["suites.json"] = {"schema_version": SCHEMA_VERSION, "suites": suites}
    return files


def _index_entry(document: dict[str, Any], kind: str) -> dict[str, Any]:
    """A leaderboard's line in an index: its description, field size and leader."""
    models = document["models"]
    return {**document[kind], "models": len(models), "leader": models[0] if models else None}


def suite_document(board: SuiteStandings) -> dict[str, Any]:
    """``api/suites/<id>.json``: like a benchmark's leaderboard, with each benchmark's score too."""
    suite = board.suite
    return {
        "schema_version": SCHEMA_VERSION,
        "suite": {"id": suite.id, "name": suite.spec.name, "description": suite.spec.description,
                  "benchmarks": [b.id for b in suite.benchmarks],
                  "primary_metrics": {b.id: b.spec.primary_metric for b in suite.benchmarks}},
        "models": [
            {"rank": e.rank, "position": e.position, "model": e.metadata.model_name, "slug": e.slug,
             "organization": e.metadata.organization, "approach": e.metadata.approach.value,
             "open_weights": e.metadata.open_weights, "score": api_number(e.score),
             "ci": [api_number(e.interval[0]), api_number(e.interval[1])],
             "scores": {bid: api_number(value) for bid, value in e.scores.items()}}
            for e in board.entries
        ],
        "incomplete": [
            {"model": i.metadata.model_name, "slug": i.slug, "missing": i.missing} for i in board.incomplete
        ],
    }


def leaderboard_document(board: BenchmarkStandings) -> dict[str, Any]:
    """``api/leaderboard/<id>.json``: the benchmark and its ranked models, in display order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "benchmark": benchmark_summary(board.benchmark),
        "models": [model_entry(entry) for entry in board.entries],
    }


def model_document(standings: Standings, slug: str) -> dict[str, Any]:
    """``api/models/<slug>.json``: the model's metadata, its results with ranks, what is pending."""
    meta = standings.metadata[slug]
    results = []
    pending = []
    for place in standings.places(slug):
        if place.standing is not None:
            breakdown = ordered_breakdown(place.benchmark, place.standing.result.breakdown)
            results.append({"benchmark": place.benchmark.id, **model_entry(place.standing), "breakdown": breakdown})
        elif place.unranked is not None and place.unranked.state == "pending":
            pending.append(place.benchmark.id)
    return {
        "schema_version": SCHEMA_VERSION,
        "model": meta.model_dump(mode="json", exclude={"benchmarks"}) | {"slug": slug},
        "settings": meta.model_dump(mode="json", exclude_none=True)["benchmarks"],
        "results": results,
        "pending": pending,
    }


def benchmark_summary(benchmark: Benchmark) -> dict[str, Any]:
    spec = benchmark.spec
    return {
        "id": spec.id, "name": spec.name, "task_type": spec.task_type, "version": spec.version,
        "n_items": benchmark.n_items, "primary_metric": spec.primary_metric, "gold": spec.gold,
        "license": spec.license, "labels": spec.labels, "entity_types": spec.entity_types,
        "prediction_columns": list(benchmark.task.prediction_columns),
        "optional_prediction_columns": list(benchmark.task.optional_prediction_columns),
    }


def model_entry(entry: Standing) -> dict[str, Any]:
    """One ranked model on one benchmark, as the API and the CSV export give it."""
    result = entry.result
    meta = entry.metadata
    return {
        "rank": entry.rank,
        "position": entry.position,
        "model": meta.model_name,
        "slug": result.slug,
        "organization": meta.organization,
        "approach": meta.approach.value,
        "open_weights": meta.open_weights,
        "trained_on_benchmark_data": meta.trained_on_benchmark_data,
        "parameters": meta.parameters,
        "base_model": meta.base_model,
        "model_url": str(meta.model_url) if meta.model_url else None,
        "paper_url": str(meta.paper_url) if meta.paper_url else None,
        "code_url": str(meta.code_url) if meta.code_url else None,
        "weights_url": str(meta.weights_url) if meta.weights_url else None,
        "submitted": meta.submitted.isoformat(),
        "score": api_number(result.score),
        "ci": [api_number(result.interval[0]), api_number(result.interval[1])],
        "metrics": {name: api_number(value) for name, value in sorted(result.metrics.items())},
        "n_items": result.n_items,
        "benchmark_version": result.benchmark_version,
        "scorer_version": result.scorer_version,
        "predictions_sha256": result.predictions_sha256,
    }


def compare_document(board: BenchmarkStandings) -> dict[str, Any]:
    """``api/compare/<id>.json``: every pair of the first :data:`COMPARE_MODELS` models.

    ``difference`` is ``a - b`` on the primary metric, ``ci`` its paired-bootstrap interval (the
    same replicates on the same items), and ``better`` the slug that is significantly better, or
    None for a statistical tie. The test is the one ``stats.tie_aware_ranks`` applies, so a model's
    rank is 1 + the number of pairs it loses (tested).
    """
    entries = board.entries[:COMPARE_MODELS]
    primary = board.benchmark.task.metric(board.benchmark.spec.primary_metric)
    sign = 1.0 if primary.greater_is_better is not False else -1.0
    # The replicate matrices the ranking compares, one row per model, stacked once; each model's
    # differences with the models after it go into the same two buffers (fresh arrays of this
    # size cost more in page faults than in arithmetic).
    stacked = np.stack([np.asarray(e.result.replicates, dtype=float) for e in entries]) if entries else np.empty((0, 0))
    buffer, negated = np.empty_like(stacked), np.empty_like(stacked)
    slugs, scores = [e.result.slug for e in entries], [e.result.score for e in entries]
    pairs = []
    for i, first in enumerate(entries[:-1]):
        others = entries[i + 1:]
        a = first.result
        difference = np.subtract(stacked[i], stacked[i + 1:], out=buffer[:len(others)])  # row j: (first, other j)
        minus = np.negative(difference, out=negated[:len(others)])
        tail = (1 - a.confidence) / 2 * 100
        if difference.shape[1]:
            a_better = lower_percentile_positive(difference if sign > 0 else minus, tail).tolist()
            b_better = lower_percentile_positive(minus if sign > 0 else difference, tail).tolist()
            lows, highs = percentiles_of_rows(difference, (tail, 100 - tail))
        else:
            a_better = b_better = [False] * len(others)
            lows = highs = [0.0] * len(others)
        a_slug, a_score = slugs[i], scores[i]
        for b_slug, b_score, low, high, a_wins, b_wins in zip(slugs[i + 1:], scores[i + 1:], lows, highs, a_better,
                                                              b_better, strict=True):
            pairs.append({
                "a": a_slug, "b": b_slug, "difference": api_number(a_score - b_score),
                "ci": [api_number(low), api_number(high)],
                "better": a_slug if a_wins else b_slug if b_wins else None,
            })
    return {
        "schema_version": SCHEMA_VERSION,
        "benchmark": board.benchmark.id,
        "primary_metric": primary.name,
        "greater_is_better": primary.greater_is_better is not False,
        "models": [e.slug for e in entries],
        "models_total": board.field_size,
        "pairs": pairs,
    }


def percentiles_of_rows(rows: np.ndarray, percents: Sequence[float]) -> list[list[float]]:
    """``np.percentile(rows, percents, axis=1).tolist()``, bit for bit; reorders ``rows`` in place.

    np.percentile partitions at all its order statistics at once, which costs 3x selecting them
    one after another (issue 17: 4,950 pairs x 1,000 replicates per benchmark). The interpolation
    is its linear method's, with the same arithmetic (``numpy.lib._function_base_impl._lerp``).
    Rows holding NaN or -0.0 (equal to 0.0, so which of the two lands where depends on the
    selection algorithm), or a percentile at either end, go to np.percentile itself (tested).
    """
    count = rows.shape[1]
    virtual = (count - 1) * np.true_divide(np.asarray(percents, dtype=float), 100)
    below = np.floor(virtual).astype(np.intp)
    if (not count or np.any(virtual >= count - 1) or np.any(virtual < 0) or np.isnan(rows).any()
            or np.signbit(rows[rows == 0]).any()):
        fallback: list[list[float]] = np.asarray(np.percentile(rows, percents, axis=1)).tolist()
        return fallback
    low, high = _order_statistics(rows, below.tolist())
    gamma = (virtual - below)[:, None]
    step = high - low
    result = low + step * gamma
    np.subtract(high, step * (1 - gamma), out=result, where=gamma >= 0.5)
    values: list[list[float]] = result.tolist()
    return values


def _order_statistics(rows: np.ndarray, ranks: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``rank``-th and ``rank + 1``-th smallest value (0-based), one row per rank each.

    Selects in ascending rank, each time in what lies above the previous rank; the next value up
    is the minimum of what lies above the selected one.
    """
    values: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    start = 0
    for rank in sorted(set(ranks)):
        rest = rows[:, start:]
        rest.partition(rank - start, axis=1)
        values[rank] = rows[:, rank].copy(), rows[:, rank + 1:].min(axis=1)
        start = rank + 1
    return np.stack([values[r][0] for r in ranks]), np.stack([values[r][1] for r in ranks])


def api_number(value: float) -> float:
    """Six decimals: enough for any metric here, and stable across platforms' float printing."""
    return round(float(value), 6)


def ordered_breakdown(
    benchmark: Benchmark, breakdown: dict[str, dict[str, float]]
) -> dict[str, dict[str, float]]:
    """A breakdown in the benchmark's declared class order (then any other key, sorted).

    A result read from the cache has its keys sorted, a fresh one in scoring order: output is
    ordered by this rule so that a cold and a warm build are byte-identical.
    """
    declared = [name for name in benchmark.classes if name in breakdown]
    rest = sorted(name for name in breakdown if name not in set(declared))
    return {name: breakdown[name] for name in (*declared, *rest)}
