"""The folder of generated pages inside a site's ``docs_dir``: written by ``tsuzuri pages``, ignored by Git.

Only files whose bytes changed are rewritten (a builder's own change detection then sees only
those), and files that are no longer generated are removed. The folder is tsuzuri's alone: its
``.gitignore`` says so, and a folder without it that already holds files is never written into.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.store.writer import atomic_write_bytes

GITIGNORE = ".gitignore"
GITIGNORE_TEXT = (
    "# Written by `tsuzuri pages`: everything in this folder is generated. Do not edit.\n"
    "# This file may be committed, so the folder exists in every clone (mkdocs.yml can watch it).\n"
    "*\n!.gitignore\n"
)
OWNED_MARK = "tsuzuri pages"


class FolderNotOurs(TsuzuriError):
    """The folder holds files that tsuzuri did not write."""

    def __init__(self, folder: Path):
        super().__init__(str(folder))
        self.folder = folder


@dataclass(frozen=True, slots=True)
class Synced:
    """What a sync did: files written (new or changed), left as they were, and removed."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def is_ours(folder: Path) -> bool:
    """Return whether ``folder`` is missing, empty, or was written by ``tsuzuri pages``."""
    if not folder.exists():
        return True
    marker = folder / GITIGNORE
    if marker.is_file():
        try:
            return OWNED_MARK in marker.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return not any(folder.iterdir())


def sync(folder: Path, files: Iterable[tuple[str, Callable[[], bytes]]]) -> Synced:
    """Make ``folder`` hold exactly ``files`` (path inside it, a function giving its bytes).

    Raises FolderNotOurs, before writing anything, if the folder holds files tsuzuri did not write.
    """
    folder = Path(folder)
    if not is_ours(folder):
        raise FolderNotOurs(folder)
    folder.mkdir(parents=True, exist_ok=True)
    keep = {GITIGNORE}
    written: list[str] = []
    unchanged = 0
    _write_if_changed(folder / GITIGNORE, GITIGNORE_TEXT.encode("utf-8"))
    for rel, data in files:
        _check(rel)
        keep.add(rel)
        if _write_if_changed(folder / rel, data()):
            written.append(rel)
        else:
            unchanged += 1
    removed = [rel for rel in _walk(folder) if rel not in keep]
    for rel in removed:
        (folder / rel).unlink()
    _prune_empty(folder)
    return Synced(tuple(written), unchanged, tuple(sorted(removed)))


def read_pages(docs_dir: Path, skip: Path) -> Iterator[tuple[str, str]]:
    """Yield (path inside ``docs_dir``, text) of every hand-written Markdown page outside ``skip``."""
    docs_dir, skip = Path(docs_dir), Path(skip)
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if path.is_relative_to(skip) or any(part.startswith(".") for part in rel.parts):
            continue
        yield rel.as_posix(), path.read_text(encoding="utf-8-sig")


def touch(path: Path) -> None:
    """Mark ``path`` as changed now (for builders that watch it)."""
    os.utime(path)


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write_bytes(path, data)
    return True


def _check(rel: str) -> None:
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in rel:
        raise ValueError(f"not a path inside the folder: {rel!r}")


def _walk(folder: Path) -> Iterator[str]:
    for dirpath, _dirs, names in os.walk(folder):
        base = Path(dirpath).relative_to(folder)
        for name in names:
            yield (base / name).as_posix()


def _prune_empty(folder: Path) -> None:
    for dirpath, dirs, names in os.walk(folder, topdown=False):
        path = Path(dirpath)
        if path != folder and not dirs and not names:
            path.rmdir()
        elif path != folder and not any(path.iterdir()):
            path.rmdir()
