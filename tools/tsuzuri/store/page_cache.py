"""Rendered pages kept between builds, named by the digest of everything they show.

A name says what was rendered, so an entry is never out of date: a page whose inputs changed
has another name. Entries no build asked for are removed by ``prune``. The folder sits in the
tracker's ``.tsuzuri-cache/`` (ignored by Git); CI can keep it between runs.
"""

from __future__ import annotations

import os
from pathlib import Path

from tsuzuri.store import gitrepo
from tsuzuri.store.writer import atomic_write_bytes

CACHE_DIR = ".tsuzuri-cache"
FOLDER = Path(CACHE_DIR) / "pages"
LAYOUTS = Path(CACHE_DIR) / "layouts"
TEMPLATES = Path(CACHE_DIR) / "templates"
"""The theme's templates compiled, so that a build does not compile them again."""
"""Pages as the MkDocs plugin's theme laid them out (kept apart: ``tsuzuri pages`` prunes ``FOLDER`` by what it used)."""
PARTS = Path(CACHE_DIR) / "parts"
"""Parts of pages (charts) by what they are drawn from; each use touches a part, and ``prune_to_newest`` keeps those used last."""


def committed(root: Path) -> list[str]:
    """Return the files of the tracker's build cache that are committed to Git.

    The cache holds what builds made, and is trusted as such: a finished page is published as
    it is. A file there that came with a commit could be anything, so while any is committed the
    caches are not read (``open_cache``, ``store.history``) and the reader reports an error.
    """
    root = Path(root)
    if not (root / CACHE_DIR).exists():
        return []
    try:
        return gitrepo.tracked(root, CACHE_DIR)  # one Git command: outside a work tree it fails, and nothing is committed
    except gitrepo.GitError:
        return []


def open_cache(root: Path, folder: Path = FOLDER) -> PageCache | None:
    """Return the page cache (``folder``) of the tracker at ``root``, or None while the cache folder holds committed files."""
    return None if committed(root) else PageCache(Path(root) / folder, root=Path(root))


class PageCache:
    """Finished page HTML by key (a hex digest); reads and writes that fail only cost a render."""

    def __init__(self, folder: Path, root: Path | None = None):
        self.folder = Path(folder)
        self.root = root  # the tracker the folder is in, if known (else found above each file written)
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return Path(self._name(key))

    def _name(self, key: str) -> str:
        # A string: a build looks up every page, and making a Path of each costs more than reading most entries.
        return os.path.join(self.folder, key[:2], key)

    def get(self, key: str) -> str | None:
        data = self.get_bytes(key)
        try:
            return data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            self.hits -= 1
            self.misses += 1
            return None

    def get_bytes(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            with open(self._name(key), "rb") as handle:
                data = handle.read()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def filled(self) -> bool:
        """Tell whether the cache holds any entry (a build before this one kept something)."""
        try:
            return any(self.folder.iterdir())
        except OSError:
            return False

    def has(self, key: str) -> bool:
        """Tell whether an entry is kept under ``key`` (``get`` may still miss it, if it is removed since)."""
        return os.path.isfile(self._name(key))

    def put(self, key: str, html: str) -> None:
        self.put_bytes(key, html.encode("utf-8"))

    def put_bytes(self, key: str, data: bytes) -> None:
        self.used.add(key)
        try:
            atomic_write_bytes(self._path(key), data, root=self.root)
        except OSError:
            pass  # a read-only or full disk: the next build renders the page again

    def touch(self, key: str) -> bool:
        """Mark the entry under ``key`` used now (by its time of change), for ``prune_to_newest``; False if there is none.

        Any process may: a forked worker's use counts too.
        """
        self.used.add(key)
        try:
            os.utime(self._name(key))
        except OSError:
            return False
        return True

    def prune_to_newest(self, count: int) -> int:
        """Remove all but the ``count`` entries written or touched last; return how many were removed."""
        found = []
        if not self.folder.is_dir():
            return 0
        for dirpath, _dirs, names in os.walk(self.folder):
            for name in names:
                path = os.path.join(dirpath, name)
                try:
                    if not name.startswith("."):
                        found.append((os.stat(path).st_mtime_ns, path))
                except OSError:
                    pass
        removed = 0
        for _, path in sorted(found, reverse=True)[count:]:
            try:
                os.unlink(path)
                removed += 1
            except OSError:
                pass
        return removed

    def prune(self, keep: set[str] | None = None) -> int:
        """Remove entries not in ``keep`` (default: those this cache was asked for); return how many."""
        keep = self.used if keep is None else keep
        removed = 0
        if not self.folder.is_dir():
            return 0
        for dirpath, _dirs, names in os.walk(self.folder):
            for name in names:
                if name not in keep and not name.startswith("."):
                    try:
                        os.unlink(os.path.join(dirpath, name))
                        removed += 1
                    except OSError:
                        pass
        return removed
