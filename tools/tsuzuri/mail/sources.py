"""Read raw mail from a Maildir, an mbox file, .eml files or an IMAP mailbox.

Every source yields ``Incoming`` items; the caller calls ``done()`` only after the mail's
result (a comment, an issue or a quarantine entry) is on disk, so no mail is ever lost.
"""

from __future__ import annotations

import imaplib
import mailbox
import os
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Incoming:
    """One raw mail and how to tell its source it has been handled."""

    label: str  # where it came from, for messages to the person
    raw: bytes
    done: Callable[[], None] = lambda: None


def from_maildir(path: Path, remove: bool = False) -> Iterator[Incoming]:
    """Yield the unread mail of a Maildir; once handled, mark it seen (or remove it).

    The files are read as bytes and renamed by hand (``new/x`` -> ``cur/x:2,S``), never parsed
    here: a mail the parser chokes on must reach ingest's boundary, not stop the source.
    """
    if not (path / "cur").is_dir() and not (path / "new").is_dir():
        raise FileNotFoundError(f"{path} is not a Maildir (no cur/ or new/ folder)")
    entries = []
    for sub in ("new", "cur"):
        folder = path / sub
        if folder.is_dir():
            entries += [e for e in os.scandir(folder) if not e.name.startswith(".") and e.is_file(follow_symlinks=False)]
    for entry in sorted(entries, key=lambda e: e.name.split(":", 1)[0]):
        base, _, info = entry.name.partition(":")
        flags = info[2:] if info.startswith("2,") else ""
        if "S" in flags:
            continue  # handled on an earlier run
        file = Path(entry.path)

        def done(file=file, base=base, flags=flags):
            if remove:
                file.unlink(missing_ok=True)
            else:
                os.replace(file, path / "cur" / f"{base}:2,{''.join(sorted(set(flags) | {'S'}))}")

        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            continue  # taken by someone else meanwhile
        yield Incoming(f"{path}/{base}", raw, done)


def from_mbox(path: Path) -> Iterator[Incoming]:
    """Yield every mail of an mbox file, one at a time (the file is left as it is)."""
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        for n, key in enumerate(box.iterkeys(), 1):
            with box.get_file(key) as handle:
                raw = handle.read()
            # get_file includes the "From " separator line; drop it before parsing.
            if raw.startswith(b"From "):
                raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
            yield Incoming(f"{path}#{n}", raw)
    finally:
        box.close()


def from_files(paths: list[Path], remove: bool = False) -> Iterator[Incoming]:
    """Yield .eml files (a folder means every .eml in it); optionally delete each once handled."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.eml")) if path.is_dir() else [path]
    for file in files:
        yield Incoming(str(file), file.read_bytes(), (lambda f=file: os.unlink(f)) if remove else (lambda: None))


def from_imap(host: str, port: int, user: str, password: str, mailbox_name: str = "INBOX",
              use_ssl: bool = True, remove: bool = False, context: ssl.SSLContext | None = None,
              starttls: bool = False) -> Iterator[Incoming]:
    """Yield unseen mail of an IMAP mailbox; once handled, flag it seen (or delete it).

    The caller decides whether a connection without TLS is acceptable (only to this machine).
    """
    context = context or ssl.create_default_context()
    client = imaplib.IMAP4_SSL(host, port, ssl_context=context) if use_ssl else imaplib.IMAP4(host, port)
    try:
        if starttls:
            client.starttls(ssl_context=context)
        client.login(user, password)
        client.select(_quote(mailbox_name))
        _, data = client.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            # BODY.PEEK leaves \Seen alone until the result is written.
            _, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")

            def done(uid=uid):
                client.uid("STORE", uid, "+FLAGS", "(\\Deleted)" if remove else "(\\Seen)")
                if remove:
                    client.expunge()

            yield Incoming(f"imap://{host}/{mailbox_name};UID={uid.decode()}", raw, done)
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
