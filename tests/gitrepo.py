"""Temporary git repositories built with plumbing, for the pull-request guard's tests.

Commits are made from blobs and a private index (``GIT_INDEX_FILE``), never from a work tree, so a
test can create symlinks, executables, submodules and 200 MB files as git objects in milliseconds
without writing them to disk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zlib
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import FIXTURE_REPO

#: A change: bytes (a plain file), (mode, bytes or an object id), or None (delete the path).
Change = bytes | tuple[str, bytes | str] | None

GOOD_METADATA = (FIXTURE_REPO / "submissions" / "good-model" / "metadata.yaml").read_bytes()
SENTIMENT_CSV = (FIXTURE_REPO / "submissions" / "good-model" / "tiny-sentiment.csv").read_bytes()


def metadata_for(*maintainers: str) -> bytes:
    """The fixture submission's metadata.yaml with other maintainers."""
    return GOOD_METADATA.replace(b"maintainers: [fixture-maintainer]",
                                 b"maintainers: [" + ", ".join(maintainers).encode() + b"]")


class GitRepo:
    """A throw-away repository under a test's ``tmp_path``."""

    def __init__(self, root: Path, *, init: bool = True) -> None:
        self.root = root
        if init:
            root.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")
        self._index = root / ".git" / "test-index"
        self._env = {
            **os.environ, "GIT_INDEX_FILE": str(self._index), "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
            "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        }

    def git(self, *args: str, stdin: bytes | None = None) -> str:
        env = getattr(self, "_env", None)
        result = subprocess.run(["git", "-C", str(self.root), *args], input=stdin, capture_output=True,
                                check=True, env=env)
        return result.stdout.decode().strip()

    def blob(self, data: bytes) -> str:
        return self.git("hash-object", "-w", "--stdin", stdin=data)

    def zero_blob(self, size: int) -> str:
        """A blob of ``size`` zero bytes, written as a loose object in one cheap pass.

        This is exactly what ``git hash-object -w`` would store, at a quarter of its cost.
        """
        header = b"blob %d\0" % size
        digest, packer = hashlib.sha1(header), zlib.compressobj(1)
        parts = [packer.compress(header)]
        chunk = bytes(1 << 20)
        for offset in range(0, size, len(chunk)):
            piece = chunk[: min(len(chunk), size - offset)]
            digest.update(piece)
            parts.append(packer.compress(piece))
        parts.append(packer.flush())
        sha = digest.hexdigest()
        folder = self.root / ".git" / "objects" / sha[:2]
        folder.mkdir(exist_ok=True)
        (folder / sha[2:]).write_bytes(b"".join(parts))
        return sha

    def commit(self, parent: str | None, changes: Mapping[str, Change], message: str = "change") -> str:
        """A commit on top of ``parent`` with ``changes`` applied; returns its id."""
        if parent:
            self.git("read-tree", parent)
        else:
            self.git("read-tree", "--empty")
        lines = []
        for path, change in changes.items():
            if change is None:
                lines.append(f"0 {'0' * 40}\t{path}\0")  # --index-info: mode 0 removes the path
                continue
            mode, content = ("100644", change) if isinstance(change, bytes) else change
            sha = content if isinstance(content, str) else self.blob(content)
            lines.append(f"{mode} {sha}\t{path}\0")
        self.git("update-index", "-z", "--index-info", stdin="".join(lines).encode())
        tree = self.git("write-tree")
        args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
        return self.git(*args)

    def branch(self, name: str, commit: str) -> None:
        self.git("update-ref", f"refs/heads/{name}", commit)


def base_repository(root: Path, template: Path | None = None) -> tuple[GitRepo, str]:
    """A repository whose main branch has benchmarks, code, a workflow and one existing submission.

    With ``template``, the repository is built there once and copied, which is much faster.
    """
    if template is not None:
        if not (template / ".git").exists():
            base_repository(template)
        shutil.copytree(template, root, symlinks=True)
        repo = GitRepo(root, init=False)
        return repo, repo.git("rev-parse", "main")
    repo = GitRepo(root)
    base = repo.commit(None, {
        "benchmarks/tiny-sentiment/benchmark.yaml": b"id: tiny-sentiment\n",
        "benchmarks/tiny-sentiment/eval.csv": b"id,text\n",
        "benchmarks/tiny-chat/benchmark.yaml": b"id: tiny-chat\n",
        "benchmarks/not-a-benchmark/notes.md": b"no benchmark.yaml here\n",
        "benchmarks/README.md": b"# Benchmarks\n",
        "leaderboard/cli.py": b"print('hello')\n",
        ".github/workflows/submission-check.yml": b"name: Submission check\n",
        "submissions/README.md": b"# Submissions\n",
        "submissions/existing/metadata.yaml": metadata_for("Owner-One", "owner-two"),
        "submissions/existing/tiny-sentiment.csv": SENTIMENT_CSV,
    }, "base")
    repo.branch("main", base)
    return repo, base
