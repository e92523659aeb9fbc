"""The whole generated part of a site, as files any builder reads: pages, data, attachments, shared files, assets.

``tsuzuri pages`` writes these into a folder of ``docs_dir`` for MkDocs, ProperDocs or Zensical;
the MkDocs plugin hands the same pages to MkDocs in memory. A page is Markdown holding finished
HTML (its title and hidden sidebars in front matter), so a builder renders nothing of it twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tsuzuri.site.attachments import published
from tsuzuri.site.builder import NAV_PAGES, PagePlan, SiteBuilder, build_files
from tsuzuri.site.charts.embed import plotly_js, plotly_locales
from tsuzuri.site.context import SiteContext
from tsuzuri.site.links import Layout
from tsuzuri.site.markup import safe_title
from tsuzuri.store.symlinks import linked_part

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ASSET_DIR = "assets"
"""Inside the folder: the site's CSS and scripts, and plotly.js (charts only)."""
CSS = ("tsuzuri.css",)
SCRIPTS = ("issue-list.js", "board.js", "plot-loader.js", "forms.js", "me.js", "a11y.js")
MARKERS_FILE = ".markers.json"
"""Inside the folder: the HTML of the markers in hand-written pages, by page, for builders without the plugin."""


@dataclass(frozen=True, slots=True)
class OutFile:
    """A generated file other than a page: ``content``, or a file on disk to copy (``source``)."""

    path: str  # inside the folder
    content: bytes | None = None
    source: Path | None = None

    def data(self) -> bytes:
        return self.content if self.content is not None else Path(self.source).read_bytes()


def extra_css(layout: Layout) -> list[str]:
    """Return the stylesheets every page loads, as paths inside ``docs_dir``."""
    return [layout.src(f"{ASSET_DIR}/{name}") for name in CSS]


def extra_javascript(layout: Layout) -> list[str]:
    """Return the scripts every page loads, as paths inside ``docs_dir``."""
    return [layout.src(f"{ASSET_DIR}/{name}") for name in SCRIPTS]


def replaced_pages(exists) -> frozenset[str]:
    """Return the generated list pages that a hand-written page of the same path replaces (``exists(path)``)."""
    return frozenset(path for path in NAV_PAGES if exists(path))


def plans(ctx: SiteContext, replaced: frozenset[str]) -> list[PagePlan]:
    """Return every generated page not replaced by a hand-written one, not rendered yet, by path."""
    return SiteBuilder(ctx, replaced).plans()


def files(ctx: SiteContext, root: Path, site_url: str = "") -> list[OutFile]:
    """Return the data files, attachments, shared files and assets of the site."""
    out = [OutFile(f.path, f.content) for f in build_files(ctx.tracker, ctx.today, ctx.history, site_url, ctx.forge)]
    for issue in ctx.tracker.issues.values():
        # Under neutral names where a browser would run them (see site/attachments.py).
        for pub in published(issue):
            if linked_part(root, root / pub.attachment.path) is not None:
                continue  # the reader reports links and lists none; never copy through one
            out.append(OutFile(pub.path, source=root / pub.attachment.path))
    for pub in ctx.shared.values():
        # An LFS pointer is never published in the file's place; its page says so instead.
        if pub.path and linked_part(root, root / pub.file.path) is None:
            out.append(OutFile(pub.path, source=root / pub.file.path))
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            out.append(OutFile(f"{ASSET_DIR}/{asset.name}", source=asset))
    out.append(OutFile(f"{ASSET_DIR}/plotly.min.js", source=plotly_js()))
    out += [OutFile(f"{ASSET_DIR}/{name}", content) for name, content in plotly_locales().items()]
    return out


def page_html(title: str, html: str) -> str:
    """Return a generated page's body: its heading and content."""
    return f"<h1>{_escape(title)}</h1>\n{html}"


def page_markdown(plan: PagePlan, html: str, title: bool = True) -> str:
    """Return the Markdown file of a rendered page: front matter, then its finished HTML as one raw block.

    One ``<div>`` keeps Python-Markdown (every builder uses it) from reading any of the HTML as Markdown.
    The title is written escaped: themes print a page's title as it is (in ``<title>``, the header,
    the navigation). ``title=False`` leaves it to the caller (the plugin sets it on the page).
    """
    lines = [f"title: {json.dumps(str(safe_title(plan.title)), ensure_ascii=False)}"] if title else []
    if plan.hide:
        lines.append("hide:" + "".join(f"\n  - {name}" for name in plan.hide))
    front = "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""
    return f"{front}<div class=\"tsuzuri-page\">\n{html}\n</div>\n"


def markers_file(pages: dict[str, list[dict]]) -> bytes:
    """Return the markers file: for each hand-written page with markers, each marker's name, parameters and HTML, in order."""
    return json.dumps({"pages": pages}, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
