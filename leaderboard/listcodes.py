"""Lists of strings as integer codes, exactly and in bulk (issue 17).

A list column (NER tags, one list per row) is checked and scored through the codes of its
strings: equal codes exactly when the strings are equal. ``pd.factorize`` of 40,000 string
objects costs more than reading the file they came from. Here the strings are joined into one
UTF-8 buffer, and each one's bytes, zero-padded to whole 8-byte words, are integer keys that
identify it exactly: UTF-8 is one-to-one, and no string holds a separator byte (they are counted
to be sure), so padding cannot make two strings alike. pandas then factorizes integers, and the
distinct strings are decoded back from their keys. What the fast path cannot prove exact (a
separator inside a string, a string longer than ``MAX_KEY_BYTES``) is factorized as objects,
which is also the definition :func:`list_codes_simply` states; the tests hold the two equal on
hostile strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence, Sized
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Strings of up to this many UTF-8 bytes are keyed by integers; a longer one sends its whole
#: column the simple way (tags are short; a long one is a mistake that validation reports).
MAX_KEY_BYTES = 32
_ROW_BREAK, _STRING_BREAK = "\x01", "\x00"
#: Per count of bytes (0 to 8): the mask that keeps that many low bytes of a little-endian word.
_BYTE_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)


@dataclass(frozen=True)
class ListCodes:
    """Rows of strings as codes: row ``r`` is ``distinct[c]`` for the ``lengths[r]`` codes from
    ``starts[r]`` on."""

    lengths: np.ndarray  # per row: its number of strings
    codes: np.ndarray  # per string, row after row: index into ``distinct``
    distinct: list[str]  # what the codes stand for, each string once

    @property
    def starts(self) -> np.ndarray:
        """Per row: the index of its first code."""
        starts: np.ndarray = np.cumsum(self.lengths) - self.lengths
        return starts

    def lists(self) -> list[list[str]]:
        """The rows as lists of strings again."""
        flat = [self.distinct[code] for code in self.codes.tolist()]
        return [flat[start:start + length] for start, length in zip(self.starts.tolist(), self.lengths.tolist(),
                                                                    strict=True)]

    def take(self, rows: np.ndarray) -> ListCodes:
        """These rows in this order, ``-1`` standing for a row with no strings (an item without a
        prediction). The codes keep their meaning: ``distinct`` is kept whole."""
        present = rows >= 0
        lengths = np.zeros(len(rows), dtype=np.int64)
        lengths[present] = self.lengths[rows[present]]
        old_starts = np.zeros(len(rows), dtype=np.int64)
        old_starts[present] = self.starts[rows[present]]
        new_starts = np.cumsum(lengths) - lengths
        index = np.repeat(old_starts - new_starts, lengths) + np.arange(int(lengths.sum()))
        return ListCodes(lengths, self.codes[index], self.distinct)


def list_codes(rows: Sequence[list[str]]) -> ListCodes:
    """:func:`list_codes_simply`, with the strings keyed by their bytes (see the module docstring);
    the distinct strings come in order of first appearance."""
    lengths = lengths_of(rows)
    if not lengths.any():
        return list_codes_simply(rows)
    data = np.frombuffer(
        _ROW_BREAK.join(map(_STRING_BREAK.join, rows)).encode("utf-8", "surrogatepass"), dtype=np.uint8
    )
    breaks = np.flatnonzero(data <= 1)
    pieces = np.maximum(lengths, 1)  # an empty row leaves one empty piece between its breaks
    if len(breaks) != int(pieces.sum()) - 1:  # a string holds a separator byte
        return list_codes_simply(rows)
    starts = np.concatenate(([0], breaks + 1))
    sizes = np.concatenate((breaks, [len(data)])) - starts
    if not lengths.all():
        kept = np.repeat(lengths > 0, pieces)
        starts, sizes = starts[kept], sizes[kept]
    longest = int(sizes.max())
    if longest > MAX_KEY_BYTES:
        return list_codes_simply(rows)
    codes, distinct = _factorize_byte_strings(data, starts, sizes, words=max(1, -(-longest // 8)))
    return ListCodes(lengths, codes, distinct)


def list_codes_simply(rows: Sequence[list[str]]) -> ListCodes:
    """The definition: ``pd.factorize`` of every string of every row, as objects, in order."""
    flat = pd.Series(list(itertools.chain.from_iterable(rows)), dtype=object)
    codes, distinct = pd.factorize(flat, sort=False)
    return ListCodes(lengths_of(rows), np.asarray(codes, dtype=np.int64), [str(value) for value in distinct])


def lengths_of(sequences: Sequence[Sized]) -> np.ndarray:
    """Per item: its length, as an int64 array."""
    return np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))


def _factorize_byte_strings(
    data: np.ndarray, starts: np.ndarray, sizes: np.ndarray, words: int
) -> tuple[np.ndarray, list[str]]:
    """Codes of the strings ``data[start:start + size]`` (UTF-8, none longer than ``words`` words,
    none holding a NUL), in order of first appearance, and those strings decoded."""
    padded = np.zeros(len(data) + 8 * words, dtype=np.uint8)
    padded[: len(data)] = data
    # The 8 bytes from every offset as one little-endian word: an unaligned view, read at the starts.
    windows = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))

    def key(word: int) -> np.ndarray:
        """Per string: its bytes ``8 * word`` to ``8 * word + 7``, zero past its end."""
        left = np.minimum(sizes, 8) if word == 0 else np.clip(sizes - 8 * word, 0, 8)
        word_key: np.ndarray = windows[starts + 8 * word] & _BYTE_MASKS[left]
        return word_key

    codes, first_keys = pd.factorize(key(0))
    keys = first_keys[:, None]  # per distinct string: its words so far
    for word in range(1, words):  # a string so far and its next word: one pair, one new code
        word_codes, word_keys = pd.factorize(key(word))
        codes, pairs = pd.factorize(codes * len(word_keys) + word_codes)
        keys = np.column_stack([keys[pairs // len(word_keys)], word_keys[pairs % len(word_keys)]])
    width = 8 * words
    packed = keys.astype("<u8", copy=False).tobytes()
    distinct = [packed[start:start + width].rstrip(b"\x00").decode("utf-8", "surrogatepass")
                for start in range(0, len(packed), width)]
    return np.asarray(codes, dtype=np.int64), distinct
