"""Write many tracker files as one change: all of them land or none do, even across a crash.

A transaction stages every file in a folder inside the tracker (same file system, so the
final moves are renames) and keeps a journal there. The journal says how far it got:

* ``staging``: files are being written to the folder (and files to remove marked there); the
  tracker is untouched.
* ``applying``: files are being moved into place; the journal lists every target, each
  replaced file is kept in the folder, and the folders that will be made are listed.
* ``committed``: everything is in place and was accepted; only cleaning up is left.

A process that is killed leaves the folder and its journal behind. ``recover`` (run by
every tsuzuri command before it reads the tracker) finishes a committed transaction and
rolls back any other, so the tracker holds all of the change or none of it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tsuzuri.store.symlinks import SymlinkRefused, is_link, refuse_links

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt

PREFIX = ".tsuzuri-staging-"
OPERATIONS = ("import", "renumber", "attach", "mail")  # the operations whose names the catalog has words for
JOURNAL = "journal.json"
LOCK = "lock"

Content = bytes | str | Callable[[], bytes]


@dataclass(frozen=True)
class Recovered:
    """What ``recover`` did with one interrupted transaction."""

    folder: str
    operation: str
    started: str
    outcome: str  # rolled-back | completed | busy | removed
    files: int


class Transaction:
    """Stage files, move them into place together, and undo everything unless committed."""

    def __init__(self, root: Path, operation: str):
        self.root = Path(root)
        self.operation = operation
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.root))
        self._lock = _lock(self.folder)
        self.started = datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
        self.targets: list[str] = []
        self._staged: set[str] = set()
        self._new: set[str] = set()
        self._checked: set[str] = set()  # folders found free of symbolic links
        self.made_dirs: list[str] = []
        self.state = "staging"
        self._journal()

    def stage(self, rel: str, content: Content, new: bool = False) -> None:
        """Write one file's new content (bytes, text, or a function giving bytes) to the staging folder.

        ``new``: the file must not exist when the change is applied (someone else made it meanwhile:
        the whole change is refused with FileExistsError and undone)."""
        if self.state != "staging":
            raise RuntimeError("files are staged before the transaction is applied")
        self._refuse_links(rel)  # never write through a symbolic link inside the tracker
        target = self.folder / "new" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content() if callable(content) else content
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if new:
            self._new.add(rel)
        if rel not in self._staged:
            self._staged.add(rel)
            self.targets.append(rel)

    def remove(self, rel: str) -> None:
        """Mark one tracker file to be taken away with the change (kept in the folder until it is committed)."""
        if self.state != "staging":
            raise RuntimeError("files are marked before the transaction is applied")
        self._refuse_links(rel)
        marker = self.folder / "gone" / rel
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_bytes(b"")
        if rel not in self._staged:
            self._staged.add(rel)
            self.targets.append(rel)

    def _refuse_links(self, rel: str) -> None:
        """Refuse a target that is a link or lies in a linked folder; each folder is looked at once."""
        folder = rel.rpartition("/")[0]
        if folder and folder not in self._checked:
            refuse_links(self.root / folder, self.root)
            self._checked.add(folder)
        if is_link(self.root / rel):
            raise SymlinkRefused(self.root / rel)

    def apply(self, progress: Callable[[int, int], None] = lambda done, total: None) -> None:
        """Move every staged file into place and every removed one out, keeping what each one replaces."""
        self.made_dirs = _missing_dirs(self.root, [rel for rel in self.targets if not (self.folder / "gone" / rel).exists()])
        self.state = "applying"
        self._journal()
        for rel in self.made_dirs:
            (self.root / rel).mkdir(exist_ok=True)
        total = len(self.targets)
        for done, rel in enumerate(self.targets, 1):
            target = self.root / rel
            if rel in self._new and (target.exists() or target.is_symlink()):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
            if target.exists() or target.is_symlink():
                backup = self.folder / "old" / rel
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup)
            gone = self.folder / "gone" / rel
            if gone.exists():
                gone.unlink()
            else:
                os.replace(self.folder / "new" / rel, target)
            progress(done, total)

    def commit(self) -> None:
        """Keep the change: from here on a crash completes it instead of rolling it back.

        Folders that removing files left empty are taken away too (after the journal says committed,
        so a rollback never needs them)."""
        self.state = "committed"
        self._journal()
        for rel in self.targets:
            if (self.folder / "old" / rel).exists() and not (self.root / rel).exists():
                _remove_empty_parents(self.root, Path(rel).parent)

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind, error, trace) -> None:
        with _signals_held():
            if self.state != "committed":
                _roll_back(self.root, self.folder, self.targets if self.state == "applying" else [], self.made_dirs)
            self.close()

    def close(self) -> None:
        """Remove the staging folder and its journal."""
        shutil.rmtree(self.folder, ignore_errors=True)
        os.close(self._lock)

    def _journal(self) -> None:
        data = {"operation": self.operation, "started": self.started, "pid": os.getpid(), "state": self.state,
                "targets": self.targets if self.state != "staging" else [], "made_dirs": self.made_dirs}
        _write_durably(self.folder / JOURNAL, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def leftovers(root: Path) -> list[str]:
    """Return the staging folders in the tracker's root, relative to it."""
    try:
        return sorted(e.name for e in os.scandir(root) if e.name.startswith(PREFIX) and e.is_dir(follow_symlinks=False))
    except OSError:
        return []


