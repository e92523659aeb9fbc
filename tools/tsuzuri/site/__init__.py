"""Render a tracker as site pages and data files, independent of any site generator."""

# chart_markers and page_markers register the built-in markers in site.markers' registry.
from tsuzuri.site import chart_markers, page_markers  # noqa: F401
from tsuzuri.site.activity import FEED
from tsuzuri.site.builder import NAV_PAGES, SiteBuilder, build_files, build_pages
from tsuzuri.site.context import LINK_PREFIX, SiteContext, issue_src
from tsuzuri.site.generated import GeneratedFile, GeneratedPage

__all__ = [
    "FEED", "LINK_PREFIX", "NAV_PAGES", "GeneratedFile", "GeneratedPage", "SiteBuilder", "SiteContext",
    "build_files", "build_pages", "issue_src",
]
