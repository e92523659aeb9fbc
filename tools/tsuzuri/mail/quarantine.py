"""Keep every refused mail, with the reason beside it, so nothing sent to the tracker is lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tsuzuri.store.writer import atomic_write, document


def keep(folder: Path, raw: bytes, reason: str, detail: str, facts: dict) -> Path:
    """Store a refused mail as ``<hash>.eml`` with ``<hash>.md`` saying why; return the .eml path.

    The name comes from the mail's bytes, so the same mail refused twice is kept once.
    """
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(raw).hexdigest()[:20]
    eml = folder / f"{name}.eml"
    if not eml.exists():
        tmp = folder / f".{name}.eml.tmp"
        tmp.write_bytes(raw)
        tmp.replace(eml)
    fields = {"reason": reason, **{k: v for k, v in facts.items() if v}}
    atomic_write(folder / f"{name}.md", document(fields, detail))
    return eml


def entries(folder: Path) -> list[Path]:
    """Return the quarantined mails, oldest name first."""
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


def release(eml: Path) -> None:
    """Forget a quarantined mail once it has been ingested after all."""
    for path in (eml, eml.with_suffix(".md")):
        path.unlink(missing_ok=True)