def recover(root: Path) -> list[Recovered]:
    """Finish or roll back every transaction a killed process left in ``root``; say what was done."""
    root = Path(root)
    done = []
    for name in leftovers(root):
        folder = root / name
        try:
            lock = _lock(folder, wait=False)
        except BlockingIOError:
            journal = _read_journal(folder)
            done.append(Recovered(name, journal.get("operation", ""), journal.get("started", ""), "busy", 0))
            continue
        except OSError:
            continue
        try:
            journal = _read_journal(folder)
            state = journal.get("state", "staging")
            targets = journal.get("targets", [])
            if state == "committed":
                outcome = "completed"
            else:
                _roll_back(root, folder, targets if state == "applying" else [], journal.get("made_dirs", []))
                outcome = "rolled-back" if journal else "removed"
            shutil.rmtree(folder, ignore_errors=True)
            done.append(Recovered(name, journal.get("operation", ""), journal.get("started", ""), outcome, len(targets)))
        finally:
            os.close(lock)
    return done


def _roll_back(root: Path, folder: Path, targets: list[str], made_dirs: list[str]) -> None:
    # A target whose staged copy is gone was moved into place: take it out again, then put
    # back what it replaced. A target still staged (or still marked for removal) was never
    # touched; its original is there.
    for rel in reversed(targets):
        target, staged, backup = root / rel, folder / "new" / rel, folder / "old" / rel
        pending = staged.exists() or (folder / "gone" / rel).exists()
        if not pending and (target.exists() or target.is_symlink()):
            target.unlink()
        if backup.exists() or backup.is_symlink():
            os.replace(backup, target)
    for rel in reversed(made_dirs):
        try:
            (root / rel).rmdir()
        except OSError:
            pass


def _remove_empty_parents(root: Path, folder: Path) -> None:
    while folder.parts:
        try:
            (root / folder).rmdir()
        except OSError:  # not empty (or already gone): stop here
            return
        folder = folder.parent


def _missing_dirs(root: Path, targets: list[str]) -> list[str]:
    missing: dict[str, None] = {}
    for rel in targets:
        parts = Path(rel).parts[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder not in missing and not (root / folder).is_dir():
                missing[folder] = None
    return list(missing)


def _read_journal(folder: Path) -> dict:
    try:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _lock(folder: Path, wait: bool = True) -> int:
    """Lock the folder for this process (released by the OS when the process dies); BlockingIOError if taken."""
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        else:  # pragma: no cover - Windows
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
            except OSError as exc:
                raise BlockingIOError(str(exc)) from None
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM while undoing, so a second signal cannot stop a rollback half-way."""
    held = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if held:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
