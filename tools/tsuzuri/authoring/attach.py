"""Attach files to an issue: every file lands in its ``files/`` folder, or none does."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tsuzuri.authoring.issues import Rejected, load_for_edit, missing_issue
from tsuzuri.findings import Finding
from tsuzuri.guard import Guard
from tsuzuri.guard.incoming import refusals
from tsuzuri.layout import issue_files_dir
from tsuzuri.messages import Message
from tsuzuri.store.reader import ignored_name
from tsuzuri.store.symlinks import refuse_links
from tsuzuri.store.transaction import Transaction
from tsuzuri.store.writer import safe_filename


@dataclass(frozen=True)
class Attached:
    """One file as it was attached."""

    source: str  # the file as the person named it
    path: str  # where it is now, from the tracker's root: issues/HOJO/HOJO-2/files/a.png
    name: str  # its name in the issue's files/ folder

    @property
    def renamed(self) -> bool:
        return self.name != Path(self.source).name


def attach(root: Path, key: str, files: list[tuple[str, bytes]]) -> list[Attached]:
    """Copy ``files`` (each a source name and its bytes) into issue ``key``'s files/ folder, all or none.

    A name is made safe as every attachment's is (no path, no characters a file system refuses);
    one that the tracker would not read as an attachment (hidden, OS or editor litter) is
    refused, as is a file the confidential-data guard stops. A name already taken, whatever its
    case, gets ``-2``, ``-3`` before its extension.
    """
    loaded = load_for_edit(root)
    issue = loaded.tracker.issues.get(key)
    if issue is None:
        raise missing_issue(loaded, key)
    folder = issue_files_dir(key)
    taken = {a.name.lower() for a in issue.attachments}
    problems: list[Finding] = []
    planned: list[tuple[Attached, bytes]] = []
    for source, data in files:
        name = stored_name(Path(source).name)
        if ignored_name(name) or ignored_name(Path(source).name):
            problems.append(
                Finding(source, 1, 1, "error", "attach.skipped-name", Message("authoring.attach.skipped-name", name=Path(source).name))
            )
            continue
        name = _free_name(name, taken)
        taken.add(name.lower())
        planned.append((Attached(source, f"{folder}/{name}", name), data))
    guard = Guard(loaded.tracker.config)
    for attached, data in planned:
        problems += (
            Finding(attached.source, 1, 1, "error", "attach.confidential", reason)
            for reason in refusals(guard, (), [(attached.name, data)])
        )
    if problems:
        raise Rejected(problems)
    refuse_links(Path(root) / folder, root)  # a linked files/ would put the files anywhere
    with Transaction(root, "attach") as tx:
        for attached, data in planned:
            tx.stage(attached.path, data)
        tx.apply()
        tx.commit()
    return [attached for attached, _ in planned]


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}


def stored_name(name: str) -> str:
    """Return the name a file is attached under: safe on every system, and reading in a diff as it is.

    Format characters go (a right-to-left override makes ``gpj.exe`` read ``exe.jpg`` in a
    pull request), and a name Windows keeps for a device (``CON``, ``NUL.txt``) gets a ``_``.
    """
    name = "".join(ch for ch in safe_filename(name) if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = safe_filename(name)  # what is left may end in a dot or a space again
    if name.split(".", 1)[0].upper() in _RESERVED:
        name = "_" + name
    return name


def _free_name(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
    return candidate
