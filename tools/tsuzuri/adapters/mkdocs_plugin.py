"""The MkDocs adapter: add the tracker's generated pages and files to a MkDocs build.

Everything here only moves data between MkDocs and ``tsuzuri.site``; the pages themselves
are made without MkDocs. Generated pages carry a slot that is filled with finished HTML
after Markdown ran, so contributor text is never re-rendered unsanitized.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import re
import shutil
import tempfile
from html import escape as html_escape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from tsuzuri.adapters import clock, layout_cache
from tsuzuri.audiences import UnknownAudience, audience_named, history_for, tracker_for, wbs_for
from tsuzuri.audiences.publish import AUDIENCE_ENV
from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import localized, say
from tsuzuri.site import forge, forms, fragments, markers, output, theme
from tsuzuri.site.activity import FEED
from tsuzuri.site.background import BackgroundPages, Forked, worthwhile
from tsuzuri.site.builder import NAV_PAGES, PagePlan
from tsuzuri.site.context import LINK_PREFIX, issue_src
from tsuzuri.site.links import FOLDER, Layout, relative_url
from tsuzuri.site.markup import link_keys, safe_title
from tsuzuri.site.page_keys import PageKeys, cached, code_digest
from tsuzuri.site.prepare import PAGE_NOTED, Prepared, SetupProblem, prepare
from tsuzuri.store import finished_pages, served_pages
from tsuzuri.store.documents import keep_parsed
from tsuzuri.store.page_cache import LAYOUTS, PARTS, TEMPLATES, PageCache, open_cache
from tsuzuri.store.symlinks import linked_part

try:  # how MkDocs builds a theme's static template and a page: the sitemap is built so, with the pages kept under
    # serve or written from the cache; a page the cache could not give back after all is built so
    from mkdocs.commands.build import _build_page, _build_theme_template
except ImportError:  # pragma: no cover - another MkDocs: every page is built by MkDocs
    _build_page = _build_theme_template = None

log = logging.getLogger("mkdocs.plugins.tsuzuri")

SLOT = '<div class="tsuzuri-slot" data-slot="{}"></div>'
SLOT_RE = re.compile(r'<div class="tsuzuri-slot" data-slot="(\d+)"></div>')
SEARCH_MODULE = "material.plugins.search.plugin"


class TsuzuriConfig(base.Config):
    root = c.Optional(c.Type(str))  # tracker folder, relative to mkdocs.yml (default: its folder)
    today = c.Optional(c.Type(str))  # YYYY-MM-DD; default SOURCE_DATE_EPOCH or the clock
    # Read dates, authors, timelines and activity from Git: true (the tracker's own checkout),
    # false, or the path of another checkout with the same files (a replayed demo history).
    history = c.Type((bool, str), default=True)
    # Build the site of one audience (an organization, or one from `audiences:` in tsuzuri.yml):
    # only what it may see. TSUZURI_AUDIENCE in the environment wins, so one mkdocs.yml serves every audience.
    audience = c.Optional(c.Type(str))
    # The folder inside docs_dir that holds the generated pages (as `tsuzuri pages` writes them).
    folder = c.Type(str, default=FOLDER)
    # Keep rendered pages in .tsuzuri-cache/pages/ and render again only those whose inputs changed.
    cache = c.Type(bool, default=True)


def _reported(hook):
    """Turn a problem tsuzuri can name (a TsuzuriError) in a hook into a build error in the tracker's language."""

    @functools.wraps(hook)
    def run(self, *args, **kwargs):
        try:
            return hook(self, *args, **kwargs)
        except PluginError:
            raise
        except TsuzuriError as problem:
            lang = self.prepared.loaded.tracker.config.language if self.prepared else None
            raise PluginError(f"tsuzuri: {problem.text(lang)}") from None

    return run


