"""Where generated pages live in a site, and their links made relative to the page that shows them.

Generated HTML names its targets as source paths after ``@`` (``@issues/HOJO-42.md``); a site
generator's URL for a source path follows MkDocs' rule, which Zensical and ProperDocs share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tsuzuri.model import SITE_FOLDER
from tsuzuri.site.context import LINK_PREFIX

FOLDER = SITE_FOLDER
"""The folder inside ``docs_dir`` that holds every generated page and file (so its URLs start with ``tracker/``)."""

LINK_RE = re.compile(r'((?:href|src|data-json|data-issue-href)=")' + re.escape(LINK_PREFIX) + r'([^"#?]*)')


@lru_cache(maxsize=1 << 12)  # a link's target repeats on every page that lists it
def url_of(src: str, directory_urls: bool = True) -> str:
    """Return the site URL of a source path: pages by MkDocs' rule, other files as they are."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(url: str, other: str) -> str:
    """Return ``url`` relative to the page at URL ``other`` (both site paths, as MkDocs computes them)."""
    return _relative(url, _base_parts(other))


def _base_parts(other: str) -> list[str]:
    """Return the folders of the page at URL ``other`` that its relative links start from."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    return _parts(other)


def _relative(url: str, other_parts: list[str]) -> str:
    dest_parts = _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return parts


@dataclass(frozen=True)
class Layout:
    """Where the generated part of a site lives: a folder of ``docs_dir`` (``prefix``, e.g. ``tracker/``).

    ``replaced`` are generated list pages that a hand-written page of the same path replaces; links
    to them go to the hand-written page, outside the folder.
    """

    prefix: str = FOLDER + "/"
    directory_urls: bool = True
    replaced: frozenset[str] = frozenset()

    def src(self, path: str) -> str:
        """Return the source path (inside ``docs_dir``) of a generated page or file."""
        return path if path in self.replaced else self.prefix + path

    def url(self, path: str) -> str:
        """Return the site URL of a generated page or file given by its path inside the folder."""
        return url_of(self.src(path), self.directory_urls)

    def resolve(self, html: str, page_url: str) -> str:
        """Turn every ``@path`` link of generated HTML into a URL relative to the page at ``page_url``.

        For a builder that takes the HTML as it is (MkDocs and ProperDocs, through the plugin).
        """
        if LINK_PREFIX not in html:
            return html
        base = _base_parts(page_url)
        done: dict[str, str] = {}  # a page often links one target many times

        def link(m: re.Match) -> str:
            target = m.group(2)
            found = done.get(target)
            if found is None:
                found = done[target] = _relative(self.url(target), base)
            return m.group(1) + found

        return LINK_RE.sub(link, html)

    def resolve_in_file(self, html: str, src: str) -> str:
        """Turn every ``@path`` link into one for a page written as the Markdown file ``src``.

        Zensical reads ``href`` and ``src`` in a page's HTML as paths from the Markdown file, as
        in a Markdown link, and makes them URLs itself: they name the target's source path
        (``../members/yamada.md``). ``data-`` attributes are read by the site's scripts in the
        browser, so they stay URLs relative to the page.
        """
        if LINK_PREFIX not in html:
            return html
        page_url = url_of(src, self.directory_urls)

        def link(m: re.Match) -> str:
            attribute, target = m.group(1), m.group(2)
            if attribute.startswith(("href", "src")):
                return attribute + relative_url(self.src(target), src)
            return attribute + relative_url(self.url(target), page_url)

        return LINK_RE.sub(link, html)
