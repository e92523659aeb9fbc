"""The MkDocs adapter: add the tracker's generated pages and files to a MkDocs build.

Everything here only moves data between MkDocs and ``tsuzuri.site``; the pages themselves
are made without MkDocs. Generated pages carry a slot that is filled with finished HTML
after Markdown ran, so contributor text is never re-rendered unsanitized.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from html import escape as html_escape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from tsuzuri import site
from tsuzuri.adapters import clock
from tsuzuri.messages import say
from tsuzuri.site import forge, forms, markers
from tsuzuri.site.attachments import published
from tsuzuri.site.background import BackgroundPages, worthwhile
from tsuzuri.site.markup import link_keys, safe_title
from tsuzuri.store import gitrepo, load
from tsuzuri.store.history import load_history
from tsuzuri.store.links import linked_part
from tsuzuri.validate import validate_loaded

log = logging.getLogger("mkdocs.plugins.tsuzuri")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ASSET_DIR = "assets/tsuzuri"
SLOT = '<div class="tsuzuri-slot" data-slot="{}"></div>'
SLOT_RE = re.compile(r'<div class="tsuzuri-slot" data-slot="(\d+)"></div>')
PAGE_NOTED = frozenset({"baseline-missing"})
LINK_RE = re.compile(r'((?:href|src|data-json|data-issue-href)=")' + re.escape(site.LINK_PREFIX) + r'([^"#?]*)')


class TsuzuriConfig(base.Config):
    root = c.Optional(c.Type(str))  # tracker folder, relative to mkdocs.yml (default: its folder)
    # The day the site is built for, as the CLI's --today reads it; default SOURCE_DATE_EPOCH or the clock.
    today = c.Optional(c.Type((str, date)))
    # Read dates, authors, timelines and activity from Git: true (the tracker's own checkout),
    # false, or the path of another checkout with the same files (a replayed demo history).
    history = c.Type((bool, str), default=True)


class TsuzuriPlugin(BasePlugin[TsuzuriConfig]):
    serving = False

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` builds while its server and watcher threads run; forking a process
        # with threads alive is not safe, so pages are rendered in-process there.
        self.serving = command == "serve"

    def on_config(self, config):
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = (config_dir / (self.config.root or ".")).resolve()
        # Dates, authors and timelines come from Git when there is a checkout (empty history otherwise).
        history, problem = self._history(config_dir)
        # Baselines are read from the checkout that has the history (a replayed demo has its tags).
        self.git_root = self._history_folder(config_dir) or self.root
        loaded = load(self.root, history=history)
        findings = validate_loaded(loaded)
        errors = [f for f in findings if f.severity == "error"]
        lang = loaded.tracker.config.language
        if problem == "not-a-folder":
            raise PluginError(say(lang, "site.plugin.history-not-a-folder", setting=self.config.history))
        if problem == "not-a-checkout":
            log.warning(say(lang, "site.plugin.history-not-a-checkout", setting=self.config.history))
        try:
            self.today = clock.today(self.config.today, loaded.tracker.config.timezone)
        except clock.BadDay as exc:
            raise PluginError(say(lang, "site.bad-today", value=exc.value)) from None
        for f in findings:
            # A baseline that this clone cannot read (shallow, tag not fetched) is noted on the
            # Gantt page instead; it must not fail a strict build.
            if f.code in PAGE_NOTED:
                if self.git_root == self.root:
                    log.info(f.text(lang))
            elif f.severity != "error":
                log.warning(f.text(lang))
        self.preview_errors: list[str] = []
        if errors and not self.serving:
            raise PluginError(say(lang, "site.plugin.errors", errors="\n".join(f.text(lang) for f in errors)))
        if errors:
            # Under `mkdocs serve` a failed build leaves the preview dead until the file is fixed:
            # build what could be read, and show the errors at the top of every page instead.
            self.preview_errors = [f.text(lang) for f in errors]
            for text in self.preview_errors:
                log.warning(text)
        if config.theme.get("font") is not False:
            log.warning(say(lang, "site.plugin.web-fonts"))
        self.loaded = loaded
        self.history = history
        self.site_url = config.site_url or ""
        docs_rel = Path(config.docs_dir).resolve().relative_to(self.root).as_posix() if Path(config.docs_dir).resolve().is_relative_to(self.root) else "docs"
        self.forge = forge.resolve(loaded.tracker.config.forge, config.repo_url or "", config.edit_uri or "", docs_rel)
        self.use_directory_urls = config.use_directory_urls
        self.slots: dict[str, list[str]] = {}
        self.search_html: dict[str, str] = {}
        self._close_background()
        for name in ("tsuzuri.css",):
            config.extra_css.append(f"{ASSET_DIR}/{name}")
        for name in ("issue-list.js", "board.js", "plot-loader.js", "forms.js", "me.js", "a11y.js"):
            config.extra_javascript.append(f"{ASSET_DIR}/{name}")
        return config

    def on_files(self, files: Files, config):
        tracker = self.loaded.tracker
        self._drop_linked_docs(files, config)
        written = frozenset(path for path in site.NAV_PAGES if files.get_file_from_path(path) is not None)
        builder = site.SiteBuilder(site.SiteContext(tracker, self.today, self.history, self.git_root, self.forge), written)
        # A hand-written page of the same name wins.
        plans = [plan for plan in builder.plans() if files.get_file_from_path(plan.path) is None]
        if worthwhile(len(tracker.issues)) and not self.serving:
            # A large tracker's pages are rendered on the other core while this one goes on with
            # the rest of the build; each is filled in just before the theme lays it out.
            self.background = BackgroundPages(plans)
            pages = plans
        else:
            pages = [plan.page() for plan in plans]
        for page in pages:
            self.titles[page.path] = page.title
            if self.background is not None:
                self.background_titles[page.path] = page.title
            else:
                self.slots[page.path] = [f"<h1>{_escape(page.title)}</h1>\n{page.html}"]
                self.search_html[page.path] = page.search_html
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # The title is not written here: it is set, escaped, in on_page_markdown (see there).
            hide = "".join(f"\n  - {name}" for name in page.hide)
            front = f"---\nhide:{hide}\n---\n\n" if hide else ""
            content = f"{front}{SLOT.format(0)}\n"
            files.append(File.generated(config, page.path, content=content, inclusion=inclusion))
        for out in site.build_files(tracker, self.today, self.history, self.site_url, self.forge):
            files.append(File.generated(config, out.path, content=out.content))
        for issue in tracker.issues.values():
            # Under neutral names where a browser would run them (see site/attachments.py).
            for out in published(issue):
                if linked_part(self.root, self.root / out.attachment.path) is not None:
                    continue  # the reader reports links and lists none; never copy through one
                files.append(File.generated(config, out.path, abs_src_path=str(self.root / out.attachment.path)))
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset)))
        files.append(File.generated(config, f"{ASSET_DIR}/plotly.min.js", abs_src_path=_plotly_js(self.loaded.tracker.config.language)))
        return files

    def _drop_linked_docs(self, files: Files, config) -> None:
        """Leave out of the site every hand-written file that is a symbolic link or lies under one."""
        docs = Path(config.docs_dir)
        for file in list(files):
            if file.abs_src_path and not file.generated_by and linked_part(docs, file.abs_src_path) is not None:
                files.remove(file)
                log.warning(say(self.loaded.tracker.config.language, "site.docs-symlink", path=file.src_uri))

    def on_page_markdown(self, markdown, page, config, files):
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            # Themes print page.meta.title and page.title without escaping (Material does, in
            # <title>, the header, the nav and breadcrumbs), and the search index takes it as
            # HTML: hand over the escaped text, marked safe so that a theme that does escape
            # does not escape it twice.
            page.meta["title"] = safe_title(title)
        found = markers.find(markdown)
        if not found or page.file.src_uri in self.slots:
            return markdown
        ctx = site.SiteContext(self.loaded.tracker, self.today, self.history, self.git_root, self.forge)
        htmls, parts, last = [], [], 0
        for match, name, params in found:
            parts += [markdown[last:match.start()], "\n\n" + SLOT.format(len(htmls)) + "\n\n"]
            htmls.append(markers.render(ctx, name, params))
            last = match.end()
        self.slots[page.file.src_uri] = htmls
        return "".join(parts) + markdown[last:]

    def on_page_content(self, html, page, config, files):
        htmls = self.slots.get(page.file.src_uri)
        if not page.file.generated_by:
            # Hand-written pages: issue keys in their text become links too (before the slots
            # are filled, as generated HTML links its keys already).
            issues = self.loaded.tracker.issues
            html = link_keys(html, lambda key: site.LINK_PREFIX + site.issue_src(key) if key in issues else None)
        if self.preview_errors:
            html = self._error_banner() + html
        return self._fill(html, htmls, page.url)

    def _error_banner(self) -> str:
        words = say(self.loaded.tracker.config.language, "site.preview_errors")
        items = "".join(f"<li><code>{_escape(text)}</code></li>" for text in self.preview_errors)
        return f'<div class="admonition failure tsuzuri-preview-errors"><p class="admonition-title">{_escape(words)}</p><ul>{items}</ul></div>'


    def _fill(self, html: str, htmls: list[str] | None, page_url: str) -> str:
        """Put the generated HTML into a page's slots and make its links relative to the page."""
        if htmls:
            html = SLOT_RE.sub(lambda m: htmls[int(m.group(1))], html)
        return LINK_RE.sub(lambda m: m.group(1) + self._relative(m.group(2), page_url), html)

    # Search plugins index page.content in on_page_context. For issue and minutes pages they get
    # the page's words as one plain section (parsing the full layout of 10,000 pages was the
    # largest cost of a build); the full page is put back right after.

    @event_priority(100)
    def _show_search_text(self, context, page, config, nav):
        src = page.file.src_uri
        title = self.background_titles.pop(src, None)
        if title is not None:
            # A page rendered in the background: fill it before any plugin reads its content.
            html, self.search_html[src] = self.background.get(src)
            page.content = self._fill(page.content, [f"<h1>{_escape(title)}</h1>\n{html}"], page.url)
        if page.file.generated_by and self.forge is not None:
            # Material's edit button opens the tracker file a generated page shows, if any.
            source = forms.source_file(self.loaded.tracker, src)
            page.edit_url = self.forge.edit_url(source) if source else None
        text = self.search_html.get(src)
        if text is not None:
            page.tsuzuri_full_content, page.content = page.content, text
        return context

    @event_priority(-100)
    def _restore_content(self, context, page, config, nav):
        full = getattr(page, "tsuzuri_full_content", None)
        if full is not None:
            page.content = full
            del page.tsuzuri_full_content
        return context

    on_page_context = CombinedEvent(_show_search_text, _restore_content)

    def on_post_page(self, output, page, config):
        # With repo_url set, Material's header asks the forge's API (api.github.com, a GitLab
        # host) for stars and forks from the visitor's browser: a request off the site on a closed
        # network. The repository link stays; the component that fetches goes.
        output = output.replace(' data-md-component="source"', "")
        # Advertise the activity feed in every page's head, so feed readers find it.
        if not self.history or "</head>" not in output:
            return output
        href = get_relative_url(site.FEED, page.url)
        link = f'<link rel="alternate" type="application/atom+xml" title="{html_escape(self.loaded.tracker.config.title)}" href="{href}">'
        return output.replace("</head>", link + "\n</head>", 1)

    def on_post_build(self, config):
        # Under `mkdocs serve` the next build starts in this process: don't keep every page's HTML alive.
        self.slots, self.search_html = {}, {}
        self._close_background()

    def on_build_error(self, error):
        self._close_background()

    def _close_background(self):
        background = getattr(self, "background", None)
        if background is not None:
            background.close()
        self.background: BackgroundPages | None = None
        self.background_titles: dict[str, str] = {}
        self.titles: dict[str, str] = {}  # source path of every generated page -> its title, as text

    def on_serve(self, server, config, builder):
        for name in ("issues", "minutes", "wbs", "tsuzuri.yml"):
            path = self.root / name
            if path.exists():
                server.watch(str(path))
        return server

    def _history(self, config_dir: Path):
        """Return the history ``history:`` asks for and a problem with the setting ("" when none)."""
        setting = self.config.history
        if setting is False or setting in ("false", "no", ""):
            return None, ""
        if setting is True or setting in ("true", "yes"):
            return load_history(self.root), ""
        other = (config_dir / setting).resolve()
        if not other.is_dir():
            return None, "not-a-folder"
        return load_history(other), "" if gitrepo.is_checkout(other) else "not-a-checkout"

    def _history_folder(self, config_dir: Path) -> Path | None:
        """Return the other checkout ``history:`` names, if it names one."""
        setting = self.config.history
        if isinstance(setting, bool) or setting in ("true", "yes", "false", "no", ""):
            return None
        return (config_dir / setting).resolve()

    def _relative(self, src: str, page_url: str) -> str:
        return get_relative_url(_url_of(src, self.use_directory_urls), page_url)


def _url_of(src: str, directory_urls: bool) -> str:
    """Return the site URL MkDocs gives a source path (pages) or the path itself (other files)."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plotly_js(lang: str) -> str:
    import plotly

    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise PluginError(say(lang, "site.plugin.no-plotly", path=path))
    return str(path)
