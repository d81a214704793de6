from __future__ import annotations

from pathlib import Path

import pytest

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
