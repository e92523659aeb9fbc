"""Validate a tracker: every finding about its files, sorted, never stopping at the first."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from tsuzuri.findings import Finding, strictened
from tsuzuri.messages import Message
from tsuzuri.store import Loaded, load, transaction
from tsuzuri.validate import confidential, references, rules, shared_links

_DIGITS = re.compile(r"(\d+)")


def validate_loaded(loaded: Loaded, strict: bool = False, today: date | None = None) -> list[Finding]:
    """Return all findings for an already loaded tracker, sorted by file and line.

    ``today`` matters only to checks about the plan; without it the plan's own dates are used.
    """
    findings = list(loaded.findings) + list(_leftovers(loaded.root))
    config = loaded.documents.get("tsuzuri.yml")
    # Without a readable tsuzuri.yml every project and member looks unknown: show the cause,
    # not an echo of it in every file above it.
    if config is not None and config.ok:
        findings.extend(references.check(loaded.tracker, loaded.documents))
        findings.extend(rules.check(loaded, today or _plan_day(loaded)))
        findings.extend(shared_links.check(loaded))
        findings.extend(confidential.check(loaded))
    findings = sorted(set(findings), key=_natural)
    return strictened(findings) if strict else findings


def _leftovers(root: Path):
    # A staging folder that the next command could not finish or roll back (see store.transaction)
    for name in transaction.leftovers(root):
        yield Finding(name, 1, 1, "error", "leftover-staging", Message("store.leftover-staging"), Message("store.leftover-staging.hint"))


def _natural(f: Finding) -> tuple:
    # MIRA-2 before MIRA-10: compare the digit runs of the path as numbers.
    parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in _DIGITS.split(f.path) if p)
    return (parts, f.line, f.col, f.code, f.message)


def _plan_day(loaded: Loaded) -> date:
    # A fixed reference day keeps validation of the same files deterministic.
    starts = [w.start for w in loaded.tracker.wbs.values() if w.start]
    return min(starts) if starts else date(2000, 1, 1)


def validate(
    root: Path, strict: bool = False, today: date | None = None, known: Mapping[str, bytes] | None = None
) -> tuple[Loaded, list[Finding]]:
    """Load the tracker at ``root`` and return it with all its findings.

    ``known``: files this process has just written there (rel path -> bytes), taken from memory.
    """
    loaded = load(Path(root), known=known)
    return loaded, validate_loaded(loaded, strict, today)


def findings(root: Path, known: Mapping[str, bytes] | None = None) -> list[Finding]:
    """Return the findings of the tracker at ``root`` (the check an import runs before and after it writes)."""
    return validate(root, known=known)[1]
