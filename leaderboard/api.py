"""The JSON API: every document the site publishes under ``api/``, built from the standings.

The site writes these files and the Python ``Leaderboard`` returns the same documents for a local
checkout, so the two cannot differ. This module imports no template engine: ``import leaderboard``
stays light.

``schema_version`` changes whenever a field is removed or changes meaning (new fields may appear
without a bump); ``Leaderboard.from_url`` refuses versions it does not know.
"""

from __future__ import annotations

from typing import Any

from leaderboard.benchmarks import Benchmark
from leaderboard.standings import BenchmarkStandings, Standing, Standings, SuiteStandings

SCHEMA_VERSION = 1


def api_documents(standings: Standings) -> dict[str, dict[str, Any]]:
    """Every JSON document of the API, keyed by its path under ``api/``."""
    files: dict[str, dict[str, Any]] = {}
    summaries = []
    for bid, board in standings.benchmarks.items():
        document = files[f"leaderboard/{bid}.json"] = leaderboard_document(board)
        summaries.append(_index_entry(document, "benchmark"))
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
        "submitted": meta.submitted.isoformat(),
        "score": api_number(result.score),
        "ci": [api_number(result.interval[0]), api_number(result.interval[1])],
        "metrics": {name: api_number(value) for name, value in sorted(result.metrics.items())},
        "n_items": result.n_items,
        "benchmark_version": result.benchmark_version,
        "scorer_version": result.scorer_version,
        "predictions_sha256": result.predictions_sha256,
    }


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
