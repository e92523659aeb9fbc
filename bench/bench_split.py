"""Time a build split by project (docs/site.md, "A build split by project") against one whole build.

A generated tracker of N issues (default 50,000) over five projects. The whole build is one
`mkdocs build` without a page cache. The split build is one `tsuzuri pages --project KEY` per
project (CI jobs running side by side: the longest counts), their caches copied into one,
then one `mkdocs build` that finds every issue page in the cache.

Target: the split build's critical path (the longest job plus the assembled build) <= 0.5x
the whole build. MkDocs lays out every page in the last job whatever is split, so that build
bounds what splitting can win; it is printed on its own line.

Usage: python bench/bench_split.py [N]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from bench_site import BIN, child, timed, tracker, verdict

from tsuzuri.store.page_cache import FOLDER

PROJECTS = ("HOJO", "MIRA", "ENE", "KIBAN", "SHINSEI")
TARGET = 0.5


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 50_000
    corpus.PROJECTS = PROJECTS
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        whole_root = tmp / "whole"
        tracker(whole_root, n, cache=False)
        whole = child(whole_root)
        jobs = {}
        for project in PROJECTS:
            job = tmp / f"job-{project}"
            shutil.copytree(whole_root, job, ignore=shutil.ignore_patterns("site"))
            tracker(job, n, cache=True)
            jobs[project] = timed([BIN / "tsuzuri", "pages", "--project", project], job)
        final = tmp / "final"
        shutil.copytree(whole_root, final, ignore=shutil.ignore_patterns("site"))
        tracker(final, n, cache=True)
        for project in PROJECTS:
            shutil.copytree(tmp / f"job-{project}" / FOLDER, final / FOLDER, dirs_exist_ok=True)
        assembled = child(final)
        longest = max(jobs.values(), key=lambda r: r["seconds"])
        path = longest["seconds"] + assembled["seconds"]
        print(f"N={n} over {len(PROJECTS)} projects: whole build, one job: {whole['seconds']:.1f} s, {whole['peak_mb']:.0f} MB")
        for project, r in jobs.items():
            print(f"N={n}: job {project}: tsuzuri pages --project {project}: {r['seconds']:.1f} s, {r['peak_mb']:.0f} MB")
        print(
            f"N={n}: assembled build (every issue page from the jobs' caches): {assembled['seconds']:.1f} s, {assembled['peak_mb']:.0f} MB"
        )
        r = path / whole["seconds"]
        print(f"N={n}: split build's critical path (longest job + assembled build): {path:.1f} s, {r:.2f}x the whole build "
              f"(target <= {TARGET}x) {verdict(r <= TARGET)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
