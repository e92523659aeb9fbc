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


def joined(search_html: str, laid_out: str) -> str:
    """Return one cache entry of a page's search text and its laid-out page."""
    return f"{len(search_html)}\n{search_html}{laid_out}"


def split(entry: str) -> tuple[str, str] | None:
    """Return (search text, laid-out page) from a cache entry, or None if it is not one."""
    head, sep, rest = entry.partition("\n")
    if not sep or not head.isdigit() or int(head) > len(rest):
        return None
    return rest[: int(head)], rest[int(head):]


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()