class TsuzuriPlugin(BasePlugin[TsuzuriConfig]):
    """Hand the pages of ``tsuzuri.site`` to MkDocs in memory, at the paths ``tsuzuri pages`` writes them to."""

    def __init__(self):
        self.serving = False  # under `mkdocs serve`: render in process, keep the preview alive on errors
        self.prepared: Prepared | None = None
        self.forge: forge.Forge | None = None
        self.layout = Layout()
        self.preview_errors: list[str] = []
        self.slots: dict[str, list[str]] = {}  # source path -> the HTML of its slots
        self.search_html: dict[str, str] = {}  # source path -> what search plugins index
        self.background: BackgroundPages | None = None
        self.page_plans: dict[str, PagePlan] = {}  # source path -> a generated page not rendered yet
        self.cache: PageCache | None = None
        self.layouts: PageCache | None = None  # laid-out pages, beside the cache of rendered pages
        self.parts: PageCache | None = None  # parts of pages (charts), beside them
        self.titles: dict[str, str] = {}
        self.page_keys: dict[str, str] = {}  # source path -> the page cache's key of a generated page's HTML
        self.files_key = ""  # the page cache's key of the data files
        self.marker_keys = None  # (name, parameters) -> the page cache's key of a marker's HTML in a hand-written page
        self.markers_kept: set[str] = set()  # those keys asked for in this build
        self.layout_keys: dict[str, str] = {}  # source path -> the key its laid-out page is kept under, once laid out
        self.laid_out: set[str] = set()  # generated pages whose laid-out page came from the cache
        self.nav = None
        self.env = None
        self.later_background = False  # start the worker in on_env, for the pages not laid out already
        self.drop_written = False  # let go of a generated page's HTML once it is written (no other plugin reads it)
        self.stub_renders: dict[str, tuple] = {}  # a generated page's Markdown -> what it converts to
        self.checking: Forked | None = None  # a large tracker's checks, running in a forked process until on_env
        self.stamps: layout_cache.Stamps | None = None  # generated pages laid out by stamp, where shown to be the theme's layout
        self.linked: frozenset[str] = frozenset()  # what the theme links from every page
        self.data_dir: tempfile.TemporaryDirectory | None = None  # the data files of this build, until MkDocs has copied them
        self.search_index = None  # Material's search index, which takes a laid-out page's kept entries instead of parsing it
        self.kept_entries: dict[str, list] = {}  # source path -> its search index entries, kept with its laid-out page
        self.entries_from: dict[str, int] = {}  # source path -> how many entries the index had before the page was indexed
        self.dirty = False  # `mkdocs serve --dirty`: MkDocs keeps the site folder and builds only changed files
        self.keeping: served_pages.Keeping | None = None  # under `mkdocs serve`: the last build's pages that are kept
        self.served_keys: dict[str, str] = {}  # source path -> the key of a generated page's finished file (under serve)
        self.page_entries: dict[str, list] = {}  # source path -> the search entries the page made in this build (under serve)
        self.doc_order: list[str] = []  # every page MkDocs builds, in its order, before kept pages were taken out
        self.sitemap_files: Files | None = None  # every page, for the sitemap, where kept pages were taken out
        self.passing: finished_pages.FinishedPages | None = None  # in a build: laid-out pages written from the cache
        self.passed: dict[str, File] = {}  # source path -> the file of each page written so, taken out of the build
        self.every_page: Files | None = None  # every page, those taken out too, while pages are written from the cache
        self.reused = 0  # generated pages of this build taken laid out from the cache, or kept under serve

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` builds while its server and watcher threads run; forking a process
        # with threads alive is not safe, so pages are rendered in-process there.
        self.serving = command == "serve"
        self.dirty = dirty
        if self.serving:
            keep_parsed()  # each rebuild parses again only the files whose bytes changed

    @_reported
    def on_config(self, config):
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = (config_dir / (self.config.root or ".")).resolve()
        try:
            prepared = prepare(self.root, config_dir, self.config.history, lambda zone: clock.today(self.config.today, zone), check=False)
        except SetupProblem as exc:
            raise PluginError(str(exc)) from None
        # What is alive now (the tracker just read, and under serve what earlier builds kept) lives until
        # the build ends: the cycle collector passes over it until then instead of walking it again at
        # each of its full collections (at 10,000 issues those took 2.3 s of a 16 s serve rebuild). A
        # process forked from here (the checks, the page worker) does not copy the pages it would touch.
        gc.freeze()
        lang = prepared.loaded.tracker.config.language
        # A large tracker is checked in a forked process while the build goes on, and its
        # findings are reported before any page is written (on_env).
        self._stop_checking()
        if worthwhile(len(prepared.loaded.tracker.issues)) and not self.serving:
            self.checking = Forked(prepared.checks)
        else:
            self._check(prepared)
        self._theme(config, prepared, lang)
        self._for_audience(prepared)
        self.prepared = prepared
        self.site_url = config.site_url or ""
        docs_dir = Path(config.docs_dir).resolve()
        docs_rel = docs_dir.relative_to(self.root).as_posix() if docs_dir.is_relative_to(self.root) else "docs"
        self.forge = forge.resolve(prepared.loaded.tracker.config.forge, config.repo_url or "", config.edit_uri or "", docs_rel)
        self.layout = Layout(self.config.folder.strip("/") + "/", config.use_directory_urls)
        self.slots, self.search_html = {}, {}
        self._close_background()
        if config.nav:
            # A nav written before the pages moved into the folder (`- 課題一覧: issues.md`) still works.
            config.nav = _moved_nav(config.nav, self.layout.prefix, Path(config.docs_dir))
        # The same assets `tsuzuri pages` writes; a mkdocs.yml for other builders lists them already.
        for setting, wanted in (
            (config.extra_css, output.extra_css(self.layout)), (config.extra_javascript, output.extra_javascript(self.layout))
        ):
            listed = {str(item) for item in setting}
            setting.extend(src for src in wanted if src not in listed)
        return config

    def on_pre_build(self, config):
        # Before MkDocs empties the site folder: under `mkdocs serve`, set the last build's pages aside.
        self.keeping = None
        if self.serving and not self.dirty and self.config.cache:
            last = served_pages.set_aside(config.site_dir, self.layout.prefix)
            self.keeping = served_pages.Keeping(last, config.site_dir, self.layout.prefix)
        else:
            served_pages.forget()

    def _check(self, prepared, findings=None) -> None:
        """Check the tracker as read (or take ``findings``, checked elsewhere) and report what was found."""
        prepared.check(findings)
        self._report(prepared, prepared.loaded.tracker.config.language)

    def _stop_checking(self) -> None:
        if self.checking is not None:
            self.checking.close()
        self.checking = None

    def _report(self, prepared, lang: str) -> None:
        """Log the tracker's notes and findings; stop on an error, except under `mkdocs serve`, which shows it on every page."""
        for note in prepared.notes:
            log.warning(note)
        for f in prepared.findings:
            # A baseline that this clone cannot read (shallow, tag not fetched) is noted on the
            # Gantt page instead; it must not fail a strict build.
            if f.code in PAGE_NOTED:
                if prepared.git_root == self.root:
                    log.info(f.text(lang))
            elif f.severity != "error":
                log.warning(f.text(lang))
        self.preview_errors = []
        if prepared.errors and not self.serving:
            raise PluginError(say(lang, "site.plugin.errors", errors="\n".join(f.text(lang) for f in prepared.errors)))
        if prepared.errors:
            # Under `mkdocs serve` a failed build leaves the preview dead until the file is fixed:
            # build what could be read, and show the errors at the top of every page instead.
            self.preview_errors = [f.text(lang) for f in prepared.errors]
            for text in self.preview_errors:
                log.warning(text)

    def _theme(self, config, prepared, lang: str) -> None:
        """Name the site after the tracker and put tsuzuri's theme overrides in place; warn about web fonts."""
        if config.theme.get("font") is not False:
            log.warning(say(lang, "site.plugin.web-fonts"))
        # The header, the tab title and the home page's <title> follow `title:` of tsuzuri.yml.
        config.site_name = theme.site_name(prepared.loaded.tracker.config, config.site_name)
        if config.theme.name == "material" and str(theme.OVERRIDES) not in config.theme.dirs:
            # After a custom_dir, which stays first: the tracker's own overrides win over ours.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(theme.OVERRIDES))

    def _for_audience(self, prepared) -> None:
        """Make ``prepared`` the tracker and history as the chosen audience sees them (unchanged when none is chosen)."""
        wanted = os.environ.get(AUDIENCE_ENV, "").strip() or (self.config.audience or "").strip()
        if not wanted:
            return
        tracker = prepared.loaded.tracker
        try:
            audience = audience_named(tracker.config, wanted)
        except UnknownAudience as problem:
            raise PluginError(f"tsuzuri: {localized(problem.message, tracker.config.language)}") from None
        view = tracker_for(tracker, audience)
        prepared.loaded.tracker = view
        prepared.history = history_for(prepared.history, view, audience)
        # A baseline's plan is read from Git as it was: hide in it what the audience may not see, too.
        prepared.baseline_view = lambda plan: wbs_for(plan, audience)

    @_reported
    def on_files(self, files: Files, config):
        self._drop_linked_docs(files, config)
        # What `tsuzuri pages` left in the folder is made again here, fresh: drop the copies on disk.
        for file in [f for f in files if f.src_uri.startswith(self.layout.prefix)]:
            files.remove(file)
        replaced = output.replaced_pages(lambda path: files.get_file_from_path(path) is not None)
        self.layout = Layout(self.layout.prefix, self.layout.directory_urls, replaced)
        ctx = self.prepared.context(self.forge)
        plans = output.plans(ctx, replaced)
        self.cache = open_cache(self.root) if self.config.cache else None
        self.layouts = PageCache(self.root / LAYOUTS, root=self.root) if self.cache is not None else None
        # Charts are kept beside the pages: a page rendered again finds the charts that did not change.
        self.parts = PageCache(self.root / PARTS, root=self.root) if self.cache is not None else None
        fragments.keep_on_disk(self.parts, code_digest())
        self.page_keys, self.files_key, self.marker_keys, self.markers_kept = {}, "", None, set()
        if self.cache is not None:
            keys = PageKeys(ctx, self.layout)
            plans, key_of = cached(plans, keys, self.cache)
            self.page_keys = {self.layout.src(path): key for path, key in key_of.items()}
            self.files_key = keys.files_key(self.site_url)
            self.marker_keys = keys.marker_key
        self.later_background = False
        if worthwhile(len(ctx.tracker.issues)) and not self.serving:
            # A large tracker's pages are rendered on the other core while this one goes on with
            # the rest of the build; each is filled in just before the theme lays it out. With
            # laid-out pages kept, the worker starts once it is known which pages are not (on_env).
            if self.layouts is not None and self.layouts.filled():
                self.later_background = True
            else:
                self.background = BackgroundPages(plans, self._finished)
        for plan in plans:
            src = self.layout.src(plan.path)
            self.titles[src] = plan.title
            # Rendered when the theme is about to lay the page out (by then in the background,
            # if a worker runs), and not at all if the laid-out page is in the cache.
            self.page_plans[src] = plan
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=output.page_markdown(plan, SLOT.format(0), title=False), inclusion=inclusion))
        self._close_data_dir()
        self.data_dir = tempfile.TemporaryDirectory(prefix="tsuzuri-files-")
        made = output.files(ctx, self.root, self.site_url, self.cache, self.files_key)
        for i, out in enumerate(made):
            made[i] = None
            source = out.source
            if out.content is not None:
                # Copied by MkDocs from a file, as the others are: the build does not hold the bytes of
                # every data file (the issues.json of 10,000 issues is 10 MB) until it ends.
                source = Path(self.data_dir.name, str(i))
                source.write_bytes(out.content)
            files.append(File.generated(config, self.layout.src(out.path), abs_src_path=str(source)))
        gc.freeze()  # the plans and files of every page live until the build ends too
        return files

    @_reported
    def on_nav(self, nav, config, files):
        # Every generated page is the same few lines of Markdown around its slot: convert them once
        # per build, not once per page (building Python-Markdown for a page cost more than the rest of it).
        self.nav = nav
        self.stub_renders = {}
        for src in self.titles:
            file = files.get_file_from_path(src)
            if file is not None and type(file.page) is Page:
                file.page.__class__ = _GeneratedPage
                file.page.stub_renders = self.stub_renders
        # Without a `nav:`, MkDocs makes the folder a section, its pages in the order of their
        # file names; the list pages belong at the top, in the order of the short navigation.
        if config.nav is None:
            for i, item in enumerate(nav.items):
                children = getattr(item, "children", None) or []
                if children and all(
                    getattr(child, "file", None) and child.file.src_uri.startswith(self.layout.prefix) for child in children
                ):
                    for child in children:
                        child.parent = None
                    nav.items[i:i + 1] = sorted(children, key=lambda child: _nav_rank(child.file.src_uri[len(self.layout.prefix):]))
                    break
        return nav

    @_reported
    def on_env(self, env, config, files):
        env.globals["tsuzuri_made_with"] = theme.made_with(self.prepared.loaded.tracker.config.language)
        self.env = env
        if self.cache is not None and env.bytecode_cache is None:
            env.bytecode_cache = theme.template_cache(self.root / TEMPLATES)
        for src in self.titles:
            file = files.get_file_from_path(src)
            if file is not None and file.page is not None and self.forge is not None:
                # Material's edit button opens the tracker file a generated page shows, if any.
                source = forms.source_file(self.prepared.loaded.tracker, src[len(self.layout.prefix):])
                file.page.edit_url = self.forge.edit_url(source) if source else None
        self.drop_written = layout_cache.reusable(config)
        self._hand_over_entries(config)
        self._reuse_layouts(config, files)
        self._stamp_layouts(config, files)
        self._keep_served(config, files)
        self._pass_laid_out(config, files)
        # Pages taken from the layouts (or kept under serve) never ask the page cache: they count as from the cache too.
        self.reused = len(self.laid_out) + (len(self.keeping.kept) if self.keeping is not None else 0)
        left = [plan for src, plan in self.page_plans.items() if src not in self.laid_out]
        if self.later_background and left:
            self.background = BackgroundPages(left, self._finished)
        if self.checking is not None:
            checking, self.checking = self.checking, None
            self._check(self.prepared, checking.result())
        gc.freeze()  # and what MkDocs made of every page, as on_config froze the tracker
        return env

    def _reuse_layouts(self, config, files) -> None:
        """Give each generated page whose laid-out page is in the cache that page, so the theme lays out only the others.

        A laid-out page is kept under a digest of what the theme shows on it: the page's own key
        (everything its HTML shows), its address, title, edit link and front matter, and of the whole
        site the navigation, the settings, the theme's templates and the versions of MkDocs and the
        theme. Only with plugins known to change nothing the theme lays out (see ``LAYOUT_PLUGINS``).
        """
        self.layout_keys, self.laid_out = {}, set()
        if self.layouts is None or self.nav is None or not layout_cache.reusable(config):
            return
        site = layout_cache.site_digest(config, self.nav)
        for src, page_key in self.page_keys.items():
            file = files.get_file_from_path(src)
            page = file.page if file is not None else None
            if page is None or "template" in page.meta:
                continue
            key = self.layout_keys[src] = layout_cache.layout_key(site, page_key, page, self.preview_errors)
            if self.layouts.has(key):
                # Read when the page is built, so that not every page is in memory at once.
                page.meta["template"] = layout_cache.LAYOUT_TEMPLATE
                self.laid_out.add(src)

    def _hand_over_entries(self, config) -> None:
        """Let Material's search index take a laid-out page's kept entries instead of parsing its text again.

        The entries are what the index made of the same page before (its search text, address, title
        and front matter are in the laid-out page's key), kept beside the laid-out page.
        """
        self.search_index, self.kept_entries, self.entries_from = None, {}, {}
        if self.layouts is None or not layout_cache.reusable(config):
            return
        index = next((getattr(p, "search_index", None) for p in config.plugins.values() if type(p).__module__ == SEARCH_MODULE), None)
        parse = getattr(index, "add_entry_from_context", None)
        if not isinstance(getattr(index, "entries", None), list) or not callable(parse):
            return
        kept = self.kept_entries

        def add_entry_from_context(page):
            entries = kept.pop(page.file.src_uri, None)
            if entries is None:
                return parse(page)
            index.entries.extend(entries)

        index.add_entry_from_context = add_entry_from_context
        self.search_index = index

    def _keep_served(self, config, files) -> None:
        """Under `mkdocs serve`: take each generated page whose finished file the last build made, kept, out of this build."""
        self.served_keys, self.page_entries, self.doc_order, self.sitemap_files = {}, {}, [], None
        keeping = self.keeping
        if keeping is None:
            return
        searched = any(name in ("search", "material/search") for name in config.plugins)
        if not self.layout_keys or (searched and self.search_index is None):
            keeping.discard()  # nothing here says what a page's file holds: build every page
            self.keeping = None
            return
        pages = [f for f in files.documentation_pages(inclusion=lambda level: True) if f.page is not None and f.page.markdown is not None]
        self.doc_order = [f.src_uri for f in pages]
        history, title = bool(self.prepared.history), self.prepared.loaded.tracker.config.title
        for src, key in self.layout_keys.items():
            file = files.get_file_from_path(src)
            if file is None or file.page is None:
                continue
            self.served_keys[src] = served = served_pages.served_key(key, history, title)
            if keeping.unchanged(src, served, file.dest_uri):
                files.remove(file)
                self.page_plans.pop(src, None)
                self.laid_out.discard(src)
        if keeping.kept and "sitemap.xml" in config.theme.static_templates and _build_theme_template is not None:
            # The sitemap lists every page: made once the build ends, with the kept pages too.
            config.theme.static_templates.discard("sitemap.xml")
            self.sitemap_files = Files(pages)

    def _pass_laid_out(self, config, files) -> None:
        """In a build: take each generated page laid out already out of MkDocs' work, and write its file from the cache on another thread.

        MkDocs' own work for such a page (its context, the template, the plugins' events) would only
        hand the cached layout through; the sitemap and the search index get the page when the build ends.
        """
        self.passing, self.passed = None, {}
        if self.keeping is not None or self.dirty or not self.laid_out or None in (_build_page, _build_theme_template):
            return
        searched = any(name in ("search", "material/search") for name in config.plugins)
        if searched and self.search_index is None:
            return
        pages = [f for f in files.documentation_pages(inclusion=lambda level: True) if f.page is not None and f.page.markdown is not None]
        jobs = []
        for file in pages:
            src = file.src_uri
            if src in self.laid_out and file.inclusion.is_included():
                jobs.append(finished_pages.Job(src, self.layout_keys[src], file.page.url, file.abs_dest_path))
                self.passed[src] = file
        if not jobs:
            return
        for file in self.passed.values():
            files.remove(file)
        self.doc_order, self.every_page = [f.src_uri for f in pages], Files(pages)
        if "sitemap.xml" in config.theme.static_templates:
            config.theme.static_templates.discard("sitemap.xml")  # made once the build ends, with every page
            self.sitemap_files = self.every_page

        def split(entry):
            found = layout_cache.split(entry)
            return None if found is None or (searched and found[1] is None) else found

        self.passing = finished_pages.FinishedPages(jobs, self.layouts.get, split, self._finished_file)

    def _stamp_layouts(self, config, files) -> None:
        """Let each generated page not laid out already be laid out by stamp, where that is shown to make the theme's layout."""
        self.stamps = None
        if self.nav is None or not layout_cache.reusable(config):
            return
        self.stamps, self.linked = layout_cache.Stamps(), layout_cache.addresses(self.nav, config)
        for src in self.titles:
            file = files.get_file_from_path(src)
            page = file.page if file is not None else None
            if page is not None and "template" not in page.meta:
                page.meta["template"] = layout_cache.LAYOUT_TEMPLATE
                page.tsuzuri_layout = None

    def _drop_linked_docs(self, files: Files, config) -> None:
        """Leave out of the site every hand-written file that is a symbolic link or lies under one."""
        docs = Path(config.docs_dir)
        for file in list(files):
            if file.abs_src_path and not file.generated_by and linked_part(docs, file.abs_src_path) is not None:
                files.remove(file)
                log.warning(say(self.prepared.loaded.tracker.config.language, "site.docs-symlink", path=file.src_uri))

    @_reported
    def on_page_markdown(self, markdown, page, config, files):
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            # Themes print page.meta.title and page.title without escaping (Material does, in
            # <title>, the header, the nav and breadcrumbs), and the search index takes it as
            # HTML: hand over the escaped text, marked safe so that a theme that does escape
            # does not escape it twice.
            page.meta["title"] = safe_title(title)
            return markdown  # a generated page holds its slot and no marker
        found = markers.find(markdown)
        if not found or page.file.src_uri in self.slots:
            return markdown
        ctx = self.prepared.context(self.forge)
        htmls, parts, last = [], [], 0
        for marker in found:
            parts += [markdown[last:marker.start], "\n\n" + SLOT.format(len(htmls)) + "\n\n"]
            htmls.append(self._marker(ctx, marker.name, marker.params))
            last = marker.end
        self.slots[page.file.src_uri] = htmls
        return "".join(parts) + markdown[last:]

    def _marker(self, ctx, name: str, params: dict[str, str]) -> str:
        """Return a marker's HTML in a hand-written page, from the page cache when what it shows is unchanged."""
        if self.marker_keys is None:
            return markers.render(ctx, name, params)
        key = self.marker_keys(name, params)
        self.markers_kept.add(key)
        found = self.cache.get(key)
        if found is None:
            found = markers.render(ctx, name, params)
            self.cache.put(key, found)
        return found

    @_reported
    def on_page_content(self, html, page, config, files):
        htmls = self.slots.get(page.file.src_uri)
        if not page.file.generated_by:
            # Hand-written pages: issue keys in their text become links too (before the slots
            # are filled, as generated HTML links its keys already).
            issues = self.prepared.loaded.tracker.issues
            html = link_keys(html, lambda key: LINK_PREFIX + issue_src(key) if key in issues else None)
            if htmls:
                # Search reads what the page's author wrote: what its markers list (issues, minutes, the
                # plan) the generated pages say, where a search lands (and the dashboard of 10,000
                # issues is megabytes of HTML to parse at every build).
                self.search_html[page.file.src_uri] = SLOT_RE.sub("", html)
        if self.preview_errors:
            html = self._error_banner() + html
        return self._fill(html, htmls, page.url)

    def _error_banner(self) -> str:
        words = say(self.prepared.loaded.tracker.config.language, "site.preview_errors")
        items = "".join(f"<li><code>{_escape(text)}</code></li>" for text in self.preview_errors)
        return (
            f'<div class="admonition failure tsuzuri-preview-errors"><p class="admonition-title">{_escape(words)}</p><ul>{items}</ul></div>'
        )

    def _fill(self, html: str, htmls: list[str] | None, page_url: str) -> str:
        """Put the generated HTML into a page's slots and make its links relative to the page."""
        if htmls:
            html = SLOT_RE.sub(lambda m: htmls[int(m.group(1))], html)
        return self.layout.resolve(html, page_url)

    def _finished(self, plan, html: str) -> str:
        """Return a generated page's body with its links made relative to its address (where it is rendered)."""
        return self.layout.resolve(output.page_html(plan.title, html), self.layout.url(plan.path))

    # Search plugins index page.content in on_page_context. For issue and minutes pages they get
    # the page's words as one plain section (parsing the full layout of 10,000 pages was the
    # largest cost of a build); the full page is put back right after.

    @event_priority(100)
    def _show_search_text(self, context, page, config, nav):
        src = page.file.src_uri
        if src in self.laid_out:
            kept = self.layouts.get(self.layout_keys[src])
            found = layout_cache.split(kept) if kept is not None else None
            if found is not None:
                self.search_html[src], entries, page.tsuzuri_layout = found
                if entries is not None and self.search_index is not None:
                    self.kept_entries[src] = entries
                self.page_plans.pop(src, None)
            else:
                self.laid_out.discard(src)  # gone since (another build pruned it): lay the page out here
                page.tsuzuri_layout = None
        plan = self.page_plans.pop(src, None)
        if plan is not None:
            # Fill a generated page before any plugin reads its content.
            if self.background is not None and plan.path in self.background and page.url == self.layout.url(plan.path):
                html, self.search_html[src] = self.background.get(plan.path)  # finished for this address already
                page.content = SLOT_RE.sub(lambda m: html, page.content)
            else:
                rendered = plan.page()
                html, self.search_html[src] = rendered.html, rendered.search_html
                page.content = self._fill(page.content, [output.page_html(plan.title, html)], page.url)
        text = self.search_html.get(src)
        if text is not None:
            page.tsuzuri_full_content, page.content = page.content, text
        ordered = self.keeping is not None or self.passing is not None  # some pages are not built: the index is put in order at the end
        if self.search_index is not None and (ordered or (src in self.layout_keys and src not in self.laid_out)):
            self.entries_from[src] = len(self.search_index.entries)  # what the index adds from here is this page's
        return context

    @event_priority(-100)
    def _restore_content(self, context, page, config, nav):
        full = getattr(page, "tsuzuri_full_content", None)
        if full is not None:
            page.content = full
            del page.tsuzuri_full_content
        if page.meta.get("template") == layout_cache.LAYOUT_TEMPLATE and page.tsuzuri_layout is None:
            page.tsuzuri_layout = self._lay_out(context, page)
        if page.file.src_uri in self.titles and self.drop_written and getattr(page, "tsuzuri_layout", None) is not None:
            # The layout holds the content now, and no other plugin reads it: a large page's HTML is
            # not held twice while the page is finished and written.
            page.content = None
        return context

    def _lay_out(self, context, page) -> str:
        """Return what the theme makes of ``page``: by its stamp where one is shown good, else laid out by the theme."""
        render = functools.partial(self.env.get_template("main.html").render, context)
        group = layout_cache.stamp_group(page, self.linked) if self.stamps is not None else None
        return render() if group is None else self.stamps.lay_out(group, page, render)

    on_page_context = CombinedEvent(_show_search_text, _restore_content)

    @event_priority(100)
    def _keep_layout(self, output, page, config):
        # The page as the theme laid it out, before any plugin changes it (they do so again on a reused page).
        src = page.file.src_uri
        key = self.layout_keys.get(src)
        start = self.entries_from.pop(src, None)
        entries = self.search_index.entries[start:] if start is not None else None
        if key is not None and src not in self.laid_out and self.layouts is not None:
            self.layouts.put(key, layout_cache.joined(self.search_html.get(src) or "", output, entries))
        if self.keeping is not None or self.passing is not None:
            self.page_entries[src] = entries or []
        if self.keeping is not None:
            if src in self.served_keys:
                self.keeping.built(src, self.served_keys[src], page.file.dest_uri, entries or [])
        return output

    @_reported
    def _finish_page(self, output, page, config):
        return self._finished_file(output, page.url)

    def _finished_file(self, output: str, url: str) -> str:
        """Return the file of a page laid out at ``url``, as the plugin finishes every page (one written from the cache too)."""
        # With repo_url set, Material's header asks the forge's API (api.github.com, a GitLab
        # host) for stars and forks from the visitor's browser: a request off the site on a closed
        # network. The repository link stays; the component that fetches goes.
        output = output.replace(' data-md-component="source"', "")
        # Advertise the activity feed in every page's head, so feed readers find it.
        if not self.prepared.history or "</head>" not in output:
            return output
        href = relative_url(self.layout.url(FEED), url)
        link = (
            f'<link rel="alternate" type="application/atom+xml" title="{html_escape(self.prepared.loaded.tracker.config.title)}" '
            f'href="{href}">'
        )
        return output.replace("</head>", link + "\n</head>", 1)

    @event_priority(-100)
    def _let_go(self, output, page, config):
        # A generated page is written out after this: with no plugin but ours and search, nothing
        # reads its HTML again, so the build does not hold every page's HTML until it ends.
        src = page.file.src_uri
        if src in self.titles and self.drop_written:
            page.content = page.tsuzuri_layout = None
            self.search_html.pop(src, None)
        return output

    on_post_page = CombinedEvent(_keep_layout, _finish_page, _let_go)

    def _put_back_passed(self, config) -> None:
        """In a build: wait for the pages written from the cache, build those it could not give back, list all in the sitemap and index."""
        passing = self.passing
        if passing is None:
            return
        try:
            written = passing.wait()
        except OSError as problem:
            self.passing = None
            raise PluginError(say(self.prepared.loaded.tracker.config.language, "site.plugin.write-failed",
                                  path=problem.filename or "", problem=problem.strerror or str(problem))) from None
        self.reused -= len(written.failed)
        for src in written.failed:  # gone from the cache since the build looked it up: laid out here after all
            file = self.passed[src]
            self.laid_out.discard(src)
            file.page.tsuzuri_layout = None
            _build_page(file.page, config, self.every_page.documentation_pages(), self.nav, self.env)
        self.passing = None
        if self.sitemap_files is not None:
            _build_theme_template("sitemap.xml", self.env, self.sitemap_files, config, self.nav)
        if self.search_index is not None:
            self._order_entries(written.entries)
        self.page_entries, self.passed, self.every_page = {}, {}, None

    def _order_entries(self, kept: dict[str, list]) -> None:
        """Put the search index in the order MkDocs builds the pages, with ``kept`` (source path -> entries) for the pages not built."""
        live = sum(len(entries) for entries in self.page_entries.values())
        ordered = [e for src in self.doc_order for e in (kept[src] if src in kept else self.page_entries.get(src, ()))]
        if live == len(self.search_index.entries):
            self.search_index.entries[:] = ordered
        else:  # entries came from elsewhere too: keep them, and add the kept pages'
            self.search_index.entries.extend(e for src in self.doc_order if src in kept for e in kept[src])

    def _put_back_kept(self, config) -> None:
        """Under `mkdocs serve`: put the pages kept from the last build back, in the sitemap and the search index too."""
        keeping, self.keeping = self.keeping, None
        if keeping is None:
            return
        keeping.put_back()
        if self.sitemap_files is not None:
            _build_theme_template("sitemap.xml", self.env, self.sitemap_files, config, self.nav)
        if self.search_index is not None:
            # Each page's entries in the order MkDocs builds the pages, the kept ones as the last build made them.
            self._order_entries({src: keeping.entries(src) for src in keeping.kept})
        keeping.remember()
        self.page_entries = {}

    @event_priority(50)  # before the search plugin writes its index
    @_reported
    def on_post_build(self, config):
        self._put_back_kept(config)
        self._put_back_passed(config)
        # Material's instant navigation reads sitemap.xml beside the pages' folder too (tracker/sitemap.xml):
        # give it the site's own, so it finds one there instead of a 404.
        sitemap = Path(config.site_dir) / "sitemap.xml"
        if sitemap.is_file() and (Path(config.site_dir) / self.layout.prefix).is_dir():
            shutil.copyfile(sitemap, Path(config.site_dir) / self.layout.prefix / "sitemap.xml")
        # Under `mkdocs serve` the next build starts in this process: don't keep every page's HTML alive.
        self.slots, self.search_html = {}, {}
        self.search_index, self.kept_entries, self.entries_from = None, {}, {}
        self._close_background()
        fragments.keep_on_disk(None)
        self._close_data_dir()
        gc.unfreeze()  # from here what the build left is collected as ever
        if self.cache is not None:
            self.cache.prune({self.files_key, *self.page_keys.values(), *self.markers_kept})
            self.layouts.prune(set(self.layout_keys.values()))  # pages as they were before an edit are not asked for again
            self.parts.prune_to_newest(fragments.LIMIT_ON_DISK)
            hits = self.cache.hits + self.reused
            if hits or self.cache.misses:
                log.info(say(
                    self.prepared.loaded.tracker.config.language if self.prepared else "en", "site.plugin.cache", hits=hits,
                    misses=self.cache.misses
                ))

    def on_build_error(self, error):
        if self.passing is not None:
            passing, self.passing = self.passing, None
            with contextlib.suppress(Exception):  # the build failed already: only let the thread end
                passing.wait()
        if self.keeping is not None:
            self.keeping.discard()  # and the next build keeps nothing
        else:
            served_pages.forget()
        self.keeping = None
        self._stop_checking()
        self._close_background()
        fragments.keep_on_disk(None)
        self._close_data_dir()
        gc.unfreeze()

    def _close_data_dir(self):
        if self.data_dir is not None:
            self.data_dir.cleanup()
        self.data_dir = None

    def _close_background(self):
        if self.background is not None:
            self.background.close()
        self.background = None
        self.page_plans = {}
        self.titles: dict[str, str] = {}  # source path of every generated page -> its title, as text

    def on_serve(self, server, config, builder):
        for name in ("issues", "minutes", "wbs", "tsuzuri.yml"):
            path = self.root / name
            if path.exists():
                server.watch(str(path))
        return server


class _GeneratedPage(Page):
    """A page tsuzuri generated: its Markdown (the same few lines on every page) converts once per build.

    What Python-Markdown makes of a text without links depends on the text alone (links would
    depend on where the page is); pages with the same link-free text share one conversion.
    """

    stub_renders: dict[str, tuple]

    def render(self, config, files) -> None:
        text = self.markdown
        if "[" in text or "href" in text or "src" in text:
            super().render(config, files)  # a plugin added links: convert this page for itself
            return
        done = self.stub_renders.get(text)
        if done is None:
            super().render(config, files)
            self.stub_renders[text] = (self.content, self.toc, self._title_from_render, self.present_anchor_ids, self.links_to_anchors)
            return
        self.content, self.toc, self._title_from_render, anchors, self.links_to_anchors = done
        self.present_anchor_ids = set(anchors) if anchors is not None else None


def _nav_rank(path: str) -> tuple[int, str]:
    return (NAV_PAGES.index(path) if path in NAV_PAGES else len(NAV_PAGES), path)


def _moved_nav(nav, prefix: str, docs_dir: Path):
    """Return ``nav`` with each generated list page named by its path in the folder, where no hand-written page has the old path."""
    if isinstance(nav, str):
        moved = nav in NAV_PAGES and nav != "index.md" and not (docs_dir / nav).exists()
        return prefix + nav if moved else nav
    if isinstance(nav, dict):
        return {title: _moved_nav(value, prefix, docs_dir) for title, value in nav.items()}
    if isinstance(nav, list):
        return [_moved_nav(item, prefix, docs_dir) for item in nav]
    return nav


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
