"""``tsuzuri mail ingest``: turn replies into comments and inquiry mail into issues."""

from __future__ import annotations

import imaplib
import os
import ssl
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import click

from tsuzuri.adapters.cli.invocation import lang_option, root_option, tracker_language, tracker_root
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.mail import quarantine, sources
from tsuzuri.mail.ingest import ConfigUnreadable, ingest
from tsuzuri.mail.send import tls_context
from tsuzuri.mail.settings import SettingsProblem, loopback, settings
from tsuzuri.messages import localized, say
from tsuzuri.store import load
from tsuzuri.store.lock import Locked, exclusive

LOCK_FILE = ".tsuzuri/ingest.lock"


@click.group("mail")
def command() -> None:
    """Bridge the tracker and email."""


@command.command("ingest")
@click.option("--maildir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Read unread mail from this Maildir.")
@click.option("--mbox", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read every mail of this mbox file.")
@click.option(
    "--eml",
    "eml",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Read this .eml file (or every .eml in a folder); repeatable.",
)
@click.option(
    "--retry-quarantine",
    "retry",
    is_flag=True,
    help="Try the quarantined mail again (after fixing members, say); release what now succeeds.",
)
@click.option("--imap", "imap", is_flag=True, help="Read unseen mail over IMAP (mail.imap_host etc. in tsuzuri.yml).")
@click.option("--imap-host", default=None, help="IMAP server (default: mail.imap_host).")
@click.option("--imap-port", type=int, default=None, help="IMAP port (default: mail.imap_port, 993).")
@click.option("--imap-user", default=None, help="IMAP user (default: TSUZURI_IMAP_USER or mail.imap_user).")
@click.option("--imap-mailbox", default=None, help="IMAP mailbox (default: INBOX).")
@click.option("--no-ssl", is_flag=True, help="Talk plain IMAP (only for a server on this machine).")
@click.option("--remove", is_flag=True, help="Delete each mail from its source once handled (default: mark it seen).")
@click.option("--commit", is_flag=True, help="Commit each result with the sender as the commit author.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the totals.")
@root_option
@lang_option
def ingest_command(
    maildir, mbox, eml, retry, imap, imap_host, imap_port, imap_user, imap_mailbox, no_ssl, remove, commit, quiet, root, lang
) -> None:
    """Read mail and write comments, inquiry issues and quarantine entries."""
    tracker_dir = tracker_root(root, lang)
    lang = tracker_language(tracker_dir, lang)
    chosen = [bool(maildir), bool(mbox), bool(eml), bool(retry), bool(imap)]
    if sum(chosen) != 1:
        raise UsageError(say(lang, "cli.mail.one-source"))
    try:
        mail = settings(load(tracker_dir).tracker.config)
    except SettingsProblem as exc:
        raise TsuzuriError(localized(exc.args[0], lang)) from None
    lock_file = tracker_dir / LOCK_FILE
    try:
        # One ingest at a time: two runs on one mailbox would both turn the same mail into comments.
        with exclusive(lock_file):
            counts = _ingest(tracker_dir, mail, lang, maildir, mbox, eml, retry, imap_host, imap_port, imap_user, imap_mailbox,
                             no_ssl, remove, commit, quiet)
    except Locked as exc:
        raise TsuzuriError(say(lang, "cli.mail.locked", holder=exc.holder, path=LOCK_FILE)) from None
    except ConfigUnreadable as exc:
        lines = "\n".join("  " + f.text(lang) for f in exc.findings)
        raise TsuzuriError(say(lang, "cli.mail.config-unreadable", findings=lines)) from None
    summary = say(
        lang,
        "cli.mail.summary",
        comments=counts["comment"],
        issues=counts["issue"],
        duplicates=counts["duplicate"],
        quarantined=counts["quarantined"],
    )
    click.echo(summary, err=True)
    if counts["unverified"]:
        click.echo(say(lang, "cli.mail.summary-unverified", count=counts["unverified"]), err=True)
    if counts["applied"] or counts["refused"]:
        click.echo(say(lang, "cli.mail.summary-fields", applied=counts["applied"], refused=counts["refused"]), err=True)


def _ingest(
    tracker_dir, mail, lang, maildir, mbox, eml, retry, imap_host, imap_port, imap_user, imap_mailbox, no_ssl, remove, commit, quiet
) -> Counter:
    held = tracker_dir / mail.quarantine if retry else None
    if held is not None:
        items = sources.from_files(quarantine.entries(held))
    elif maildir:
        items = sources.from_maildir(maildir, remove)
    elif mbox:
        items = sources.from_mbox(mbox)
    elif eml:
        items = sources.from_files(list(eml), remove)
    else:
        items = _imap_source(mail, lang, imap_host, imap_port, imap_user, imap_mailbox, no_ssl, remove)
    counts: Counter = Counter()
    try:
        for outcome in ingest(tracker_dir, items, datetime.now(UTC), commit=commit, lang=lang, mail=mail):
            counts[outcome.kind] += 1
            counts["unverified"] += not outcome.verified
            counts["applied"] += len(outcome.applied)
            counts["refused"] += len(outcome.refused)
            if held is not None and outcome.kind != "quarantined":
                quarantine.release(Path(outcome.source))
            if not quiet:
                _report(outcome, lang)
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
        # Only the source or the quarantine folder can fail here; the mail in hand is not marked, so nothing is lost.
        raise TsuzuriError(say(lang, "cli.mail.cannot-read", error=exc)) from None
    return counts


def _imap_source(mail, lang, imap_host, imap_port, imap_user, imap_mailbox, no_ssl, remove):
    """The unseen mail of the IMAP mailbox the options and tsuzuri.yml name; plain IMAP only on this machine."""
    host = imap_host or mail.imap_host
    user = imap_user or mail.imap_user
    if not host or not user:
        raise UsageError(say(lang, "cli.mail.imap-settings"))
    if not os.environ.get("TSUZURI_IMAP_PASSWORD"):
        raise UsageError(say(lang, "cli.mail.imap-password"))
    use_ssl = not no_ssl and mail.imap_ssl
    starttls = not use_ssl and mail.imap_starttls
    if not use_ssl and not starttls and not loopback(host):
        raise TsuzuriError(say(lang, "mail.imap-tls-required", host=host, user=user))
    port = imap_port or (143 if not use_ssl else mail.imap_port)
    return sources.from_imap(host, port, user, os.environ["TSUZURI_IMAP_PASSWORD"], imap_mailbox or mail.imap_mailbox,
                             use_ssl=use_ssl, remove=remove, context=tls_context(mail), starttls=starttls)


def _report(outcome, lang: str) -> None:
    """Print what became of one mail, and of each field line it carried."""
    if outcome.kind == "quarantined":
        click.echo(say(lang, "cli.mail.quarantined", source=outcome.source, reason=outcome.reason, detail=outcome.detail))
    elif outcome.kind == "duplicate":
        click.echo(say(lang, "cli.mail.duplicate", source=outcome.source, detail=outcome.detail))
    elif not outcome.verified:
        kind = f"cli.mail.{outcome.kind}-unverified"
        click.echo(say(lang, kind, key=outcome.key, path=outcome.path, author=outcome.author, why=outcome.why))
    else:
        click.echo(say(lang, f"cli.mail.{outcome.kind}", key=outcome.key, path=outcome.path, author=outcome.author))
    for line in outcome.applied:
        click.echo(say(lang, "cli.mail.field-applied", line=line))
    for line, why in outcome.refused:
        click.echo(say(lang, "cli.mail.field-refused", line=line, why=why))
    for note in outcome.notes:
        click.echo(say(lang, "cli.mail.note", note=note))
