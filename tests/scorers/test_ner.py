from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2

from leaderboard.benchmarks import Benchmark
from leaderboard.scorers import get_task_type
from leaderboard.scorers.ner import (
    GoldEntities,
    _eval_token_counts,
    default_entities,
    encode_tags,
    entity_counts,
    strict_iob2_entities,
)
from leaderboard.tables import Table


def score(benchmark: Benchmark, y_true: list[list[str]], y_pred: list[list[str]]) -> dict[str, float]:
    ids = [f"n{i}" for i in range(len(y_true))]
    gold = pd.DataFrame({"id": ids, "tags": y_true}, index=ids)
    predictions = pd.DataFrame({"id": ids, "tags": y_pred}, index=ids)
    result = get_task_type("ner").score(benchmark, gold, predictions)
    primary = result.statistic(np.ones((1, len(ids))) @ result.features)[0]
    assert primary == pytest.approx(result.metrics["f1"], abs=1e-12)
    return result.metrics


@pytest.mark.parametrize(
    ("gold", "predicted", "f1", "strict_f1"),
    [
        # conlleval: I- after O opens a chunk, so I-ORG I-ORG equals B-ORG I-ORG in default mode
        (["B-ORG", "I-ORG", "O"], ["I-ORG", "I-ORG", "O"], 1.0, 0.0),
        # B-X I-Y splits into two chunks: ORG(0) and PER(1); neither matches ORG(0..1)
        (["B-ORG", "I-ORG"], ["B-ORG", "I-PER"], 0.0, 0.0),
        (["B-PER", "O", "B-ORG"], ["B-PER", "O", "O"], 2 / 3, 2 / 3),
        (["O", "O"], ["O", "O"], 0.0, 0.0),  # no entities anywhere: zero_division=0
        (["B-ORG", "O"], ["O", "O"], 0.0, 0.0),
    ],
)
def test_hand_computed_chunk_rules(
    fixture_benchmarks: dict[str, Benchmark], gold: list[str], predicted: list[str], f1: float, strict_f1: float
) -> None:
    metrics = score(fixture_benchmarks["tiny-ner"], [gold], [predicted])
    assert metrics["f1"] == pytest.approx(f1)
    assert metrics["strict_f1"] == pytest.approx(strict_f1)


TAGS = ["O", "O", "O", "B-ORG", "I-ORG", "B-PER", "I-PER", "B-MONEY"]


def test_randomised_against_seqeval(fixture_benchmarks: dict[str, Benchmark]) -> None:
    rng = np.random.default_rng(5)
    benchmark = fixture_benchmarks["tiny-ner"]
    for _ in range(300):
        lengths = rng.integers(1, 12, size=int(rng.integers(1, 8)))
        y_true = [list(rng.choice(TAGS, size=n)) for n in lengths]
        y_pred = [list(rng.choice(TAGS, size=n)) for n in lengths]
        metrics = score(benchmark, y_true, y_pred)
        assert metrics["f1"] == pytest.approx(f1_score(y_true, y_pred, zero_division=0), abs=1e-9)
        assert metrics["precision"] == pytest.approx(precision_score(y_true, y_pred, zero_division=0), abs=1e-9)
        assert metrics["recall"] == pytest.approx(recall_score(y_true, y_pred, zero_division=0), abs=1e-9)
        assert metrics["strict_f1"] == pytest.approx(
            f1_score(y_true, y_pred, mode="strict", scheme=IOB2, zero_division=0), abs=1e-9)


