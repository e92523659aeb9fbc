"""What every page builder needs: the tracker, today, words, relations and URL helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from functools import cached_property, partial
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from tsuzuri.formats.dates import iso_stamp, local_day, stamp, tracker_zone
from tsuzuri.formats.mentions import resolve as resolve_mentions
from tsuzuri.layout import SHARED_FOLDER, linked_path
from tsuzuri.messages import heading, phrases, say, text
from tsuzuri.model import Issue, Member, Tracker, Wbs
from tsuzuri.site.attachments import by_name, link_target
from tsuzuri.site.file_kinds import file_kind
from tsuzuri.site.forge import Forge
from tsuzuri.site.markup import Renderer
from tsuzuri.site.relations import Relations, office_members, relate
from tsuzuri.site.shared_files import PublishedFile, page_src, publish, target_path
from tsuzuri.store.history import History, public_name

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Links in generated HTML name a source path after "@"; the MkDocs adapter turns each into
# a URL relative to the page, whatever use_directory_urls says.
LINK_PREFIX = "@"


class _CompiledTemplates(jinja2.BytecodeCache):
    """The package's templates compiled once per process, shared by every context's environment.

    A context is made per build (``mkdocs serve`` makes one per rebuild, the tests hundreds); each
    would compile the same templates again. Jinja checks each entry against its source's digest,
    so an edited template compiles anew.
    """

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


FIELD_WORDS = ("title", "type", "status", "priority", "assignee", "reporter", "milestone", "categories", "start",
               "due", "estimate", "actual", "parent", "links", "watchers", "created", "updated", "visibility")


def site_words(lang: str) -> dict[str, str]:
    """Return the words of the site's pages by name (``m.title`` in templates): site.* and the field labels."""
    words = {name: heading(text(lang, f"field.{name}")) for name in FIELD_WORDS}
    words["description"] = heading(text(lang, "field.body"))
    return {**words, **phrases(lang, "site")}


def issue_src(key: str) -> str:
    """Return the generated source path of an issue's page."""
    return f"issues/{key}.md"


