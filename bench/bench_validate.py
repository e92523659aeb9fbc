"""Time `tsuzuri validate` beside the floor: reading the same files and parsing front matter.

The floor reads every file the validator reads and parses its YAML (front matter for
Markdown files) with yaml.CSafeLoader, and nothing else. Target: validation at N=10,000
issues takes at most 1.5 times the floor, with peak memory under 500 MB.

Usage: python bench/bench_validate.py [N ...]   (default: 1000 10000)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

TARGET_RATIO = 1.5
TARGET_MB = 500


def floor(root: Path) -> float:
    """Read every tracker file and parse its YAML with CSafeLoader; return seconds."""
    started = time.perf_counter()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            if not name.endswith((".md", ".yml")):
                continue
            text = path.read_bytes().decode("utf-8")
            if name.endswith(".md"):
                front = text.split("\n---\n", 1)[0][4:]
            else:
                front = text
            yaml.load(front, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def validate(root: Path) -> tuple[float, float]:
    """Run `tsuzuri validate` in a fresh process; return (seconds, peak MB)."""
    code = (
        "import resource, sys, time\n"
        "from pathlib import Path\n"
        "from tsuzuri.validate import validate\n"
        "t = time.perf_counter()\n"
        "loaded, findings = validate(Path(sys.argv[1]))\n"
        "elapsed = time.perf_counter() - t\n"
        "assert not findings, findings[:3]\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True, text=True).stdout
    seconds, mb = out.split()
    return float(seconds), float(mb)


def best(fn, runs: int = 3):
    """Return the best of a few runs (the least disturbed by the machine)."""
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r[0] if isinstance(r, tuple) else r)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 10000]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "tracker"
            counts = generate(root, n)
            floor(root)  # warm the page cache for both
            f = best(partial(floor, root))
            v, mb = best(partial(validate, root))
            ratio = v / f
            status = "ok" if ratio <= TARGET_RATIO and mb < TARGET_MB else "MISSED"
            print(
                f"validate N={n} ({counts['comments']} comments, {counts['minutes']} minutes): {v:.2f} s, "
                f"floor {f:.2f} s, ratio {ratio:.2f} (target <= {TARGET_RATIO}), "
                f"peak {mb:.0f} MB (target < {TARGET_MB} MB) [{status}]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
