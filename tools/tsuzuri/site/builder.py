"""Every generated page of the site, as (path, title, html) records; no MkDocs here."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from tsuzuri.changes.feed import atom
from tsuzuri.formats.dates import iso_stamp
from tsuzuri.model import Issue, Tracker
from tsuzuri.site import activity, cms, exports, forms, gantt_pages, markers, me, minutes_page, responses, shared_files
from tsuzuri.site.attachments import published
from tsuzuri.site.context import SiteContext, issue_src
from tsuzuri.site.forge import Forge
from tsuzuri.site.generated import GeneratedFile, GeneratedPage, PagePlan
from tsuzuri.store.history import History

NAV_PAGES = (
    "index.md", "me.md", "issues.md", "boards.md", "inquiries.md", "minutes.md", "shared.md", "milestones.md", "gantt.md", "members.md",
    "organizations.md", "activity.md"
)
"""The short navigation, in order; every other generated page stays out of it."""


WIDE_PAGES = ("issues.md", "inquiries.md", "gantt.md")
"""List pages that hide the table of contents and use the window's width (their content says ``tsuzuri-wide``)."""


def build_pages(
    tracker: Tracker, today: date, skip: frozenset[str] = frozenset(), history: History | None = None, root: Path | None = None
) -> list[GeneratedPage]:
    """Return every generated page of the site, sorted by path; list pages in ``skip`` are left out.

    ``history`` gives timelines and burndowns; ``root`` (the tracker's Git folder) lets the Gantt pages read baselines.
    """
    return SiteBuilder(SiteContext(tracker, today, history, root), skip).pages()


