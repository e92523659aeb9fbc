"""The one error tree: what tsuzuri raises for a problem a person can fix, and the exit code each means.

::

    TsuzuriError (exit 1)          a problem in the data, a setting or the machine's state
    ├── UsageError (exit 2)        the command was called wrongly (also FilterProblem, BadDay)
    ├── AuthoringError             an edit cannot be made as asked (NoSuchIssue, Rejected)
    └── every other class below    TextProblem, YamlProblem, SiteConfigProblem (formats);
                                   GitError, Locked, BaselineUnavailable, FolderNotOurs,
                                   SymlinkRefused (store); SettingsProblem, SendError,
                                   ConfigUnreadable, Unreadable (mail); SheetProblem,
                                   MappingProblem, TooLarge, BacklogError, ApplyFailed
                                   (interchange); UnknownAudience, guard's Unreadable,
                                   SetupProblem (site)

Each class keeps its own module (it is raised there); this module holds the base, the exit
codes and the errors shared by several use cases. An adapter catches ``TsuzuriError`` once
and exits with ``exit_code``; any other exception is a bug in tsuzuri (exit 3), Ctrl-C is 130.
"""

from __future__ import annotations

from tsuzuri.messages import Message, localized

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class TsuzuriError(Exception):
    """A problem the person can fix, printed without a traceback: its first argument (or ``message``) says what."""

    exit_code = EXIT_DATA

    def text(self, lang: str | None) -> str:
        """Return what went wrong in ``lang`` (a catalog message is rendered; plain text stays as it is)."""
        message = getattr(self, "message", None) or (self.args[0] if self.args else "")
        return localized(message, lang) if isinstance(message, str) else str(message)


class UsageError(TsuzuriError):
    """The command was called wrongly."""

    exit_code = EXIT_USAGE


class AuthoringError(TsuzuriError):
    """The request cannot be carried out as asked; the message says why."""


class NoSuchIssue(AuthoringError):
    """The issue named does not exist."""

    def __init__(self, key: str):
        super().__init__(Message("ref.issue", key=key))
        self.key = key
