from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leaderboard import tables
from leaderboard.errors import InputFileError
from leaderboard.tables import MAX_COLUMNS, MAX_FIELD_CHARS, read_table


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_every_value_stays_a_string(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "p.csv", "id,label\n1,None\n2,NA\n3,null\n4,0012\n5,nan\n"))
    assert list(table.frame["id"]) == ["1", "2", "3", "4", "5"]
    assert list(table.frame["label"]) == ["None", "NA", "null", "0012", "nan"]


def test_bom_and_lines(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "p.csv", "\ufeffid,label\na,x\n\nb,y\n"))
    assert table.columns == ["id", "label"]
    assert list(table.frame["id"]) == ["a", "b"]
    assert [table.line_of(0), table.line_of(1)] == [2, 4]


def test_lines_with_quoted_newlines(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "p.csv", 'id,answer\na,"two\nlines"\nb,one\n'))
    assert list(table.frame["answer"]) == ["two\nlines", "one"]
    assert [table.line_of(0), table.line_of(1)] == [2, 4]


def test_list_columns(tmp_path: Path) -> None:
    csv = read_table(write(tmp_path, "p.csv", "id,tags,sources\na,B-X  O,d1; d2\n"),
                     list_columns={"tags": None, "sources": ";"}, list_separators={"tags": None, "sources": ";"})
    assert csv.frame["tags"].iloc[0] == ["B-X", "O"]
    assert csv.frame["sources"].iloc[0] == ["d1", "d2"]
    jsonl = read_table(write(tmp_path, "p.jsonl", '{"id": "a", "tags": ["B-X", "O"]}\n{"id": "b"}\n'),
                       list_columns={"tags": None})
    assert jsonl.frame["tags"].tolist() == [["B-X", "O"], []]
    assert [jsonl.line_of(0), jsonl.line_of(1)] == [1, 2]


@pytest.mark.parametrize(
    ("name", "content", "message", "line"),
    [
        ("p.csv", b"", "file is empty", None),
        ("p.csv", "id,label\nä,é\n".encode("latin-1"), "not valid UTF-8", 2),
        ("p.csv", b"id,label\na,b\x00c\n", "NUL byte", 2),
        ("p.csv", "id,label\na,b\nc,d,e\n", "malformed CSV", 3),
        ("p.csv", 'id,label\na,"unterminated\n', "a quoted field is never closed", 2),
        ("p.csv", 'id,label\na,b\nc,"multi\nline"\nd,"open\n', "a quoted field is never closed", 5),
        ("p.csv", ",".join(f"c{i}" for i in range(100_000)) + "\n", "header row is longer", 1),
        ("p.csv", ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n", "columns; at most", 1),
        ("p.csv", "id,id\na,b\n", "duplicate column", 1),
        ("p.csv", "id,label\na,x,extra\nb,y\n", "3 fields, but the header has 2", 2),
        ("p.csv", "id,label\ra,b\r", "CR only", 1),
        ("p.csv", "id,label\na," + "x" * 10_000_000 + "\n", "characters long", 2),
        ("p.jsonl", '{"id": "a"}\n{"id": \n', "invalid JSON", 2),
        ("p.jsonl", '{"id": "a", "label": NaN}\n', "invalid JSON", 1),
        ("p.jsonl", '{"id": "a", "label": Infinity}\n', "invalid JSON", 1),
        ("p.jsonl", '["a", "b"]\n', "JSON object", 1),
        ("p.jsonl", '{"id": null}\n', "must be a string", 1),
        ("p.jsonl", '{"id": "a", "label": {"x": 1}}\n', "must be a string", 1),
        ("p.jsonl", "[" * 50_000 + "\n", "invalid JSON", 1),
        ("p.jsonl", "[" * 100_000 + "\n", "characters long", 1),
        ("p.jsonl", "\n\n", "no JSON objects", None),
        ("p.tsv", "id\tlabel\n", "unsupported file type", None),
    ],
)
def test_malformed_files_raise_input_file_error(
    tmp_path: Path, name: str, content: str | bytes, message: str, line: int | None
) -> None:
    with pytest.raises(InputFileError) as caught:
        read_table(write(tmp_path, name, content))
    assert message in caught.value.message
    assert caught.value.line == line


def test_row_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "id,label\n" + "".join(f"{i},x\n" for i in range(20)))
    with pytest.raises(InputFileError, match="more than 10 rows"):
        read_table(path, max_rows=10)


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "id,label\n" + "a,b\n" * 100)
    with pytest.raises(InputFileError, match="the limit is 100 bytes"):
        read_table(path, max_bytes=100)


def test_field_limit_constant_is_generous_for_answers() -> None:
    assert MAX_FIELD_CHARS >= 10_000


def test_a_long_field_over_several_lines_is_refused(tmp_path: Path) -> None:
    """The field limit holds for a quoted field whose every line is short (no line is long)."""
    answer = ("x" * 99 + "\n") * (MAX_FIELD_CHARS // 100 + 1)
    path = write(tmp_path, "p.csv", f'id,answer\na,short\nb,"{answer}"\n')
    with pytest.raises(InputFileError) as caught:
        read_table(path)
    assert "field 'answer' is" in caught.value.message and caught.value.line == 3


# -- the fast scans of the CSV reader against their plain definitions (issue 17) --------------

SCAN_PIECES = ["a", "b,c", "\n", "\n", "\r\n", "\r", '"', " ", "é", "\u2028", "\ufeff"]


def test_blank_line_scan_equals_searching_the_text() -> None:
    rng = np.random.default_rng(3)
    for _ in range(2000):
        text = "".join(rng.choice(SCAN_PIECES, size=int(rng.integers(0, 12))))
        data = text.encode("utf-8")
        raw = np.frombuffer(data, dtype=np.uint8)
        found = tables._has_blank_line(raw, raw == ord("\n"), "\r" in text)
        assert found == ("\n\n" in text or "\n\r\n" in text), repr(text)


def test_long_line_scan_never_misses_a_long_line() -> None:
    rng = np.random.default_rng(4)
    block = tables._LINE_BLOCK
    for _ in range(300):
        lengths = rng.integers(0, 3 * block, size=int(rng.integers(1, 6)))
        text = "\n".join("x" * int(n) for n in lengths) + ("\n" if rng.random() < 0.5 else "")
        longest = max(len(line) for line in text.split("\n"))
        if longest > MAX_FIELD_CHARS:
            assert tables._may_have_a_long_line(text)
        if longest < block:  # every block of the text then holds a line break
            assert not tables._may_have_a_long_line(text)


def test_csv_read_from_bytes_equals_pandas_on_the_text(tmp_path: Path) -> None:
    """pandas parses the file's bytes; the values are those it reads from the decoded text."""
    rng = np.random.default_rng(5)
    cells = ["plain", "", " spaced ", "tab\there", "ünïcödé", "中文", "\u2028", '"quoted, comma"',
             '"two\nlines"', '"a ""quote"""', "NA", "None"]
    for trial in range(40):
        rows = ["\ufeffid,answer" if trial % 3 == 0 else "id,answer"]
        rows += [f"i{n},{rng.choice(cells)}" for n in range(int(rng.integers(1, 8)))]
        text = ("\r\n" if trial % 2 else "\n").join(rows) + "\n"
        table = read_table(write(tmp_path, "p.csv", text))
        expected = pd.read_csv(io.StringIO(text.removeprefix("\ufeff")), dtype=str, keep_default_na=False)
        assert table.frame["answer"].tolist() == expected["answer"].tolist()
