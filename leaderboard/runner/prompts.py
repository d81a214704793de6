"""Prompt templates and the requests they make, one adapter per task type.

Each task type has one shipped Jinja template, ``templates/<task>-v<N>.jinja``; its id is the file
stem and its sha256 the hash of its text, both recorded with every run. ``--prompt FILE`` replaces
it (id = the file's stem). Templates compute nothing: the adapter hands them a context of ready
values (the benchmark's name and description, labels or entity types, few-shot examples with
their answers already written out, the retrieved or given documents, the item).

Few-shot examples are drawn from the benchmark's train split with a random generator seeded by
the benchmark id, so every run of a benchmark shows the same examples in the same order; they are
the same for every item. Chatbot items get the ``top_k`` documents BM25 ranks highest for the
question (:mod:`leaderboard.runner.retrieval`); prompting items get their one document.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from leaderboard.benchmarks import Benchmark
from leaderboard.errors import RunError
from leaderboard.runner.parse import Parsed, parse_answer, parse_chatbot, parse_entities, parse_label
from leaderboard.scorers.ner import default_entities

#: The shipped template of each task type (tests/runner checks there is one per task type).
DEFAULT_TEMPLATES = {
    "classification": "classification-v1",
    "ner": "ner-v1",
    "chatbot": "chatbot-v1",
    "prompting": "prompting-v1",
}


@dataclass(frozen=True)
class Template:
    id: str
    source: str
    display: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @cached_property
    def _compiled(self) -> jinja2.Template:
        environment = jinja2.Environment(  # plain text, not HTML: nothing to escape
            undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False
        )
        try:
            return environment.from_string(self.source)
        except jinja2.TemplateSyntaxError as exc:
            raise RunError(f"{self.display}:{exc.lineno}: template syntax error: {exc.message}") from exc

    def render(self, context: Mapping[str, Any]) -> str:
        try:
            return self._compiled.render(context).strip() + "\n"
        except jinja2.UndefinedError as exc:
            raise RunError(f"{self.display}: {exc.message}; the context has: {', '.join(sorted(context))}") from exc


def load_template(task_name: str, path: Path | None = None) -> Template:
    """The shipped template of ``task_name``, or the one in ``path``."""
    if path is not None:
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RunError(f"{path}: cannot read the prompt template: {exc}") from exc
        return Template(path.stem, source, path.as_posix())
    template_id = DEFAULT_TEMPLATES[task_name]
    source = (resources.files("leaderboard.runner") / "templates" / f"{template_id}.jinja").read_text("utf-8")
    return Template(template_id, source, f"leaderboard/runner/templates/{template_id}.jinja")


@dataclass(frozen=True)
class Item:
    """One evaluation item: its id, what the template sees, and what parsing needs."""

    id: str
    context: dict[str, Any]
    parse_input: Any


@dataclass(frozen=True)
class Request:
    item_id: str
    prompt: str
    parse_input: Any

    def messages(self) -> list[dict[str, str]]:
        return [{"role": "user", "content": self.prompt}]


def few_shot_rows(benchmark: Benchmark, k: int) -> list[dict[str, Any]]:
    """``k`` train rows drawn with a generator seeded by the benchmark id (same every run)."""
    if k <= 0:
        return []
    train = benchmark.train_table
    if train is None:
        raise RunError(f"{benchmark.id} has no train split to draw --few-shot examples from; use --few-shot 0")
    rows: list[dict[str, Any]] = [{str(k): v for k, v in row.items()} for row in train.frame.to_dict("records")]
    seed = int.from_bytes(hashlib.sha256(benchmark.id.encode("utf-8")).digest()[:8], "big")
    if k > len(rows):
        raise RunError(f"--few-shot {k}: {benchmark.id}'s train split has only {len(rows)} examples")
    return random.Random(seed).sample(rows, k)


def _entities_json(tokens: list[str], tags: list[str]) -> str:
    entities = sorted(default_entities(tags), key=lambda e: e[1])
    listed = [{"text": " ".join(tokens[start : end + 1]), "type": kind} for kind, start, end in entities]
    return json.dumps({"entities": listed}, ensure_ascii=False)


def _benchmark_context(benchmark: Benchmark) -> dict[str, Any]:
    spec = benchmark.spec
    return {"id": spec.id, "name": spec.name, "description": spec.description, "version": spec.version}


@dataclass(frozen=True)
class TaskAdapter:
    """What the runner knows about one task type: contexts for the template, and parsing."""

    items: Callable[[Benchmark, int, int], list[Item]]  # benchmark, few_shot, top_k
    parse: Callable[[Benchmark, str, Any], Parsed]  # benchmark, answer, the item's parse_input


def _classification_items(benchmark: Benchmark, few_shot: int, top_k: int) -> list[Item]:
    examples = [{"text": row["text"], "label": row["label"]} for row in few_shot_rows(benchmark, few_shot)]
    common = {"benchmark": _benchmark_context(benchmark), "labels": list(benchmark.spec.labels or []),
              "examples": examples}
    return [Item(row["id"], {**common, "item": {"id": row["id"], "text": row["text"]}}, None)
            for row in benchmark.eval_table.frame.to_dict("records")]


def _ner_items(benchmark: Benchmark, few_shot: int, top_k: int) -> list[Item]:
    examples = [{"tokens": list(row["tokens"]), "answer": _entities_json(list(row["tokens"]), list(row["tags"]))}
                for row in few_shot_rows(benchmark, few_shot)]
    common = {"benchmark": _benchmark_context(benchmark), "entity_types": list(benchmark.spec.entity_types or []),
              "examples": examples}
    return [Item(row["id"], {**common, "item": {"id": row["id"], "tokens": list(row["tokens"])}}, list(row["tokens"]))
            for row in benchmark.eval_table.frame.to_dict("records")]


def _chatbot_items(benchmark: Benchmark, few_shot: int, top_k: int) -> list[Item]:
    if few_shot:
        raise RunError(f"{benchmark.id}: --few-shot needs a train split, and chatbot benchmarks have none")
    from leaderboard.runner.retrieval import Retriever

    texts = {doc: benchmark.document_text(doc) for doc in benchmark.documents}
    retriever = Retriever(texts)
    items = []
    for row in benchmark.eval_table.frame.to_dict("records"):
        documents = [{"id": doc, "text": texts[doc]} for doc in retriever.top(row["question"], top_k)]
        context = {"benchmark": _benchmark_context(benchmark), "documents": documents,
                   "item": {"id": row["id"], "question": row["question"]}}
        items.append(Item(row["id"], context, None))
    return items


def _prompting_items(benchmark: Benchmark, few_shot: int, top_k: int) -> list[Item]:
    if few_shot:
        raise RunError(f"{benchmark.id}: --few-shot needs a train split, and prompting benchmarks have none")
    items = []
    for row in benchmark.eval_table.frame.to_dict("records"):
        document_id = row["document_id"]
        if document_id not in benchmark.documents:
            raise RunError(f"{benchmark.id}: item '{row['id']}' names the unknown document '{document_id}'")
        context = {"benchmark": _benchmark_context(benchmark),
                   "document": {"id": document_id, "text": benchmark.document_text(document_id)},
                   "item": {"id": row["id"], "question": row["question"], "document_id": document_id}}
        items.append(Item(row["id"], context, None))
    return items


ADAPTERS: dict[str, TaskAdapter] = {
    "classification": TaskAdapter(
        _classification_items, lambda b, answer, _: parse_label(answer, list(b.spec.labels or []))
    ),
    "ner": TaskAdapter(
        _ner_items, lambda b, answer, tokens: parse_entities(answer, tokens, list(b.spec.entity_types or []))
    ),
    "chatbot": TaskAdapter(_chatbot_items, lambda b, answer, _: parse_chatbot(answer, b.documents)),
    "prompting": TaskAdapter(_prompting_items, lambda b, answer, _: parse_answer(answer)),
}


def build_requests(benchmark: Benchmark, template: Template, *, few_shot: int = 0, top_k: int = 4,
                   limit: int | None = None) -> list[Request]:
    """One request per evaluation item, in the evaluation set's order (the first ``limit``)."""
    adapter = ADAPTERS[benchmark.task.name]
    items = adapter.items(benchmark, few_shot, top_k)
    if limit is not None:
        items = items[:limit]
    return [Request(item.id, template.render(item.context), item.parse_input) for item in items]


def parse_response(benchmark: Benchmark, request: Request, answer: str) -> Parsed:
    """The prediction for ``request`` from the model's ``answer``, by the task type's parser."""
    return ADAPTERS[benchmark.task.name].parse(benchmark, answer, request.parse_input)
