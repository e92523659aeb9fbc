"""Read and check a tracker for a site build, the same way for the MkDocs plugin and ``tsuzuri pages``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tsuzuri.findings import Finding
from tsuzuri.site.context import SiteContext, build_day
from tsuzuri.site.forge import Forge
from tsuzuri.store import Loaded, gitrepo, load
from tsuzuri.store.history import History, load_history
from tsuzuri.validate import validate_loaded

PAGE_NOTED = frozenset({"baseline-missing"})
"""Findings the site shows on the page concerned instead of failing a strict build."""


class SetupProblem(Exception):
    """A site setting that cannot work (a ``history:`` folder that does not exist)."""


@dataclass
class Prepared:
    """A tracker read for a site: what was read, what is wrong with it, its history and its day."""

    loaded: Loaded
    findings: list[Finding]
    history: History | None
    git_root: Path  # where baselines are read (a replayed demo history has its tags)
    today: date
    notes: list[str]  # settings that work, but not as one might expect

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error" and f.code not in PAGE_NOTED]

    def context(self, forge: Forge | None = None) -> SiteContext:
        """Return the tracker prepared for rendering; ``forge``: where its files are edited on the web."""
        return SiteContext(self.loaded.tracker, self.today, self.history, self.git_root, forge)


def history_folder(config_dir: Path, setting) -> Path | None:
    """Return the other checkout a ``history:`` setting names, if it names one."""
    if isinstance(setting, bool) or setting in (None, "true", "yes", "false", "no", ""):
        return None
    return (Path(config_dir) / str(setting)).resolve()


def prepare(root: Path, config_dir: Path, history_setting=True, today: str | None = None) -> Prepared:
    """Load, validate and date the tracker at ``root`` for a site whose config is in ``config_dir``.

    ``history_setting``: true (the tracker's own checkout), false, or another checkout's path.
    """
    notes: list[str] = []
    other = history_folder(config_dir, history_setting)
    if history_setting is False or history_setting in ("false", "no", ""):
        history = None
    elif other is None:
        history = load_history(root)
    else:
        if not other.is_dir():
            raise SetupProblem(f"tsuzuri: history: {history_setting} is not a folder (give a Git checkout of the tracker, or true/false)")
        if not gitrepo.is_checkout(other):
            notes.append(f"tsuzuri: history: {history_setting} is not a Git checkout, so the site shows no history")
        history = load_history(other)
    loaded = load(root, history=history)
    findings = validate_loaded(loaded)
    try:
        day = build_day(today, zone=loaded.tracker.config.timezone)
    except ValueError:
        raise SetupProblem(f"tsuzuri: today: {today!r} is not a date like 2026-11-26") from None
    return Prepared(loaded, findings, history, other or root, day, notes)
