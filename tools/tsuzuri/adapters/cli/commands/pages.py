"""``tsuzuri pages``: write the site's generated pages into a folder of docs_dir, for any builder.

After it, ``mkdocs build``, ``properdocs build`` and ``zensical build`` all publish the same site;
the MkDocs plugin makes the same pages in memory, so MkDocs and ProperDocs need no such step.
"""

from __future__ import annotations

from pathlib import Path

import click

from tsuzuri.adapters import clock
from tsuzuri.adapters.cli.invocation import lang_option, language, root_option, tracker_root
from tsuzuri.errors import EXIT_DATA, TsuzuriError, UsageError
from tsuzuri.findings import render
from tsuzuri.formats.site_config import SiteConfig, SiteConfigProblem, nav_files, parse
from tsuzuri.messages import say
from tsuzuri.site import forge, markers, output
from tsuzuri.site.folder import folder_files, project_pages
from tsuzuri.site.links import FOLDER, Layout
from tsuzuri.site.prepare import SetupProblem, prepare
from tsuzuri.store import find_root
from tsuzuri.store.page_cache import FOLDER as CACHE_FOLDER
from tsuzuri.store.page_cache import open_cache
from tsuzuri.store.site_folder import GITIGNORE, FolderNotOurs, read_pages, sync, touch

CONFIG_NAME = "mkdocs.yml"


