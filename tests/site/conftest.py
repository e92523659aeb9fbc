"""Fixture trackers for the site tests, and one built site per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def mkdocs_build(root: Path, site_dir: Path, strict: bool = True) -> Path:
    """Build the tracker at ``root`` with MkDocs' Python API into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def small_tracker(tmp_path_factory) -> Path:
    """A copy of the small fixture tracker (HOJO and KIBAN)."""
    root = tmp_path_factory.mktemp("small") / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    return root


@pytest.fixture(scope="session")
def small_site(small_tracker, tmp_path_factory) -> Path:
    """The small fixture tracker built once with `mkdocs build --strict`."""
    return mkdocs_build(small_tracker, tmp_path_factory.mktemp("small-site"))
