"""Shared fixtures: named fixture trackers on disk, copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "trackers"


@pytest.fixture
def tracker_copy(tmp_path):
    """Return a function that copies a named fixture tracker into tmp_path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture
def minimal(tracker_copy) -> Path:
    """A valid minimal tracker in a temporary folder."""
    return tracker_copy("minimal")


@pytest.fixture
def fixtures_dir() -> Path:
    """The folder of named fixture trackers."""
    return FIXTURES
