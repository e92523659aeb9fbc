"""Talk to Git in bulk: one ``git log``/``git diff`` for changes, one ``cat-file --batch`` for contents."""

from __future__ import annotations

import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tsuzuri.formats import textfile, yamlsafe
from tsuzuri.messages import Message, localized

TRACKER_PATHS = ("tsuzuri.yml", "issues", "minutes", "wbs")
NULL_SHA = "0" * 40
_LOG_FORMAT = "%x1e%H%x1f%ae%x1f%an%x1f%aI"


class GitError(Exception):
    """A git command failed: a catalog message around git's own words."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def text(self, lang: str) -> str:
        """Return the message in ``lang``."""
        return localized(self.message, lang)


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in ``root`` and return its standard output as text."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(Message("git.cannot-run", error=exc)) from None
    if check and done.returncode != 0:
        raise GitError(Message("git.failed", command=args[0], detail=done.stderr.decode("utf-8", "replace").strip()))
    return done.stdout.decode("utf-8", "replace")


def git_bytes(root: Path, *args: str) -> bytes:
    """Run git in ``root`` and return its standard output as bytes (file contents)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(Message("git.cannot-run", error=exc)) from None
    if done.returncode != 0:
        raise GitError(Message("git.failed", command=args[0], detail=done.stderr.decode("utf-8", "replace").strip()))
    return done.stdout


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


def rev(root: Path, ref: str) -> str:
    """Return the commit id ``ref`` names, or raise GitError."""
    try:
        return git(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip()
    except GitError:
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
    args = ["log", "--reverse", "--raw", "--relative", "--no-abbrev", "--no-renames", "--no-color", "--no-show-signature", "-z", f"--format={_LOG_FORMAT}"]
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
    """Return the contents of many blobs through one ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(s for s in shas if s))
    if not wanted:
        return {}
    proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        # Writing from a thread while reading here keeps both pipes moving (no deadlock).
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
        size = int(header[2])
        blobs[sha] = out.read(size)
        out.read(1)  # the newline after each object
    writer.join()
    proc.wait()
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
