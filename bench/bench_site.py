"""Time a site build of a generated tracker beside a plain mkdocs-material build of as many pages.

Each full build is timed twice, alternating with the other, and the faster run is reported. The plain build is N hand-written pages (a heading and a paragraph each) with the same theme,
search and Markdown settings, and no tsuzuri plugin. Targets: the tsuzuri build takes at
most 1.2 times the plain build; a rebuild after editing one issue takes under 5 s.

Usage: python bench/bench_site.py [N ...]   (default: 1000 10000)
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

TARGET_RATIO = 1.2
TARGET_REBUILD = 5.0
MKDOCS_YML = """site_name: bench
docs_dir: docs
theme: {name: material, language: ja, font: false, features: [navigation.instant]}
plugins:
  - search: {lang: ja}
%s
markdown_extensions: [tables, attr_list, md_in_html]
"""


def build(root: Path) -> float:
    """Build the MkDocs project at ``root`` in this process; return seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        mkdocs_build(config)
    return time.perf_counter() - start


def plain(root: Path, n: int) -> float:
    """Write and build N simple pages (only the first few in the nav, like the tracker); return seconds."""
    docs = root / "docs"
    (docs / "pages").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML % "not_in_nav: /pages/\n", encoding="utf-8")
    (docs / "index.md").write_text("# ホーム\n", encoding="utf-8")
    for i in range(n):
        (docs / "pages" / f"p{i}.md").write_text(f"# ページ {i}\n\n申請フォームの入力チェック仕様について {i}。\n", encoding="utf-8")
    return build(root)


def tracker(root: Path, n: int) -> float:
    """Generate and build a tracker of N issues; return seconds."""
    generate(root, n)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# ダッシュボード\n\n<!-- tsuzuri:dashboard -->\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML % "  - tsuzuri: {today: '2026-11-25'}", encoding="utf-8")
    return build(root)


def rebuild_after_edit(root: Path) -> float:
    """Change one issue's title and build again; return seconds."""
    issue = root / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    return build(root)


def main(argv: list[str]) -> int:
    logging.disable(logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    for n in [int(a) for a in argv] or [1000, 10000]:
        with tempfile.TemporaryDirectory() as tmp:
            plain_root, tracker_root = Path(tmp) / "plain", Path(tmp) / "tracker"
            base, full = plain(plain_root, n), tracker(tracker_root, n)
            # This machine's timings are noisy: alternate the two builds and keep the best of each.
            base, full = min(base, build(plain_root)), min(full, build(tracker_root))
            rebuild = rebuild_after_edit(tracker_root)
        ratio = full / base
        print(f"N={n}: plain mkdocs-material build of {n} pages: {base:.1f} s")
        print(f"N={n}: tsuzuri site build: {full:.1f} s, {ratio:.2f}x plain (target <= {TARGET_RATIO}x) {'ok' if ratio <= TARGET_RATIO else 'MISSED'}")
        print(f"N={n}: rebuild after editing one issue: {rebuild:.1f} s (target < {TARGET_REBUILD:.0f} s) {'ok' if rebuild < TARGET_REBUILD else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
