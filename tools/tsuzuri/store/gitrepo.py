"""Talk to Git through GitPython, in bulk: one ``git log``/``git diff`` for changes, one persistent ``cat-file`` for contents.

This is the only module that runs Git (contract "Only the store runs Git" in pyproject.toml).
GitPython is imported on first use, so a machine without Git gets a GitError that says so
instead of an ImportError when tsuzuri starts.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from subprocess import PIPE

from tsuzuri.errors import TsuzuriError
from tsuzuri.formats import textfile, yamlsafe
from tsuzuri.messages import Message, localized

TRACKER_PATHS = ("tsuzuri.yml", "issues", "minutes", "wbs")
NULL_SHA = "0" * 40
_LOG_FORMAT = "%x1e%H%x1f%ae%x1f%an%x1f%aI"


class GitError(TsuzuriError):
    """A git command failed: a catalog message around git's own words."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def text(self, lang: str) -> str:
        """Return the message in ``lang``."""
        return localized(self.message, lang)


@cache
def _gitpython():
    try:
        import git as gitpython  # GitPython checks for the git program when imported
    except ImportError as exc:
        raise GitError(Message("git.cannot-run", error=str(exc).strip().splitlines()[0] if str(exc).strip() else exc)) from None
    return gitpython


def _command(root: Path):
    return _gitpython().Git(str(root))


def git_bytes(root: Path, *args: str, check: bool = True, stdin=None) -> bytes:
    """Run git in ``root`` and return its standard output as bytes (file contents); raise GitError on failure."""
    gitpython = _gitpython()
    try:
        status, out, err = _command(root).execute(
            ["git", *args], istream=stdin, with_extended_output=True, with_exceptions=False,
            stdout_as_string=False, strip_newline_in_stdout=False,
        )
    except (gitpython.GitCommandNotFound, OSError) as exc:
        raise GitError(Message("git.cannot-run", error=exc)) from None
    if check and status != 0:
        detail = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
        raise GitError(Message("git.failed", command=args[0], detail=detail.strip()))
    return out


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in ``root`` and return its standard output as text."""
    return git_bytes(root, *args, check=check).decode("utf-8", "replace")


def is_checkout(root: Path) -> bool:
    """Tell whether ``root`` is inside a Git work tree with at least one commit."""
    try:
        return git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip() != ""
    except GitError:
        return False


def tracked(root: Path, rel: str) -> list[str]:
    """Return the files under ``rel`` that are committed (in the index), relative to ``root``."""
    return [p for p in git(root, "ls-files", "-z", "--", rel).split("\0") if p]


def folder_in_repository(root: Path) -> str:
    """Return ``root``'s path from the top of its Git work tree, ending in "/" ("" at the top or outside Git)."""
    try:
        return git(root, "rev-parse", "--show-prefix", check=False).strip()
    except GitError:
        return ""


def commit_paths(root: Path, paths: list[str], message: str, author: str) -> None:
    """Commit exactly ``paths`` (new or changed files) with ``author`` (``Name <address>``); the index is left as it was otherwise."""
    git(root, "add", "--", *paths)
    try:
        git(root, "commit", "-q", "-m", message, "--author", author, "--", *paths)
    except GitError:
        git(root, "reset", "-q", "--", *paths, check=False)
        raise