@dataclass
class SiteContext:
    """A tracker prepared for rendering on a given day, with its Git history when there is one."""

    tracker: Tracker
    today: date
    history: History | None = None  # issue timelines: burndowns, activity, response times
    root: Path | None = None  # the tracker's folder, for what only Git knows (baselines)
    forge: Forge | None = None  # where the tracker's files are edited on the web: edit links and forms
    baseline_view: Callable[[Wbs], Wbs] | None = None  # what an audience's site shows of a baseline's plan

    @cached_property
    def msg(self) -> dict[str, str]:
        return site_words(self.tracker.config.language)

    @cached_property
    def zone(self) -> tzinfo:
        """The tracker's time zone: every moment on a page is shown in it (Git's own zone is the committer's)."""
        return tracker_zone(self.tracker.config.timezone)

    def day_of(self, value) -> date | None:
        """Return the tracker's day of a moment (a date stays itself)."""
        return local_day(value, self.zone)

    @cached_property
    def rel(self) -> Relations:
        return relate(self.tracker)

    @cached_property
    def office(self) -> frozenset[str]:
        return office_members(self.tracker)

    @cached_property
    def render_md(self) -> Renderer:
        return Renderer(lambda key: self.href(issue_src(key)) if key in self.tracker.issues else None, self._mention_href,
                        self._download_names.get)

    @cached_property
    def _download_names(self) -> dict[str, str]:
        """The name to save under, by site link, of every published file a browser must save rather than open."""
        names = {self.href(p.href): p.name for key in self.tracker.issues for p in self._published_by_name(key).values() if p.download}
        names.update((self.href(f.href), f.saved_as) for f in self.shared.values() if f.path and f.download)
        return names

    @cached_property
    def shared(self) -> dict[str, PublishedFile]:
        """Return where each shared file this site shows is published, by its tracker path."""
        return publish(self.tracker.shared)

    def _shared_href(self, href: str, source: str) -> str | None:
        """Where a link in a text to a place in a project's shared folder leads on this site (see site/shared_files.py).

        None when it names no such place; "" when this site has nothing there (or not for this
        audience), so that no address names it.
        """
        path = target_path(href, source) or _project_folder(href, source)
        if path is None:
            return None
        found = self.shared.get(path)
        if found is not None and found.path:
            return self.href(found.href)
        projects = {p.key for p in self.tracker.config.projects}
        if found is not None or any(p.startswith(path + "/") for p in self.shared) or path.removeprefix(SHARED_FOLDER + "/") in projects:
            # A folder, or a file whose content this build lacks (an LFS pointer): the project's list says what there is.
            return self.href(page_src(found.file.project if found else path.split("/")[1]))
        return ""

    def file_links(self, key: str | None, source: str = "") -> Callable[[str], str | None]:
        """Return what turns a file's address in issue ``key``'s text (or a meeting's, for None) into its site link.

        An issue's attachments first, then the projects' shared files; ``source`` is the tracker
        path of the file that holds the text, against which relative addresses are read.
        """
        return lambda url: self._file_href(url, key) or self._shared_href(url, source)

    def _file_href(self, url: str, key: str | None) -> str | None:
        target = link_target(url, key, self._published_by_name)
        return self.href(target) if target else None

    def _published_by_name(self, key: str):
        cache = self.__dict__.setdefault("_published_cache", {})
        if key not in cache:
            issue = self.tracker.issues.get(key)
            cache[key] = by_name(issue) if issue is not None else None
        return cache[key]

    def visibility_words(self, visibility: tuple[str, ...]) -> str:
        """Say who may see an item with this ``visibility:`` (the office always may), for the office and those it names."""
        if "internal" in visibility:
            return self.say("site.visibility-internal")
        names = [self.org_name(o) for o in visibility]
        return self.say("site.visibility-orgs", orgs=self.say("diff.list-separator").join(names))

    def _mention_href(self, name: str) -> str | None:
        """The member page an ``@name`` in a text points to, or None when it names nobody."""
        found = resolve_mentions(f"@{name}", lambda n: self.tracker.config.find_member(n).id)[0]
        return self.href(f"members/{found[0]}.md") if found else None

    @cached_property
    def env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_COMPILED,
        )
        env.globals.update(
            ctx=self, m=self.msg, href=self.href, t=self.say,
            key=self.key_link, status=self.status_badge, member=self.member_link, org=self.org_link, due=self.due_span,
        )
        language = self.tracker.config.language
        env.filters.update(day=partial(format_day, zone=self.zone), stamp=partial(stamp, zone=self.zone),
                           iso=partial(iso_stamp, zone=self.zone), size=format_size,
                           filekind=lambda a: file_kind(a.name, a.media_type, language))
        return env

    def say(self, message_id: str, /, **params) -> str:
        """Return the catalog text ``message_id`` in the tracker's language."""
        return say(self.tracker.config.language, message_id, **params)

    def render(self, template: str, **values) -> str:
        """Render one of the package's templates."""
        return self.env.get_template(template).render(**values)

    # --- small HTML pieces: plain functions, as Jinja macros are slow at 10,000 issues ---------

    def key_link(self, issue: Issue) -> Markup:
        return Markup(f'<a class="tsuzuri-key" href="{escape(self.issue_href(issue.key))}">{escape(issue.key)}</a>')

    def issue_row(self, issue: Issue) -> Markup:
        """Return an issue's row of the issue tables (member, organization and milestone pages, the dashboard), made once."""
        rows = self.__dict__.setdefault("_row_cache", {})
        found = rows.get(issue.key)
        if found is None:
            m = self.msg
            found = rows[issue.key] = Markup(
                f"<tr><td>{self.key_link(issue)}</td><td>{escape(issue.title)}</td><td>{self.status_badge(issue)}</td>"
                f'<td data-label="{escape(m["type"])}">{escape(self.label("types", issue.type))}</td>'
                f'<td data-label="{escape(m["priority"])}">{escape(self.label("priorities", issue.priority))}</td>'
                f'<td data-label="{escape(m["assignee"])}">{self.member_link(issue.assignee)}</td>'
                f'<td data-label="{escape(m["due"])}">{self.due_span(issue)}</td></tr>\n'
            )
        return found

    def status_badge(self, issue: Issue) -> Markup:
        return Markup(
            f'<span class="tsuzuri-status tsuzuri-status--{escape(issue.status)}">{escape(self.label("statuses", issue.status))}</span>'
        )

    def member_link(self, member_id: str) -> Markup:
        if member_id and self.member(member_id) is None:
            # Someone who is no member (a Git author, by address): their name, as text.
            return Markup('<span class="tsuzuri-who tsuzuri-name">{}</span>').format(self.public_name(member_id))
        return self._links("members", member_id, self.member_name)

    def public_name(self, author: str) -> str:
        """Return how the site names an author: never by the address of someone who is no member."""
        return public_name(self.tracker.config, self.history, author) or self.msg["not_member"]

    def org_link(self, org_id: str) -> Markup:
        return self._links("organizations", org_id, self.org_name)

    def _links(self, folder: str, ident: str, name) -> Markup:
        if not ident:
            return Markup("")
        cache = self.__dict__.setdefault("_link_cache", {})
        found = cache.get((folder, ident))
        if found is None:
            known = self.member(ident) if folder == "members" else self.tracker.config.organization(ident)
            # A person's name never breaks across lines (「松本 亜/希子」); an organization's may.
            cls = ' class="tsuzuri-name"' if folder == "members" else ""
            if known is None:  # not on this site (an audience's site has pages only for the people it sees)
                found = cache[(folder, ident)] = (
                    Markup("<span{}>{}</span>").format(Markup(cls), name(ident)) if cls else Markup("{}").format(name(ident))
                )
            else:
                found = cache[(folder, ident)] = Markup('<a href="{}"{}>{}</a>').format(
                    self.href(f"{folder}/{ident}.md"), Markup(cls), name(ident)
                )
        return found

    def due_span(self, issue: Issue) -> Markup:
        if not issue.due:
            return Markup("")
        cls = "tsuzuri-due tsuzuri-overdue" if self.is_overdue(issue) else "tsuzuri-due"
        return Markup(f'<span class="{cls}">{issue.due.isoformat()}</span>')

    # --- lookups used by templates -------------------------------------------------

    @staticmethod
    def href(src: str) -> str:
        """Return the placeholder link to a generated or hand-written source path."""
        return LINK_PREFIX + src

    def issue_href(self, key: str) -> str:
        return self.href(issue_src(key))

    def member(self, member_id: str) -> Member | None:
        return self.tracker.config.member(member_id)

    def member_name(self, member_id: str) -> str:
        member = self.member(member_id)
        return member.name if member else member_id

    def org_of(self, member_id: str) -> str:
        member = self.member(member_id)
        return member.org if member else ""

    def org_name(self, org_id: str) -> str:
        org = self.tracker.config.organization(org_id)
        return org.name if org else org_id

    def label(self, vocabulary: str, choice_id: str) -> str:
        return self.tracker.config.label(vocabulary, choice_id)

    def is_done(self, issue: Issue) -> bool:
        return issue.is_done(self.tracker.config)

    def is_overdue(self, issue: Issue) -> bool:
        return issue.is_overdue(self.tracker.config, self.today)

    def custom_label(self, project: str, field_id: str) -> str:
        for f in self.tracker.config.custom_fields:
            if f.id == field_id and f.project == project:
                return f.label or f.id
        return field_id

    def milestone_name(self, issue: Issue) -> str:
        ms = self.tracker.config.milestone(issue.project, issue.milestone)
        return (ms.name or ms.id) if ms else issue.milestone

    def sorted_issues(self, issues) -> list[Issue]:
        """Return issues in project, number order."""
        return sorted(issues, key=lambda i: (i.project, i.number))

    def by_due(self, issues) -> list[Issue]:
        """Return issues by due date (undated last), then key."""
        return sorted(issues, key=lambda i: (i.due is None, i.due or date.min, i.project, i.number))


def format_day(value, zone: tzinfo) -> str:
    """Format a date, or a moment's day in ``zone``, as YYYY-MM-DD; empty for none."""
    day = local_day(value, zone)
    return day.isoformat() if day else ""


def format_size(n: int) -> str:
    """Format a byte count for people (1.2 MB)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _project_folder(href: str, source: str) -> str | None:
    """Return ``files/<PROJECT>`` when a link names a project's shared folder itself."""
    path = linked_path(href, source)
    return path if path is not None and path.count("/") == 1 and path.startswith(SHARED_FOLDER + "/") else None
