"""Symbolic links inside a tracker: never followed, by the reader or by any writer.

A link in a pull request (``files/env.txt -> /proc/self/environ``, ``files -> /etc``,
``comments -> ../../../.github/workflows``) would make the build publish the build machine's
files, or make mail ingest and imports write where no reviewer looks. The reader reports
each link as a finding and reads nothing through it; writers refuse with ``SymlinkRefused``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tsuzuri.errors import TsuzuriError

CONFIG_NAME = "tsuzuri.yml"  # the file that marks a tracker's root (reader.CONFIG_FILE)


class SymlinkRefused(TsuzuriError, OSError):
    """A write that would go through, or onto, a symbolic link inside a tracker."""

    def __init__(self, path: Path | str):
        super().__init__(errno.ELOOP, "a symbolic link inside the tracker", str(path))


def is_link(path: Path | str) -> bool:
    """Tell whether ``path`` itself is a symbolic link (it is not followed)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def linked_part(root: Path | str, path: Path | str) -> Path | None:
    """Return the first part of ``path`` below ``root`` that is a symbolic link, or None.

    Only parts that exist are looked at; ``path`` outside ``root`` gives None.
    """
    base = os.path.abspath(root)
    full = os.path.abspath(path)
    if full == base:
        return None
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not full.startswith(prefix):
        return None
    current = base
    for part in full[len(prefix):].split(os.sep):
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(mode):
            return Path(current)
    return None


def tracker_root(path: Path | str) -> Path | None:
    """Return the nearest folder above ``path`` (by name, following no link) that holds tsuzuri.yml."""
    for candidate in Path(os.path.abspath(path)).parents:
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    return None


def refuse_links(path: Path | str, root: Path | str | None = None) -> None:
    """Raise SymlinkRefused when writing ``path`` would go through or onto a link inside its tracker.

    ``root`` defaults to the tracker ``path`` lies in; outside any tracker nothing is checked
    (an export may be written wherever its user likes).
    """
    root = root if root is not None else tracker_root(path)
    if root is None:
        return
    found = linked_part(root, path)
    if found is not None:
        raise SymlinkRefused(found)
