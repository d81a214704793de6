"""From a model's answer to a prediction: forgiving, deterministic, and honest about failures.

Every parser returns the prediction and whether the answer could be read. An answer that cannot
be read is never dropped: it is kept (scored as wrong) and counted in the run's summary.

Classification
    The answer is cleaned the way a person would read it: surrounding whitespace, quotes,
    backticks and markdown emphasis and one trailing period are removed, and a leading
    ``Label:`` is dropped. It is then matched to the label set without regard to case, the same
    case-insensitive match ``validate`` uses for its "nearest valid label" hint
    (:func:`leaderboard.errors.closest_name`; its fuzzy matches are hints, never answers). When
    that fails, the first line is tried the same way, and then an answer that names exactly one
    label as a whole word ("The sentiment is positive.") gives that label. Anything else is kept
    as written (whitespace collapsed, ``(empty)`` for an empty answer): ``validate`` warns about
    it and scoring counts it wrong.

NER (alignment of entities to the given tokens, IOB2)
    The answer is JSON, found in the text (a markdown code fence or text around it is ignored):
    ``{"entities": [{"text": ..., "type": ...}]}`` or a bare list of such objects; or per-token
    tags, ``{"tags": [...]}`` or a bare list of strings, one per token. Entity types and tags are
    matched to the benchmark's types without regard to case. Entities are aligned in the order
    given; each takes the **first** span of still untagged tokens that matches it, trying in turn
    (1) the entity's whitespace-separated words equal to the tokens, (2) the same ignoring case,
    (3) the entity text with all whitespace removed equal to the span's tokens concatenated
    (so ``"Acme Corp."`` finds the tokens ``Acme Corp .``). The span's first token gets ``B-TYPE``
    and the rest ``I-TYPE``. An entity of an unknown type or without a free matching span is
    skipped and counted as unaligned. Per-token tags are used when their count equals the token
    count; unknown tags become ``O`` and an ``I-X`` that does not continue an ``X`` becomes
    ``B-X``, so the output is always valid IOB2. An answer with no readable JSON gives all ``O``
    (the tags must be one per token for the file to validate) and counts as unparseable.

Chatbot
    JSON ``{"answer": ..., "sources": [...]}`` (sources may also be one ``;``-separated string);
    sources that are not document ids of the benchmark are dropped. Without readable JSON the
    whole answer is kept as the answer, with no sources, and counted as unparseable.

Prompting
    The answer itself, with whitespace, quotes and a leading ``Answer:`` removed; ``UNANSWERABLE``
    (any case, with or without a period) becomes the empty answer, the file format's "the
    document does not answer this".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from leaderboard.errors import closest_name

_WRAPPERS = "\"'`“”‘’*_"
_PREFIX = re.compile(r"^\s*(?:label|answer|category|class)\s*[:=-]\s*", re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
UNANSWERABLE = "unanswerable"


@dataclass(frozen=True)
class Parsed:
    """One item's prediction columns, whether the answer was readable, and what was skipped."""

    prediction: dict[str, Any]
    ok: bool
    unaligned: int = 0
    notes: list[str] = field(default_factory=list)


def clean(text: str) -> str:
    """Whitespace collapsed; surrounding quotes, backticks and emphasis and a final period removed."""
    value = " ".join(text.split())
    previous = None
    while previous != value:
        previous = value
        value = value.strip().strip(_WRAPPERS).strip()
        if value.endswith(".") and not value.endswith(".."):
            value = value[:-1]
    return value


def _label_match(candidate: str, labels: Sequence[str]) -> str | None:
    match = closest_name(candidate, labels)
    return match if match is not None and match.lower() == candidate.lower() else None


def parse_label(answer: str, labels: Sequence[str]) -> Parsed:
    """One of ``labels`` for a classification answer (see the module docstring)."""
    lines = [line for line in answer.strip().splitlines() if line.strip()]
    candidates = [answer, *lines[:1]]
    for candidate in candidates:
        cleaned = clean(_PREFIX.sub("", clean(candidate)))
        match = _label_match(cleaned, labels)
        if match is not None:
            return Parsed({"label": match}, True)
    mentioned = {
        label for label in labels
        if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", answer, re.IGNORECASE)
    }
    if len(mentioned) == 1:
        return Parsed({"label": mentioned.pop()}, True)
    kept = " ".join(answer.split()) or "(empty)"
    return Parsed({"label": kept}, False)


