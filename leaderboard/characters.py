"""Characters in contributor text: what may be stored, and how any text is shown safely.

Two rules, each in one place (issue 13):

- :func:`hidden_character` is the single rule for text that is *stored* (metadata fields, URLs,
  prediction ids, benchmark files). It refuses what a reader cannot see by Unicode general
  category, not by a hand-written list: control characters (Cc, except a line break or tab in
  long text), format characters (Cf: bidirectional controls, soft hyphen, U+2063, tag
  characters, ...), surrogates (Cs) and the line/paragraph separators (Zl, Zp). The two joiners
  ZWJ/ZWNJ are format characters that writing needs: they are allowed inside an emoji ZWJ
  sequence (``👩‍💻``), after a virama (Indic scripts) and between letters of a joining script
  (Arabic-script Persian, Syriac, ...), as Unicode's own contexts for them (RFC 5892, A.1/A.2)
  describe. Bidirectional controls are always refused (Trojan Source, CVE-2021-42574).
- :func:`printable` is for text that is *shown* (every message, in every output format and on the
  problems page): anything that is not visibly printable is written as an escape like
  ``\\u001b``, so an ESC sequence from a file never reaches a terminal or a log, and a lone
  surrogate never makes ``print`` or a UTF-8 writer fail.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

import regex

ZWNJ, ZWJ = "\u200c", "\u200d"
#: Categories never stored: control, format, surrogate, line and paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_VIRAMA = 9  # canonical combining class of a virama (RFC 5892, A.1 and A.2)
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")
#: What may sit between a pictograph and a ZWJ: variation selector 16, skin-tone modifiers.
_EMOJI_TAIL = regex.compile(r"[\uFE0F\p{Emoji_Modifier}]")
#: Scripts whose letters join, where ZWNJ/ZWJ between two letters changes the shaping.
_JOINING_LETTER = regex.compile(
    r"[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}"
    r"\p{Script=Mandaic}\p{Script=Manichaean}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]"
)


def is_bidi_control(char: str) -> bool:
    """An explicit bidirectional formatting character (embedding, override, isolate, mark)."""
    return unicodedata.bidirectional(char) in {
        "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"
    } or char in "\u200e\u200f\u061c"


def _joiner_allowed(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if before and unicodedata.combining(before) == _VIRAMA:
        return True
    if text[index] == ZWJ:
        start = index - 1
        while start >= 0 and _EMOJI_TAIL.match(text[start]):
            start -= 1
        if start >= 0 and _PICTOGRAPHIC.match(text[start]) and after and _PICTOGRAPHIC.match(after):
            return True
    return bool(before and after and _JOINING_LETTER.match(before) and _JOINING_LETTER.match(after))


def hidden_character(text: str, *, allow_newlines: bool = False) -> str | None:
    """Why ``text`` may not be stored (its first hidden character, in words), or None if it may."""
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category not in _REFUSED_CATEGORIES:
            continue
        if allow_newlines and char in "\n\t":
            continue
        if char in (ZWJ, ZWNJ) and _joiner_allowed(text, index):
            continue
        code = f"U+{ord(char):04X}"
        if is_bidi_control(char):
            return f"contains the bidirectional control character {code}; remove it"
        if category == "Cc":
            return f"contains the control character {code}; remove it"
        if category == "Cs":
            return f"contains a lone surrogate {code} (broken UTF-16); remove it"
        if category in ("Zl", "Zp"):
            return f"contains the line separator {code}; use a plain line break or a space"
        return f"contains the invisible formatting character {code}; remove it"
    return None


def hidden_in(values: Iterable[object], *, allow_newlines: bool = False) -> Iterator[tuple[int, str]]:
    """``(position, reason)`` of every string value that :func:`hidden_character` refuses."""
    for position, value in enumerate(values):
        if isinstance(value, str) and not value.isprintable():  # printable text needs no closer look
            reason = hidden_character(value, allow_newlines=allow_newlines)
            if reason:
                yield position, reason


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(value: object, *, keep_newlines: bool = False) -> str:
    """``str(value)`` with every character that is not visibly printable written as an escape.

    Kept: letters, marks, numbers, punctuation, symbols and the space, and the joiners where
    :func:`hidden_character` allows them (so an emoji ZWJ sequence shows as itself). Line breaks
    and tabs are escaped too unless ``keep_newlines``: a message is one line, and a line break
    from a file must not forge a second message in a log.
    """
    text = str(value)
    if text.isprintable():  # the common case: nothing to do
        return text
    out = []
    for index, char in enumerate(text):
        kept = char.isprintable() or (keep_newlines and char in "\n\t")
        if not kept and char in (ZWJ, ZWNJ):
            kept = _joiner_allowed(text, index)
        out.append(char if kept else _escape(char))
    return "".join(out)
