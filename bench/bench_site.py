"""Time site builds of a generated tracker against two plain mkdocs-material baselines, each figure beside its target.

Baselines (the same theme, search and Markdown settings, no tsuzuri):
- "trivial": N hand-written pages of a heading and a paragraph (MkDocs laying out as many pages);
- "as Markdown": the same N issues written as ordinary Markdown pages, their comments below
  them, as a team without tsuzuri would publish them.

Figures and targets:
- full build (no page cache) <= 1.0x the trivial baseline;
- full build with a warm page cache <= 0.5x the trivial baseline;
- rebuild under `mkdocs serve` after editing one issue (the plugin and its cache kept, as serve
  keeps them) < 1 s;
- peak memory of a full build <= 1.2x the "as Markdown" baseline's;
- the same with Zensical (`tsuzuri pages`, then `zensical build`), where Zensical is installed.

Each build runs in its own process (peak memory is its own); full builds run twice, alternating,
and the faster is kept. Timings on a shared machine are noisy: read them as orders of size.

Usage: python bench/bench_site.py [N ...]   (default: 1000 10000)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

from tsuzuri.store.site_folder import GITIGNORE_TEXT

BIN = Path(sys.executable).parent
TARGET_FULL = 1.0
TARGET_WARM = 0.5
TARGET_REBUILD = 1.0
TARGET_MEMORY = 1.2
PLAIN_YML = """site_name: bench
docs_dir: docs
theme: {name: material, language: ja, font: false, features: [navigation.instant]}
plugins:
  - search: {lang: ja}
markdown_extensions: [tables, attr_list, md_in_html]
not_in_nav: /%s/
"""
TRACKER_YML = """site_name: bench
docs_dir: docs
theme: {name: material, language: ja, font: false, features: [navigation.instant]}
plugins:
  - search: {lang: ja}
  - tsuzuri: {today: '2026-11-25', cache: %s}
markdown_extensions: [tsuzuri, tables, attr_list, md_in_html]
extra_css: [tracker/assets/tsuzuri.css]
extra_javascript: [tracker/assets/issue-list.js, tracker/assets/board.js, tracker/assets/plot-loader.js,
  tracker/assets/forms.js, tracker/assets/me.js, tracker/assets/a11y.js]
watch: [docs/tracker/.gitignore]
nav:
  - index.md
"""

# Run in a child process: build once (or twice, under one plugin, for the serve rebuild) and
# print seconds and peak memory as JSON.
CHILD = r"""
import contextlib, io, json, logging, os, resource, sys, time
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config
root, mode = sys.argv[1], sys.argv[2]
def once(config):
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        build(config)
    return time.perf_counter() - start
def config_for(command):
    # As `mkdocs serve` does: every rebuild loads the config (and new plugin objects) again.
    config = load_config(config_file=os.path.join(root, "mkdocs.yml"), site_dir=os.path.join(root, "site"))
    config.plugins.run_event("startup", command=command, dirty=False)
    return config
if mode == "serve":
    once(config_for("serve"))
    issue = os.path.join(root, "issues", "HOJO", "HOJO-1.md")
    text = open(issue, encoding="utf-8").read()
    open(issue, "w", encoding="utf-8").write(text.replace("title: ", "title: 変更 ", 1))
    seconds = once(config_for("serve"))
else:
    seconds = once(config_for("build"))
# peak_mb: the build's own process; forked_peak_mb: the largest of the processes it forked (page worker, checks).
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "forked_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def build_env() -> dict:
    """The environment of a measured build: as an installed package runs, with its modules compiled once and kept.

    Without this, a shell that sets PYTHONDONTWRITEBYTECODE would compile tsuzuri's modules from
    source at every build (about 0.3 s), while MkDocs and Material come compiled from their wheels.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795683600")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def child(root: Path, mode: str = "build") -> dict:
    env = build_env()
    out = subprocess.run([sys.executable, "-c", CHILD, str(root), mode], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# Run a command from a fresh process, so the peak memory of its children is the command's own.
TIMED = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def timed(args: list, cwd: Path) -> dict:
    """Run a command; return its seconds and peak memory."""
    env = build_env()
    out = subprocess.run([sys.executable, "-c", TIMED, *map(str, args)], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def trivial(root: Path, n: int) -> None:
    docs = root / "docs"
    (docs / "pages").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(PLAIN_YML % "pages", encoding="utf-8")
    (docs / "index.md").write_text("# ホーム\n", encoding="utf-8")
    for i in range(n):
        (docs / "pages" / f"p{i}.md").write_text(f"# ページ {i}\n\n申請フォームの入力チェック仕様について {i}。\n", encoding="utf-8")


def as_markdown(root: Path, tracker: Path) -> None:
    """Write the tracker's issues (and their comments) as ordinary Markdown pages."""
    docs = root / "docs"
    (docs / "issues").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(PLAIN_YML % "issues", encoding="utf-8")
    (docs / "index.md").write_text("# ホーム\n", encoding="utf-8")
    for issue in sorted((tracker / "issues").glob("*/*.md")):
        text = issue.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = next((line[len("title: "):] for line in front.splitlines() if line.startswith("title: ")), issue.stem)
        parts = [f"# {issue.stem} {title}\n", "```yaml\n" + front + "```\n", body]
        for comment in sorted((issue.parent / issue.stem / "comments").glob("*.md")):
            _, cfront, cbody = comment.read_text(encoding="utf-8").split("---\n", 2)
            parts.append(f"\n## {comment.stem}\n\n{cbody}")
        (docs / "issues" / f"{issue.stem}.md").write_text("\n".join(parts), encoding="utf-8")