@click.command("pages")
@root_option
@click.option(
    "-f",
    "--config-file",
    "config_file",
    default=None,
    metavar="FILE",
    help="The site's mkdocs.yml (default: the one at the tracker's root).",
)
@click.option(
    "--out",
    "out",
    default=None,
    metavar="FOLDER",
    help=f"Folder inside docs_dir to write into (default: the plugin's `folder`, else docs_dir/{FOLDER}).",
)
@click.option(
    "--today",
    "today_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="The day the site is built for (default: the plugin's `today`, SOURCE_DATE_EPOCH or the clock).",
)
@click.option("--no-cache", "no_cache", is_flag=True, help="Render every page again instead of reusing .tsuzuri-cache/pages/.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors, as `mkdocs build --strict` does.")
@click.option(
    "--project",
    "projects",
    multiple=True,
    metavar="KEY",
    help=(
        "Only render the issue pages of project KEY into the page cache, writing nothing else:"
        " one job of a build split by project (docs/site.md)."
    ),
)
@lang_option
def command(root: str | None, config_file: str | None, out: str | None, today_text: str | None, no_cache: bool, strict: bool,
            projects: tuple[str, ...], lang: str | None) -> None:
    """Write every generated page, data file and asset into a folder that Git ignores."""
    site, options, config_dir, tracker = _site(_config_path(config_file, root, lang), lang)
    try:
        given = today_text or options.get("today")
        prepared = prepare(tracker, config_dir, options.get("history", True), lambda zone: clock.today(given, zone))
    except SetupProblem as exc:
        raise UsageError(str(exc)) from None
    lang = language(lang, prepared.loaded.tracker.config.language)
    docs_dir = (config_dir / site.docs_dir).resolve()
    folder = _folder(out, options, docs_dir, lang)
    _report_findings(prepared, strict, lang)

    hand_written = dict(read_pages(docs_dir, folder))
    prefix = folder.relative_to(docs_dir).as_posix() + "/"
    layout = Layout(prefix, site.use_directory_urls, output.replaced_pages(lambda p: p in hand_written))
    with_markers = {p: text for p, text in hand_written.items() if markers.find(text)}
    docs_rel = docs_dir.relative_to(tracker).as_posix() if docs_dir.is_relative_to(tracker) else "docs"
    edits = forge.resolve(prepared.loaded.tracker.config.forge, site.repo_url, site.edit_uri, docs_rel)
    cache = None if no_cache or options.get("cache") is False else open_cache(tracker)
    if projects:
        _render_projects(prepared.context(edits), layout, set(projects), cache, tracker, lang)
        return
    files = list(folder_files(prepared.context(edits), tracker, layout, site.site_url, with_markers, cache))
    done = _write(folder, files, cache, lang)
    warnings = _check_config(site, config_dir, docs_dir, layout, hand_written, with_markers, folder, lang)
    for text in warnings:
        click.echo(text, err=True)
    pages = sum(1 for rel, _ in files if rel.endswith(".md"))
    click.echo(say(lang, "cli.pages.done", folder=_shown(folder), pages=pages, files=len(files) - pages,
                   written=len(done.written), unchanged=done.unchanged, removed=len(done.removed)))
    if strict and warnings:
        raise click.exceptions.Exit(EXIT_DATA)


def _site(path: Path, lang: str | None) -> tuple[SiteConfig, dict, Path, Path]:
    """Read the builder's mkdocs.yml: its settings, the plugin's options, its folder and the tracker it names."""
    try:
        site = parse(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, SiteConfigProblem) as exc:
        raise TsuzuriError(say(language(lang), "cli.pages.bad-config", path=path, problem=exc)) from None
    options = site.plugin or {}
    config_dir = path.parent
    tracker = find_root(config_dir / str(options.get("root") or "."))
    if tracker is None:
        raise UsageError(say(language(lang), "cli.no-tracker", path=config_dir / str(options.get("root") or ".")))
    return site, options, config_dir, tracker


def _report_findings(prepared, strict: bool, lang: str) -> None:
    """Print the notes and warnings of the tracker's validation; stop on an error (or, when strict, a warning)."""
    for note in prepared.notes:
        click.echo(note, err=True)
    if prepared.errors:
        raise TsuzuriError(say(lang, "cli.pages.has-errors", findings=render(prepared.errors, "text", lang)))
    if prepared.warnings:
        click.echo(render(prepared.warnings, "text", lang), err=True)
        if strict:
            raise TsuzuriError(say(lang, "cli.pages.strict"))


def _write(folder: Path, files: list, cache, lang: str):
    """Bring the folder in line with the generated files and prune the page cache."""
    try:
        done = sync(folder, files)
    except FolderNotOurs:
        raise TsuzuriError(say(lang, "cli.pages.not-ours", folder=folder)) from None
    if cache is not None:
        cache.prune()
    if output.MARKERS_FILE in done.written:
        # Zensical caches a page by its own text: the watched file tells it the markers changed.
        touch(folder / GITIGNORE)
    return done


def _render_projects(ctx, layout: Layout, projects: set[str], cache, tracker: Path, lang: str) -> None:
    known = {p.key for p in ctx.tracker.config.projects}
    unknown = sorted(projects - known)
    if unknown:
        raise UsageError(say(lang, "cli.pages.unknown-project", projects=", ".join(unknown), known=", ".join(sorted(known))))
    if cache is None:
        raise UsageError(say(lang, "cli.pages.project-needs-cache"))
    plans = project_pages(ctx, layout, projects, cache)
    for plan in plans:
        plan.make()
    click.echo(say(lang, "cli.pages.projects-done", pages=len(plans), rendered=cache.misses, projects=", ".join(sorted(projects)),
                   cache=_shown(tracker / CACHE_FOLDER)))


def _config_path(option: str | None, root: str | None, lang: str | None) -> Path:
    if option:
        path = Path(option)
        if not path.is_file():
            raise UsageError(say(language(lang), "cli.pages.no-config", path=path))
        return path.resolve()
    path = tracker_root(root, lang) / CONFIG_NAME
    if not path.is_file():
        raise UsageError(say(language(lang), "cli.pages.no-config", path=path.parent))
    return path


def _folder(out: str | None, options: dict, docs_dir: Path, lang: str) -> Path:
    if out:
        folder = Path(out).resolve()
    else:
        folder = docs_dir / str(options.get("folder") or FOLDER)
    folder = folder.resolve()
    if folder == docs_dir or not folder.is_relative_to(docs_dir):
        raise UsageError(say(lang, "cli.pages.outside-docs", out=out or folder, docs=_shown(docs_dir)))
    return folder


def _check_config(
    site: SiteConfig, config_dir: Path, docs_dir: Path, layout: Layout, hand_written: dict, with_markers: dict, folder: Path, lang: str
) -> list[str]:
    """Return warnings about mkdocs.yml settings a builder without the plugin needs."""
    warnings = []
    if "index.md" not in hand_written:
        warnings.append(say(lang, "cli.pages.no-home", path=_shown(docs_dir / "index.md")))
    if site.nav is None:
        warnings.append(say(lang, "cli.pages.no-nav"))
    for entry in nav_files(site.nav):
        if not (docs_dir / entry).is_file():
            warnings.append(say(lang, "cli.pages.nav-missing", entry=entry, prefix=layout.prefix))
    warnings += _missing_assets(site, layout, lang)
    if with_markers:
        warnings += _marker_settings(site, config_dir, with_markers, folder, lang)
    return warnings


def _missing_assets(site: SiteConfig, layout: Layout, lang: str) -> list[str]:
    """The tracker's stylesheets and scripts that mkdocs.yml does not list."""
    return [
        say(lang, "cli.pages.asset-missing", path=src, setting=setting)
        for setting, wanted, listed in (
            ("extra_css", output.extra_css(layout), site.extra_css),
            ("extra_javascript", output.extra_javascript(layout), site.extra_javascript),
        )
        for src in wanted
        if src not in listed
    ]


def _marker_settings(site: SiteConfig, config_dir: Path, with_markers: dict, folder: Path, lang: str) -> list[str]:
    """What hand-written pages with markers need: the Markdown extension, and the watched stamp file."""
    warnings = []
    pages = ", ".join(sorted(with_markers))
    if "tsuzuri" not in site.markdown_extensions:
        warnings.append(say(lang, "cli.pages.no-extension", pages=pages))
    stamp = folder / GITIGNORE
    if not any((config_dir / w).resolve() == stamp for w in site.watch):
        warnings.append(say(lang, "cli.pages.no-watch", path=_shown(stamp), pages=pages))
    return warnings


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
