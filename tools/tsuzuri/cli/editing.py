"""What the authoring commands share: who is acting, reading a body, turning rejections into errors."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from ..authoring.errors import AuthoringError
from ..authoring.identity import current_member
from ..authoring.issues import Rejected
from ..model import Config
from .errors import UsageError, UserError


def interactive() -> bool:
    """Tell whether a person is at a terminal (so prompting and $EDITOR make sense)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def acting_member(config: Config, root: Path, explicit: str | None) -> str:
    """Return the member acting: --author, or the one whose email matches git's user.email."""
    member = current_member(config, root, explicit or "")
    if not member:
        raise UsageError("cannot tell who you are: pass --author MEMBER, or set `git config user.email` to a member's email in tsuzuri.yml")
    if config.member(member) is None:
        raise UsageError(f"`{member}` is not a member in tsuzuri.yml")
    return member


def read_body(body: str | None, body_file: str | None, template: str = "") -> str:
    """Return the body from --body, --body-file, or $EDITOR when interactive (else empty)."""
    if body is not None:
        return body
    if body_file:
        text = sys.stdin.read() if body_file == "-" else Path(body_file).read_text(encoding="utf-8")
        return text
    if interactive():
        edited = click.edit(template, extension=".md")
        return (edited or "").strip("\n")
    return ""


def now(config: Config) -> datetime:
    """Return the current time in the tracker's time zone."""
    try:
        zone = ZoneInfo(config.timezone)
    except Exception:  # noqa: BLE001 - an unknown zone name falls back to UTC
        zone = ZoneInfo("UTC")
    return datetime.now(zone).replace(microsecond=0)


@contextmanager
def reporting_rejections():
    """Turn a rejected edit or another authoring error into a UserError."""
    try:
        yield
    except Rejected as exc:
        raise UserError("nothing was written:\n" + "\n".join("  " + f.text() for f in exc.findings)) from None
    except AuthoringError as exc:
        raise UserError(str(exc)) from None
