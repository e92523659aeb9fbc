"""What the authoring use cases raise for a person's mistake (the CLI prints these without a traceback)."""

from __future__ import annotations


class AuthoringError(Exception):
    """The request cannot be carried out as asked; the message says why."""


class NoSuchIssue(AuthoringError):
    """The issue named does not exist."""

    def __init__(self, key: str):
        super().__init__(f"issue {key} does not exist")
        self.key = key
