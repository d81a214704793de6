"""Reading evaluation sets, gold and predictions (CSV or JSONL) into string-typed DataFrames.

Every value is read as text and nothing is converted to NA: a label ``None`` or ``NA`` is a label,
not a missing value. Files are UTF-8 with or without a BOM; other encodings get an error naming the
line of the first bad byte. Size, row, column and field-length limits bound memory before pandas
sees the data. Each row keeps the 1-based line it started on so that problems can point at it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import warnings
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leaderboard.errors import InputFileError
from leaderboard.listcodes import ListCodes, lengths_of, list_codes
from leaderboard.yamlfile import decode_utf8

TABLE_SUFFIXES = (".csv", ".jsonl")
MAX_TABLE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 32
MAX_FIELD_CHARS = 20_000
MAX_HEADER_CHARS = 4_096
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Table:
    """A file's rows: ``frame`` holds str cells (or lists of str in list columns).

    A table's frame is not changed once it is read: what is derived from a list column is kept,
    so that validation and scoring of a file share it (issue 17).
    """

    path: str
    frame: pd.DataFrame
    lines: np.ndarray
    _codes: dict[str, ListCodes] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lengths: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def __len__(self) -> int:
        return len(self.frame)

    def line_of(self, row: int) -> int:
        return int(self.lines[row])

    def list_codes(self, column: str) -> ListCodes:
        """A list column's strings as integer codes (:mod:`leaderboard.listcodes`), made once."""
        if column not in self._codes:
            self._codes[column] = list_codes(self.frame[column].tolist())
        return self._codes[column]

    def list_lengths(self, column: str) -> np.ndarray:
        """Per row: the length of a list column's list, counted once."""
        if column not in self._lengths:
            self._lengths[column] = lengths_of(self.frame[column].tolist())
        return self._lengths[column]


def read_table(
    path: Path,
    display: str | None = None,
    *,
    list_columns: Collection[str] = (),
    list_separators: Mapping[str, str | None] | None = None,
    max_bytes: int = MAX_TABLE_BYTES,
    max_rows: int = MAX_ROWS,
    known_columns: Collection[str] | None = None,
) -> Table:
    """Read ``path`` (``.csv`` or ``.jsonl``) into a :class:`Table`.

    ``list_columns`` hold lists of strings: a JSON array in JSONL, and in CSV a string split on
    ``list_separators[column]`` (None: any whitespace). With ``known_columns``, a JSONL field
    outside them may hold any JSON value (kept as its JSON text): it is ignored later, and must
    not hide the real problem (issue 13: spans in ``entities`` instead of ``tags``).
    """
    display = display or path.as_posix()
    if path.suffix not in TABLE_SUFFIXES:
        raise InputFileError(display, f"unsupported file type '{path.suffix}'; use .csv or .jsonl")
    data = _read_bytes(path, display, max_bytes)
    text = _decode(data, display)
    if path.suffix == ".csv":
        table = _read_csv(data, text, display, max_rows)
        separators = list_separators or {}
        for column in list_columns:
            if column in table.frame.columns:
                table.frame[column] = _split_column(table.frame[column], separators.get(column))
        return table
    return _read_jsonl(text, display, max_rows, set(list_columns), list_separators or {},
                       None if known_columns is None else set(known_columns))


