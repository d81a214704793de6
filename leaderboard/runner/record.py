"""The run record, ``<output>.run.json``: what was run, how, and what it cost.

It names the model, the API's host (never the full URL, never the key), the template's id, hash
and text, the settings, the date (``SOURCE_DATE_EPOCH`` when set, else today), the item count,
the token usage, the median and 95th-percentile latency, the parse failures (and, for NER, the
entities that could not be placed; answers cut off at ``--max-tokens``) and, when prices per
million tokens are given, the cost. ``leaderboard submit --run-record FILE`` turns it into the
benchmark's settings in ``metadata.yaml`` with :func:`record_settings`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from leaderboard._version import __version__
from leaderboard.errors import SubmissionError

RECORD_VERSION = 1
MAX_RECORD_BYTES = 1024 * 1024
MAX_PROMPT_CHARS = 5000  # BenchmarkSettings.prompt's limit


def record_path(output: Path) -> Path:
    return output.with_name(output.name + ".run.json")


def run_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.date.today().isoformat()


def latency_summary(latencies: Sequence[float]) -> dict[str, float | None]:
    if not latencies:
        return {"median": None, "p95": None}
    return {"median": round(statistics.median(latencies), 4),
            "p95": round(float(np.percentile(np.asarray(latencies), 95)), 4)}


def cost_usd(usage: Mapping[str, int], price_input: float | None, price_output: float | None) -> float | None:
    """Dollars for the tokens at the given prices per million tokens; None unless both are given."""
    if price_input is None or price_output is None:
        return None
    total = usage["prompt_tokens"] * price_input / 1e6 + usage["completion_tokens"] * price_output / 1e6
    return round(total, 6)


def build_record(*, benchmark_id: str, benchmark_version: str, task_type: str, model: str, host: str,
                 template: Mapping[str, str], settings: Mapping[str, Any], items: int, usage: Mapping[str, int],
                 latencies: Sequence[float], parse_failures: int, unaligned_entities: int, truncated_answers: int,
                 price_input: float | None, price_output: float | None) -> dict[str, Any]:
    prices = None
    if price_input is not None and price_output is not None:
        prices = {"input": price_input, "output": price_output}
    return {
        "record": RECORD_VERSION,
        "leaderboard_version": __version__,
        "benchmark": benchmark_id,
        "benchmark_version": benchmark_version,
        "task_type": task_type,
        "model": model,
        "base_url_host": host,
        "template": dict(template),
        "settings": dict(settings),
        "date": run_date(),
        "items": items,
        "usage": {**usage, "total_tokens": usage["prompt_tokens"] + usage["completion_tokens"]},
        "latency_s": latency_summary(latencies),
        "parse_failures": parse_failures,
        "unaligned_entities": unaligned_entities,
        "truncated_answers": truncated_answers,  # the model stopped at --max-tokens
        "price_per_million_tokens": prices,
        "cost_usd": cost_usd(usage, price_input, price_output),
    }


def load_record(path: Path) -> dict[str, Any]:
    """A run record written by ``leaderboard run``; SubmissionError when it is not one."""
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            raise SubmissionError(f"{path}: larger than 1 MiB; not a run record")
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SubmissionError(f"{path}: cannot read the run record: {exc}") from exc
    if not isinstance(record, dict) or record.get("record") != RECORD_VERSION:
        raise SubmissionError(f"{path}: not a run record of 'leaderboard run' (version {RECORD_VERSION})")
    return record


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def record_settings(record: Mapping[str, Any]) -> dict[str, Any]:
    """The run record as a benchmark's settings in ``metadata.yaml`` (``BenchmarkSettings``)."""
    settings, template, usage, latency = (
        _mapping(record.get(name)) for name in ("settings", "template", "usage", "latency_s")
    )
    values: dict[str, Any] = {
        "model": record.get("model"),
        "endpoint": record.get("base_url_host"),
        "template": template.get("id"),
        "template_sha256": template.get("sha256"),
        "temperature": settings.get("temperature"),
        "max_tokens": settings.get("max_tokens"),
        "few_shot": settings.get("few_shot"),
        "run_date": record.get("date"),
        "items": record.get("items"),
        "input_tokens": usage.get("prompt_tokens"),
        "output_tokens": usage.get("completion_tokens"),
        "latency_median_s": latency.get("median"),
        "latency_p95_s": latency.get("p95"),
        "parse_failures": record.get("parse_failures"),
        "cost_usd": record.get("cost_usd"),
    }
    source = template.get("source")
    if isinstance(source, str) and 0 < len(source.strip()) <= MAX_PROMPT_CHARS:
        values["prompt"] = source.strip()
    if settings.get("top_k") is not None:
        values["retrieval"] = f"BM25 (bm25s) over documents/, top {settings['top_k']} documents in the prompt"
    return {key: value for key, value in values.items() if value is not None}


def settings_from_record_file(path: Path, benchmark_id: str) -> dict[str, Any]:
    """The settings of the run record in ``path``, which must be a run on ``benchmark_id``."""
    record = load_record(path)
    if record.get("benchmark") != benchmark_id:
        raise SubmissionError(f"{path}: a run on '{record.get('benchmark')}', not on '{benchmark_id}'")
    return record_settings(record)
