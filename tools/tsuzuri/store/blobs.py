"""Read the bytes of files the tracker only carries (attachments, shared files), and spot Git LFS pointers."""

from __future__ import annotations

import os
from pathlib import Path

LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/v1"
_LFS_POINTER_MAX = 1024  # a pointer file is about 130 bytes; anything larger is content


def read_blob(root: Path, rel: str, limit: int | None = None) -> bytes | None:
    """Return a tracker file's bytes (at most ``limit``+1 of them), or None when it cannot be read."""
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            return handle.read(-1 if limit is None else limit + 1)
    except OSError:
        return None


def is_lfs_pointer(data: bytes) -> bool:
    """Tell whether a file's bytes are a Git LFS pointer instead of the file itself."""
    return len(data) <= _LFS_POINTER_MAX and data.startswith(LFS_POINTER_PREFIX)


def lfs_pointer_at(path: Path) -> bool:
    """Tell whether the file at ``path`` is a Git LFS pointer (its content was not fetched)."""
    try:
        if path.stat().st_size > _LFS_POINTER_MAX:
            return False
        return is_lfs_pointer(path.read_bytes())
    except OSError:
        return False