def find_json(text: str) -> Any:
    """The first JSON object or array in ``text`` (a fenced block first), or None."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        stripped = candidate.strip()
        try:
            return json.loads(stripped)
        except ValueError:
            pass
        for start, char in enumerate(stripped):
            if char in "{[":
                try:
                    value, _ = decoder.raw_decode(stripped, start)
                except ValueError:
                    continue
                return value
    return None


def _types_by_lower(entity_types: Iterable[str]) -> dict[str, str]:
    return {kind.lower(): kind for kind in entity_types}


def repair_tags(tags: Sequence[str], entity_types: Iterable[str]) -> list[str]:
    """Tags as valid IOB2 over ``entity_types``: unknown tags become O, a stray I-X becomes B-X."""
    types = _types_by_lower(entity_types)
    repaired: list[str] = []
    previous = ""
    for raw in tags:
        tag = str(raw).strip()
        prefix, _, kind = tag.partition("-")
        canonical = types.get(kind.lower()) if prefix.upper() in ("B", "I") else None
        if canonical is None:
            repaired.append("O")
            previous = ""
            continue
        if prefix.upper() == "I" and previous != canonical:
            prefix = "B"
        repaired.append(f"{prefix.upper()}-{canonical}")
        previous = canonical
    return repaired


def _spans(tokens: Sequence[str], words: list[str]) -> Iterable[tuple[int, int]]:
    """Candidate spans for an entity, in the order of the module docstring's three rules."""
    n = len(words)
    for fold in (False, True):
        wanted = [w.lower() for w in words] if fold else words
        for start in range(len(tokens) - n + 1):
            window = list(tokens[start : start + n])
            if fold:
                window = [t.lower() for t in window]
            if window == wanted:
                yield start, start + n
    squashed = "".join(words)
    for start in range(len(tokens)):
        joined = ""
        for end in range(start, len(tokens)):
            joined += tokens[end]
            if len(joined) > len(squashed):
                break
            if joined == squashed:
                yield start, end + 1
                break


def align_entities(
    tokens: Sequence[str], entities: Sequence[tuple[str, str]], entity_types: Iterable[str]
) -> tuple[list[str], int]:
    """IOB2 tags for ``(text, type)`` entities on ``tokens``, and how many could not be placed."""
    types = _types_by_lower(entity_types)
    tags = ["O"] * len(tokens)
    free = [True] * len(tokens)
    unaligned = 0
    for text, kind in entities:
        canonical = types.get(kind.strip().lower())
        words = text.split()
        if canonical is None or not words:
            unaligned += 1
            continue
        for start, end in _spans(tokens, words):  # the first one still free
            if all(free[start:end]):
                tags[start] = f"B-{canonical}"
                for index in range(start + 1, end):
                    tags[index] = f"I-{canonical}"
                for index in range(start, end):
                    free[index] = False
                break
        else:
            unaligned += 1
    return tags, unaligned


def parse_entities(answer: str, tokens: Sequence[str], entity_types: Sequence[str]) -> Parsed:
    """IOB2 tags, one per token, for an NER answer (see the module docstring)."""
    value = find_json(answer)
    if isinstance(value, dict):
        value = value.get("entities", value.get("tags"))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        if len(value) == len(tokens):
            return Parsed({"tags": repair_tags(value, entity_types)}, True)
        return Parsed({"tags": ["O"] * len(tokens)}, False,
                      notes=[f"{len(value)} tags for {len(tokens)} tokens"])
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        entities = []
        for entity in value:
            text, kind = entity.get("text"), entity.get("type", entity.get("label"))
            entities.append((text if isinstance(text, str) else "", kind if isinstance(kind, str) else ""))
        tags, unaligned = align_entities(tokens, entities, entity_types)
        return Parsed({"tags": tags}, True, unaligned=unaligned)
    return Parsed({"tags": ["O"] * len(tokens)}, False)


def _is_unanswerable(text: str) -> bool:
    return clean(text).lower() == UNANSWERABLE


def parse_chatbot(answer: str, document_ids: Iterable[str]) -> Parsed:
    """Answer and sources for a chatbot answer (see the module docstring)."""
    known = set(document_ids)
    value = find_json(answer)
    if isinstance(value, dict) and isinstance(value.get("answer", ""), str):
        text = str(value.get("answer", "")).strip()
        raw_sources = value.get("sources", [])
        if isinstance(raw_sources, str):
            raw_sources = raw_sources.split(";")
        sources: list[str] = []
        dropped = 0
        for source in raw_sources if isinstance(raw_sources, list) else []:
            name = str(source).strip()
            if name in known and name not in sources:
                sources.append(name)
            elif name not in known:
                dropped += 1
        notes = [f"{dropped} unknown source(s) dropped"] if dropped else []
        return Parsed({"answer": "" if _is_unanswerable(text) else text, "sources": sources}, True, notes=notes)
    text = answer.strip()
    return Parsed({"answer": "" if _is_unanswerable(text) else text, "sources": []}, False)


def parse_answer(answer: str) -> Parsed:
    """The answer of a prompting item (see the module docstring); always readable."""
    text = _PREFIX.sub("", answer.strip()).strip().strip(_WRAPPERS).strip()
    return Parsed({"answer": "" if _is_unanswerable(text) else text}, True)
