"""Exit codes and the errors a command raises for a person's mistake."""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_BUG = 3


class UserError(Exception):
    """A problem the person can fix; printed without a traceback."""

    exit_code = EXIT_DATA


class UsageError(UserError):
    """The command was called wrongly."""

    exit_code = EXIT_USAGE
