"""``leaderboard run``: a benchmark's predictions from any OpenAI-compatible chat model (issue 16).

::

    benchmark --prompts.build_requests--> requests (template + item, eval order)
        --journal: answered before with these settings?--> reuse
        --client.ChatClient (N in flight, SDK retries)--> journal line per response
        --prompts.parse_response--> predictions --> <output> (canonical CSV or JSONL)
                                              --> <output>.run.json (record.py)

The optional ``run`` extra (``openai``, ``bm25s``) is imported only when a run starts, so
``import leaderboard`` stays light. Nothing here knows about the command line.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import RunError
from leaderboard.runner.client import ChatClient, host_of
from leaderboard.runner.journal import Journal, journal_path, sha256_of
from leaderboard.runner.prompts import Request, Template, build_requests, load_template, parse_response
from leaderboard.runner.record import build_record, load_record, record_path, record_settings
from leaderboard.tables import Table

DEFAULT_BASE_URL = "https://api.openai.com/v1"
OUTPUT_SUFFIXES = (".csv", ".jsonl")
MAX_ANSWER_CHARS = 20_000  # the validator's field limit


@dataclass(frozen=True)
class RunSettings:
    """Everything that decides what is sent, plus how it is sent."""

    model: str
    base_url: str = DEFAULT_BASE_URL
    temperature: float = 0.0
    max_tokens: int = 256
    few_shot: int = 0
    top_k: int = 4
    prompt: Path | None = None
    limit: int | None = None
    concurrency: int = 4
    max_retries: int = 4
    timeout_s: float = 120.0
    price_input: float | None = None  # dollars per million prompt tokens
    price_output: float | None = None  # dollars per million completion tokens

    def check(self) -> None:
        problems = []
        if not self.model.strip():
            problems.append("--model must name a model")
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            problems.append(f"--base-url '{self.base_url}' must be an http:// or https:// address")
        if not 0 <= self.temperature <= 2:
            problems.append("--temperature must be between 0 and 2")
        for name, value, low in (("--max-tokens", self.max_tokens, 1), ("--few-shot", self.few_shot, 0),
                                 ("--top-k", self.top_k, 1), ("--concurrency", self.concurrency, 1),
                                 ("--max-retries", self.max_retries, 0)):
            if value < low:
                problems.append(f"{name} must be at least {low}")
        if self.limit is not None and self.limit < 1:
            problems.append("--limit must be at least 1")
        if self.timeout_s <= 0:
            problems.append("--timeout must be positive")
        if (self.price_input is None) != (self.price_output is None):
            problems.append("give both --price-input and --price-output, or neither")
        if problems:
            raise RunError("; ".join(problems))


@dataclass
class Plan:
    """The requests of a run and which of them the journal already answers."""

    benchmark: Benchmark
    settings: RunSettings
    template: Template
    requests: list[Request]
    request_hashes: list[str]
    journal_settings: dict[str, Any]
    output: Path

    @property
    def journal_path(self) -> Path:
        return journal_path(self.output)


@dataclass
class RunResult:
    output: Path
    journal: Path
    record_file: Path
    record: dict[str, Any]
    sent: int
    reused: int
    complete: bool  # every evaluation item is in the output (no --limit short of it)
    moved_aside: Path | None = None
    notes: list[str] = field(default_factory=list)


def endpoint(base_url: str) -> str:
    """The base URL without credentials, query or fragment: what the journal's settings name."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{host_of(base_url)}{parts.path.rstrip('/')}"


def plan_run(benchmark: Benchmark, output: Path, settings: RunSettings) -> Plan:
    settings.check()
    if output.suffix not in OUTPUT_SUFFIXES:
        raise RunError(f"{output}: the predictions file must end in .csv or .jsonl")
    template = load_template(benchmark.task.name, settings.prompt)
    requests = build_requests(benchmark, template, few_shot=settings.few_shot, top_k=settings.top_k,
                              limit=settings.limit)
    journal_settings = {
        "benchmark": benchmark.id, "benchmark_version": benchmark.spec.version, "model": settings.model,
        "endpoint": endpoint(settings.base_url), "template": template.id, "template_sha256": template.sha256,
        "temperature": settings.temperature, "max_tokens": settings.max_tokens, "few_shot": settings.few_shot,
        "top_k": settings.top_k if benchmark.task.name == "chatbot" else None,
    }
    hashes = [sha256_of(_request_body(settings, r)) for r in requests]
    return Plan(benchmark, settings, template, requests, hashes, journal_settings, output)


def _request_body(settings: RunSettings, request: Request) -> dict[str, Any]:
    """What is sent, and what the request hash covers (never the key)."""
    return {"model": settings.model, "messages": request.messages(), "temperature": settings.temperature,
            "max_tokens": settings.max_tokens}


@dataclass(frozen=True)
class DryRun:
    first_prompt: str
    template_id: str
    requests: int
    to_send: int


def dry_run(plan: Plan) -> DryRun:
    """The first rendered prompt and how many requests a run would send; sends nothing."""
    seen = Journal.answered(plan.journal_path, plan.journal_settings)
    answered = sum(h in seen for h in plan.request_hashes)
    first = plan.requests[0].prompt if plan.requests else ""
    return DryRun(first, plan.template.id, len(plan.requests), len(plan.requests) - answered)


