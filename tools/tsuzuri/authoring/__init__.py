"""Use cases that change the tracker's files: create, edit, comment, close, turn actions into issues."""
