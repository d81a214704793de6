"""The run journal, ``<output>.journal.jsonl``: every response, one JSON line per item.

The first line is a header with the hash of the settings that shape a response (model, endpoint,
template, temperature, max tokens, few-shot, top-k, benchmark and its version). Each further line
is one item: its id, the hash of the exact request (model, messages and sampling settings), the
response text, the token usage and the latency. A rerun with the same settings reuses every line
whose request hash matches and sends requests only for the rest; a journal written under other
settings is moved aside to ``<output>.journal.<its settings hash>.jsonl`` and a new one started.

Lines are appended and flushed one at a time under a lock, so an interrupted run (Ctrl-C, a dead
server, a killed process) leaves every finished response on disk. A last line cut off mid-write
is dropped when the journal is opened again. Nothing secret is written: the API key is never part
of a request hash, a header or a line.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from leaderboard.errors import RunError

JOURNAL_VERSION = 1


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def journal_path(output: Path) -> Path:
    return output.with_name(output.name + ".journal.jsonl")


class Journal:
    """Responses by request hash; open with ``with Journal(path, settings) as journal``."""

    def __init__(self, path: Path, settings: Mapping[str, Any]) -> None:
        self.path = path
        self.settings = dict(settings)
        self.settings_sha256 = sha256_of(self.settings)
        self.entries: dict[str, dict[str, Any]] = {}
        self.moved_aside: Path | None = None
        self._lock = threading.Lock()
        self._file: IO[str] | None = None

    def __enter__(self) -> Journal:
        self.open()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def open(self) -> None:
        fresh = True
        if self.path.is_file():
            fresh = not self._load()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise RunError(f"{self.path}: cannot write the journal: {exc}") from exc
        if fresh:
            header = {"journal": JOURNAL_VERSION, "settings_sha256": self.settings_sha256, "settings": self.settings}
            self._write(header)

    def _load(self) -> bool:
        """Read an existing journal; False (after moving it aside) when its settings differ."""
        raw = self.path.read_bytes()
        if raw and not raw.endswith(b"\n"):  # a line cut off by an interruption
            raw = raw[: raw.rfind(b"\n") + 1]
            self.path.write_bytes(raw)
        lines = raw.decode("utf-8", errors="replace").splitlines()
        header = (_json_line(lines[0]) if lines else None) or {}
        if header.get("settings_sha256") != self.settings_sha256:
            old = header.get("settings_sha256")
            suffix = str(old)[:12] if isinstance(old, str) and old.isalnum() else "unreadable"
            self.moved_aside = self.path.with_name(self.path.name.removesuffix(".jsonl") + f".{suffix}.jsonl")
            self.path.replace(self.moved_aside)
            return False
        for line in lines[1:]:
            entry = _json_line(line)
            if entry is not None and isinstance(entry.get("request_sha256"), str):
                self.entries[entry["request_sha256"]] = entry
        return True

    @staticmethod
    def answered(path: Path, settings: Mapping[str, Any]) -> set[str]:
        """Request hashes already answered in the journal at ``path`` under ``settings``; reads only."""
        if not path.is_file():
            return set()
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        header = _json_line(lines[0]) if lines else None
        if header is None or header.get("settings_sha256") != sha256_of(dict(settings)):
            return set()
        entries = (_json_line(line) for line in lines[1:])
        return {str(e["request_sha256"]) for e in entries if e is not None and isinstance(e.get("request_sha256"), str)}

    def get(self, request_sha256: str) -> dict[str, Any] | None:
        return self.entries.get(request_sha256)

    def append(self, entry: Mapping[str, Any]) -> None:
        with self._lock:
            self._write(entry)
            self.entries[str(entry["request_sha256"])] = dict(entry)

    def _write(self, value: Mapping[str, Any]) -> None:
        assert self._file is not None
        self._file.write(canonical_json(value) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _json_line(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
