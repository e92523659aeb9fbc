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
        self._gone: set[str] = set()  # targets marked for removal (each has its marker in gone/)
        self._backed_up: set[str] = set()  # targets whose replaced file was kept in old/
        self._texts: dict[str, bytes] = {}  # rel -> the bytes of a file staged as text
        self._checked: set[str] = set()  # folders found free of symbolic links
        self._made: set[str] = set()  # folders made inside the staging folder
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
        data = content() if callable(content) else content
        if isinstance(data, str):
            data = data.encode("utf-8")
            self._texts[rel] = data
        else:
            self._texts.pop(rel, None)
        _write_file(self._inside("new", rel), data)
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
        _write_file(self._inside("gone", rel), b"")
        self._gone.add(rel)
        if rel not in self._staged:
            self._staged.add(rel)
            self.targets.append(rel)

    @property
    def written(self) -> dict[str, bytes]:
        """The files staged as text that the change puts in place: rel path -> their bytes.

        After ``apply`` each of them holds exactly these bytes, so a check of the result can take
        them from here instead of reading them back (``store.load(known=...)``)."""
        return {rel: data for rel, data in self._texts.items() if rel not in self._gone}

    def _inside(self, part: str, rel: str) -> str:
        """Return the path of ``rel`` under a part of the staging folder (new, gone, old), its folder made once."""
        folder = f"{part}/{rel.rpartition('/')[0]}"
        path = os.path.join(self.folder, folder)
        if folder not in self._made:
            os.makedirs(path, exist_ok=True)
            self._made.add(folder)
        return os.path.join(self.folder, part, rel)

    def _refuse_links(self, rel: str) -> None:
        """Refuse a target that is a link or lies in a linked folder; each folder is looked at once."""
        folder = rel.rpartition("/")[0]
        if folder and folder not in self._checked:
            refuse_links(self.root / folder, self.root)
            self._checked.add(folder)
        if is_link(os.path.join(self.root, rel)):
            raise SymlinkRefused(self.root / rel)

    def apply(self, progress: Callable[[int, int], None] = lambda done, total: None) -> None:
        """Move every staged file into place and every removed one out, keeping what each one replaces."""
        self.made_dirs = _missing_dirs(self.root, [rel for rel in self.targets if rel not in self._gone])
        self.state = "applying"
        self._journal()
        for rel in self.made_dirs:
            (self.root / rel).mkdir(exist_ok=True)
        total = len(self.targets)
        root = str(self.root)
        for done, rel in enumerate(self.targets, 1):
            target = os.path.join(root, rel)
            present = os.path.lexists(target)  # a file, or a link (even a dangling one)
            if rel in self._new and present:
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), target)
            if present:
                os.replace(target, self._inside("old", rel))
                self._backed_up.add(rel)
            if rel in self._gone:
                os.unlink(os.path.join(self.folder, "gone", rel))
            else:
                os.replace(os.path.join(self.folder, "new", rel), target)
            progress(done, total)

    def commit(self) -> None:
        """Keep the change: from here on a crash completes it instead of rolling it back.

        Folders that removing files left empty are taken away too (after the journal says committed,
        so a rollback never needs them)."""
        self.state = "committed"
        self._journal()
        for rel in self.targets:
            if rel in self._backed_up and not (self.root / rel).exists():
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
    """Return the folders the targets need that do not exist yet, parents first; each folder is looked at once."""
    missing: dict[str, None] = {}
    present: set[str] = set()
    for rel in targets:
        parts = Path(rel).parts[:-1]
        if "/".join(parts) in present:
            continue  # its folder, and so every folder above it, is there
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in missing or folder in present:
                continue
            if os.path.isdir(os.path.join(root, folder)):
                present.add(folder)
            else:
                missing[folder] = None
    return list(missing)


def _read_journal(folder: Path) -> dict:
    try:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_file(path: str, data: bytes) -> None:
    """Write a staged file (made or truncated) in one go."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


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
