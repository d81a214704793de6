"""The drift report: every score and rank that moved since a previous build, old -> new (issue 17).

A scorer version, a benchmark version or its gold changes; the cache keys change with them, so the
build re-scores exactly what is affected. What that did to the published numbers is read here by
comparing the previous build's API (``api/benchmarks.json`` and ``api/leaderboard/<id>.json``, from
its folder or from the published site) with this build's. The previous build's API is the source,
not the cache: it is what readers saw, it holds ranks (the cache holds only results), and the
privileged build job, which scores private gold, keeps no cache of its own.

Each moved entry says why, as far as the two API documents tell: the scorer's or the benchmark's
version changed, the predictions changed, or else (the same inputs, another number) the gold or
the benchmark's definition did; a rank that moved with an unchanged score moved because the field
around it did.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import ConfigurationError
from leaderboard.formatting import format_value

DRIFT_SCHEMA_VERSION = 1
MAX_DOCUMENT_BYTES = 32 << 20
Documents = dict[str, dict[str, Any]]  # benchmark id -> its api/leaderboard document


def load_previous(source: str) -> Documents | None:
    """The leaderboard documents of a previous build: a site folder or an http(s) URL of one.

    None when there is no previous build there (a first build, or a site from before the API had
    the fields): the report then says so instead of listing every model as moved.
    """
    def read(relative: str) -> Any:
        if source.startswith(("https://", "http://")):
            url = source.rstrip("/") + "/" + relative
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # http(s) only, checked above
                    data = response.read(MAX_DOCUMENT_BYTES + 1)
            except (urllib.error.URLError, OSError):
                return None
        else:
            path = Path(source) / relative
            if not path.is_file():
                return None
            data = path.read_bytes()[: MAX_DOCUMENT_BYTES + 1]
        if len(data) > MAX_DOCUMENT_BYTES:
            raise ConfigurationError(f"{source}/{relative}: larger than {MAX_DOCUMENT_BYTES >> 20} MiB")
        try:
            return json.loads(data)
        except ValueError:
            return None

    index = read("api/benchmarks.json")
    if not isinstance(index, dict) or not isinstance(index.get("benchmarks"), list):
        return None
    documents: Documents = {}
    for summary in index["benchmarks"]:
        bid = summary.get("id") if isinstance(summary, dict) else None
        if not isinstance(bid, str) or "/" in bid or bid.startswith("."):
            continue
        document = read(f"api/leaderboard/{bid}.json")
        if isinstance(document, dict) and isinstance(document.get("models"), list):
            documents[bid] = document
    return documents


@dataclass(frozen=True)
class DriftRow:
    """One moved entry, ready to print."""

    benchmark: str
    model: str
    slug: str
    old_score: str
    new_score: str
    old_rank: str
    new_rank: str
    cause: str


def _cause(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    causes = []
    for name, title in (("scorer_version", "scorer"), ("benchmark_version", "benchmark")):
        if old.get(name) != new.get(name):
            causes.append(f"{title} {old.get(name)} → {new.get(name)}")
    if old.get("predictions_sha256") != new.get("predictions_sha256"):
        causes.append("new predictions")
    if not causes:
        causes.append("gold or definition changed" if old.get("score") != new.get("score") else "the field changed")
    return "; ".join(causes)


def drift_document(previous: Documents | None, current: Documents, source: str | None) -> dict[str, Any]:
    """``api/drift.json``: per benchmark, every listed model whose score or rank moved, old → new,
    and the models that entered or left. ``source`` names the previous build (None: none given)."""
    benchmarks = []
    for bid in sorted(current):
        now = {m["slug"]: m for m in current[bid]["models"]}
        before = {m["slug"]: m for m in (previous or {}).get(bid, {}).get("models", [])}
        if previous is None or bid not in previous:
            continue
        moved = [
            {"slug": slug, "model": now[slug]["model"], "score": [before[slug]["score"], now[slug]["score"]],
             "rank": [before[slug]["rank"], now[slug]["rank"]],
             "scorer_version": [before[slug].get("scorer_version"), now[slug].get("scorer_version")],
             "benchmark_version": [before[slug].get("benchmark_version"), now[slug].get("benchmark_version")],
             "cause": _cause(before[slug], now[slug])}
            for slug in sorted(set(now) & set(before))
            if before[slug]["score"] != now[slug]["score"] or before[slug]["rank"] != now[slug]["rank"]
        ]
        entered, left = sorted(set(now) - set(before)), sorted(set(before) - set(now))
        if moved or entered or left:
            benchmarks.append({"benchmark": bid, "moved": moved, "entered": entered, "left": left})
    return {"schema_version": DRIFT_SCHEMA_VERSION, "previous": source if previous is not None else None,
            "compared": previous is not None, "benchmarks": benchmarks,
            "moved": sum(len(b["moved"]) for b in benchmarks)}


def drift_rows(document: Mapping[str, Any], benchmarks: Mapping[str, Benchmark]) -> list[DriftRow]:
    """The report's rows, numbers formatted as everywhere else on the site."""
    rows = []
    for entry in document["benchmarks"]:
        benchmark = benchmarks.get(entry["benchmark"])
        metric = benchmark.task.metric(benchmark.spec.primary_metric) if benchmark is not None else None
        for moved in entry["moved"]:
            old, new = moved["score"]
            rows.append(DriftRow(
                entry["benchmark"], moved["model"], moved["slug"],
                format_value(metric, old) if metric else str(old), format_value(metric, new) if metric else str(new),
                str(moved["rank"][0]), str(moved["rank"][1]), moved["cause"],
            ))
    return rows


def summary(document: Mapping[str, Any]) -> str:
    """One line for the build's output."""
    if not document["compared"]:
        return "no previous build to compare with"
    return (f"{document['moved']} score(s) or rank(s) moved on {len(document['benchmarks'])} benchmark(s) "
            f"since {document['previous']}")
