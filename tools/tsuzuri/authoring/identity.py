"""Work out which member is acting: an explicit id, or the Git author's email."""

from __future__ import annotations

from pathlib import Path

from tsuzuri.model import Config
from tsuzuri.store import gitrepo
from tsuzuri.store.history import member_for_email


def current_member(config: Config, root: Path, explicit: str = "") -> str:
    """Return the acting member: ``explicit`` when given, else the member matching Git's user.email."""
    if explicit:
        return explicit
    return member_for_email(config, gitrepo.user_email(root))