def test_randomised_entities_and_report_against_seqeval(fixture_benchmarks: dict[str, Benchmark]) -> None:
    rng = np.random.default_rng(9)
    benchmark = fixture_benchmarks["tiny-ner"]
    for _ in range(300):
        lengths = rng.integers(1, 12, size=int(rng.integers(1, 8)))
        y_true = [list(rng.choice(TAGS, size=n)) for n in lengths]
        y_pred = [list(rng.choice(TAGS, size=n)) for n in lengths]
        for tags in y_true:
            assert default_entities(tags) == set(get_entities(tags))
        ids = [f"n{i}" for i in range(len(y_true))]
        result = get_task_type("ner").score(
            benchmark, pd.DataFrame({"id": ids, "tags": y_true}, index=ids),
            pd.DataFrame({"id": ids, "tags": y_pred}, index=ids))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
        for entity_type, values in result.breakdown.items():
            expected = report.get(entity_type, {"precision": 0, "recall": 0, "f1-score": 0, "support": 0})
            assert values["precision"] == pytest.approx(expected["precision"], abs=1e-9)
            assert values["recall"] == pytest.approx(expected["recall"], abs=1e-9)
            assert values["f1"] == pytest.approx(expected["f1-score"], abs=1e-9)
            assert values["support"] == expected["support"]


@pytest.mark.parametrize(
    ("tags", "strict"),
    [
        (["B-ORG", "I-ORG", "O"], {("ORG", 0, 1)}),
        (["I-ORG", "I-ORG", "O"], set()),
        (["B-ORG", "I-PER", "I-PER"], {("ORG", 0, 0)}),
        (["B-ORG", "B-ORG", "I-ORG"], {("ORG", 0, 0), ("ORG", 1, 2)}),
    ],
)
def test_strict_iob2_entities(tags: list[str], strict: set[tuple[str, int, int]]) -> None:
    assert strict_iob2_entities(tags) == strict


def test_breakdown_lists_every_entity_type(fixture_benchmarks: dict[str, Benchmark]) -> None:
    ids = ["a"]
    frame = pd.DataFrame({"id": ids, "tags": [["B-ORG", "O"]]}, index=ids)
    result = get_task_type("ner").score(fixture_benchmarks["tiny-ner"], frame, frame)
    assert result.breakdown == {
        "ORG": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1.0, "found": 1.0, "correct": 1.0},
        "PER": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0.0, "found": 0.0, "correct": 0.0},
    }


# -- the vectorised chunking, matching and IOB2 check against the per-sentence rules and seqeval --

ODD_TAGS = [*TAGS, "I-PER", "I-MONEY", "B-", "I-", "BX-ORG", "E-ORG", "S-PER", "B-ORG-X", "Bogus", "IORG"]


def is_valid_iob2(tags: list[str]) -> bool:
    """The IOB2 order rule one sentence at a time: an I-X must follow B-X or I-X ("O" before a row)."""
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


def random_rows(rng: np.random.Generator, alphabet: list[str], rows: int) -> list[list[str]]:
    return [list(rng.choice(alphabet, size=int(n))) for n in rng.integers(0, 14, size=rows)]


def test_vectorised_entities_equal_the_per_sentence_rules_on_any_tags() -> None:
    rng = np.random.default_rng(13)
    for trial in range(300):
        rows = random_rows(rng, ODD_TAGS if trial % 2 else TAGS, int(rng.integers(0, 9)))
        types: dict[str, int] = {}
        encoded = encode_tags(rows, types)
        names = sorted(types, key=types.__getitem__)
        assert encoded.entities(strict=False).as_sets(len(rows), names) == [default_entities(t) for t in rows]
        assert encoded.entities(strict=True).as_sets(len(rows), names) == [strict_iob2_entities(t) for t in rows]
        expected = [row for row, tags in enumerate(rows) if not is_valid_iob2(tags)]
        assert encoded.broken_iob2_rows().tolist() == expected


def set_counts(true: list[set[tuple[str, int, int]]], predicted: list[set[tuple[str, int, int]]]) -> tuple:
    """Entity counts by set intersection, sentence by sentence (what seqeval does)."""
    per_item, by_type = [], {}
    for true_set, pred_set in zip(true, predicted, strict=True):
        correct = true_set & pred_set
        per_item.append((len(correct), len(pred_set), len(true_set)))
        for position, entities in enumerate((correct, pred_set, true_set)):
            for entity in entities:
                by_type.setdefault(entity[0], [0, 0, 0])[position] += 1
    return per_item, {kind: tuple(c) for kind, c in by_type.items()}


