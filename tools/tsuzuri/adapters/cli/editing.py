"""What the authoring commands share: who is acting, reading a body, turning rejections into errors."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from tsuzuri.adapters.cli.invocation import configured_language, language
from tsuzuri.authoring.identity import current_member
from tsuzuri.authoring.issues import Rejected
from tsuzuri.errors import AuthoringError, TsuzuriError, UsageError
from tsuzuri.formats.textfile import TextProblem, decode
from tsuzuri.messages import localized, say
from tsuzuri.model import Config


def interactive() -> bool:
    """Tell whether a person is at a terminal (so prompting and $EDITOR make sense)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def acting_member(config: Config, root: Path, explicit: str | None) -> str:
    """Return the member acting: --author, or the one whose email matches git's user.email."""
    member = current_member(config, root, explicit or "")
    found = config.find_member(member) if member and config.member(member) is None else None
    if found is not None and found.id:
        member = found.id  # --author 林 美咲 or a mail address: the member it names
    elif found is not None and found.ambiguous:
        names = ", ".join(f"`{c}` ({config.member(c).name})" for c in found.candidates)
        raise UsageError(
            say(language(None, config.language), "ref.member-ambiguous", value=member, count=len(found.candidates), names=names)
        )
    if not member:
        raise UsageError(say(language(None, config.language), "cli.who-are-you"))
    if config.member(member) is None:
        raise UsageError(say(language(None, config.language), "cli.not-a-member", member=member))
    return member


def read_body(body: str | None, body_file: str | None, template: str = "", lang: str | None = None) -> str:
    """Return the body from --body, --body-file, or $EDITOR when interactive (else empty)."""
    if body is not None:
        return body
    if body_file:
        lang = language(None, lang)
        try:
            data = sys.stdin.buffer.read() if body_file == "-" else Path(body_file).read_bytes()
        except OSError as exc:
            raise UsageError(f"--body-file {body_file}: " + say(lang, "file.unreadable", reason=exc.strerror or exc)) from None
        if not data.strip():
            return ""
        try:
            return decode(data)  # the same encodings and line endings a tracker file may have
        except TextProblem as exc:
            raise TsuzuriError(f"--body-file {body_file}: " + localized(exc.message, lang)) from None
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
def reporting_rejections(root: Path | None = None):
    """Turn a rejected edit or another authoring error into a TsuzuriError, in the tracker's language.

    Yields a list for the notes of what the store changed in the written values; they are
    shown as warnings once the block succeeds.
    """
    notes: list = []
    try:
        yield notes
    except Rejected as exc:
        lang = language(None, configured_language(root) if root else None)
        lines = "\n".join("  " + f.text(lang) for f in exc.findings)
        raise TsuzuriError(say(lang, "cli.nothing-written", findings=lines)) from None
    except AuthoringError as exc:
        lang = language(None, configured_language(root) if root else None)
        raise TsuzuriError(localized(exc.args[0] if exc.args else str(exc), lang)) from None
    if notes:
        lang = language(None, configured_language(root) if root else None)
        for note in notes:
            click.echo("tsuzuri: " + say(lang, "cli.warning", text=localized(note, lang)), err=True)
