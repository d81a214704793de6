"""Named entity recognition: entity-level P/R/F1 as seqeval computes them, IOB2 tags.

The primary F1 is seqeval's default mode, which reproduces conlleval.pl: an ``I-X`` after ``O``
or after a different type opens a new chunk. The strict figure is seqeval's ``mode="strict"``
with ``scheme=IOB2`` (strict mode without a scheme silently falls back to the default mode).

Calling seqeval five times per file (P, R, F1, strict F1, report) dominated the build, so the
entities are extracted here with seqeval's chunk rules and counted once, vectorised: every tag
sequence of a file is flattened into one array of tag codes, a chunk is a run of tokens linked to
their predecessor, and gold and predicted chunks are matched by their start. ``default_entities``
and ``strict_iob2_entities`` state the rules one sentence at a time, for reading and for the
tests, which compare both with seqeval itself on hundreds of random tag sequences.

The codes of a table's tags are made once (``Table.list_codes``, exact integer keys, issue 17):
validation reads the distinct tags, the counts and IOB2 order from them, and ``score_table``
takes the same codes in gold's order instead of encoding the tags a second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from leaderboard.errors import closest_name
from leaderboard.listcodes import ListCodes, list_codes
from leaderboard.problems import Problem, Severity
from leaderboard.scorers.base import (
    BenchmarkData,
    Metric,
    Task,
    TaskScore,
    grouped_value_problems,
    in_same_order,
    row_problems,
)
from leaderboard.tables import Table


class NamedEntityRecognition(Task):
    name = "ner"
    aliases = ("named_entity_recognition", "named-entity-recognition")
    title = "Named entity recognition"
    blurb = "Tag the entities of each tokenised sentence with IOB2 tags."
    class_field = "entity_types"
    breakdown_title = "Per entity type"
    version = "2"  # 2: conlleval's found / correct / gold phrase counts reported (issue 15)
    eval_columns = ("id", "tokens")
    gold_columns = ("id", "tags")
    prediction_columns = ("id", "tags")
    list_columns: ClassVar[dict[str, str | None]] = {"tokens": None, "tags": None}
    metrics: ClassVar[tuple[Metric, ...]] = (
        Metric("f1", "Entity F1", True,
               "Micro-averaged entity-level F1: an entity counts only if type and exact token span "
               "match (seqeval default mode, identical to conlleval.pl)."),
        Metric("precision", "Precision", True, "Correct predicted entities / predicted entities."),
        Metric("recall", "Recall", True, "Correct predicted entities / gold entities."),
        Metric("strict_f1", "Strict IOB2 F1", True,
               "Entity F1 in seqeval strict mode with scheme=IOB2: an entity must start with B-."),
        Metric("found", "Found", None, "Predicted phrases (conlleval's \"found: N phrases\").",
               is_rate=False, is_count=True),
        Metric("correct", "Correct", None, "Predicted phrases whose type and span equal a gold phrase "
               "(conlleval's \"correct: N\").", is_rate=False, is_count=True),
        Metric("gold", "Gold", None, "Gold phrases (conlleval's \"processed ... with N phrases\").",
               is_rate=False, is_count=True),
    )
    primary_metric_choices = ("f1",)

    def check_predictions(self, benchmark: BenchmarkData, predictions: Table) -> list[Problem]:
        token_counts = _eval_token_counts(benchmark, predictions.frame["id"].to_numpy())
        return _check_tags(benchmark, predictions, token_counts, severity_of_order="warning")

    def check_gold(self, benchmark: BenchmarkData, gold: Table) -> list[Problem]:
        if "tokens" in gold.frame.columns:  # the train split carries its own tokens
            token_counts = gold.list_lengths("tokens")
        else:
            token_counts = _eval_token_counts(benchmark, gold.frame["id"].to_numpy())
        return _check_tags(benchmark, gold, token_counts, severity_of_order="error")

    def prepare_gold(self, benchmark: BenchmarkData, gold: pd.DataFrame) -> GoldEntities:
        return GoldEntities.of(gold["tags"])

    def score(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame) -> TaskScore:
        return self.score_prepared(benchmark, gold, predictions, self.prepare_gold(benchmark, gold))

    def score_prepared(
        self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: pd.DataFrame, prepared: Any
    ) -> TaskScore:
        # A row without a list (an item missing from the predictions) has no entities.
        rows = [tags if isinstance(tags, list) else [] for tags in predictions["tags"].tolist()]
        return _score_codes(benchmark, prepared, list_codes(rows), len(gold))

    def score_table(self, benchmark: BenchmarkData, gold: pd.DataFrame, predictions: Table, prepared: Any) -> TaskScore:
        """Scored from the codes validation made of the table's tags, taken in gold's order."""
        rows = _rows_of(pd.Index(predictions.frame["id"].to_numpy()), gold.index.to_numpy())
        codes = predictions.list_codes("tags")
        return _score_codes(benchmark, prepared, codes if rows is None else codes.take(rows), len(gold))


def _rows_of(index: pd.Index, ids: np.ndarray) -> np.ndarray | None:
    """The row of each of ``ids`` in ``index`` (-1: not there), or None when they are the same ids
    in the same order (the common case: a file in the template's order)."""
    if in_same_order(ids, index.to_numpy()):
        return None
    rows: np.ndarray = index.get_indexer(pd.Index(ids))
    return rows


def _score_codes(benchmark: BenchmarkData, true: GoldEntities, predicted: ListCodes, n_items: int) -> TaskScore:
    """The metrics of predicted tags, as codes in gold's order, against ``n_items`` gold rows."""
    types = dict(true.types)  # predictions may name types the gold lacks: codes of their own
    encoded = EncodedTags.of(predicted, types)
    default = entity_counts(true.default, encoded.entities(strict=False), n_items, types)
    strict = entity_counts(true.strict, encoded.entities(strict=True), n_items, types)
    precision, recall, f1 = prf(*default.total)
    correct_total, found_total, gold_total = default.total
    metrics = {"f1": f1, "precision": precision, "recall": recall, "strict_f1": prf(*strict.total)[2],
               "found": float(found_total), "correct": float(correct_total), "gold": float(gold_total)}
    breakdown = {}
    for entity_type in benchmark.spec.entity_types or []:
        correct, predicted_count, actual = default.by_type.get(entity_type, (0, 0, 0))
        p, r, f = prf(correct, predicted_count, actual)
        breakdown[entity_type] = {"precision": p, "recall": r, "f1": f, "support": float(actual),
                                  "found": float(predicted_count), "correct": float(correct)}
    return TaskScore(metrics, breakdown, default.per_item, entity_f1_from_sums)


@dataclass(frozen=True)
class EntityCounts:
    total: tuple[int, int, int]  # correct, predicted, actual
    by_type: dict[str, tuple[int, int, int]]
    per_item: np.ndarray  # (n_items, 3) float: the same counts per sentence


Entity = tuple[str, int, int]


def default_entities(tags: list[str]) -> set[Entity]:
    """Chunks as seqeval's default mode (conlleval) reads IOB1/IOB2 tags.

    A chunk ends at O, at B-, or at a tag of another type; it starts at B-, or at I- after O or
    after another type (conlleval's lenient rule). Equal to ``seqeval.metrics.sequence_labeling.
    get_entities`` for validated O/B-X/I-X tags, which the tests check on random sequences.
    """
    chunks: set[Entity] = set()
    kind, start = "", -1
    for index, tag in enumerate(tags):
        if tag == "O":
            if start >= 0:
                chunks.add((kind, start, index - 1))
                start = -1
            continue
        prefix, tag_type = tag[0], tag[2:]
        if start >= 0 and (prefix == "B" or tag_type != kind):
            chunks.add((kind, start, index - 1))
            start = -1
        if start < 0:
            kind, start = tag_type, index
    if start >= 0:
        chunks.add((kind, start, len(tags) - 1))
    return chunks


def strict_iob2_entities(tags: list[str]) -> set[Entity]:
    """Entities as seqeval's strict mode with ``scheme=IOB2`` reads them: B-X followed by any
    number of I-X; an I- that does not continue such a run belongs to no entity."""
    chunks: set[Entity] = set()
    kind, start = "", -1
    for index, tag in enumerate(tags):
        continues = start >= 0 and tag[:2] == "I-" and tag[2:] == kind
        if start >= 0 and not continues:
            chunks.add((kind, start, index - 1))
            start = -1
        if tag[:2] == "B-":
            kind, start = tag[2:], index
    if start >= 0:
        chunks.add((kind, start, len(tags) - 1))
    return chunks


@dataclass(frozen=True)
class Entities:
    """Chunks as arrays: sentence (row), first and last token in it, type code."""

    sentence: np.ndarray
    start: np.ndarray
    end: np.ndarray
    kind: np.ndarray

    def as_sets(self, n_sentences: int, type_names: list[str]) -> list[set[Entity]]:
        """The same chunks as one set of ``(type, start, end)`` per sentence (for the tests)."""
        sets: list[set[Entity]] = [set() for _ in range(n_sentences)]
        for row, start, end, kind in zip(self.sentence, self.start, self.end, self.kind, strict=True):
            sets[row].add((type_names[kind], int(start), int(end)))
        return sets


@dataclass(frozen=True)
class EncodedTags:
    """Tag sequences as codes, with what the chunk rules read of every token that is not "O".

    An "O" is never part of an entity and ends any, so the rules read only where the other tokens
    are: whether the token before one is also tagged (not "O") and in the same row. Most tokens
    are "O", so the rules run over a fraction of the tokens (issue 17).
    """

    rows: ListCodes  # the tags of every row as codes into the distinct tags (``rows.distinct``)
    token: np.ndarray  # per tagged token (not "O"): its index among all tokens
    sentence: np.ndarray  # per tagged token: its row
    position: np.ndarray  # per tagged token: its index in the row
    code: np.ndarray  # per tagged token: its tag's code
    tag_kind: np.ndarray  # per distinct tag: code of ``tag[2:]``, the entity type ("O" -> "")
    tag_begins: np.ndarray  # per distinct tag: starts with "B" (default mode reads only the letter)
    tag_b: np.ndarray  # per distinct tag: starts with "B-"
    tag_i: np.ndarray  # per distinct tag: starts with "I-"

    @classmethod
    def of(cls, rows: ListCodes, types: dict[str, int]) -> EncodedTags:
        """Entity types get codes in ``types`` (extended in place; "" is 0)."""
        types.setdefault("", 0)
        tags = rows.distinct
        # Codes are distinct, so the tagged tokens are those whose code is not the code of "O".
        token = np.flatnonzero(rows.codes != tags.index("O")) if "O" in tags else np.arange(len(rows.codes))
        ends = np.cumsum(rows.lengths)
        sentence = np.searchsorted(ends, token, side="right")
        return cls(
            rows=rows,
            token=token,
            sentence=sentence,
            position=token - (ends - rows.lengths)[sentence],
            code=rows.codes[token],
            tag_kind=np.fromiter((types.setdefault(t[2:], len(types)) for t in tags), dtype=np.int64,
                                 count=len(tags)),
            tag_begins=np.fromiter((t[:1] == "B" for t in tags), dtype=bool, count=len(tags)),
            tag_b=np.fromiter((t[:2] == "B-" for t in tags), dtype=bool, count=len(tags)),
            tag_i=np.fromiter((t[:2] == "I-" for t in tags), dtype=bool, count=len(tags)),
        )

    @cached_property
    def kind(self) -> np.ndarray:
        """Per tagged token: the code of its entity type."""
        kind: np.ndarray = self.tag_kind[self.code]
        return kind

    @cached_property
    def after_tagged(self) -> np.ndarray:
        """Per tagged token: whether the token before it, in its row, is tagged too."""
        after = np.zeros(len(self.token), dtype=bool)
        after[1:] = (self.token[1:] == self.token[:-1] + 1) & (self.position[1:] > 0)
        return after

    @cached_property
    def follows(self) -> np.ndarray:
        """Per tagged token: whether the token before it, in its row, is tagged with its type."""
        follows = self.after_tagged.copy()
        follows[1:] &= self.kind[1:] == self.kind[:-1]
        return follows

    def entities(self, *, strict: bool) -> Entities:
        """``default_entities`` (conlleval) or ``strict_iob2_entities`` of every row at once.

        A chunk is a head token followed by the tokens linked to their predecessor. Default mode:
        a tagged token without a B continues the chunk of a tagged predecessor of its type. Strict
        IOB2: an I- token continues its predecessor of the same type; only runs headed by a B-
        are entities (an I- run after O or another type belongs to none).
        """
        if not len(self.token):
            empty = np.zeros(0, dtype=np.int64)
            return Entities(empty, empty, empty, empty)
        if strict:
            link = self.follows & self.tag_i[self.code]
            keep_head = self.tag_b[self.code]
        else:
            link = self.follows & ~self.tag_begins[self.code]
            keep_head = np.ones(len(link), dtype=bool)
        heads = np.flatnonzero(~link)
        tails = np.append(heads[1:] - 1, len(link) - 1)
        keep = keep_head[heads]
        heads, tails = heads[keep], tails[keep]
        return Entities(self.sentence[heads], self.position[heads], self.position[tails], self.kind[heads])

    def broken_iob2_rows(self) -> np.ndarray:
        """Rows with an I-X tag that does not follow B-X or I-X (at a row's start: follows "O")."""
        previous = np.zeros(len(self.kind), dtype=self.kind.dtype)  # code 0 is "", the type of "O"
        previous[1:] = np.where(self.after_tagged[1:], self.kind[:-1], 0)
        bad = self.tag_i[self.code] & (self.kind != previous)
        return np.unique(self.sentence[bad])


def encode_tags(rows: Iterable[list[str]], types: dict[str, int]) -> EncodedTags:
    """Flatten tag sequences; entity types get codes in ``types`` (extended in place; "" is 0)."""
    return EncodedTags.of(list_codes(list(rows)), types)


@dataclass(frozen=True)
class GoldEntities:
    """Gold entities in both modes, extracted once per benchmark (``prepare_gold``)."""

    default: Entities
    strict: Entities
    types: dict[str, int]

    @classmethod
    def of(cls, tags: Iterable[list[str]]) -> GoldEntities:
        types: dict[str, int] = {}
        encoded = encode_tags(tags, types)
        return cls(encoded.entities(strict=False), encoded.entities(strict=True), types)


def entity_counts(true: Entities, predicted: Entities, n_sentences: int, types: dict[str, int]) -> EntityCounts:
    """Correct, predicted and gold entities, in total, per type and per sentence.

    An entity is correct when a gold one has the same sentence, start, end and type. Chunks of one
    side never share a start, so matching the starts first and then comparing end and type is the
    set intersection of seqeval.
    """
    longest = int(max(true.start.max(initial=0), predicted.start.max(initial=0))) + 1
    true_key = true.sentence * longest + true.start
    pred_key = predicted.sentence * longest + predicted.start
    _, true_at, pred_at = np.intersect1d(true_key, pred_key, assume_unique=True, return_indices=True)
    same = (true.end[true_at] == predicted.end[pred_at]) & (true.kind[true_at] == predicted.kind[pred_at])
    correct_at = true_at[same]
    per_item = np.column_stack([
        np.bincount(true.sentence[correct_at], minlength=n_sentences),
        np.bincount(predicted.sentence, minlength=n_sentences),
        np.bincount(true.sentence, minlength=n_sentences),
    ]).astype(float)
    n_types = len(types)
    by_code = [np.bincount(kinds, minlength=n_types) for kinds in
               (true.kind[correct_at], predicted.kind, true.kind)]
    by_type = {
        name: (int(by_code[0][code]), int(by_code[1][code]), int(by_code[2][code]))
        for name, code in types.items() if by_code[1][code] or by_code[2][code]
    }
    return EntityCounts(
        (len(correct_at), len(predicted.sentence), len(true.sentence)), by_type, per_item,
    )


def prf(correct: int, predicted: int, actual: int) -> tuple[float, float, float]:
    """Precision, recall and F1 as seqeval computes them, with ``zero_division=0``."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / actual if actual else 0.0
    denominator = precision + recall
    return precision, recall, (2 * precision * recall / denominator if denominator else 0.0)


def entity_f1_from_sums(sums: np.ndarray) -> np.ndarray:
    correct, predicted, actual = sums[:, 0], sums[:, 1], sums[:, 2]
    denominator = predicted + actual
    result: np.ndarray = np.divide(
        2 * correct, denominator, out=np.zeros_like(correct), where=denominator > 0
    )
    return result


def _looks_like_a_list(tags: list[str]) -> bool:
    """``O,O,B-PER`` or ``["O", "O"]`` in a CSV cell: one list written as one (or a few) tags."""
    return any("," in tag or tag.startswith(("[", '"', "'")) for tag in tags)


def _eval_token_counts(benchmark: BenchmarkData, ids: np.ndarray) -> np.ndarray:
    """Per id: the number of tokens of its evaluation item, or -1 if the id is not in the set."""
    counts = benchmark.eval_table.list_lengths("tokens")
    rows = _rows_of(benchmark.eval_frame.index, ids)
    return counts if rows is None else np.where(rows >= 0, counts[rows], -1)


def _check_tags(
    benchmark: BenchmarkData, table: Table, token_counts: np.ndarray, *, severity_of_order: Severity
) -> list[Problem]:
    """The tags of every row; ``token_counts`` per row (-1: the id is unknown, checked elsewhere).

    The rows are encoded once (issue 17): the distinct tags, the counts and IOB2 order come from
    the codes, and only a file with a wrong tag is walked row by row, to locate it.
    """
    types = set(benchmark.spec.entity_types or [])
    frame = table.frame
    problems: list[Problem] = []
    allowed = {"O"} | {f"{prefix}-{kind}" for kind in types for prefix in "BI"}
    encoded = EncodedTags.of(table.list_codes("tags"), {})
    unique_tags = set(encoded.rows.distinct)
    ids = frame["id"].to_numpy()
    listed_rows = np.zeros(len(frame), dtype=bool)
    if not unique_tags <= allowed and any(_looks_like_a_list([tag]) for tag in unique_tags):
        # One message for the whole mistake, not one 'invalid tag' per distinct cell (issue 13).
        listed_rows = np.fromiter((_looks_like_a_list(t) for t in frame["tags"]), dtype=bool, count=len(frame))
        rows = np.flatnonzero(listed_rows)
        lines = ", ".join(str(table.line_of(int(r))) for r in rows[:5])
        problems.append(Problem(
            table.path, table.line_of(int(rows[0])),
            f"{len(rows)} row(s) hold their tags as a comma-separated or JSON list (such as "
            f"'{' '.join(frame['tags'].iloc[int(rows[0])])[:60]}'), on lines {lines}"
            f"{' and more' if len(rows) > 5 else ''}: separate tags with spaces in CSV, or use "
            "JSONL lists",
            code="tag-list",
        ))
    counts = encoded.rows.lengths
    mismatched = np.flatnonzero((counts != token_counts) & (token_counts >= 0) & ~listed_rows)
    problems += row_problems(
        table, mismatched,
        lambda row: (f"{counts[row]} tags for {token_counts[row]} tokens of item "
                     f"'{ids[row]}'; give exactly one tag per token"),
        code="tag-count",
    )
    if not unique_tags <= allowed:  # only then is it worth locating the bad tags
        # One (row, tag) pair per row and distinct tag, so that counts are rows, not tags.
        pairs = [(row, tag) for row, tags in enumerate(frame["tags"]) if not listed_rows[row]
                 for tag in dict.fromkeys(tags) if tag not in allowed]
        if pairs:
            rows_of_bad = np.asarray([row for row, _ in pairs], dtype=int)
            tag_table = Table(table.path, pd.DataFrame({"tag": [tag for _, tag in pairs]}),
                              table.lines[rows_of_bad])
            listed = ", ".join(f"B-{t}/I-{t}" for t in sorted(types))
            problems += grouped_value_problems(
                tag_table, "tag", pd.Series(True, index=tag_table.frame.index),
                lambda tag: f"invalid tag '{tag}'{_nearest_tag(tag, allowed)}; tags are O or {listed} (IOB2)",
                code="invalid-tag",
            )
    broken = [row for row in encoded.broken_iob2_rows().tolist() if not listed_rows[row]]
    for row in broken[:10]:
        problems.append(Problem(
            table.path, table.line_of(row),
            f"item '{ids[row]}': an I-X tag must follow B-X or I-X of the same type "
            "(IOB2); conlleval scores it as the start of an entity, strict IOB2 ignores it",
            severity=severity_of_order, code="iob2-order",
        ))
    if len(broken) > 10:
        problems.append(Problem(table.path, table.line_of(broken[10]),
                                f"{len(broken) - 10} more items break IOB2 order",
                                severity=severity_of_order, code="iob2-order"))
    return problems


def _nearest_tag(tag: str, allowed: set[str]) -> str:
    """``; did you mean 'B-PER'?`` for ``B-PERSON``, keeping the B-/I- prefix when there is one."""
    candidates = [t for t in allowed if t[:2] == tag[:2]] if tag[:2] in ("B-", "I-") else list(allowed)
    nearest = closest_name(tag, candidates)
    return f" (did you mean '{nearest}'?)" if nearest and nearest != tag else ""


TASK = NamedEntityRecognition()