def _read_bytes(path: Path, display: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputFileError(display, f"cannot read file: {exc.strerror}") from exc
    if size > max_bytes:
        raise InputFileError(display, f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if size == 0:
        raise InputFileError(display, "file is empty; it needs a header row and one row per item")
    return path.read_bytes()


def _decode(data: bytes, display: str) -> str:
    text = decode_utf8(data, display)
    nul = text.find("\x00")
    if nul >= 0:
        raise InputFileError(
            display, "file contains a NUL byte; it must be plain text", text.count("\n", 0, nul) + 1
        )
    return text


def _split_column(values: pd.Series, separator: str | None) -> pd.Series:
    """Every cell split into its list; a comprehension, not ``Series.map``, which costs 2 x more
    (issue 17). A Series, not a bare list, so that pandas never reads equal-length lists as 2-D."""
    if separator is None:
        return pd.Series([cell.split() for cell in values.tolist()], index=values.index, dtype=object)
    return pd.Series([split_list(cell, separator) for cell in values.tolist()], index=values.index, dtype=object)


def split_list(value: str, separator: str | None) -> list[str]:
    """``"a; b"`` -> ``["a", "b"]`` (None: split on whitespace); empty parts are dropped."""
    if separator is None:
        return value.split()
    return [part.strip() for part in value.split(separator) if part.strip()]


# -- CSV ---------------------------------------------------------------------------------------

_PANDAS_LINE = re.compile(r"line (\d+)")


def _read_csv(data: bytes, text: str, display: str, max_rows: int) -> Table:
    """``text`` is ``data`` decoded (checked UTF-8, without the BOM). pandas parses the bytes: from
    a StringIO it re-encodes the text chunk by chunk, a third slower (issue 17)."""
    header = _check_header(text, display)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(data[len(UTF8_BOM):] if data.startswith(UTF8_BOM) else data),
                encoding="utf-8",
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                index_col=False,
                on_bad_lines="error",
                nrows=max_rows + 1,
            )
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            raise InputFileError(display, *_field_count_problem(text, len(header)))
    except pd.errors.ParserError as exc:
        match = _PANDAS_LINE.search(str(exc))
        line = int(match.group(1)) if match else None
        detail = str(exc).split(". ", 1)[-1].strip().rstrip(".")
        if "EOF inside string" in detail:  # the quote opened on the record that ran to the end
            raise InputFileError(
                display, 'a quoted field is never closed: add the closing quote ("), and double a '
                'quote inside a field ("")', _last_record_line(text),
            ) from exc
        raise InputFileError(
            display,
            f"malformed CSV ({detail}); a field with a comma, quote or line break must be "
            'quoted, and a quote inside it doubled ("")',
            line,
        ) from exc
    except (pd.errors.EmptyDataError, ValueError) as exc:
        raise InputFileError(display, f"cannot read CSV: {exc}") from exc
    if len(frame) > max_rows:
        raise InputFileError(display, f"more than {max_rows:,} rows")
    frame.columns = header
    # Scans of the bytes in numpy: str's own search for "\n\n" alone cost a tenth of the read.
    raw = np.frombuffer(data, dtype=np.uint8)
    line_feeds = raw == _LF
    one_line_each = _one_line_per_record(data, line_feeds, len(frame))
    has_cr = "\r" in text
    lines = _csv_lines(text, len(frame), one_line_each and not has_cr)
    if _has_blank_line(raw, line_feeds, has_cr):  # only then can a row be blank
        blank = np.ones(len(frame), dtype=bool)
        for column in frame.columns:
            blank &= frame[column].to_numpy() == ""
        if blank.any():
            frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    if not one_line_each or _may_have_a_long_line(text):  # else no field is longer than its line
        _check_field_lengths(frame, lines, display)
    return Table(display, frame, lines)


def _last_record_line(text: str) -> int:
    """Line on which the last CSV record starts (for an unclosed quote: where it opened)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = start = 1
    for _row in reader:
        start = line
        line = reader.line_num + 1
    return start


def _field_count_problem(text: str, expected: int) -> tuple[str, int | None]:
    """The first record whose field count differs from the header's, as (message, line)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    line = reader.line_num + 1
    for row in reader:
        if row and len(row) != expected:
            return (f"{len(row)} fields, but the header has {expected}; quote a field that contains a comma, "
                    "and remove trailing commas", line)
        line = reader.line_num + 1
    return (f"a row does not have the header's {expected} fields", None)


def _check_header(text: str, display: str) -> list[str]:
    if "\r" in text and "\n" not in text:
        raise InputFileError(
            display, "lines end with CR only (old Mac style); save the file with LF or CRLF line endings", 1
        )
    end = text.find("\n")
    first_line = (text if end < 0 else text[:end]).rstrip("\r")
    if len(first_line) > MAX_HEADER_CHARS:
        raise InputFileError(
            display, f"header row is longer than {MAX_HEADER_CHARS:,} characters", 1
        )
    header = next(csv.reader([first_line]), [])
    header = [name.strip() for name in header]
    if not header or all(not name for name in header):
        raise InputFileError(display, "the first row must be a header such as 'id,label'", 1)
    if len(header) > MAX_COLUMNS:
        raise InputFileError(display, f"header has {len(header):,} columns; at most {MAX_COLUMNS}", 1)
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise InputFileError(display, f"duplicate column(s) in header: {', '.join(duplicates)}", 1)
    return header


_LF, _CR = ord("\n"), ord("\r")


def _one_line_per_record(data: bytes, line_feeds: np.ndarray, records: int) -> bool:
    """Whether every record (blank lines kept as rows) sits on its own line: exactly when the file
    has one line per record plus the header, since a record spans at least one line."""
    return int(np.count_nonzero(line_feeds)) + (0 if data.endswith(b"\n") else 1) == records + 1


def _has_blank_line(raw: np.ndarray, line_feeds: np.ndarray, has_cr: bool) -> bool:
    """``"\n\n" in text or "\n\r\n" in text``, over the bytes (the same: neither character is part
    of another one in UTF-8); ``has_cr``: the text holds a CR."""
    if (line_feeds[1:] & line_feeds[:-1]).any():
        return True
    return has_cr and bool((line_feeds[2:] & (raw[1:-1] == _CR) & line_feeds[:-2]).any())


def _csv_lines(text: str, records: int, one_line_each: bool) -> np.ndarray:
    """Line on which each record starts: row + 2 when ``one_line_each`` record sits on its own line
    with LF line ends; only otherwise do we pay for a second, line-counting parse."""
    if one_line_each:
        return np.arange(2, records + 2)
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    starts, line = [], reader.line_num + 1
    for _row in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[:records], dtype=int)


