"""What page generation hands to a site generator: pages (planned and rendered) and data files."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from tsuzuri.site.markup import text_of


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    path: str  # source path inside docs_dir, e.g. "issues/HOJO-42.md"
    title: str
    html: str
    in_nav: bool = False
    search_html: str | None = None  # what the search index should read instead of ``html``; None: ``html``
    hide: tuple[str, ...] = ()  # Material sidebars to hide ("navigation", "toc"), for wide charts


@dataclass(frozen=True, slots=True)
class PagePlan:
    """A generated page before it is rendered: what a site generator needs to list it, and how to make it."""

    path: str
    title: str
    make: Callable[[], str]
    in_nav: bool = False
    hide: tuple[str, ...] = ()
    # Issue and minutes pages are indexed by their words; registers, boards and workload pages
    # repeat what issue pages say, so only their titles are (a search lands on the issue itself).
    searched: bool = False

    def page(self) -> GeneratedPage:
        """Render the page."""
        html = self.make()
        return GeneratedPage(self.path, self.title, html, self.in_nav, search_html(self.title, html if self.searched else ""), self.hide)


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    path: str
    content: bytes


# What a page shows to act on it, not what it says: the comment form (with every member's name
# in its list), the edit bar's buttons. A search for a name would find every issue page by it.
_NOT_SEARCHED_RE = re.compile(
    r'<section class="tsuzuri-comment-form".*?</section>|<p class="tsuzuri-edit-bar">.*?</p>|<form\b.*?</form>', re.S
)


def search_html(title: str, html: str) -> str:
    """Return a page's words as one plain section: a search plugin indexes it far faster than the layout."""
    words = text_of(_NOT_SEARCHED_RE.sub(" ", html))
    return f"<h1>{escape(title)}</h1>\n<p>{words}</p>" if words else f"<h1>{escape(title)}</h1>"
