"""The one rule for hidden characters and the one way of showing any text (issue 13)."""

from __future__ import annotations

import pytest

from leaderboard.characters import hidden_character, printable
from leaderboard.problems import Problem, format_json, format_text

ALLOWED = [
    "Acme 7B", "Müller & Söhne", "日本語モデル", "👩\u200d💻 coder", "👨\u200d👩\u200d👧", "👍🏽\u200d🔥",
    "❤\ufe0f", "क्\u200dष", "می\u200cخواهم", "Ελληνικά", "emoji 🏳️\u200d🌈",
]
REFUSED = [
    ("x\u061cy", "bidirectional"), ("x\u2063y", "U+2063"), ("tag\U000e0041", "U+E0041"),
    ("a\u2028b", "line separator"), ("a\u2029b", "line separator"), ("soft\u00adhyphen", "U+00AD"),
    ("x\u202ey", "bidirectional"), ("x\u2066y", "bidirectional"), ("x\u200ey", "bidirectional"),
    ("a\u200db", "U+200D"), ("a\u200cb", "U+200C"), ("\u200d👩", "U+200D"), ("👩\u200d", "U+200D"),
    ("x\u200by", "U+200B"), ("x\ufeffy", "U+FEFF"), ("x\u2060y", "U+2060"), ("\ud800", "surrogate"),
    ("bell\x07", "control"), ("esc\x1b[2J", "control"), ("del\x7f", "control"), ("c1\x85", "control"),
    ("line\nbreak", "control"), ("tab\t", "control"), ("x\U0001d173y", "U+1D173"),
]


@pytest.mark.parametrize("text", ALLOWED)
def test_visible_text_in_any_script_is_allowed(text: str) -> None:
    assert hidden_character(text) is None
    assert printable(text) == text


@pytest.mark.parametrize(("text", "reason"), REFUSED, ids=[repr(t) for t, _ in REFUSED])
def test_hidden_characters_are_refused_by_category(text: str, reason: str) -> None:
    found = hidden_character(text)
    assert found is not None and reason in found
    assert printable(text).isprintable()


def test_long_text_may_hold_line_breaks_and_tabs_but_not_other_controls() -> None:
    assert hidden_character("one\n\ttwo", allow_newlines=True) is None
    assert hidden_character("one\r\ntwo", allow_newlines=True) is not None
    assert hidden_character("a\u2028b", allow_newlines=True) is not None


def test_printable_escapes_visibly() -> None:
    assert printable("a\x1b[31mb") == "a\\u001b[31mb"
    assert printable("\ud800") == "\\ud800"
    assert printable("tag\U000e0041") == "tag\\U000e0041"
    assert printable("two\nlines") == "two\\u000alines"
    assert printable("two\nlines", keep_newlines=True) == "two\nlines"


def test_every_output_format_gets_printable_problems() -> None:
    problem = Problem("sub/f\udce9.csv", 2, "unknown label '\x1b[2J\ud800'")
    for text in (problem.format(), format_text([problem]), format_json([problem])):
        text.encode("utf-8")  # a lone surrogate would raise here
        assert "\x1b" not in text
    assert problem.path == "sub/f\\udce9.csv"
