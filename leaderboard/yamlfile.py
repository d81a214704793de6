"""Safe, bounded YAML loading that remembers where every value came from.

Contributor YAML is hostile data. PyYAML's safe loader already refuses arbitrary tags; on top of
that we bound the file size, refuse anchors and aliases (an alias bomb expands exponentially once
validated, and no metadata needs them), bound the nesting depth and node count, and refuse
duplicate keys (PyYAML silently keeps the last one, so a reviewer could read another value than
the one we score). Keys must be plain scalars (a complex key such as ``? [a, b]`` cannot be a
field name, and made PyYAML's ``dict`` raise ``TypeError``), and merge keys (``<<:``) are refused
because they give one field two visible values. The composed node tree is kept so that validation
errors point at the line of the offending key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from leaderboard.errors import InputFileError

MAX_YAML_BYTES = 64 * 1024
#: libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure-Python one.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 12
MAX_EVENTS = 20_000


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus the node tree for mapping a pydantic ``loc`` to a line."""

    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node on ``loc`` that exists (a missing key: its parent)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if _key_matches(k, part)), None)
                if pair is None:
                    return line
                key, found = pair
                line, node = key.start_mark.line + 1, found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def _key_matches(key: yaml.Node, part: str | int) -> bool:
    """A pydantic ``loc`` part names this key: by its text, or by its value (``~`` is None)."""
    if key.value == str(part):
        return True
    if isinstance(key, yaml.ScalarNode) and key.tag.endswith((":null", ":bool", ":int", ":float")):
        return str(_scalar(key)) == str(part)
    return False


def _scalar(node: yaml.ScalarNode) -> Any:
    return yaml.SafeLoader("").construct_object(node)


def read_text_file(path: Path, display: str, max_bytes: int) -> str:
    """Read a small UTF-8 text file (BOM allowed), or raise a clear InputFileError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputFileError(display, f"file is {size:,} bytes; the limit is {max_bytes:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(display, f"cannot read file: {exc.strerror}") from exc
    return decode_utf8(data, display)


def decode_utf8(data: bytes, display: str) -> str:
    """Decode UTF-8 with or without BOM; other encodings get the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (data and data[:4096].count(0) * 4 >= len(data[:4096])):
        raise InputFileError(display, "the file is UTF-16 (a byte order mark or every other byte NUL); "
                             "save it as UTF-8", 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            display,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            line,
        ) from exc


def load_yaml(path: Path, display: str, max_bytes: int = MAX_YAML_BYTES) -> YamlDocument:
    """Load one YAML document safely; every failure is an InputFileError with a line."""
    text = read_text_file(path, display, max_bytes)
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> YamlDocument:
    try:
        _check_events(text, display)
        root = yaml.compose(text, Loader=_LOADER)
        if root is not None:
            _check_nodes(root, display)
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (libyaml or pure Python)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        raise InputFileError(display, f"invalid YAML: {problem}", line) from exc
    except ValueError as exc:  # PyYAML's date constructor: e.g. 2026-02-30
        raise InputFileError(display, f"invalid value: {exc}; write a real date as YYYY-MM-DD") from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else int(exc.character)
        raise InputFileError(display, f"invalid YAML: character U+{code:04X} is not allowed", line) from exc
    except yaml.YAMLError as exc:
        raise InputFileError(display, f"invalid YAML: {exc}") from exc
    return YamlDocument(data, root)


def _check_events(text: str, display: str) -> None:
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=_LOADER)):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if count > MAX_EVENTS:
            raise InputFileError(display, f"YAML has more than {MAX_EVENTS:,} nodes", line)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputFileError(
                display, "YAML anchors and aliases (&name, *name) are not allowed; write values out",
                line,
            )
        if isinstance(event, yaml.DocumentStartEvent) and count > 1:
            raise InputFileError(display, "only one YAML document is allowed (remove '---')", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputFileError(display, f"YAML is nested deeper than {MAX_DEPTH} levels", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _check_nodes(node: yaml.Node, display: str) -> None:
    """Keys scalar and unique, no merge keys, dates real: each refused at its own line."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode):
                raise InputFileError(
                    display, "a key must be a plain name, not a list or mapping (remove '? ')", line
                )
            if key.tag == _MERGE_TAG:
                raise InputFileError(
                    display, "merge keys ('<<:') are not allowed; write every field out", line
                )
            if key.value in seen:
                raise InputFileError(display, f"duplicate key '{key.value}'", line)
            seen.add(key.value)
            _check_nodes(key, display)
            _check_nodes(value, display)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_nodes(item, display)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP_TAG:
        try:
            _scalar(node)
        except ValueError as exc:  # PyYAML's date constructor: e.g. 2026-02-30
            raise InputFileError(
                display, f"'{node.value}' is not a real date ({exc}); write a real date as YYYY-MM-DD",
                node.start_mark.line + 1,
            ) from exc
