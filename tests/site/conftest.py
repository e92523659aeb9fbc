"""Fixture trackers for the site tests, and one built site per session."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from datetime import UTC, date, datetime, time
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


DEMO_DAY = date(2026, 11, 26)


@pytest.fixture(scope="session")
def demo_repo(tmp_path_factory) -> Path:
    """The repository's demo tracker replayed into a fresh repository with a history and its plan-baseline tag."""
    from tsuzuri.devtools.demo_history import replay

    if not (REPO / "tsuzuri.yml").is_file():
        pytest.skip("the demo tracker is not in this checkout")
    dest = tmp_path_factory.mktemp("demo") / "tracker"
    replay(REPO, dest, DEMO_DAY, {"HOJO": "plan-baseline"})
    return dest


@pytest.fixture(scope="session")
def demo_site(demo_repo, tmp_path_factory) -> Path:
    """The demo tracker with its history built once with `mkdocs build --strict`, as of DEMO_DAY."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(DEMO_DAY, time(12), UTC).timestamp()))
    try:
        return mkdocs_build(demo_repo, tmp_path_factory.mktemp("demo-site"))
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync"
]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by playwright (skipped where it is missing, except in CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing, and CI must run the browser tests")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); CI runs this test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(directory: Path):
    """Serve a built site from a local HTTP server on 127.0.0.1; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
