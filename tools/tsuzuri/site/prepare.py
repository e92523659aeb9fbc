"""Read and check a tracker for a site build, the same way for the MkDocs plugin and ``tsuzuri pages``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.findings import Finding
from tsuzuri.messages import Message, localized
from tsuzuri.model import Wbs
from tsuzuri.site.context import SiteContext
from tsuzuri.site.forge import Forge
from tsuzuri.store import Loaded, gitrepo, load
from tsuzuri.store.history import History, load_history

PAGE_NOTED = frozenset({"baseline-missing"})
"""Findings the site shows on the page concerned instead of failing a strict build."""


class SetupProblem(TsuzuriError):
    """A site setting that cannot work (a ``history:`` folder that does not exist), in the tracker's language."""

    def __init__(self, message: Message, lang: str | None):
        super().__init__(localized(message, lang))
        self.message = message


@dataclass
class Prepared:
    """A tracker read for a site: what was read, what is wrong with it, its history and its day."""

    loaded: Loaded
    findings: list[Finding]
    history: History | None
    git_root: Path  # where baselines are read (a replayed demo history has its tags)
    today: date
    notes: list[str]  # settings that work, but not as one might expect
    baseline_view: Callable[[Wbs], Wbs] | None = None  # an audience's site: what it shows of a baseline's plan
    unchecked: Loaded | None = None  # the tracker as read, while its checks are left for ``check``

    def checks(self) -> list[Finding]:
        """Return the findings of the tracker as it was read (changing nothing: a forked process may run this)."""
        # Imported here: a large tracker's build checks it in a forked process, and its own process
        # never loads the checks (and the scanners they read attachments with).
        from tsuzuri.validate import validate_loaded

        return validate_loaded(self.unchecked) if self.unchecked is not None else self.findings

    def check(self, findings: list[Finding] | None = None) -> None:
        """Check the tracker as it was read, where ``prepare`` left that for later (``findings``: ``checks`` made elsewhere)."""
        if self.unchecked is not None:
            self.findings = self.checks() if findings is None else findings
            self.unchecked.documents.clear()  # every file's text and parsed values served the checks
            self.unchecked = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error" and f.code not in PAGE_NOTED]

    def context(self, forge: Forge | None = None) -> SiteContext:
        """Return the tracker prepared for rendering; ``forge``: where its files are edited on the web."""
        return SiteContext(self.loaded.tracker, self.today, self.history, self.git_root, forge, self.baseline_view)


def history_folder(config_dir: Path, setting) -> Path | None:
    """Return the other checkout a ``history:`` setting names, if it names one."""
    if isinstance(setting, bool) or setting in (None, "true", "yes", "false", "no", ""):
        return None
    return (Path(config_dir) / str(setting)).resolve()


def prepare(root: Path, config_dir: Path, history_setting, day: Callable[[str | None], date], check: bool = True) -> Prepared:
    """Load, validate and date the tracker at ``root`` for a site whose config is in ``config_dir``.

    ``history_setting``: true (the tracker's own checkout), false, or another checkout's path.
    ``check``: false leaves the checks for ``Prepared.check`` (a build renders pages on the other
    core meanwhile); until then ``findings`` is empty.
    ``day``: the adapter's one "today", given the tracker's time zone; a ValueError from it
    (a ``today:`` setting that is not a date) is a SetupProblem.
    """
    notes: list[str] = []
    other = history_folder(config_dir, history_setting)
    history = None
    missing = other is not None and not other.is_dir()
    if history_setting is False or history_setting in ("false", "no", "") or missing:
        history = None
    elif other is None:
        history = load_history(root)
    else:
        if not gitrepo.is_checkout(other):
            notes.append(Message("site.plugin.history-not-a-checkout", setting=history_setting))
        history = load_history(other)
    loaded = load(root, history=history)
    lang = loaded.tracker.config.language
    if missing:
        # Said after the tracker is read, so that it is said in the tracker's language.
        raise SetupProblem(Message("site.plugin.history-not-a-folder", setting=history_setting), lang)
    notes = [localized(note, lang) for note in notes]
    try:
        today = day(loaded.tracker.config.timezone)
    except ValueError as exc:
        raise SetupProblem(Message("site.bad-today", value=getattr(exc, "value", exc)), lang) from None
    # Checked as read: an audience's site later shows a view of the tracker, not what was read.
    prepared = Prepared(loaded, [], history, other or root, today, notes, unchecked=replace(loaded))
    if check:
        prepared.check()
    return prepared
