"""Work out which member is acting: an explicit id, or the Git author's email."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tsuzuri.model import Config
from tsuzuri.store.history import member_for_email


def git_email(root: Path) -> str:
    """Return ``git config user.email`` in ``root``, or "" when unset or not a checkout."""
    try:
        done = subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def current_member(config: Config, root: Path, explicit: str = "") -> str:
    """Return the acting member: ``explicit`` when given, else the member matching Git's user.email."""
    if explicit:
        return explicit
    return member_for_email(config, git_email(root))
