"""Writing files so that a reader never sees half a file and a link is never written through.

``Path.write_text`` opens the existing file and truncates it: through a symlink or a hard link
that overwrites the link's target (issue 13: ``submit --force`` overwrote a gold file that a
submission file was hard-linked to). Here the content goes to a temporary file in the same folder,
which then replaces the name with ``os.replace``: the old directory entry, link or not, is swapped
for a new file, and whatever it pointed at is left untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_text_atomic(path: Path, content: str) -> Path:
    """Write ``content`` as UTF-8 with the newlines given (no translation) to ``path``."""
    return write_bytes_atomic(path, content.encode("utf-8"))


def _replace(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write through ``write`` into a temporary file beside ``target``, then swap it in."""
    descriptor, scratch = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.chmod(scratch, 0o644)
        os.replace(scratch, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise
    return target


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    return _replace(path, lambda handle: handle.write(data))


def copy_file_atomic(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` by replacement (``shutil.copyfile`` writes through links)."""
    def copy(writer: BinaryIO) -> None:
        with open(source, "rb") as reader:
            shutil.copyfileobj(reader, writer)

    return _replace(target, copy)