class SiteBuilder:
    """Builds the pages and files of one site from one prepared tracker."""

    def __init__(self, ctx: SiteContext, skip: frozenset[str] = frozenset()):
        self.ctx = ctx
        self.skip = skip

    def pages(self) -> list[GeneratedPage]:
        """Return every generated page, sorted by path."""
        return [plan.page() for plan in self.plans()]

    def plans(self) -> list[PagePlan]:
        """Return every generated page, not rendered yet, sorted by path; rendering is left to ``PagePlan.page``."""
        ctx, m = self.ctx, self.ctx.msg
        t = ctx.tracker
        nav = (
            ("index.md", m["dashboard"], lambda: markers.render(ctx, "dashboard", {})),
            ("me.md", m["me"], lambda: me.me_html(ctx)),
            ("issues.md", m["issues"],
             lambda: str(forms.edit_bar(ctx, add=forms.add_issue_links(ctx))) + markers.render(ctx, "issues", {})),
            ("boards.md", m["boards"], lambda: ctx.render("boards.html", projects=t.config.projects)),
            ("inquiries.md", m["inquiries"], self.inquiries_html),
            ("minutes.md", m["minutes"], lambda: str(forms.edit_bar(ctx, add=((m["form_add_minutes"], forms.NEW_MINUTES_SRC),)))
             + ctx.render("minutes_index.html", minutes=self.minutes_newest_first(), open_actions=partial(minutes_page.open_actions, ctx))),
            (shared_files.INDEX_PAGE, m["shared_files"], lambda: ctx.render("shared_index.html", rows=self.shared_rows())),
            ("milestones.md", m["milestones"], lambda: ctx.render("milestones_index.html", milestones=self.milestones())),
            ("gantt.md", m["gantt"], self.gantt_html),
            ("members.md", m["members"], lambda: ctx.render("members_index.html", rows=self.member_rows())),
            ("organizations.md", m["organizations"], lambda: ctx.render("orgs_index.html", rows=self.org_rows())),
            ("activity.md", m["activity"], self.activity_html),
        )
        # A hand-written page of the same path replaces a list page: don't render what is not used.
        plans = [
            PagePlan(path, title, make, True, gantt_pages.WIDE if path in WIDE_PAGES else ())
            for path, title, make in nav if path not in self.skip
        ]
        for project in t.config.projects:
            if project.key in t.wbs:
                plans.append(PagePlan(
                    gantt_pages.project_src(project.key), f"{m['gantt']}: {project.name}",
                    partial(gantt_pages.project_html, ctx, project.key), hide=gantt_pages.WIDE
                ))
        for project in t.config.projects:
            plans.append(PagePlan(f"boards/{project.key}.md", f"{m['board']}: {project.name}", partial(self.board_html, project.key)))
            plans.append(PagePlan(
                forms.new_issue_src(project.key), f"{m['form_add_issue']}: {project.name}", partial(forms.issue_form_html, ctx, project.key)
            ))
            plans.append(
                PagePlan(shared_files.page_src(project.key), f"{m['shared_files']}: {project.name}", partial(self.shared_html, project))
            )
        plans.append(PagePlan(forms.NEW_MINUTES_SRC, m["form_add_minutes"], partial(forms.minutes_form_html, ctx)))
        plans += [
            PagePlan(issue_src(issue.key), f"{issue.key} {issue.title}", partial(self.issue_html, issue), searched=True)
            for issue in t.issues.values()
        ]
        for minutes in t.minutes:
            plans.append(PagePlan(minutes.path, minutes.title, partial(self.minutes_html, minutes), searched=True))
        for member in t.config.members:
            plans.append(PagePlan(f"members/{member.id}.md", member.name, partial(self.member_html, member)))
        for org in t.config.organizations:
            plans.append(PagePlan(f"organizations/{org.id}.md", org.name, partial(self.org_html, org)))
        for ms, ms_issues in self.milestones():
            plans.append(PagePlan(
                f"milestones/{ms.project}/{ms.id}.md", f"{ms.project} {ms.name or ms.id}", partial(self.milestone_html, ms, ms_issues)
            ))
        return sorted(plans, key=lambda p: p.path)

    def member_html(self, member) -> str:
        issues = self.ctx.tracker.issues.values()
        # Besides the work assigned to them: what they raised and what they follow, open first by due date.
        others = (
            (self.ctx.msg["reported_issues"], [i for i in issues if i.reporter == member.id]),
            (self.ctx.msg["watched_issues"], [i for i in issues if member.id in i.watchers]),
        )
        return self.workload_html([i for i in issues if i.assignee == member.id], member=member, others=others)

    def org_html(self, org) -> str:
        ids = {mb.id for mb in self.ctx.tracker.config.members if mb.org == org.id}
        return self.workload_html([i for i in self.ctx.tracker.issues.values() if i.assignee in ids], org=org)

    def milestone_html(self, ms, issues) -> str:
        ctx = self.ctx
        burndown = markers.render(ctx, "chart", {"kind": "burndown", "project": ms.project, "milestone": ms.id})
        return ctx.render("milestone.html", ms=ms, issues=issues, done=sum(ctx.is_done(i) for i in issues), burndown=burndown)

    # --- one issue ---------------------------------------------------------------------

    def issue_html(self, issue: Issue) -> str:
        """Return the HTML of an issue's page: fields, body, thread and every relation."""
        ctx = self.ctx
        rel = ctx.rel
        return ctx.render(
            "issue.html",
            issue=issue,
            body=ctx.render_md(issue.body, ctx.file_links(issue.key, issue.path)),
            comments=[(c, ctx.render_md(c.body, ctx.file_links(issue.key, c.path))) for c in issue.comments],
            children=[ctx.tracker.issues[k] for k in rel.children.get(issue.key, ()) if k in ctx.tracker.issues],
            links=[(kind, keys) for kind, keys in sorted(rel.links.get(issue.key, {}).items()) if keys],
            minutes=rel.minutes.get(issue.key, ()),
            attachments=published(issue),
            wbs=rel.wbs.get(issue.key, ()),
            timeline=activity.issue_events(ctx, issue),
            actions=forms.edit_bar(ctx, issue.path, comment=True),
            comment_form=forms.comment_form_html(ctx, issue),
        )

    def board_html(self, project: str) -> str:
        bar = forms.edit_bar(self.ctx, add=forms.add_issue_links(self.ctx, project))
        return str(bar) + markers.render(self.ctx, "board", {"project": project})

    def activity_html(self, limit: int = 100) -> str:
        """Return the activity page: the most recent changes across the tracker, newest first."""
        ctx = self.ctx
        return ctx.render("activity.html", events=activity.recent_events(ctx, limit), feed=activity.FEED if ctx.history else "")

    # --- registers -----------------------------------------------------------------------

    def inquiry_rows(self) -> list[dict]:
        """Return one row per inquiry: who asked, when, its state, who owes the answer and by when, days open."""
        return responses.inquiry_rows(self.ctx)

    def inquiries_html(self) -> str:
        rows = self.inquiry_rows()
        return self.ctx.render(
            "inquiries.html", vendors=responses.vendor_rows(self.ctx),
            unanswered=responses.by_state(rows, responses.UNANSWERED), answered=responses.by_state(rows, responses.ANSWERED),
            closed=responses.by_state(rows, responses.CLOSED),
        )

    def minutes_newest_first(self):
        return sorted(self.ctx.tracker.minutes, key=lambda m: (m.date or date.min, m.path), reverse=True)

    def minutes_html(self, minutes) -> str:
        ctx = self.ctx
        mentioned = [ctx.tracker.issues[k] for k in minutes.mentions if k in ctx.tracker.issues]
        return ctx.render(
            "minutes.html", mt=minutes, body=minutes_page.body_html(ctx, minutes.body, minutes.path), mentioned=mentioned,
            actions=forms.edit_bar(ctx, minutes.path)
        )

    # --- shared files ----------------------------------------------------------------------

    def shared_rows(self):
        """Return (project, its published files) for every project of the site."""
        by_project = defaultdict(list)
        for pub in self.ctx.shared.values():
            by_project[pub.file.project].append(pub)
        return [(p, by_project.get(p.key, [])) for p in self.ctx.tracker.config.projects]

    def shared_html(self, project) -> str:
        """Return a project's shared files page: every file with its size and last change, and what the build could not publish."""
        files = sorted((pub for pub in self.ctx.shared.values() if pub.file.project == project.key), key=lambda pub: pub.file.path)
        example = files[0].name if files else self.ctx.msg["shared_example"]
        return self.ctx.render(
            "shared_files.html", project=project, files=files, pointers=sum(1 for f in files if not f.path), example=example
        )

    def milestones(self):
        """Return (milestone, its issues) for every milestone, by project and date."""
        ctx = self.ctx
        by_ms = defaultdict(list)
        for issue in ctx.tracker.issues.values():
            if issue.milestone:
                by_ms[(issue.project, issue.milestone)].append(issue)
        result = []
        for ms in sorted(ctx.tracker.config.milestones, key=lambda s: (s.project, s.date or date.max, s.id)):
            result.append((ms, ctx.sorted_issues(by_ms.get((ms.project, ms.id), ()))))
        return result

    def member_rows(self):
        return [
            (mb, self._load([i for i in self.ctx.tracker.issues.values() if i.assignee == mb.id])) for mb in self.ctx.tracker.config.members
        ]

    def org_rows(self):
        rows = []
        for org in self.ctx.tracker.config.organizations:
            ids = {mb.id for mb in self.ctx.tracker.config.members if mb.org == org.id}
            rows.append((org, self._load([i for i in self.ctx.tracker.issues.values() if i.assignee in ids])))
        return rows

    def _load(self, issues: list[Issue]) -> dict:
        ctx = self.ctx
        open_ = [i for i in issues if not ctx.is_done(i)]
        return {
            "open": ctx.by_due(open_),
            "overdue": sum(ctx.is_overdue(i) for i in open_),
            "hours": sum(i.estimate or 0 for i in open_),
        }

    def workload_html(self, issues: list[Issue], member=None, org=None, others=()) -> str:
        members = [mb for mb in self.ctx.tracker.config.members if org and mb.org == org.id]
        lists = [(title, self.ctx.by_due([i for i in found if not self.ctx.is_done(i)])) for title, found in others]
        return self.ctx.render("workload.html", person=member, load=self._load(issues), members=members, others=lists)

    def gantt_html(self) -> str:
        return gantt_pages.index_html(self.ctx)