def test_vectorised_counts_equal_set_intersection_even_for_unequal_lengths() -> None:
    rng = np.random.default_rng(17)
    for _ in range(300):
        y_true = random_rows(rng, ODD_TAGS, int(rng.integers(1, 9)))
        y_pred = [list(rng.choice(ODD_TAGS, size=len(t) + int(rng.integers(-2, 3)) if len(t) > 2 else len(t)))
                  for t in y_true]
        gold = GoldEntities.of(y_true)
        types = dict(gold.types)
        encoded = encode_tags(y_pred, types)
        for strict, rule in ((False, default_entities), (True, strict_iob2_entities)):
            counts = entity_counts(gold.strict if strict else gold.default, encoded.entities(strict=strict),
                                   len(y_true), types)
            per_item, by_type = set_counts([rule(t) for t in y_true], [rule(t) for t in y_pred])
            assert counts.per_item.tolist() == [list(map(float, row)) for row in per_item]
            assert counts.by_type == by_type
            assert counts.total == tuple(int(v) for v in np.sum(per_item, axis=0))


def test_randomised_against_seqeval_with_empty_rows_and_long_sentences(fixture_benchmarks: dict[str, Benchmark]) -> None:
    rng = np.random.default_rng(23)
    benchmark = fixture_benchmarks["tiny-ner"]
    for _ in range(150):
        lengths = rng.integers(0, 40, size=int(rng.integers(1, 12)))
        y_true = [list(rng.choice(TAGS, size=n)) for n in lengths]
        y_pred = [list(rng.choice(TAGS, size=n)) for n in lengths]
        metrics = score(benchmark, y_true, y_pred)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert metrics["f1"] == f1_score(y_true, y_pred, zero_division=0)
            assert metrics["precision"] == precision_score(y_true, y_pred, zero_division=0)
            assert metrics["recall"] == recall_score(y_true, y_pred, zero_division=0)
            assert metrics["strict_f1"] == f1_score(y_true, y_pred, mode="strict", scheme=IOB2, zero_division=0)


def test_prepared_gold_is_reused_and_equals_scoring_afresh(fixture_benchmarks: dict[str, Benchmark]) -> None:
    rng = np.random.default_rng(29)
    benchmark = fixture_benchmarks["tiny-ner"]
    task = get_task_type("ner")
    y_true = random_rows(rng, TAGS, 50)
    ids = [f"n{i}" for i in range(len(y_true))]
    gold = pd.DataFrame({"id": ids, "tags": y_true}, index=ids)
    prepared = task.prepare_gold(benchmark, gold)
    for _ in range(5):
        predictions = pd.DataFrame({"id": ids, "tags": [list(rng.choice(TAGS, size=len(t))) for t in y_true]},
                                   index=ids)
        fast = task.score_prepared(benchmark, gold, predictions, prepared)
        fresh = task.score(benchmark, gold, predictions)
        assert fast.metrics == fresh.metrics and fast.breakdown == fresh.breakdown
        assert fast.features.tobytes() == fresh.features.tobytes()


def test_conlleval_phrase_counts_against_seqeval(fixture_benchmarks: dict[str, Benchmark]) -> None:
    """found / correct / gold as conlleval prints them (issue 15), from seqeval's own chunks."""
    rng = np.random.default_rng(15)
    benchmark = fixture_benchmarks["tiny-ner"]
    for _ in range(200):
        lengths = rng.integers(1, 12, size=int(rng.integers(1, 8)))
        y_true = [list(rng.choice(TAGS, size=n)) for n in lengths]
        y_pred = [list(rng.choice(TAGS, size=n)) for n in lengths]
        metrics = score(benchmark, y_true, y_pred)
        true = {(i, *e) for i, tags in enumerate(y_true) for e in get_entities(tags)}
        pred = {(i, *e) for i, tags in enumerate(y_pred) for e in get_entities(tags)}
        assert (metrics["found"], metrics["correct"], metrics["gold"]) == (len(pred), len(true & pred), len(true))


