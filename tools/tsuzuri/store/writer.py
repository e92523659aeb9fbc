"""Write new tracker files: issues, comments and attachments, atomically and never over another."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from tsuzuri.formats.yamlemit import flow, scalar
from tsuzuri.messages import Message
from tsuzuri.model import KEY_RE
from tsuzuri.store.symlinks import refuse_links

ISSUE_FIELD_ORDER = (
    "title", "type", "status", "priority", "assignee", "reporter", "milestone", "categories",
    "start", "due", "estimate", "actual", "parent", "links", "watchers", "custom",
    "created", "updated", "created_by", "updated_by", "origin",
)
COMMENT_FIELD_ORDER = ("author", "date", "via", "message_id", "verified", "origin")

_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> tuple[str, str]:
    """Return ``text`` without control characters (tab and newline stay) and what was removed.

    CRLF and a lone CR become a newline; a lone surrogate (undecodable bytes) becomes U+FFFD.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CONTROL_RE.search(text):
        return text, ""
    removed = sorted({ch for ch in _CONTROL_RE.findall(text)})
    cleaned = _CONTROL_RE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)
    return cleaned, ", ".join(f"U+{ord(ch):04X}" for ch in removed)


def clean(value, where: str, notes: list | None = None):
    """Return ``value`` (a string, or lists and mappings of them) without control characters.

    Each field that lost characters adds a note to ``notes`` naming the field and the characters,
    for the caller to show as a warning. Every file the store writes goes through here.
    """
    if type(value) is str or isinstance(value, str):
        text, removed = clean_text(value)
        if removed and notes is not None:
            notes.append(Message("store.control-removed", field=where, chars=removed))
        return text
    if isinstance(value, (list, tuple)):
        return [clean(v, where, notes) for v in value]
    if isinstance(value, dict):
        return {clean(k, where, notes): clean(v, f"{where}.{k}", notes) for k, v in value.items()}
    return value


def clean_fields(fields: dict, notes: list | None = None) -> dict:
    """Return front-matter fields with control characters removed from every value (see ``clean``)."""
    return {key: clean(value, str(key), notes) for key, value in fields.items()}


def front_matter(fields: dict, order: tuple[str, ...] = (), notes: list | None = None) -> str:
    """Render fields as a ``---`` fenced front matter block, in a stable order, without control characters."""
    fields = clean_fields(fields, notes)
    keys = [k for k in order if k in fields] + [k for k in fields if k not in order]
    lines = ["---"]
    for key in keys:
        value = fields[key]
        if value is None or value == "" or value == () or value == [] or value == {}:
            continue
        lines.append(f"{scalar(key)}: {flow(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def document(fields: dict, body: str, order: tuple[str, ...] = (), notes: list | None = None) -> str:
    """Render a whole Markdown file: front matter and body, without control characters (see ``clean``)."""
    body = clean(body, "body", notes).strip("\n")
    return front_matter(fields, order, notes) + (body + "\n" if body else "")


def _mode_for(path: Path) -> int:
    """Return the permission bits a written file should get."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, text: str, exclusive: bool = False, root: Path | None = None) -> None:
    """Write text as UTF-8 via a temporary file, so readers never see half a file.

    With ``exclusive``, fail with FileExistsError rather than replace an existing file.
    Inside a tracker (``root``, else the folder above ``path`` with tsuzuri.yml), refuse with
    SymlinkRefused to write through a linked folder or onto a link.
    """
    atomic_write_bytes(path, text.encode("utf-8"), exclusive, root)


def atomic_write_bytes(path: Path, data: bytes, exclusive: bool = False, root: Path | None = None) -> None:
    """Write bytes via a temporary file, so readers never see half a file (see ``atomic_write``)."""
    refuse_links(path, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp makes the file 0600; keep an existing file's mode, else what umask allows
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if exclusive:
            os.link(tmp, path)  # atomic, and refuses to overwrite
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def next_number(root: Path, project: str) -> int:
    """Return the next free issue number of a project."""
    highest = 0
    folder = root / "issues" / project
    if folder.is_dir():
        for entry in os.scandir(folder):
            m = KEY_RE.match(entry.name.removesuffix(".md"))
            if m and m.group(1) == project:
                highest = max(highest, int(m.group(2)))
    return highest + 1


def new_issue(root: Path, project: str, fields: dict, body: str = "", number: int | None = None, notes: list | None = None) -> str:
    """Create ``issues/<project>/<KEY>.md`` with the next free key and return the key."""
    text = document(fields, body, ISSUE_FIELD_ORDER, notes)
    while True:
        n = number or next_number(root, project)
        key = f"{project}-{n}"
        try:
            atomic_write(root / "issues" / project / f"{key}.md", text, exclusive=True, root=root)
            return key
        except FileExistsError:
            if number is not None:
                raise
            continue


def comment_name(author: str, when: datetime) -> str:
    """Return a comment file name: ``YYYYMMDDTHHMMSS-author.md``."""
    return f"{when.strftime('%Y%m%dT%H%M%S')}-{author}.md"


def new_comment(root: Path, key: str, author: str, when: datetime, body: str, extra: dict | None = None,
                notes: list | None = None) -> str:
    """Create a comment file on issue ``key`` and return its path relative to ``root``."""
    project = key.rsplit("-", 1)[0]
    folder = root / "issues" / project / key / "comments"
    fields = {"author": author, "date": when.replace(microsecond=0), **(extra or {})}
    text = document(fields, body, COMMENT_FIELD_ORDER, notes)
    base = comment_name(author, when)[:-3]
    for attempt in range(1000):
        name = f"{base}.md" if attempt == 0 else f"{base}-{attempt + 1}.md"
        try:
            atomic_write(folder / name, text, exclusive=True, root=root)
            return (folder / name).relative_to(root).as_posix()
        except FileExistsError:
            continue
    raise FileExistsError(f"too many comments by {author} at {when}")


def safe_filename(name: str, fallback: str = "attachment") -> str:
    """Return a file name that is safe on every OS and cannot climb out of its folder."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r'[\x00-\x1f<>:"|?*]', "_", name).strip(" .")
    if not name or name in (".", ".."):
        name = fallback
    stem, dot, ext = name.rpartition(".")
    if len(name.encode("utf-8")) > 150:
        stem = (stem or name)[:40]
        name = f"{stem}.{ext}" if dot else stem
    return name


def free_comment_path(root: Path, key: str, author: str, when: datetime, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Return a comment path on issue ``key`` that neither the tracker nor ``taken`` holds (for a staged write)."""
    project = key.rsplit("-", 1)[0]
    base = f"issues/{project}/{key}/comments/{comment_name(author, when)[:-3]}"
    for attempt in range(1000):
        rel = f"{base}.md" if attempt == 0 else f"{base}-{attempt + 1}.md"
        if rel not in taken and not (root / rel).exists():
            return rel
    raise FileExistsError(f"too many comments by {author} at {when}")


def free_attachment_path(root: Path, key: str, name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Return a path under issue ``key``'s files/ for ``name`` (made safe) that neither the tracker nor ``taken`` holds."""
    project = key.rsplit("-", 1)[0]
    folder = f"issues/{project}/{key}/files"
    refuse_links(root / folder, root)  # a linked files/ would put the file anywhere
    name = safe_filename(name)
    stem, dot, ext = name.rpartition(".")
    candidate, counter = name, 1
    while f"{folder}/{candidate}" in taken or (root / folder / candidate).exists():
        counter += 1
        candidate = f"{stem}-{counter}.{ext}" if dot else f"{name}-{counter}"
    return f"{folder}/{candidate}"
