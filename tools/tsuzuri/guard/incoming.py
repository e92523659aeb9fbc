"""The guard at the door: what a mail or an imported record would bring in, as reasons to refuse it."""

from __future__ import annotations

from collections.abc import Iterable

from tsuzuri.guard.extract import Unreadable, scannable
from tsuzuri.guard.scan import Guard, Hit, scan_file
from tsuzuri.messages import Message


def refusals(guard: Guard, texts: Iterable[tuple[str | Message, str]], files: Iterable[tuple[str, bytes]] = ()) -> list[Message]:
    """Return one short reason per finding in the named texts and files; empty when all may come in.

    Inline ``tsuzuri:allow`` markers count for nothing here: whoever sends the data could write
    them. Only fingerprints in tsuzuri.yml allow a finding. A file the guard cannot read is let
    through; ``tsuzuri validate`` warns about it once it is in the tracker.
    """
    found: list[Message] = []
    for place, text in texts:
        found += (_brief(place, hit) for hit in guard.text(text or "", inline_allow=False))
    for name, data in files:
        if not scannable(name):
            continue
        try:
            hits = scan_file(guard, name, data)
        except Unreadable:
            continue
        found += (_brief(name, hit) for hit in hits)
    return found


def _brief(place: str | Message, hit: Hit) -> Message:
    where = Message("guard.place.at", name=place, where=hit.where) if hit.where else Message("guard.place.line", name=place, line=hit.line)
    return Message("guard.brief", rule=Message(f"guard.rule.{hit.rule}"), shown=hit.shown, place=where)