def test_conlleval_counts_hand_computed(fixture_benchmarks: dict[str, Benchmark]) -> None:
    metrics = score(fixture_benchmarks["tiny-ner"], [["B-PER", "O", "B-ORG", "I-ORG"]], [["B-PER", "O", "B-ORG", "O"]])
    assert (metrics["found"], metrics["correct"], metrics["gold"]) == (2, 1, 2)


# -- validation and scoring share the table's codes (issue 17) --------------------------------


def tags_table(ids: list[str], rows: list[list[str]]) -> Table:
    return Table("p.jsonl", pd.DataFrame({"id": ids, "tags": rows}), np.arange(1, len(ids) + 1))


def test_scoring_the_table_equals_scoring_the_realigned_frame(fixture_benchmarks: dict[str, Benchmark]) -> None:
    rng = np.random.default_rng(31)
    benchmark = fixture_benchmarks["tiny-ner"]
    task = get_task_type("ner")
    for trial in range(150):
        y_true = random_rows(rng, TAGS, int(rng.integers(1, 12)))
        ids = [f"n{i}" for i in range(len(y_true))]
        gold = pd.DataFrame({"id": ids, "tags": y_true}, index=ids)
        prepared = task.prepare_gold(benchmark, gold)
        y_pred = [list(rng.choice(ODD_TAGS, size=len(t))) for t in y_true]
        order = np.arange(len(ids)) if trial % 3 == 0 else rng.permutation(len(ids))
        if trial % 4 == 1:
            order = order[1:]  # an item without a prediction: no entities (validation refuses it)
        table = tags_table([ids[i] for i in order], [y_pred[i] for i in order])
        aligned = table.frame.set_index("id", drop=False).reindex(gold.index)
        expected = task.score_prepared(benchmark, gold, aligned, prepared)
        shared = task.score_table(benchmark, gold, table, prepared)
        assert shared.metrics == expected.metrics and shared.breakdown == expected.breakdown
        assert shared.features.tobytes() == expected.features.tobytes()
        if len(order) < len(ids):
            emptied = [y_pred[i] if i in set(order.tolist()) else [] for i in range(len(ids))]
            assert expected.metrics == task.score(benchmark, gold, pd.DataFrame({"id": ids, "tags": emptied},
                                                                                index=ids)).metrics


def test_token_counts_by_id_equal_reindexing_the_evaluation_set(fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks["tiny-ner"]
    eval_ids = list(benchmark.eval_frame.index)
    rng = np.random.default_rng(37)
    for trial in range(50):
        ids = list(rng.permutation(eval_ids)) if trial % 2 else list(eval_ids)
        ids += [str(rng.choice(eval_ids)), "unknown", ""][: trial % 4]
        tokens = benchmark.eval_frame["tokens"].reindex(ids).to_numpy()
        expected = [len(t) if isinstance(t, list) else -1 for t in tokens]
        assert _eval_token_counts(benchmark, np.asarray(ids, dtype=object)).tolist() == expected


def test_tag_checks_read_the_codes_validation_and_scoring_share(fixture_benchmarks: dict[str, Benchmark]) -> None:
    benchmark = fixture_benchmarks["tiny-ner"]
    ids = list(benchmark.eval_frame.index)
    table = tags_table(ids, [["O"] * len(t) for t in benchmark.eval_frame["tokens"]])
    assert get_task_type("ner").check_predictions(benchmark, table) == []
    assert table.list_codes("tags") is table.list_codes("tags")