def listed_files(root: Path) -> list[str]:
    """Return the files of ``root`` that Git keeps or would keep: tracked, and untracked but not ignored."""
    return [name for name in git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0") if name]


def new_repository(dest: Path, stream: Iterable[bytes]) -> None:
    """Create a repository at ``dest`` on branch ``main`` from a ``git fast-import`` stream, and check it out."""
    dest = Path(dest).resolve()
    git(Path.cwd(), "init", "-q", "-b", "main", str(dest))
    with tempfile.TemporaryFile() as commands:
        for chunk in stream:
            commands.write(chunk)
        commands.seek(0)
        git_bytes(dest, "fast-import", "--quiet", stdin=commands)
    git(dest, "reset", "-q", "--hard")


def user_email(root: Path) -> str:
    """Return ``git config user.email`` as seen in ``root``, or "" when it is unset or Git cannot say."""
    try:
        return git(root, "config", "user.email", check=False).strip()
    except GitError:
        return ""


def rev(root: Path, ref: str) -> str:
    """Return the commit id ``ref`` names, or raise GitError saying why not (no git, no repository, no such commit)."""
    try:
        return git(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip()
    except GitError as exc:
        if exc.message.id == "git.cannot-run":
            raise  # no git at all: say that, not that the ref is wrong
        if git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
            raise GitError(Message("git.not-a-repository", root=root)) from None
        raise GitError(Message("git.not-a-commit", ref=ref)) from None


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    email: str
    name: str
    when: datetime


@dataclass(frozen=True, slots=True)
class RawChange:
    status: str  # A, M, D or T
    old: str  # blob id before ("" when added)
    new: str  # blob id after ("" when deleted)
    path: str


def _parse_raw(text: str) -> list[RawChange]:
    tokens = text.lstrip("\n").split("\0")
    changes = []
    i = 0
    while i + 1 < len(tokens):
        meta, path = tokens[i], tokens[i + 1]
        i += 2
        if not meta.startswith(":"):
            continue
        parts = meta[1:].split(" ")
        old, new, status = parts[2], parts[3], parts[4][:1]
        changes.append(RawChange(status, "" if old == NULL_SHA else old, "" if new == NULL_SHA else new, path))
    return changes


def log(root: Path, *revisions: str, paths: tuple[str, ...] = TRACKER_PATHS) -> list[tuple[Commit, list[RawChange]]]:
    """Return every commit (oldest first) with its changes to ``paths`` against its first parent."""
    prefixes = tuple(p if p.endswith((".yml", ".yaml", ".md")) else p.rstrip("/") + "/" for p in paths)
    seen: set[str] = set()
    result = []
    for out in _log_parts(root, revisions):
        for record in out.split("\x1e")[1:]:
            header, _, rest = record.partition("\0")
            sha, email, name, when = header.split("\x1f")
            if sha in seen:
                continue
            seen.add(sha)
            changes = [c for c in _parse_raw(rest) if c.path.startswith(prefixes)]
            if changes:
                result.append((Commit(sha, email, name, datetime.fromisoformat(when)), changes))
    return result


def _log_parts(root: Path, revisions: tuple[str, ...]) -> list[str]:
    """Run ``git log --raw`` over slices of the history in parallel; return outputs oldest slice first."""
    # No pathspec: git would match it against every entry of every tree it compares,
    # which costs more than the diff itself on a large tracker; paths are filtered here.
    # --relative: a tracker may live in a subfolder of its repository; paths are then the tracker's.
    args = [
        "log", "--reverse", "--raw", "--relative", "--no-abbrev", "--no-renames", "--no-color", "--no-show-signature", "-z",
        f"--format={_LOG_FORMAT}"
    ]
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(revisions) != 1 or ".." in revisions[0]:
        return [git(root, *args, *revisions)]
    shas = git(root, "rev-list", "--first-parent", revisions[0]).split()
    if len(shas) < 4000:
        return [git(root, *args, *revisions)]
    # Cut the first-parent line into slices: tip ^cut1, cut1 ^cut2, ..., cutN. Together they
    # cover every commit reachable from the tip; a commit seen twice is skipped by the caller.
    cuts = [shas[len(shas) * i // workers] for i in range(1, workers)]
    ranges = [[revisions[0], f"^{cuts[0]}"]] + [[cuts[i], f"^{cuts[i + 1]}"] for i in range(len(cuts) - 1)] + [[cuts[-1]]]
    with ThreadPoolExecutor(workers) as pool:
        outputs = list(pool.map(lambda r: git(root, *args, *r), ranges))
    return outputs[::-1]


def diff(root: Path, base: str, head: str, paths: tuple[str, ...] = TRACKER_PATHS) -> list[RawChange]:
    """Return the changes between two commits (``head`` may be "" for the work tree)."""
    args = ["diff", "--raw", "--relative", "--no-abbrev", "--no-renames", "--no-color", "-z", base] + ([head] if head else [])
    return _parse_raw(git(root, *args, "--", *paths))


def read_blobs(root: Path, shas) -> dict[str, bytes]:
    """Return the contents of many blobs through one ``git cat-file --batch`` process, started by GitPython.

    The object ids are written from a thread while the contents are read here, so both pipes
    keep moving: GitPython's own ``get_object_data`` waits for each object before asking for
    the next, which reads the history's blobs at half the speed.
    """
    wanted = list(dict.fromkeys(s for s in shas if s))
    if not wanted:
        return {}
    gitpython = _gitpython()
    try:
        # Keep GitPython's handle while reading: dropping it ends the process.
        handle = _command(root).execute(["git", "cat-file", "--batch"], istream=PIPE, as_process=True)
    except (gitpython.GitCommandNotFound, OSError) as exc:
        raise GitError(Message("git.cannot-run", error=exc)) from None
    proc = handle.proc

    def feed():
        try:
            proc.stdin.write("".join(f"{s}\n" for s in wanted).encode())
        finally:
            proc.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    blobs: dict[str, bytes] = {}
    out = proc.stdout
    for sha in wanted:
        header = out.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            continue
        blobs[sha] = out.read(int(header[2]))
        out.read(1)  # the newline after each object
    writer.join()
    proc.wait()
    del handle
    return blobs


def front_fields(data: bytes | None, markdown: bool = True) -> dict | None:
    """Parse the YAML fields of a file's contents (front matter for Markdown); None if unreadable."""
    if data is None:
        return None
    try:
        text = textfile.decode(data)
        front = textfile.split_front_matter(text).front if markdown else text
        value, _ = yamlsafe.load(front)
    except (textfile.TextProblem, yamlsafe.YamlProblem):
        return None
    return value if isinstance(value, dict) else None
