"""Build every audience's site into a folder of its own, several at a time.

Each site is an ordinary ``mkdocs build`` with ``TSUZURI_AUDIENCE`` set, run as its own
process: builds share nothing, so they run side by side on as many cores as the machine
has, and one failing build does not stop the others.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

AUDIENCE_ENV = "TSUZURI_AUDIENCE"
"""The environment variable that picks the audience of one ``mkdocs build``."""

LEDGER = ".tsuzuri-audiences"
"""The file in the site folder naming the audiences built there, so a removed audience's old site is removed too."""


@dataclass(frozen=True)
class Built:
    """The outcome of one audience's build."""

    audience: str
    folder: Path
    seconds: float
    ok: bool
    output: str = ""  # the end of mkdocs' output when the build failed


def default_jobs(count: int) -> int:
    """Return how many builds to run at once: one per core, no more than there are builds."""
    return max(1, min(count, os.cpu_count() or 1))


def build_all(config_file: Path, site_dir: Path, audiences: list[str], jobs: int = 0, strict: bool = True,
              env: Mapping[str, str] | None = None) -> Iterator[Built]:
    """Build each audience's site into ``site_dir/<audience>/``; yield each outcome as it finishes."""
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale(site_dir, audiences)
    (site_dir / LEDGER).write_text("".join(f"{a}\n" for a in audiences), encoding="utf-8")
    base = dict(os.environ if env is None else env)
    with ThreadPoolExecutor(max_workers=jobs or default_jobs(len(audiences))) as pool:
        futures = [pool.submit(_build, Path(config_file), site_dir / audience, audience, strict, base) for audience in audiences]
        for future in as_completed(futures):
            yield future.result()


def _build(config_file: Path, folder: Path, audience: str, strict: bool, env: dict) -> Built:
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--config-file", str(config_file), "--site-dir", str(folder)]
    if strict:
        command.append("--strict")
    done = subprocess.run(command, env={**env, AUDIENCE_ENV: audience}, capture_output=True, text=True, cwd=config_file.parent)
    ok = done.returncode == 0
    if not ok and folder.is_dir():
        shutil.rmtree(folder)  # half a site must not be published
    tail = "" if ok else "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
    return Built(audience, folder, time.perf_counter() - started, ok, tail)


def _remove_stale(site_dir: Path, audiences: list[str]) -> None:
    ledger = site_dir / LEDGER
    if not ledger.is_file():
        return
    for name in ledger.read_text(encoding="utf-8").split():
        folder = site_dir / name
        if name not in audiences and "/" not in name and name not in (".", "..") and folder.is_dir():
            shutil.rmtree(folder)