def execute(plan: Plan, api_key: str, *, on_progress: Callable[[int], None] | None = None) -> RunResult:
    """Send what the journal lacks (at most ``concurrency`` in flight), then write the outputs."""
    settings = plan.settings
    with Journal(plan.journal_path, plan.journal_settings) as journal:
        missing = [(r, h) for r, h in zip(plan.requests, plan.request_hashes, strict=True) if journal.get(h) is None]
        reused = len(plan.requests) - len(missing)
        if on_progress is not None and reused:
            on_progress(reused)
        if missing:
            client = ChatClient(settings.base_url, api_key, max_retries=settings.max_retries,
                                timeout=settings.timeout_s)
            _send_all(client, settings, journal, missing, on_progress)
        entries = [journal.entries[h] for h in plan.request_hashes]
        moved_aside = journal.moved_aside
    return _finish(plan, entries, sent=len(missing), reused=reused, moved_aside=moved_aside)


def _send_all(client: ChatClient, settings: RunSettings, journal: Journal,
              missing: list[tuple[Request, str]], on_progress: Callable[[int], None] | None) -> None:
    stop = threading.Event()

    def send(request: Request, request_hash: str) -> None:
        if stop.is_set():
            return
        completion = client.complete(model=settings.model, messages=request.messages(),
                                     temperature=settings.temperature, max_tokens=settings.max_tokens,
                                     item_id=request.item_id)
        journal.append({"id": request.item_id, "request_sha256": request_hash, "response": completion.text,
                        "usage": completion.usage, "latency_s": round(completion.latency_s, 4),
                        "finish_reason": completion.finish_reason, "response_model": completion.model})
        if on_progress is not None:
            on_progress(1)

    executor = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="leaderboard-run")
    futures: list[Future[None]] = []
    try:
        futures = [executor.submit(send, request, h) for request, h in missing]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        failed = [f for f in done if f.exception() is not None]
        if failed:
            stop.set()
            for future in futures:
                future.cancel()
            wait(futures)
            answered = sum(1 for f in futures if f.done() and not f.cancelled() and f.exception() is None)
            error = failed[0].exception()
            raise RunError(
                f"{error}\n{len(missing) - answered} of {len(missing)} requests have no response; every response "
                f"so far is in {journal.path}, so running the same command again sends only the rest"
            )
    except KeyboardInterrupt:  # requests in flight finish and are journalled; the rest are cancelled
        stop.set()
        for future in futures:
            future.cancel()
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _finish(plan: Plan, entries: list[dict[str, Any]], *, sent: int, reused: int,
            moved_aside: Path | None) -> RunResult:
    benchmark, settings = plan.benchmark, plan.settings
    task = benchmark.task
    rows = []
    failures = unaligned = truncated = 0
    usage = {"prompt_tokens": 0, "completion_tokens": 0}
    latencies = []
    for request, entry in zip(plan.requests, entries, strict=True):
        parsed = parse_response(benchmark, request, str(entry.get("response", "")))
        failures += not parsed.ok
        unaligned += parsed.unaligned
        truncated += entry.get("finish_reason") == "length"
        prediction = {k: (_bounded(v) if isinstance(v, str) else v) for k, v in parsed.prediction.items()}
        rows.append({"id": request.item_id, **prediction})
        for key in usage:
            usage[key] += int((entry.get("usage") or {}).get(key, 0) or 0)
        latencies.append(float(entry.get("latency_s", 0.0) or 0.0))
    _write_predictions(benchmark, plan.output, rows)
    record = build_record(
        benchmark_id=benchmark.id, benchmark_version=benchmark.spec.version, task_type=task.name,
        model=settings.model, host=host_of(settings.base_url),
        template={"id": plan.template.id, "sha256": plan.template.sha256, "source": plan.template.source},
        settings=_recorded_settings(plan), items=len(rows), usage=usage, latencies=latencies,
        parse_failures=failures, unaligned_entities=unaligned, truncated_answers=truncated,
        price_input=settings.price_input, price_output=settings.price_output,
    )
    _replace(record_path(plan.output), json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    complete = len(rows) == benchmark.n_items
    return RunResult(plan.output, plan.journal_path, record_path(plan.output), record, sent, reused, complete,
                     moved_aside)


def _bounded(text: str) -> str:
    """One line, at most the validator's field length."""
    return " ".join(text.split())[:MAX_ANSWER_CHARS]


def _recorded_settings(plan: Plan) -> dict[str, Any]:
    settings = plan.settings
    recorded = {k: v for k, v in asdict(settings).items()
                if k in ("temperature", "max_tokens", "few_shot", "limit", "concurrency", "max_retries", "timeout_s")}
    if plan.benchmark.task.name == "chatbot":
        recorded["top_k"] = settings.top_k
    return recorded


def _write_predictions(benchmark: Benchmark, output: Path, rows: list[dict[str, Any]]) -> None:
    task = benchmark.task
    columns = [c for c in (*task.prediction_columns, *task.optional_prediction_columns)
               if any(c in row for row in rows)]
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix == ".jsonl":
        text = "".join(json.dumps({c: row[c] for c in columns}, ensure_ascii=False) + "\n" for row in rows)
    else:
        from leaderboard.validation import canonical_csv  # the same CSV form `submit` writes

        frame = pd.DataFrame(rows, columns=columns)
        text = canonical_csv(benchmark, Table(output.as_posix(), frame, np.arange(2, len(rows) + 2)))
    _replace(output, text)


def _replace(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all (an interruption never leaves half a file)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, path)


__all__ = [
    "DEFAULT_BASE_URL",
    "DryRun",
    "Plan",
    "RunResult",
    "RunSettings",
    "dry_run",
    "execute",
    "load_record",
    "plan_run",
    "record_settings",
]
