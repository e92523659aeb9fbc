"""Keys of laid-out pages: a generated page as the theme laid it out, kept with the rendered pages.

The theme lays out a page from the page (its HTML, address, title, edit link, front matter) and
the whole site (the navigation, the settings, the templates). A laid-out page is kept under a
digest of all of that, so it is reused only where the theme would lay out the same bytes again.
Other plugins may change a page on its way to the theme; laid-out pages are reused only with the
plugins named in ``LAYOUT_PLUGINS``, which change nothing before the theme runs (what a plugin does
to the finished page, after the theme, runs on a reused page too).

Nothing here imports MkDocs: the plugin hands over its config, navigation and pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path

from tsuzuri.site.page_keys import code_digest
from tsuzuri.site.theme import OVERRIDES

LAYOUT_TEMPLATE = "tsuzuri-layout.html"
"""In the theme overrides: prints ``page.tsuzuri_layout``, the laid-out page from the cache, as it is."""
LAYOUT_PLUGINS = frozenset({"search", "material/search", "tsuzuri"})
"""Plugins that change nothing of a page before the theme lays it out, beyond what the key covers."""
# Settings that say where the build runs or what it watches, not what a page shows.
_NOT_SHOWN = frozenset({"config_file_path", "docs_dir", "site_dir", "dev_addr", "watch", "plugins", "theme", "strict", "hooks"})


def reusable(config) -> bool:
    """Tell whether laid-out pages may be reused in a build with ``config``."""
    return set(config.plugins) <= LAYOUT_PLUGINS and str(OVERRIDES) in config.theme.dirs and not config.hooks


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


@cache
def _package_dirs() -> tuple[tuple[Path, str], ...]:
    """Return the folders of installed packages whose templates are named by the package's version."""
    found = []
    for dist in ("mkdocs", "mkdocs-material"):
        try:
            files = metadata.distribution(dist).locate_file("")
        except metadata.PackageNotFoundError:
            continue
        top = "material" if dist == "mkdocs-material" else "mkdocs"
        found.append((Path(str(files)).resolve() / top, f"{dist} {_version(dist)}"))
    return tuple(found)


def _templates_digest(dirs: list[str]) -> str:
    """Return a digest of the theme's template folders: a package's by its version, any other by its files."""
    h = hashlib.sha256()
    for folder in map(Path, dirs):
        folder = folder.resolve()
        h.update(str(folder).encode("utf-8", "surrogatepass") + b"\x00")
        named = next((name for top, name in _package_dirs() if folder.is_relative_to(top)), None)
        if named is not None:
            h.update(named.encode())
        elif folder.is_relative_to(OVERRIDES.parent):
            h.update(code_digest().encode())  # tsuzuri's own templates
        else:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                h.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogatepass") + b"\x00")
                h.update(path.read_bytes())
        h.update(b"\x00")
    return h.hexdigest()


def _nav_items(items) -> list:
    """Return what the theme shows of navigation items: kind, title, address, children."""
    return [(type(item).__name__, str(item.title), getattr(item, "url", None), _nav_items(item.children or []) if item.children else None)
            for item in items]


@cache
def _adapter_digest() -> str:
    """Return a digest of the plugin's own code, which hands pages to the theme."""
    here = Path(__file__).resolve().parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in ("mkdocs_plugin.py", "layout_cache.py"))).hexdigest()


def site_digest(config, nav) -> str:
    """Return a digest of what every page shows of the whole site: settings, navigation, theme, versions, the plugin's code."""
    settings = sorted((name, repr(value)) for name, value in config.items() if name not in _NOT_SHOWN)
    plugins = [(name, type(plugin).__module__, type(plugin).__qualname__, repr(dict(plugin.config)))
               for name, plugin in config.plugins.items()]
    theme = (config.theme.name, repr(dict(config.theme.items())), _templates_digest(config.theme.dirs))
    home = getattr(nav.homepage, "url", None)
    versions = (_version("mkdocs"), _version("mkdocs-material"), _adapter_digest())
    return _digest(versions, settings, plugins, theme, _nav_items(nav.items), home)


