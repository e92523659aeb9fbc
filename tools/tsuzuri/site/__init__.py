"""Render a tracker as site pages and data files, independent of any site generator."""

from tsuzuri.site.activity import FEED
from tsuzuri.site.context import LINK_PREFIX, SiteContext, build_day, issue_src
from tsuzuri.site.pages import NAV_PAGES, GeneratedFile, GeneratedPage, SiteBuilder, build_files, build_pages

__all__ = [
    "FEED", "LINK_PREFIX", "NAV_PAGES", "GeneratedFile", "GeneratedPage", "SiteBuilder", "SiteContext",
    "build_day", "build_files", "build_pages", "issue_src",
]
