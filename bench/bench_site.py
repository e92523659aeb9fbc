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

Usage: python bench/bench_site.py [--profile] [N ...]   (default: 1000 10000)

With --profile, each missed figure of MkDocs' builds is followed by where that build spends its
time: its phases by the clock (from MkDocs' plugin events), then tsuzuri's functions that took
longest under cProfile, from one more build of the same kind.
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
# print seconds and peak memory as JSON. With "profile": the measured build's phases by the clock,
# then the same build again under cProfile (slower, so not the measured one): tsuzuri's functions
# that took longest, with what they called.
CHILD = r"""
import contextlib, cProfile, io, json, logging, os, pstats, resource, sys, time
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config
root, mode = sys.argv[1], sys.argv[2]
profile = sys.argv[3:] == ["profile"]
events = []  # (event, start, end) of every plugin event of the measured build
def once(config, record=False):
    if record:
        run = config.plugins.run_event
        def timed(name, *args, **kwargs):
            start = time.perf_counter()
            try:
                return run(name, *args, **kwargs)
            finally:
                events.append((name, start, time.perf_counter()))
        config.plugins.run_event = timed
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        build(config)
    return time.perf_counter() - start, start
def config_for(command):
    # As `mkdocs serve` does: every rebuild loads the config (and new plugin objects) again.
    config = load_config(config_file=os.path.join(root, "mkdocs.yml"), site_dir=os.path.join(root, "site"))
    config.plugins.run_event("startup", command=command, dirty=False)
    return config
def edit(n):
    issue = os.path.join(root, "issues", "HOJO", "HOJO-1.md")
    text = open(issue, encoding="utf-8").read()
    open(issue, "w", encoding="utf-8").write(text.replace("title: ", f"title: 変更{n} ", 1))
command = "serve" if mode == "serve" else "build"
if mode == "serve":
    once(config_for("serve"))
    edit(1)
seconds, started = once(config_for(command), record=profile)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result = {"seconds": seconds, "peak_mb": peak, "forked_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
if profile:
    def first(name):
        return min((s for n, s, _ in events if n == name), default=None)
    def last(name):
        return max((e for n, _, e in events if n == name), default=None)
    end = started + seconds
    marks = [
        ("on_config (every plugin: tsuzuri reads the tracker)", started),
        ("MkDocs cleans the site folder, lists docs and theme files", last("config")),
        ("on_files (tsuzuri plans its pages, their keys, the data files)", first("files")),
        ("MkDocs makes the navigation; on_nav", last("files")),
        ("MkDocs reads and converts every page", last("nav")),
        ("on_env (tsuzuri: layout keys, pages taken out of the build)", first("env")),
        ("MkDocs copies static files, builds 404 and sitemap", last("env")),
        ("MkDocs lays out and writes the pages", first("page_context")),
        ("on_post_build (every plugin)", first("post_build")),
        (None, end),
    ]
    marks = [(label, at) for label, at in marks if at is not None]
    result["phases"] = [(label, max(0.0, nxt - at)) for (label, at), (_, nxt) in zip(marks, marks[1:])]
    if mode == "serve":
        edit(2)
    config = config_for(command)
    profiler = cProfile.Profile()
    profiler.enable()
    once(config)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    here = os.sep + "tsuzuri" + os.sep
    # (the plugin's hooks all run inside one wrapper, _reported's run: left out, as it says nothing)
    own = sorted(((v[3], f"{os.path.basename(k[0])}:{k[1]}({k[2]})") for k, v in stats.items()
                  if here in k[0] and not (k[0].endswith("mkdocs_plugin.py") and k[2] == "run")), reverse=True)
    result["top"] = [(name, cum) for cum, name in own[:15]]
    result["profiled_seconds"] = sum(v[2] for v in stats.values())
print(json.dumps(result))
"""

def build_env() -> dict:
    """The environment of a measured build: as an installed package runs, with its modules compiled once and kept.

    Without this, a shell that sets PYTHONDONTWRITEBYTECODE would compile tsuzuri's modules from
    source at every build (about 0.3 s), while MkDocs and Material come compiled from their wheels.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795683600")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def child(root: Path, mode: str = "build", profile: bool = False) -> dict:
    env = build_env()
    args = [sys.executable, "-c", CHILD, str(root), mode, *(["profile"] if profile else [])]
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
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


def print_profile(title: str, root: Path, mode: str) -> None:
    """Print where a missed figure's build spends its time: its phases by the clock, then tsuzuri's functions under cProfile."""
    found = child(root, mode, profile=True)
    print(f"  profile of {title} ({found['seconds']:.1f} s this run):")
    for label, seconds in found["phases"]:
        print(f"    {seconds:6.2f} s  {label}")
    print(f"  tsuzuri's functions by cumulative time under cProfile ({found['profiled_seconds']:.1f} s profiled in all):")
    for name, seconds in found["top"]:
        print(f"    {seconds:6.2f} s  {name}")


def main(argv: list[str]) -> int:
    profile = "--profile" in argv
    for n in [int(a) for a in argv if a != "--profile"] or [1000, 10000]:
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
            missed = []
            print(f"N={n}: plain mkdocs-material, {n} trivial pages: {base['seconds']:.1f} s, {base['peak_mb']:.0f} MB")
            print(f"N={n}: plain mkdocs-material, the issues as Markdown pages: {markdown['seconds']:.1f} s, {markdown['peak_mb']:.0f} MB")
            r = full["seconds"] / base["seconds"]
            print(
                f"N={n}: tsuzuri full build: {full['seconds']:.1f} s, {r:.2f}x trivial (target <= {TARGET_FULL}x) "
                f"{verdict(r <= TARGET_FULL)}"
            )
            if r > TARGET_FULL:
                missed.append(("the full build", "build"))
            r = warm["seconds"] / base["seconds"]
            print(
                f"N={n}: tsuzuri full build, warm page cache: {warm['seconds']:.1f} s, {r:.2f}x trivial (target <= {TARGET_WARM}x) "
                f"{verdict(r <= TARGET_WARM)}"
            )
            if r > TARGET_WARM:
                missed.append(("the warm build", "build"))
            print(
                f"N={n}: rebuild under mkdocs serve after editing one issue: {rebuild['seconds']:.1f} s (target < {TARGET_REBUILD:.0f} s) "
                f"{verdict(rebuild['seconds'] < TARGET_REBUILD)}"
            )
            if rebuild["seconds"] >= TARGET_REBUILD:
                missed.append(("the serve rebuild", "serve"))
            r = full["peak_mb"] / markdown["peak_mb"]
            print(
                f"N={n}: tsuzuri peak memory: {full['peak_mb']:.0f} MB, {r:.2f}x the Markdown baseline (target <= {TARGET_MEMORY}x) "
                f"{verdict(r <= TARGET_MEMORY)}"
            )
            # Not in the ratio above, which compares the build's own process: a large tracker's checks
            # and pages are worked out in forked processes; their figure counts the memory they share with it.
            print(f"N={n}: tsuzuri peak memory of the largest process the build forked: {full.get('forked_peak_mb', 0):.0f} MB")
            if profile:
                for title, mode in missed:
                    if title == "the full build":
                        tracker(t_root, n, cache=False)
                        print_profile(f"N={n}: {title}", t_root, mode)
                        tracker(t_root, n, cache=True)
                    else:
                        print_profile(f"N={n}: {title}", tmp / "serve" if mode == "serve" else t_root, mode)
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
