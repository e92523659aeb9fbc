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


def files(ctx: SiteContext, root: Path, site_url: str = "", cache=None, key: str = "") -> list[OutFile]:
    """Return the data files, attachments, shared files and assets of the site.

    ``cache`` (get_bytes/put_bytes by ``key``, which must cover the whole tracker): where the data
    files made from the tracker are kept between builds.
    """
    made = _unpacked(cache.get_bytes(key)) if cache is not None and key else None
    if made is None:
        made = [(f.path, f.content) for f in build_files(ctx.tracker, ctx.today, ctx.history, site_url, ctx.forge)]
        if cache is not None and key:
            cache.put_bytes(key, _packed(made))
    out = [OutFile(path, content) for path, content in made]
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


def _packed(made: list[tuple[str, bytes]]) -> bytes:
    """Return files as one cache entry: for each, its path and size on a line, then its bytes."""
    return b"".join(f"{path}\t{len(content)}\n".encode() + content for path, content in made)


def _unpacked(entry: bytes | None) -> list[tuple[str, bytes]] | None:
    """Return the files of a cache entry, or None if it is not one."""
    if entry is None:
        return None
    made, at = [], 0
    while at < len(entry):
        end = entry.find(b"\n", at)
        path, tab, size = entry[at:end].decode("utf-8", "replace").rpartition("\t")
        if end < 0 or not tab or not size.isdigit() or end + 1 + int(size) > len(entry):
            return None
        made.append((path, entry[end + 1:end + 1 + int(size)]))
        at = end + 1 + int(size)
    return made


def page_html(title: str, html: str) -> str:
    """Return a generated page's body: its heading and content."""
    return f"<h1>{_escape(title)}</h1>\n{html}"


PAGE_START, PAGE_END = '<div class="tsuzuri-page">', "</div>"
"""The lines a generated page's HTML stands between, in the Markdown file ``tsuzuri pages`` writes."""


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
    return f"{front}{PAGE_START}\n{html}\n{PAGE_END}\n"


def markers_file(pages: dict[str, list[dict]]) -> bytes:
    """Return the markers file: for each hand-written page with markers, each marker's name, parameters and HTML, in order."""
    return json.dumps({"pages": pages}, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
