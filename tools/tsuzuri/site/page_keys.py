"""The key of a rendered page: a digest of everything the page shows, so an unchanged key needs no render.

An issue page shows its own files, its timeline, and of other issues only those it names (its
parent, children, links and the keys in its text), the minutes that mention it and its WBS
items, and the shared files when its text links into ``files/``. A minutes page shows its
meeting and the issues it mentions. A member's page shows the issues they are assigned, raised
and watch; an organization's the issues its members are assigned; a project's board and its
milestones' pages the project's issues and their histories. Every other page (lists, dashboards,
charts) shows the whole tracker, so its key changes with any issue. Every key also covers the
tracker's settings, the day, where pages live (the folder, the URL style, the hand-written pages
that replace generated ones), the forge and the code that renders (tsuzuri's version, its
templates and its site modules), so a new tsuzuri never serves an old page.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

from tsuzuri import __version__
from tsuzuri.layout import KEY_IN_TEXT_RE, KEY_OF_FILES_RE, SHARED_FOLDER
from tsuzuri.site.builder import PagePlan
from tsuzuri.site.context import SiteContext
from tsuzuri.site.links import Layout

_KEY_IN_TEXT = KEY_IN_TEXT_RE  # the keys a page links: what its text names


def _named(text: str) -> list[str]:
    """Return the issue keys a text names, and those whose attachments it links."""
    return _KEY_IN_TEXT.findall(text) + KEY_OF_FILES_RE.findall(text)
_SITE = Path(__file__).resolve().parent


@cache
def code_digest() -> str:
    """Return a digest of the code that renders pages: the version, the templates and the site modules."""
    h = hashlib.sha256(__version__.encode())
    for folder, pattern in ((_SITE.parent / "templates", "**/*"), (_SITE, "**/*.py")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        # A list is hashed item by item: the whole tracker's records as one text would be its size again in memory.
        for item in part if isinstance(part, list) else (part,):
            h.update(repr(item).encode("utf-8", "surrogatepass"))
            h.update(b"\x01")
        h.update(b"\x00")
    return h.hexdigest()


class PageKeys:
    """Compute each page's key for one prepared tracker and one layout."""

    def __init__(self, ctx: SiteContext, layout: Layout):
        self.ctx = ctx
        t = ctx.tracker
        self.base = _digest(code_digest(), t.config, ctx.today, ctx.forge, layout.prefix, layout.directory_urls, sorted(layout.replaced))
        self._whole: str | None = None
        self._minutes = {m.path: m for m in t.minutes}
        self._records: dict[str, bytes] = {}
        self._people: tuple[dict[str, list], dict[str, list]] | None = None

    def _record(self, issue) -> bytes | None:
        """Return a digest of one issue's record, made once: every page that shows the issue names it."""
        if issue is None:
            return None
        found = self._records.get(issue.key)
        if found is None:
            found = self._records[issue.key] = hashlib.sha256(repr(issue).encode("utf-8", "surrogatepass")).digest()
        return found

    def whole(self) -> str:
        """Return the digest of the whole tracker and its history (for pages that show all of it)."""
        if self._whole is None:
            t = self.ctx.tracker
            history = self.ctx.history
            # The history is named by its commit; the tracker's records by what they hold.
            self._whole = _digest(self.base, [self._record(i) for i in t.issues.values()], t.minutes, sorted(t.wbs.items()), t.shared,
                                  history.head if history else None, self.ctx.root)
        return self._whole

    def files_key(self, site_url: str) -> str:
        """Return the key of the data files written beside the pages (exports, feed, CMS): they show the whole tracker."""
        return _digest(self.whole(), "files", site_url)

    def marker_key(self, name: str, params: dict[str, str]) -> str:
        """Return the key of a marker's HTML in a hand-written page: it may show anything of the tracker."""
        return _digest(self.whole(), "marker", name, sorted(params.items()))

    def key(self, plan: PagePlan) -> str:
        """Return the key of one page."""
        t = self.ctx.tracker
        path = plan.path
        if path.startswith("issues/") and path.count("/") == 1 and path[len("issues/"):-3] in t.issues:
            return self._issue_key(t.issues[path[len("issues/"):-3]], plan)
        minutes = self._minutes.get(path)
        if minutes is not None:
            named = sorted(set(minutes.mentions) | set(_named(minutes.body)))
            return _digest(self.base, path, plan.title, minutes, [(k, self._record(t.issues.get(k))) for k in named],
                           self._files_named(minutes.body))
        shown = self._people_shown(path)
        if shown is None:
            shown = self._project_shown(path)
        if shown is not None:
            history = self.ctx.history
            return _digest(self.base, path, plan.title, plan.hide, shown, history.head if history else None)
        return _digest(self.whole(), path, plan.title, plan.hide)

    def _project_shown(self, path: str) -> list | None:
        """Return what a project's board or milestone page shows: the project's issues and their timelines, or None.

        A board shows the project's issues; a milestone page its milestone's issues and a burndown
        drawn from the project's issues and their histories.
        """
        folder, _, rest = path.partition("/")
        project = rest[:-3] if folder == "boards" and rest.endswith(".md") else rest.partition("/")[0] if folder == "milestones" else ""
        t = self.ctx.tracker
        if not project or t.config.project(project) is None:
            return None
        issues = t.project_issues(project)
        timelines = self.ctx.history.timelines if self.ctx.history else {}
        return [(self._record(i), timelines.get(i.key)) for i in issues]

    def _people_shown(self, path: str) -> list | None:
        """Return the issues a member's or an organization's page lists, or None for another page.

        A member's page lists what they are assigned, raised and watch; an organization's what
        its members are assigned (names and words come from the settings, in every key).
        """
        folder, _, name = path.partition("/")
        ident = name[:-3] if name.endswith(".md") and "/" not in name else None
        config = self.ctx.tracker.config
        if folder == "members" and ident and config.member(ident) is not None:
            return [self._record(i) for i in self._listed()[0].get(ident, ())]
        if folder == "organizations" and ident and config.organization(ident) is not None:
            return [self._record(i) for i in self._listed()[1].get(ident, ())]
        return None

    def _listed(self) -> tuple[dict[str, list], dict[str, list]]:
        """Return the issues each person's page lists (assigned, raised, watched) and each organization's (its members assigned).

        Worked out in one pass over the issues, in their order, for every page at once.
        """
        if self._people is None:
            config = self.ctx.tracker.config
            org_of = {}
            for mb in config.members:
                org_of.setdefault(mb.id, set()).add(mb.org)
            people: dict[str, list] = {}
            orgs: dict[str, list] = {}
            for issue in self.ctx.tracker.issues.values():
                for ident in {issue.assignee, issue.reporter, *issue.watchers}:
                    people.setdefault(ident, []).append(issue)
                for org in org_of.get(issue.assignee, ()):
                    orgs.setdefault(org, []).append(issue)
            self._people = (people, orgs)
        return self._people

    def _issue_key(self, issue, plan: PagePlan) -> str:
        ctx, t = self.ctx, self.ctx.tracker
        rel = ctx.rel
        named = {issue.parent} if issue.parent else set()
        named.update(rel.children.get(issue.key, ()))
        for keys in rel.links.get(issue.key, {}).values():
            named.update(keys)
        named.update(_named(issue.body))
        for c in issue.comments:
            named.update(_named(c.body))
        named.discard(issue.key)
        timeline = ctx.history.timelines.get(issue.key) if ctx.history else None
        files = self._files_named(issue.body, *(c.body for c in issue.comments))
        return _digest(
            self.base, plan.path, plan.title, self._record(issue), timeline,
            [(k, self._record(t.issues.get(k))) for k in sorted(named)],
            rel.minutes.get(issue.key, ()), rel.wbs.get(issue.key, ()), files,
        )

    def _files_named(self, *texts: str) -> tuple:
        """Return the shared files, when a text may link to one (a link's target depends on them)."""
        return self.ctx.tracker.shared if any(SHARED_FOLDER + "/" in text for text in texts) else ()


def cached(plans: list[PagePlan], keys: PageKeys, cache_) -> tuple[list[PagePlan], dict[str, str]]:
    """Return the plans with each page's rendering going through ``cache_`` (get/put by key), and each page's key by path."""
    out, key_of = [], {}
    for plan in plans:
        key = key_of[plan.path] = keys.key(plan)
        out.append(replace(plan, make=_Cached(plan.make, key, cache_)))
    return out, key_of


class _Cached:
    """A page's renderer that looks in the cache first (picklable into a forked worker as it is)."""

    __slots__ = ("make", "key", "cache")

    def __init__(self, make, key: str, cache_):
        self.make, self.key, self.cache = make, key, cache_

    def __call__(self) -> str:
        html = self.cache.get(self.key)
        if html is None:
            html = self.make()
            self.cache.put(self.key, html)
        return html