def layout_key(site: str, page_key: str, page, banner: list[str]) -> str:
    """Return the key of one generated page laid out: ``page_key`` covers its HTML, ``site`` the rest of the site."""
    neighbours = [(p.url, str(p.title)) if p is not None else None for p in (page.previous_page, page.next_page)]
    parents = [str(parent.title) for parent in page.ancestors]
    meta = sorted((k, repr(v)) for k, v in page.meta.items())
    return _digest(site, page_key, page.file.src_uri, page.url, page.canonical_url, page.edit_url, str(page.title), meta,
                   neighbours, parents, page.is_homepage, banner)


def joined(search_html: str, laid_out: str, entries: list | None = None) -> str:
    """Return one cache entry of a page's search text, its search index entries (if known) and its laid-out page."""
    found = json.dumps(entries, ensure_ascii=False, separators=(",", ":")) if entries is not None and _plain(entries) else ""
    return f"{len(search_html)}\n{search_html}{len(found)}\n{found}{laid_out}"


def split(entry: str) -> tuple[str, list | None, str] | None:
    """Return (search text, search index entries or None, laid-out page) from a cache entry, or None if it is not one."""
    parts = []
    for _ in range(2):
        head, sep, entry = entry.partition("\n")
        if not sep or not head.isdigit() or int(head) > len(entry):
            return None
        parts.append(entry[: int(head)])
        entry = entry[int(head):]
    search_html, found = parts
    try:
        entries = json.loads(found) if found else None
    except ValueError:
        return None
    return search_html, entries if isinstance(entries, list) else None, entry


def _plain(value) -> bool:
    """Tell whether ``value`` comes back from JSON as it is (text, numbers, lists and objects of them)."""
    if isinstance(value, list):
        return all(map(_plain, value))
    if isinstance(value, dict):
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return value is None or type(value) in (str, int, bool) or (type(value) is float and value == value and abs(value) != float("inf"))


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


# Laying out a generated page by stamp
#
# The theme lays out every generated page of one folder the same way but for its title, its
# content, its edit link and its canonical address. A stamp is the layout of one such page made
# with markers in place of those four; a page is then laid out by putting its own four where the
# markers are. A stamp is used for a group of pages only once it is shown to make what the theme
# makes: for two pages of the group, the layouts with markers must be the same bytes and the
# stamped layouts those the theme laid out, and a title of every kind of character allowed
# (``TRIAL_TITLE``) must come out of the stamp as out of the theme. Any other page is laid out by
# the theme.

_ESCAPED = frozenset("&<>\"'")
TRIAL_TITLE = ("検証 ひらがな カタカナ ｶﾀｶﾅ 全角ＡＢＣ１２３ Élan ñ ß 😀 MixedCase abcXYZ 0123456789 "
               "!#$%()*+,-./:;=?@[\\]^_`{|}~ ") * 4
"""A title with a character of each kind a stamped title may hold; longer than any stamped title."""


def _plain_title(title) -> bool:
    """Tell whether ``title`` holds only characters every theme filter leaves alone when they are in ``TRIAL_TITLE``."""
    return (isinstance(title, str) and 0 < len(title) < len(TRIAL_TITLE) and " ".join(title.split()) == title
            and title.isprintable() and _ESCAPED.isdisjoint(title))


def _plain_address(url) -> bool:
    return url is None or (isinstance(url, str) and url.isprintable() and not any(c.isspace() for c in url)
                           and _ESCAPED.isdisjoint(url))


def addresses(nav, config) -> frozenset[str]:
    """Return every address the theme links from each page (navigation, styles, scripts) and every folder above one."""
    found: set[str] = set()

    def add(url) -> None:
        if not isinstance(url, str) or "://" in url:
            return
        url = url.lstrip("/")
        found.add(url)
        parts = url.split("/")
        found.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))

    def walk(items) -> None:
        for item in items:
            add(getattr(item, "url", None))
            walk(item.children or [])

    walk(nav.items)
    add(getattr(nav.homepage, "url", None))
    for path in [*config.extra_css, *config.extra_javascript]:
        add(str(path))
    return frozenset(found)


