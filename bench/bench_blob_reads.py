"""Time reading the history's blobs two ways: the store's fed ``cat-file --batch``, and GitPython's own.

``store.gitrepo.read_blobs`` writes every object id to one ``git cat-file --batch`` from a thread
while it reads the contents, so both pipes keep moving. GitPython's persistent cat-file
(``Git.get_object_data``, what ``Repo.odb`` reads through) asks for one object and waits for
it before asking for the next. This prints both, measured in turn on the same blobs (the
repository of bench_history.py), so the choice in docs/architecture.md can be checked.
Target: the store's way is not slower than GitPython's.

Usage: python bench/bench_blob_reads.py [ISSUES [COMMITS [ROUNDS]]]   (default: 3000 6000 5)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from bench_history import build

from tsuzuri.store import gitrepo


def one_at_a_time(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Read the blobs through GitPython's persistent cat-file, one request after the other."""
    git = gitrepo._command(root)
    blobs = {}
    try:
        for sha in dict.fromkeys(shas):
            try:
                blobs[sha] = git.get_object_data(sha)[3]
            except ValueError:  # an id git lacks
                continue
    finally:
        git.clear_cache()  # ends the persistent process
    return blobs


def main(argv: list[str]) -> int:
    n_issues, n_commits, rounds = (int(a) for a in (argv + ["3000", "6000", "5"][len(argv):])[:3])
    with tempfile.TemporaryDirectory(prefix="tsuzuri-bench-blobs-") as tmp:
        root = Path(tmp)
        build(root, n_issues, n_commits)
        shas = [c.new for _, changes in gitrepo.log(root, "HEAD") for c in changes if c.new]
        assert gitrepo.read_blobs(root, shas) == one_at_a_time(root, shas)
        times: dict[str, list[float]] = {"store (fed cat-file --batch)": [], "GitPython get_object_data": []}
        for _ in range(rounds):  # in turn, so a busy machine slows both alike
            for name, read in zip(times, (gitrepo.read_blobs, one_at_a_time), strict=True):
                started = time.perf_counter()
                read(root, shas)
                times[name].append(time.perf_counter() - started)
    print(f"{len(set(shas))} blobs, {rounds} rounds each, in turn")
    for name, figures in times.items():
        print(f"{name}: median {statistics.median(figures):.2f} s  [{', '.join(f'{t:.2f}' for t in figures)}]")
    store, gitpython = (statistics.median(t) for t in times.values())
    print(f"GitPython's way takes {gitpython / store:.1f}x the store's (target: >= 1.0x)")
    return 0 if store <= gitpython else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
