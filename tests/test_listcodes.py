"""The fast list codes against their definition, ``pd.factorize`` of the strings as objects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from leaderboard.listcodes import MAX_KEY_BYTES, ListCodes, list_codes, list_codes_simply
from leaderboard.tables import read_table

#: Tags and everything a hostile file may put in their place: empty and whitespace-only strings,
#: tabs, non-Latin scripts, a surrogate pair written as two code points, the separators the fast
#: path joins with, strings around the word and key limits, a list written into one cell.
HOSTILE = [
    "O", "O", "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOCATION", "I-ORGANIZATION", "B-", "I-", "",
    " ", "\t", "B-PER ", " O", "O,O,B-PER", '["O", "O"]', "Б-ЛИЦ", "B-人名", "I-مكان", "😀", "\ud83d\ude00",
    "a\x00b", "\x01", "x" * 7, "x" * 8, "x" * 9, "y" * 16, "y" * 17, "z" * MAX_KEY_BYTES,
    "é" * (MAX_KEY_BYTES // 2), "w" * (MAX_KEY_BYTES + 1), "B-PER" + "\x00" * 3,
]


def assert_same(rows: list[list[str]]) -> ListCodes:
    fast, simple = list_codes(rows), list_codes_simply(rows)
    assert fast.lengths.tolist() == simple.lengths.tolist()
    assert fast.codes.tolist() == simple.codes.tolist()
    assert fast.distinct == simple.distinct
    assert fast.lists() == rows
    return fast


def random_rows(rng: np.random.Generator, alphabet: list[str], rows: int, longest: int) -> list[list[str]]:
    return [[str(tag) for tag in rng.choice(alphabet, size=int(n))] for n in rng.integers(0, longest, size=rows)]


#: What the integer keys must handle themselves; the rest sends a column the simple way.
KEYED = [s for s in HOSTILE if len(s.encode("utf-8", "surrogatepass")) <= MAX_KEY_BYTES and not {"\x00", "\x01"} & set(s)]


def test_equal_to_factorizing_the_objects_on_hostile_strings() -> None:
    rng = np.random.default_rng(7)
    for trial in range(600):
        # Mostly tags with a few hostile strings, as in files; every few trials the whole lot.
        alphabet = HOSTILE if trial % 5 == 0 else HOSTILE[:8] + [str(s) for s in rng.choice(KEYED, size=4)]
        assert_same(random_rows(rng, alphabet, int(rng.integers(0, 12)), 14))


def test_the_integer_keys_serve_every_keyed_string(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparisons above would pass on the simple path alone: here it is not taken."""
    rows = [KEYED, ["O", *KEYED[::-1]], [], KEYED[5:9]]
    expected = list_codes_simply(rows)
    monkeypatch.setattr("leaderboard.listcodes.list_codes_simply", lambda _: pytest.fail("simple path taken"))
    fast = list_codes(rows)
    assert (fast.codes.tolist(), fast.distinct) == (expected.codes.tolist(), expected.distinct)


def test_long_rows_and_many_distinct_strings() -> None:
    rng = np.random.default_rng(8)
    words = [f"B-T{n}" for n in range(3000)] + [f"I-{'ü' * (n % 15)}{n}" for n in range(3000)]
    rows = random_rows(rng, words, 50, 400)
    assert len(assert_same(rows).distinct) > 3000


@pytest.mark.parametrize("rows", [[], [[]], [[], []], [[""]], [[], [""], []], [["O"]], [[""], ["O", ""]]])
def test_empty_rows_and_empty_strings(rows: list[list[str]]) -> None:
    assert_same(rows)


def test_take_reorders_rows_and_leaves_missing_ones_empty() -> None:
    rng = np.random.default_rng(9)
    for _ in range(200):
        rows = random_rows(rng, HOSTILE, int(rng.integers(0, 9)), 8)
        picks = rng.integers(-1, len(rows), size=int(rng.integers(0, 12))) if rows else np.full(3, -1)
        taken = list_codes(rows).take(picks)
        assert taken.lists() == [rows[pick] if pick >= 0 else [] for pick in picks.tolist()]


def test_a_table_makes_its_codes_once(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,tags\na,O B-PER\nb,\nc,\tI-PER  O \n", encoding="utf-8")
    table = read_table(path, list_columns={"tags": None}, list_separators={"tags": None})
    codes = table.list_codes("tags")
    assert table.list_codes("tags") is codes
    assert codes.lists() == table.frame["tags"].tolist() == [["O", "B-PER"], [], ["I-PER", "O"]]
    assert table.list_lengths("tags").tolist() == [2, 0, 2]