def tracker(root: Path, n: int, cache: bool) -> None:
    if not (root / "tsuzuri.yml").exists():
        generate(root, n)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# ダッシュボード\n\n<!-- tsuzuri:dashboard -->\n<!-- /tsuzuri -->\n", encoding="utf-8")
        (root / "docs" / "tracker").mkdir()
        (root / "docs" / "tracker" / ".gitignore").write_text(GITIGNORE_TEXT, encoding="utf-8")  # as `tsuzuri init` commits it
    (root / "mkdocs.yml").write_text(TRACKER_YML % ("true" if cache else "false"), encoding="utf-8")


def best(root: Path, runs: int = 2) -> dict:
    """Build ``root`` ``runs`` times; return the fastest run."""
    return min((child(root) for _ in range(runs)), key=lambda r: r["seconds"])


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str]) -> int:
    for n in [int(a) for a in argv] or [1000, 10000]:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            plain_root, md_root, t_root = tmp / "plain", tmp / "markdown", tmp / "tracker"
            trivial(plain_root, n)
            tracker(t_root, n, cache=False)
            as_markdown(md_root, t_root)
            base = best(plain_root)
            markdown = child(md_root)
            full = best(t_root)
            tracker(t_root, n, cache=True)
            child(t_root)  # fill the cache
            warm = best(t_root)
            shutil.copytree(t_root, tmp / "serve")
            rebuild = child(tmp / "serve", "serve")
            print(f"N={n}: plain mkdocs-material, {n} trivial pages: {base['seconds']:.1f} s, {base['peak_mb']:.0f} MB")
            print(f"N={n}: plain mkdocs-material, the issues as Markdown pages: {markdown['seconds']:.1f} s, {markdown['peak_mb']:.0f} MB")
            r = full["seconds"] / base["seconds"]
            print(
                f"N={n}: tsuzuri full build: {full['seconds']:.1f} s, {r:.2f}x trivial (target <= {TARGET_FULL}x) "
                f"{verdict(r <= TARGET_FULL)}"
            )
            r = warm["seconds"] / base["seconds"]
            print(
                f"N={n}: tsuzuri full build, warm page cache: {warm['seconds']:.1f} s, {r:.2f}x trivial (target <= {TARGET_WARM}x) "
                f"{verdict(r <= TARGET_WARM)}"
            )
            print(
                f"N={n}: rebuild under mkdocs serve after editing one issue: {rebuild['seconds']:.1f} s (target < {TARGET_REBUILD:.0f} s) "
                f"{verdict(rebuild['seconds'] < TARGET_REBUILD)}"
            )
            r = full["peak_mb"] / markdown["peak_mb"]
            print(
                f"N={n}: tsuzuri peak memory: {full['peak_mb']:.0f} MB, {r:.2f}x the Markdown baseline (target <= {TARGET_MEMORY}x) "
                f"{verdict(r <= TARGET_MEMORY)}"
            )
            # Not in the ratio above, which compares the build's own process: a large tracker's checks
            # and pages are worked out in forked processes; their figure counts the memory they share with it.
            print(f"N={n}: tsuzuri peak memory of the largest process the build forked: {full.get('forked_peak_mb', 0):.0f} MB")
            zensical(t_root, n, base)
    return 0


def zensical(root: Path, n: int, base: dict) -> None:
    """The same figures for Zensical: `tsuzuri pages` writes the folder, Zensical builds it."""
    exe = BIN / "zensical"
    if not exe.is_file():
        print(f"N={n}: Zensical: not installed, no figures")
        return
    tsuzuri = BIN / "tsuzuri"
    shutil.rmtree(root / ".tsuzuri-cache" / "pages", ignore_errors=True)
    cold_pages = timed([tsuzuri, "pages", "--no-cache"], root)
    cold_build = timed([exe, "build", "--clean"], root)
    timed([tsuzuri, "pages"], root)  # fill the cache
    warm_pages = timed([tsuzuri, "pages"], root)
    issue = root / "issues" / "HOJO" / "HOJO-2.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    edit_pages = timed([tsuzuri, "pages"], root)
    edit_build = timed([exe, "build"], root)
    full = cold_pages["seconds"] + cold_build["seconds"]
    print(f"N={n}: Zensical full build (tsuzuri pages {cold_pages['seconds']:.1f} s"
          f" + zensical build {cold_build['seconds']:.1f} s): "
          f"{full:.1f} s, {full / base['seconds']:.2f}x trivial MkDocs"
          f" (target <= {TARGET_FULL}x) {verdict(full / base['seconds'] <= TARGET_FULL)}")
    print(f"N={n}: Zensical, tsuzuri pages with a warm cache and nothing changed: {warm_pages['seconds']:.1f} s")
    rebuild = edit_pages["seconds"] + edit_build["seconds"]
    print(f"N={n}: Zensical rebuild after editing one issue (tsuzuri pages {edit_pages['seconds']:.1f} s"
          f" + zensical build {edit_build['seconds']:.1f} s): "
          f"{rebuild:.1f} s (target < {TARGET_REBUILD:.0f} s) {verdict(rebuild < TARGET_REBUILD)}")
    print(f"N={n}: Zensical peak memory: tsuzuri pages {cold_pages['peak_mb']:.0f} MB, zensical build {cold_build['peak_mb']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
