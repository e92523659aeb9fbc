"""What the authoring use cases raise for a person's mistake (the CLI prints these without a traceback)."""

from __future__ import annotations

from tsuzuri.messages import Message


class AuthoringError(Exception):
    """The request cannot be carried out as asked; the message says why."""


class NoSuchIssue(AuthoringError):
    """The issue named does not exist."""

    def __init__(self, key: str):
        super().__init__(Message("ref.issue", key=key))
        self.key = key
