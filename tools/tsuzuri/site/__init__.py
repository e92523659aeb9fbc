"""Render a tracker as site pages and data files, independent of any site generator."""

from .activity import FEED
from .context import LINK_PREFIX, SiteContext, build_day, issue_src
from .pages import NAV_PAGES, GeneratedFile, GeneratedPage, SiteBuilder, build_files, build_pages

__all__ = [
    "FEED", "LINK_PREFIX", "NAV_PAGES", "GeneratedFile", "GeneratedPage", "SiteBuilder", "SiteContext",
    "build_day", "build_files", "build_pages", "issue_src",
]
