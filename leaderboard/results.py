"""Result records and their content-addressed cache.

A result is keyed by everything that can change it: the benchmark definition and version, the
scorer version, the sha256 of the predictions and of the gold, and the bootstrap settings. An
unchanged submission is therefore never rescored, and bumping one task type's scorer version
rescores exactly the results of that task type. The cache lives in a git-ignored folder, as a
few pack files (``PackStore``) rather than one file per result.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from leaderboard.atomic import write_bytes_atomic

CACHE_FORMAT = "2"  # 2: packs (issue 17) instead of one .json + .npy per result
CACHE_ENV = "LEADERBOARD_CACHE_DIR"
DEFAULT_CACHE_DIR = ".leaderboard-cache"


@dataclass(frozen=True)
class ResultRecord:
    """The scores of one submission on one benchmark."""

    slug: str
    benchmark_id: str
    benchmark_version: str
    task_type: str
    scorer_version: str
    predictions_sha256: str
    gold_sha256: str
    n_items: int
    primary_metric: str
    metrics: dict[str, float]
    interval: tuple[float, float]
    confidence: float
    resamples: int
    breakdown: dict[str, dict[str, float]] = field(default_factory=dict)
    private_gold: bool = False
    replicates: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False, compare=False)

    @property
    def score(self) -> float:
        return self.metrics[self.primary_metric]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("replicates")
        data["interval"] = list(self.interval)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], replicates: np.ndarray) -> ResultRecord:
        data = dict(data)
        data["interval"] = tuple(data["interval"])
        return cls(**data, replicates=replicates)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_key(parts: dict[str, Any]) -> str:
    payload = json.dumps({"format": CACHE_FORMAT, **parts}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class JsonCache:
    """Small JSON documents by content-hash key, kept in a :class:`PackStore` (``None``: disabled)."""

    def __init__(self, store: PackStore | None, kind: str = "validation") -> None:
        self.store = store
        self.kind = kind

    def get(self, key: str) -> dict[str, Any] | None:
        if self.store is None:
            return None
        found = self.store.get(self.kind, key)
        return found[0] if found is not None else None

    def put(self, key: str, data: dict[str, Any]) -> None:
        if self.store is not None:
            self.store.put(self.kind, key, data)


#: A folder holds at most this many packs after a flush; more are compacted into one.
MAX_PACKS = 8
PACK_PREFIX = "pack-"
PACK_SUFFIX = ".npz"


class PackStore:
    """The cache folder: a few immutable *packs*, not one file per result (issue 17).

    A pack is one ``.npz`` holding a JSON index (``{kind: {key: document}}``, with each result's
    offset into the replicates) and one array of every result's bootstrap replicates. A pack is
    written whole to a temporary file and renamed into place, named by the hash of its content:
    a reader never sees half a pack, two writers never write the same name with different content,
    and merging the caches of several shards is copying their packs into one folder (the names of
    equal packs are equal). New entries stay in memory until :meth:`flush` writes one pack of them;
    when a folder holds more than ``MAX_PACKS`` packs, a flush writes one pack of everything it read
    and removes the packs it read (a reader that listed one of them just scores those again).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._entries: dict[str, dict[str, tuple[dict[str, Any], np.ndarray | None]]] | None = None
        self._loaded: list[Path] = []
        self._new: dict[str, dict[str, tuple[dict[str, Any], np.ndarray | None]]] = {}

    def packs(self) -> list[Path]:
        try:
            return sorted(p for p in self.directory.iterdir()
                          if p.name.startswith(PACK_PREFIX) and p.name.endswith(PACK_SUFFIX))
        except OSError:
            return []

    def _load(self) -> dict[str, dict[str, tuple[dict[str, Any], np.ndarray | None]]]:
        if self._entries is None:
            self._entries = {}
            for path in self.packs():
                try:
                    entries = read_pack(path)
                except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                    continue  # removed by a compaction since it was listed, or damaged: not counted
                for kind, found in entries.items():
                    self._entries.setdefault(kind, {}).update(found)
                self._loaded.append(path)
        return self._entries

    def get(self, kind: str, key: str) -> tuple[dict[str, Any], np.ndarray | None] | None:
        found = self._new.get(kind, {}).get(key)
        return found if found is not None else self._load().get(kind, {}).get(key)

    def keys(self, kind: str) -> list[str]:
        return sorted(set(self._load().get(kind, {})) | set(self._new.get(kind, {})))

    def put(self, kind: str, key: str, document: dict[str, Any], array: np.ndarray | None = None) -> None:
        self._new.setdefault(kind, {})[key] = (document, array)

    def take_new(self, kind: str) -> dict[str, tuple[dict[str, Any], np.ndarray | None]]:
        """The entries of ``kind`` added since the last flush, removed from here (a worker hands
        them to the process that writes the pack)."""
        return self._new.pop(kind, {})

    def add_packs(self, sources: Sequence[Path]) -> int:
        """Take every entry of the packs in ``sources`` (folders) as new; returns how many."""
        count = 0
        for source in sources:
            for path in PackStore(source).packs():
                for kind, found in read_pack(path).items():
                    self._new.setdefault(kind, {}).update(found)
                    count += len(found)
        return count

    def flush(self) -> Path | None:
        """Write the new entries as one pack (compacting when there are too many); returns it."""
        if not any(self._new.values()):
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        compact = len(self.packs()) + 1 > MAX_PACKS
        entries = self._new
        if compact:
            entries = {kind: dict(found) for kind, found in self._load().items()}
            for kind, found in self._new.items():
                entries.setdefault(kind, {}).update(found)
        written = write_pack(self.directory, entries)
        if compact:
            for path in self._loaded:
                if path != written:
                    with contextlib.suppress(OSError):
                        path.unlink()
            self._loaded = [written]
        loaded = self._load()
        for kind, found in self._new.items():
            loaded.setdefault(kind, {}).update(found)
        self._new = {}
        return written