_LINE_BLOCK = MAX_FIELD_CHARS // 2


def _may_have_a_long_line(text: str) -> bool:
    """False only if no line is longer than ``MAX_FIELD_CHARS`` characters, at the cost of one
    ``find`` per block of ``MAX_FIELD_CHARS // 2`` characters (issue 17: measuring every line cost
    a tenth of a pandas read).

    A run of ``2 * block - 1`` characters without a line break covers a whole block, so when every
    whole block holds a line break no line is longer than ``2 * block - 2 < MAX_FIELD_CHARS``.
    """
    return any(text.find("\n", start, start + _LINE_BLOCK) < 0
               for start in range(0, len(text) - _LINE_BLOCK + 1, _LINE_BLOCK))


def _check_field_lengths(frame: pd.DataFrame, lines: np.ndarray, display: str) -> None:
    for column in frame.columns:
        lengths = np.fromiter(map(len, frame[column].to_numpy()), dtype=np.int64, count=len(frame))
        if len(lengths) and lengths.max() > MAX_FIELD_CHARS:
            row = int(lengths.argmax())
            raise InputFileError(
                display,
                f"field '{column}' is {int(lengths[row]):,} characters long; "
                f"the limit is {MAX_FIELD_CHARS:,}",
                int(lines[row]),
            )


# -- JSONL -------------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON; write a string or a number")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` refusing duplicate keys (json keeps the last, YAML refuses them)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'; each field may appear once per object")
        result[key] = value
    return result


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _surrogate_problem(value: Any) -> str | None:
    """A lone surrogate (``"\\ud800"``) is valid JSON but no text: it cannot be written as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"contains a lone surrogate U+{ord(value[exc.start]):04X} (broken UTF-16); remove it"
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _surrogate_problem(key) if isinstance(key, str) else None
        found = found or _surrogate_problem(item)
        if found:
            return found
    return None


def _read_jsonl(
    text: str, display: str, max_rows: int, list_columns: set[str], separators: Mapping[str, str | None],
    known_columns: set[str] | None = None,
) -> Table:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        if len(records) >= max_rows:
            raise InputFileError(display, f"more than {max_rows:,} rows", number)
        if len(raw) > MAX_FIELD_CHARS * 4:
            raise InputFileError(
                display, f"line is {len(raw):,} characters long; the limit is {MAX_FIELD_CHARS * 4:,}",
                number,
            )
        try:
            record = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=unique_keys)
        except (json.JSONDecodeError, ValueError, RecursionError) as exc:
            raise InputFileError(display, f"invalid JSON: {exc}", number) from exc
        if _SURROGATE_ESCAPE.search(raw):
            surrogate = _surrogate_problem(record)
            if surrogate:
                raise InputFileError(display, f"a value {surrogate}", number)
        if not isinstance(record, dict):
            raise InputFileError(display, "each line must be a JSON object such as {\"id\": ...}", number)
        if len(record) > MAX_COLUMNS:
            raise InputFileError(display, f"object has {len(record)} fields; at most {MAX_COLUMNS}", number)
        records.append({
            k: json.dumps(v, ensure_ascii=False)[:MAX_FIELD_CHARS]
            if known_columns is not None and k not in known_columns and not isinstance(v, str)
            else _cell(k, v, k in list_columns, separators.get(k), display, number)
            for k, v in record.items()
        })
        lines.append(number)
    if not records:
        raise InputFileError(display, "file has no JSON objects; write one object per line")
    frame = pd.DataFrame.from_records(records).astype(object)
    frame = frame.where(frame.notna(), "")  # a key missing from a line reads as empty
    for column in list_columns & set(frame.columns):
        frame[column] = frame[column].map(lambda value: value if isinstance(value, list) else [])
    return Table(display, frame, np.asarray(lines, dtype=int))


def _cell(key: str, value: Any, is_list: bool, separator: str | None, display: str, line: int) -> Any:
    if is_list:
        if isinstance(value, str):
            return split_list(value, separator)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputFileError(display, f"'{key}' must be a list of strings", line)
        return value
    if isinstance(value, str):
        if len(value) > MAX_FIELD_CHARS:
            raise InputFileError(
                display, f"field '{key}' is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}",
                line,
            )
        return value
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise InputFileError(display, f"'{key}' must be a string, not {json.dumps(value)[:40]}", line)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputFileError(display, f"'{key}' must be a finite value", line)
    return str(value)
