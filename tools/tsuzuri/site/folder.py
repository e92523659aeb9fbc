"""Everything ``tsuzuri pages`` writes into the site's folder, as (path inside the folder, bytes) pairs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from tsuzuri.site import markers, output
from tsuzuri.site.builder import PagePlan
from tsuzuri.site.context import SiteContext
from tsuzuri.site.links import Layout
from tsuzuri.site.page_keys import PageKeys, cached


def page_bytes(plan: PagePlan, layout: Layout) -> bytes:
    """Render one page into its Markdown file, links relative to where the page is served."""
    html = output.page_html(plan.title, plan.make())
    return output.page_markdown(plan, layout.resolve_in_file(html, layout.src(plan.path))).encode("utf-8")


def markers_bytes(ctx: SiteContext, layout: Layout, hand_written: dict[str, str], keys: PageKeys | None = None, cache=None) -> bytes:
    """Return the HTML of the markers of each hand-written page (path inside ``docs_dir``: Markdown).

    With ``keys`` and ``cache``, a marker's HTML comes from the cache the MkDocs plugin shares.
    """

    def render(name: str, params: dict[str, str]) -> str:
        if cache is None or keys is None:
            return markers.render(ctx, name, params)
        key = keys.marker_key(name, params)
        found = cache.get(key)
        if found is None:
            found = markers.render(ctx, name, params)
            cache.put(key, found)
        return found

    pages = {}
    for path, markdown in sorted(hand_written.items()):
        pages[path] = [
            {
                "name": found.name,
                "params": found.params,
                "html": layout.resolve_in_file(render(found.name, found.params), path),
            }
            for found in markers.find(markdown)
        ]
    return output.markers_file(pages)


def folder_files(
    ctx: SiteContext, root: Path, layout: Layout, site_url: str, hand_written: dict[str, str], cache=None
) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Yield every file of the folder with a function that makes its bytes (pages render only when asked).

    With ``cache`` (get/put by key), a page whose key is there is not rendered again.
    """
    plans = output.plans(ctx, layout.replaced)
    files_key, keys = "", None
    if cache is not None:
        keys = PageKeys(ctx, layout)
        plans, _ = cached(plans, keys, cache)
        files_key = keys.files_key(site_url)
    for plan in plans:
        yield plan.path, partial(page_bytes, plan, layout)
    for f in output.files(ctx, root, site_url, cache, files_key):
        yield f.path, f.data
    yield output.MARKERS_FILE, partial(markers_bytes, ctx, layout, hand_written, keys, cache)


def project_pages(ctx: SiteContext, layout: Layout, projects: set[str], cache) -> list[PagePlan]:
    """Return the issue pages of ``projects``, each rendering into ``cache`` (a part of a build split by project).

    An issue page's cache key is everything it shows, so pages rendered by separate jobs of one
    commit are the pages one build would render: copied into one cache, a build finds them all.
    """
    issues = ctx.tracker.issues
    plans = [
        plan for plan in output.plans(ctx, layout.replaced)
        if plan.path.startswith("issues/") and plan.path.count("/") == 1
        and (issue := issues.get(plan.path[len("issues/"):-3])) is not None and issue.project in projects
    ]
    return cached(plans, PageKeys(ctx, layout), cache)[0]
