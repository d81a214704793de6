"""Result records and their content-addressed cache.

A result is keyed by everything that can change it: the benchmark definition and version, the
scorer version, the sha256 of the predictions and of the gold, and the bootstrap settings. An
unchanged submission is therefore never rescored, and bumping one task type's scorer version
rescores exactly the results of that task type. The cache lives in a git-ignored folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

CACHE_FORMAT = "1"
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
    """A folder of small JSON documents keyed by content hash; ``None`` as folder disables it."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def get(self, key: str) -> dict[str, Any] | None:
        if self.directory is None:
            return None
        try:
            data = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, data: dict[str, Any]) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(data, sort_keys=True).encode("utf-8")
        _atomic_write(self.directory / f"{key}.json", lambda handle: handle.write(payload))


class ResultCache:
    """A folder of ``<key>.json`` + ``<key>.npy`` (bootstrap replicates); None disables it."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self.records = JsonCache(directory)
        self.validation = JsonCache(directory / "validation" if directory is not None else None)

    @classmethod
    def for_root(cls, root: Path) -> ResultCache:
        configured = os.environ.get(CACHE_ENV, "").strip()
        return cls(Path(configured) if configured else root / DEFAULT_CACHE_DIR)

    def get(self, key: str, slug: str) -> ResultRecord | None:
        if self.directory is None:
            self.misses += 1
            return None
        data = self.records.get(key)
        try:
            if data is None:
                raise ValueError(key)
            replicates = np.load(self.directory / f"{key}.npy", allow_pickle=False)
            record = ResultRecord.from_json(data, replicates)
        except (OSError, ValueError, TypeError, KeyError):
            self.misses += 1
            return None
        self.hits += 1
        return replace(record, slug=slug)

    def put(self, key: str, record: ResultRecord) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.directory / f"{key}.npy", lambda h: np.save(h, record.replicates))
        self.records.put(key, record.to_json())  # written last: a record only counts when complete


def _atomic_write(path: Path, write: Any) -> None:
    """Write to a temporary file and rename, so a crash never leaves a half-written entry."""
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        write(handle)
    os.replace(handle.name, path)