def write_pack(directory: Path, entries: dict[str, dict[str, tuple[dict[str, Any], np.ndarray | None]]]) -> Path:
    index: dict[str, dict[str, Any]] = {}
    arrays: list[np.ndarray] = []
    offset = 0
    for kind in sorted(entries):
        index[kind] = {}
        for key in sorted(entries[kind]):
            document, array = entries[kind][key]
            span = None
            if array is not None:
                flat = np.asarray(array, dtype=np.float64).ravel()
                span = [offset, len(flat)]
                arrays.append(flat)
                offset += len(flat)
            index[kind][key] = {"document": document, "replicates": span}
    payload = json.dumps({"format": CACHE_FORMAT, "entries": index}, sort_keys=True).encode("utf-8")
    replicates = np.concatenate(arrays) if arrays else np.zeros(0)
    buffer = io.BytesIO()
    np.savez(buffer, index=np.frombuffer(payload, dtype=np.uint8), replicates=replicates)
    data = buffer.getvalue()
    path = directory / f"{PACK_PREFIX}{hashlib.sha256(data).hexdigest()[:32]}{PACK_SUFFIX}"
    if not path.exists():
        write_bytes_atomic(path, data)
    return path


def read_pack(path: Path) -> dict[str, dict[str, tuple[dict[str, Any], np.ndarray | None]]]:
    with np.load(path, allow_pickle=False) as archive:
        payload = json.loads(archive["index"].tobytes().decode("utf-8"))
        replicates = archive["replicates"]
    if payload.get("format") != CACHE_FORMAT:
        return {}
    entries: dict[str, dict[str, tuple[dict[str, Any], np.ndarray | None]]] = {}
    for kind, found in payload["entries"].items():
        entries[kind] = {}
        for key, entry in found.items():
            span = entry["replicates"]
            array = None if span is None else replicates[span[0]:span[0] + span[1]].copy()
            entries[kind][key] = (entry["document"], array)
    return entries


class ResultCache:
    """Results and validation verdicts in one :class:`PackStore` folder; ``None`` disables it."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self.store = PackStore(directory) if directory is not None else None
        self.validation = JsonCache(self.store)

    @classmethod
    def for_root(cls, root: Path) -> ResultCache:
        configured = os.environ.get(CACHE_ENV, "").strip()
        return cls(Path(configured) if configured else root / DEFAULT_CACHE_DIR)

    def peek(self, key: str) -> ResultRecord | None:
        """The cached record of ``key``, without counting a hit or a miss."""
        found = self.store.get("results", key) if self.store is not None else None
        if found is None or found[1] is None:
            return None
        try:
            return ResultRecord.from_json(found[0], found[1])
        except (ValueError, TypeError, KeyError):
            return None

    def get(self, key: str, slug: str) -> ResultRecord | None:
        record = self.peek(key)
        if record is None:
            self.misses += 1
            return None
        self.hits += 1
        return replace(record, slug=slug)

    def has(self, key: str) -> bool:
        return self.store is not None and self.store.get("results", key) is not None

    def keys(self) -> list[str]:
        return self.store.keys("results") if self.store is not None else []

    def put(self, key: str, record: ResultRecord) -> None:
        if self.store is not None:
            self.store.put("results", key, record.to_json(), record.replicates)

    def flush(self) -> Path | None:
        """Write what this run added as one pack file (see :class:`PackStore`)."""
        return self.store.flush() if self.store is not None else None


def merge_caches(target: Path, sources: Sequence[Path]) -> tuple[int, Path | None]:
    """Merge the cache folders ``sources`` (e.g. one per shard) into ``target``: one new pack.

    Returns the number of entries taken and the pack written (None when there was nothing).
    """
    store = PackStore(target)
    count = store.add_packs(sources)
    return count, store.flush()