def dashboard_data(ctx: SiteContext) -> list[dict]:
    """Return, per project, the figures the home dashboard shows."""
    t = ctx.tracker
    soon = ctx.today + timedelta(days=7)
    builder = SiteBuilder(ctx)
    inquiries = builder.inquiry_rows()
    result = []
    for project in t.config.projects:
        issues = t.project_issues(project.key)
        open_ = [i for i in issues if not ctx.is_done(i)]
        counts = Counter((i.type, i.status) for i in issues)
        result.append({
            "project": project,
            "total": len(issues),
            "open": len(open_),
            "counts": counts,
            "by_status": Counter(i.status for i in issues),
            "by_type": Counter(i.type for i in issues),
            "overdue": ctx.by_due(i for i in open_ if ctx.is_overdue(i)),
            "due_soon": ctx.by_due(i for i in open_ if i.due and ctx.today <= i.due <= soon),
            "unanswered": responses.by_state([r for r in inquiries if r["issue"].project == project.key], responses.UNANSWERED),
            "recent": sorted(
                (i for i in issues if i.updated),
                key=lambda i: (iso_stamp(i.updated, ctx.zone), i.number),
                reverse=True,
            )[:10],
        })
    return result


def build_files(
    tracker: Tracker, today: date, history: History | None = None, site_url: str = "", forge: Forge | None = None
) -> list[GeneratedFile]:
    """Return the files written beside the pages: issues.json, issues.csv, calendars, schedules, the activity feed, the CMS."""
    ctx = SiteContext(tracker, today, history, forge=forge)
    files = exports.build(ctx)
    if history:
        files.append(GeneratedFile(activity.FEED, atom(history, tracker.config, site_url).encode("utf-8")))
    next_keys = {p.key: forms.next_key(ctx, p.key) for p in tracker.config.projects}
    files += [GeneratedFile(path, content) for path, content in cms.files(tracker.config, forge, next_keys, tracker.config.title)]
    return files
