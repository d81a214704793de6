"""A hostile-input corpus: every case exits 1 with a path:line message and never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from leaderboard.repository import Repository

SUB = "submissions/good-model"
HEADER_BOMB = ",".join(f"c{i}" for i in range(100_000)) + "\n"
ALIAS_BOMB = 'model_name: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
NESTED = "model_name: " + "[" * 500 + "]" * 500 + "\n"

CASES = [
    ("tiny-sentiment.csv", b"id,label\ns1,posi", "tiny-sentiment.csv:", "missing"),  # truncated
    ("tiny-sentiment.csv", b'id,label\ns1,"positive\n', "tiny-sentiment.csv", "malformed CSV"),
    ("tiny-sentiment.csv", b"id\tlabel\ns1\tpositive\n", "tiny-sentiment.csv:1:", "separated by tabs"),
    ("tiny-sentiment.csv", "id,label\ns1,négatif\n".encode("latin-1"), "tiny-sentiment.csv:2:", "not valid UTF-8"),
    ("tiny-sentiment.csv", HEADER_BOMB.encode(), "tiny-sentiment.csv:1:", "header row is longer"),
    ("tiny-sentiment.csv", b"id,label\ns1," + b"x" * 10_000_000 + b"\n", "tiny-sentiment.csv:2:", "characters long"),
    ("metadata.yaml", ALIAS_BOMB.encode(), "metadata.yaml:1:", "anchors and aliases"),
    ("metadata.yaml", NESTED.encode(), "metadata.yaml:1:", "nested deeper"),
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": NaN}\n', "tiny-docqa.jsonl:1:", "invalid JSON"),
    ("tiny-docqa.jsonl", b'{"id": "q1", "answer": 1e999}\n', "tiny-docqa.jsonl:1:", "finite"),
    ("tiny-sentiment.csv", "id,label\ns1\u202e,positive\n".encode(), "tiny-sentiment.csv:2:", "not in the evaluation set"),
    ("tiny-sentiment.csv", b"id,label\n../../etc/passwd,positive\n", "tiny-sentiment.csv:2:", "not in the evaluation set"),
    ("tiny-sentiment.csv", b"id,label\ns1,\x1b[31mred\n", "tiny-sentiment.csv:2:", "unknown label"),
    ("tiny-sentiment.csv", b"", "tiny-sentiment.csv:", "file is empty"),
    ("metadata.yaml", b"", "metadata.yaml:", "YAML mapping"),
    ("metadata.yaml", b"- just\n- a list\n", "metadata.yaml:1:", "YAML mapping"),
    ("metadata.yaml", b"model_name: \x07bell\n", "metadata.yaml:1:", "invalid YAML"),
]


@pytest.mark.parametrize(("name", "content", "where", "message"), CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_hostile_input_gives_a_clean_error(
    fixture_repo: Repository, name: str, content: bytes, where: str, message: str
) -> None:
    (fixture_repo.root / SUB / name).write_bytes(content)
    process = subprocess.run(
        [sys.executable, "-m", "leaderboard", "--root", str(fixture_repo.root), "validate", "--strict"],
        capture_output=True, text=True, check=False,
    )
    output = process.stdout + process.stderr
    assert process.returncode == 1, output
    assert "Traceback" not in output
    matching = [line for line in output.splitlines() if f"{SUB}/{where}" in line and message in line]
    assert matching, output