def stamp_group(page, linked: frozenset[str]):
    """Return what the layout of ``page`` shows beyond its title, content, edit link and canonical address, or None.

    None means the page is laid out by the theme: it is in the navigation or has neighbours
    there, something the theme links lies at or under its address, its title was given in the
    navigation, or its title or addresses hold characters a stamp is not shown to keep.
    """
    if page.parent is not None or page.previous_page is not None or page.next_page is not None or page.is_homepage:
        return None
    if "title" in vars(page) or page.url in linked or page.file.inclusion.is_excluded():
        return None
    edit, canonical = page.edit_url, page.canonical_url
    if not (_plain_title(page.meta.get("title")) and _plain_address(edit) and _plain_address(canonical)):
        return None
    url = page.url
    meta = tuple(sorted((k, repr(v)) for k, v in page.meta.items() if k not in ("title", "template")))
    edit_kind = None if edit is None else ("edit" in edit, "/blob/" in edit, "raw" in edit)
    return (url.rstrip("/").rpartition("/")[0], url.endswith("/"), url.count("/"), meta, str(page.toc),
            "<h1" in (page.content or ""), edit_kind, canonical is None, type(page.meta["title"]))


class _Stamp:
    """A layout with markers, split where they are."""

    def __init__(self, laid_out: str, markers: dict[str, str]):
        pattern = re.compile("(" + "|".join(map(re.escape, markers)) + ")")
        self.parts = pattern.split(laid_out)
        self.markers = markers  # marker -> the name of what goes there

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts
        return "".join(part if i % 2 == 0 else values[self.markers[part]] for i, part in enumerate(parts))


_OFF = object()


class Stamps:
    """The stamps of one build, by group (see ``stamp_group``); each shown to make what the theme makes before use."""

    def __init__(self):
        token = secrets.token_hex(8)
        self._marks = {name: f"tsz{token}{name}" for name in ("title", "content", "edit", "canonical")}
        self.groups: dict = {}
        self.stamped = 0

    def lay_out(self, group, page, render) -> str:
        """Return the layout of ``page``: from the group's stamp, or ``render()`` (the theme) while none is shown good."""
        state = self.groups.get(group)
        if isinstance(state, _Stamp):
            self.stamped += 1
            return state.fill(_values(page))
        real = render()
        if state is _OFF:
            return real
        probe, markers = self._probe(page, render)
        stamp = _Stamp(probe, markers)
        if stamp.fill(_values(page)) != real:
            self.groups[group] = _OFF
        elif state is None:
            self.groups[group] = probe  # shown for one page: a second page of the group must make the same
        else:
            good = state == probe and self._tried(page, render, stamp)
            self.groups[group] = stamp if good else _OFF
        return real

    def _probe(self, page, render) -> tuple[str, dict[str, str]]:
        marks = dict(self._marks)
        if "<h1" in (page.content or ""):
            marks["content"] = f"<h1 {marks['content']}>"  # the theme adds a heading to content without one
        values = {"title": type(page.meta["title"])(marks["title"]), "content": marks["content"],
                  "edit": marks["edit"] if page.edit_url is not None else None,
                  "canonical": marks["canonical"] if page.canonical_url is not None else None}
        with _swapped(page, values):
            laid_out = render()
        return laid_out, {mark: name for name, mark in marks.items() if values[name] is not None}

    def _tried(self, page, render, stamp: _Stamp) -> bool:
        """Tell whether a title of every allowed kind of character comes out of ``stamp`` as out of the theme."""
        values = _values(page)
        trial = dict(values, title=type(page.meta["title"])(TRIAL_TITLE))
        with _swapped(page, trial):
            laid_out = render()
        return laid_out == stamp.fill(dict(values, title=TRIAL_TITLE))


def _values(page) -> dict[str, str]:
    return {"title": str(page.meta["title"]), "content": page.content, "edit": page.edit_url, "canonical": page.canonical_url}


@contextmanager
def _swapped(page, values: dict):
    kept = _values(page)
    kept["title"] = page.meta["title"]
    try:
        page.meta["title"], page.content = values["title"], values["content"]
        page.edit_url, page.canonical_url = values["edit"], values["canonical"]
        yield
    finally:
        page.meta["title"], page.content = kept["title"], kept["content"]
        page.edit_url, page.canonical_url = kept["edit"], kept["canonical"]
