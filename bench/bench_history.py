"""Time history extraction on a repository of 10,000 issues and 20,000 commits.

The repository is written with ``git fast-import``: one commit per new issue (spread over
the corpus's three projects), then one commit per status change (every third also adds a
comment), by 30 members in turn.
Targets: full extraction < 10 s, a cached second run < 1 s.

Usage: python bench/bench_history.py [ISSUES [COMMITS]]   (default: 10000 20000)
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from corpus import PROJECTS, STATUSES, comment_text, config_text, issue_text

from tsuzuri.store.history import load_history

TARGET_FULL = 10.0
TARGET_CACHED = 1.0
N_MEMBERS = 30
JST = timezone(timedelta(hours=9))


def _blob(text: str) -> bytes:
    data = text.encode("utf-8")
    return b"data %d\n" % len(data) + data + b"\n"


def build(root: Path, n_issues: int, n_commits: int, seed: int = 0) -> None:
    """Create the benchmark repository at ``root`` with fast-import and check it out."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE)
    out = proc.stdin
    when = datetime(2026, 4, 1, 9, 0, tzinfo=JST)
    texts: dict[str, str] = {}

    def commit(message: str, files: dict[str, str], author: int) -> None:
        nonlocal when
        when += timedelta(minutes=7)
        stamp = f"{int(when.timestamp())} +0900"
        who = f"m{author:02d} <m{author:02d}@example.jp>"
        out.write(f"commit refs/heads/main\nauthor {who} {stamp}\ncommitter {who} {stamp}\n".encode())
        out.write(_blob(message))
        for path, text in files.items():
            out.write(f"M 100644 inline {path}\n".encode() + _blob(text))
        out.write(b"\n")

    keys = []
    for index in range(n_issues):
        # Spread over the corpus's projects, as a real office's tracker would be.
        project = PROJECTS[index % len(PROJECTS)]
        key = f"{project}-{index // len(PROJECTS) + 1}"
        keys.append(key)
        texts[key] = issue_text(rng, project, index // len(PROJECTS) + 1, N_MEMBERS)
        files = {f"issues/{project}/{key}.md": texts[key]}
        if index == 0:
            files["tsuzuri.yml"] = config_text(N_MEMBERS)
        commit(f"Add {key}", files, index % N_MEMBERS)
    for index in range(n_commits - n_issues):
        key = rng.choice(keys)
        project = key.rsplit("-", 1)[0]
        author = rng.randrange(N_MEMBERS)
        old = next(line for line in texts[key].split("\n") if line.startswith("status: "))
        new = f"status: {rng.choice([s for s in STATUSES if f'status: {s}' != old])}"
        texts[key] = texts[key].replace(old, new, 1)
        files = {f"issues/{project}/{key}.md": texts[key]}
        if index % 3 == 0:
            files[
                f"issues/{project}/{key}/comments/{when.strftime('%Y%m%dT%H%M%S')}-m{author:02d}.md"
            ] = comment_text(rng, when, f"m{author:02d}")
        commit(f"Update {key}", files, author)
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=root, check=True)


def main(argv: list[str]) -> int:
    n_issues = int(argv[0]) if argv else 10_000
    n_commits = int(argv[1]) if len(argv) > 1 else 20_000
    with tempfile.TemporaryDirectory(prefix="tsuzuri-bench-history-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        build(root, n_issues, n_commits)
        print(f"build repo ({n_issues} issues, {n_commits} commits, fast-import): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        history = load_history(root)
        full = time.perf_counter() - started
        changes = sum(len(t.changes) for t in history.timelines.values())
        comments = sum(len(t.comments) for t in history.timelines.values())
        print(f"full history extraction: {full:.2f} s (target < {TARGET_FULL:.0f} s)"
              f"  [{len(history.files)} files, {len(history.timelines)} timelines, {changes} field changes, {comments} comments]")
        started = time.perf_counter()
        again = load_history(root)
        cached = time.perf_counter() - started
        print(f"cached second run: {cached:.2f} s (target < {TARGET_CACHED:.0f} s)")
        assert len(again.timelines) == len(history.timelines)
        ok = full < TARGET_FULL and cached < TARGET_CACHED
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
