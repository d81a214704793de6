from __future__ import annotations

from pathlib import Path

import pytest

from leaderboard.errors import InputFileError
from leaderboard.yamlfile import MAX_DEPTH, load_yaml, parse_yaml


def test_line_of_points_at_the_key() -> None:
    doc = parse_yaml("a: 1\nb:\n  c: 2\n  d: [x, y]\n", "f.yaml")
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("b", "c")) == 3
    assert doc.line_of(("b", "d", 1)) == 4
    assert doc.line_of(("b", "missing")) == 2  # a missing key: its parent


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: &x [1, 2]\nb: *x\n", "anchors and aliases", 1),
        ("a: 1\na: 2\n", "duplicate key 'a'", 2),
        ("a: [1, 2\n", "invalid YAML", 2),
        ("a: !!python/object:os.system x\n", "invalid YAML", 1),
        ("a: 1\n---\nb: 2\n", "only one YAML document", 2),
        ("a: 1\nsubmitted: 2026-02-30\n", "write a real date", 2),
        ("? [a, b]\n: 1\n", "a key must be a plain name", 1),
        ("a: 1\nb: {? [x]: 2}\n", "a key must be a plain name", 2),
        ("a: 1\n<<: {b: 2}\n", "merge keys ('<<:') are not allowed", 2),
        ("a:\n  b: 1\n  <<: {c: 2}\n", "merge keys", 3),
        ("a:" + " [" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "nested deeper", 1),
    ],
)
def test_hostile_yaml_is_refused_with_a_line(text: str, message: str, line: int) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_yaml(text, "f.yaml")
    assert message in caught.value.message
    assert caught.value.line == line


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = 'a: &a ["lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8)
    )
    with pytest.raises(InputFileError, match="anchors and aliases"):
        parse_yaml(bomb, "f.yaml")


def test_size_limit_and_encoding(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 70_000)
    with pytest.raises(InputFileError, match="the limit is"):
        load_yaml(big, "big.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nname: Müller\n".encode("latin-1"))
    with pytest.raises(InputFileError) as caught:
        load_yaml(latin, "latin.yaml")
    assert caught.value.line == 2 and "UTF-8" in caught.value.message


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path, "bom.yaml").data == {"a": 1}


def test_a_null_key_is_located_on_its_own_line() -> None:
    doc = parse_yaml("a: 1\n~: 3\n", "f.yaml")
    assert doc.line_of((None,)) == 2  # type: ignore[arg-type]  # pydantic's loc for a ~ key
