"""Bring a Backlog project's wiki along: pages into docs/, meeting records into minutes/.

A page named with a date and a meeting word (``議事録 2026/11/20 定例``, ``20261120_打合せ``)
becomes ``minutes/<YYYY>/<date>-<slug>.md`` with its attendees (an 出席者: line, by member
name) and its action items (bullets under an アクション/宿題/ToDo heading, with a 担当 or
【名前】 turned into ``- [ ] @member``); every other page becomes ``docs/wiki/<name>.md``,
its ``/`` making folders. Backlog notation is converted to Markdown, attachments are kept
under ``docs/wiki/files/<page id>/`` and issue keys are written with the tracker's project.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from datetime import date
from functools import partial

from tsuzuri.formats.dates import read_date
from tsuzuri.interchange.backlog.notation import to_markdown
from tsuzuri.interchange.backlog.records import Dump
from tsuzuri.interchange.config_text import add_entries
from tsuzuri.interchange.plan import Step
from tsuzuri.messages import Message, say
from tsuzuri.model import Config
from tsuzuri.store import Loaded
from tsuzuri.store.writer import document, safe_filename, scalar

_MEETING = re.compile(r"議事録|定例|打合せ|打ち合わせ|会議|ミーティング|minutes|meeting", re.IGNORECASE)
_DATE_IN_NAME = re.compile(r"(\d{4})\s*[/\-.年_]?\s*(\d{1,2})\s*[/\-.月_]?\s*(\d{1,2})日?")
_ATTENDEES = re.compile(r"^\s*(?:[-*]\s*)?(?:出席者|参加者|出席|attendees)\s*[:：]\s*(?P<names>.+)$", re.IGNORECASE)
_ACTION_HEADING = re.compile(r"^#{1,6}\s*.*(アクション|宿題|ToDo|TODO|対応事項|action)", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s")
_WIKI_LINK = re.compile(r"\[\[(?:(?P<label>[^\]>:]+?)[>:])?(?P<target>[^\]]+?)\]\]")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?!\[[ xX]\])(?P<text>.+)$")
_WHO = (
    re.compile(r"[(（]?担当(?:者)?\s*[:：]\s*(?P<who>[^\s,、)）]+)[)）]?"), re.compile(r"【(?P<who>[^】]+)】"),
    re.compile(r"[@＠](?P<who>[^\s@＠、,]+)")
)


def plan_wiki(loaded: Loaded, dump: Dump, backlog_project: str, project: str, notation: bool) -> tuple[list[Step], list]:
    """Return one step per wiki page (create, update or unchanged), the wiki's index and nav entry, and a note."""
    config = loaded.tracker.config
    base = f"docs/wiki/{project}/"
    pages = []
    for listed in dump.read("wikis.json", []) or []:
        page = dump.read(f"wiki/{listed.get('id')}.json", None) or listed
        name = str(page.get("name") or "").strip()
        if name and page.get("id") is not None:
            pages.append((name, page, _meeting_day(name, page)))
    # Where each page that stays a page goes, so [[a page]] links to it from any other.
    places = {name: _page_path(base, name) for name, _, day in pages if day is None}
    steps: list[Step] = []
    meetings: list[str] = []
    for name, page, day in pages:
        warnings: list = []
        content = page.get("content") or ""
        here = posixpath.dirname(places.get(name, base))
        content = _WIKI_LINK.sub(partial(_wiki_link, places=places, here=here if day is None else None), content)
        body = _keys(to_markdown(content) if notation else content.replace("\r\n", "\n").strip(), backlog_project, project)
        files = _attachments(dump, page, base)
        if day is not None:
            meetings.append(name)
            rel, text = _minutes(config, name, page, day, project, body, files, warnings)
        else:
            rel = places[name]
            text = f"# {_title(name.rsplit('/', 1)[-1])}\n\n{inert(body)}\n" + _file_list(rel, files)
        steps.append(_step(loaded, rel, text, files, Message("io.wiki.source", name=name), warnings))
    if not steps:
        return steps, []
    if places:
        index = base + "index.md"
        steps.append(_step(loaded, index, _index(config, project, index, places, meetings), [], Message("io.wiki.index"), []))
        nav = _nav(loaded, config, project, index)
        if nav is not None:
            steps.append(nav)
    return steps, [Message("io.wiki.read", count=len(pages), minutes=len(meetings))]


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_TAG = re.compile(r"<(?!br>|https?://[^\s<>]+>|mailto:[^\s<>]+>)(?=[A-Za-z/!?])")
_ACTIVE_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data|file)\s*:(?:[^()\s]|\([^()]*\))*\)", re.IGNORECASE)


def _title(name: str) -> str:
    """Return a page name as a heading the theme can print as it is (it becomes the page's title, unescaped)."""
    return name.replace("&", "＆").replace("<", "＜").replace(">", "＞")


def inert(markdown: str) -> str:
    """Return a wiki page's Markdown with its raw HTML shown as text and script links dropped.

    A docs page is rendered as written, and a Backlog wiki is written by everyone in the
    project, vendors too; Backlog itself showed such text as text. Code stays as written.
    """
    out, fence = [], ""
    for line in markdown.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            fence = "" if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) else fence
            out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        if line.startswith(("    ", "\t")) and (not out or not out[-1].strip()):
            out.append(line)  # an indented code block
            continue
        pieces, last = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append(_inert_text(line[last:span.start()]))
            pieces.append(span.group(0))
            last = span.end()
        pieces.append(_inert_text(line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)


def _inert_text(text: str) -> str:
    return _ACTIVE_LINK.sub("](#)", _TAG.sub("&lt;", text))


def _step(loaded: Loaded, rel: str, text: str, files, source: Message, warnings: list) -> Step:
    writes: dict[str, object] = {}
    path = loaded.root / rel
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current != text:
        writes[rel] = text
    for target, load in files:
        if not (loaded.root / target).exists():
            writes[target] = load
    action = "create" if current is None else ("update" if writes else "unchanged")
    return Step(action, rel, source, warnings, writes)


def _page_path(base: str, name: str) -> str:
    parts = [safe_filename(p, "page") for p in name.split("/") if p.strip()] or ["page"]
    if parts == ["index"]:  # the wiki's own index is index.md
        parts = ["index-page"]
    return base + "/".join(parts) + ".md"


def _href(path: str) -> str:
    """Return a relative path as a Markdown link target: names as written, only what ends a link escaped."""
    return path.replace("%", "%25").replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _wiki_link(m: re.Match, places: dict[str, str], here: str | None) -> str:
    """Turn [[page]] or [[label>page]] into a link to that page's file; a URL or an unknown page is left to the notation."""
    label, target = m.group("label"), m.group("target").strip()
    if "://" in m.group(0):
        return m.group(0)
    if here is None or target not in places:
        return label or target
    return f"[{label or target.rsplit('/', 1)[-1]}]({_href(posixpath.relpath(places[target], here))})"


def _index(config: Config, project: str, index: str, places: dict[str, str], meetings: list[str]) -> str:
    """The wiki's front page: every page in its tree, linked; the meeting records went to the minutes."""
    found = config.project(project)
    lines = [f"# {say(config.language, 'io.wiki.index-title', name=found.name if found and found.name else project)}", "",
             say(config.language, "io.wiki.index-text"), ""]
    here = posixpath.dirname(index)
    folders_written: set[tuple[str, ...]] = set()
    for name in sorted(places, key=lambda n: [p.strip() for p in n.split("/")]):
        parts = [p.strip() for p in name.split("/") if p.strip()]
        for depth in range(1, len(parts)):  # a folder without a page of its own is a heading of its pages
            folder = tuple(parts[:depth])
            if folder not in folders_written and "/".join(folder) not in places:
                lines.append(f"{'  ' * (depth - 1)}- {_title(folder[-1])}")
            folders_written.add(folder)
        label = _title(parts[-1]).replace("[", "［").replace("]", "］")
        lines.append(f"{'  ' * (len(parts) - 1)}- [{label}]({_href(posixpath.relpath(places[name], here))})")
    if meetings:
        lines += ["", say(config.language, "io.wiki.index-minutes", count=len(meetings))]
    return "\n".join(lines) + "\n"


def _nav(loaded: Loaded, config: Config, project: str, index: str) -> Step | None:
    """Add the wiki to mkdocs.yml's nav: when the site lists its pages, a page that is not listed is hard to find."""
    path = loaded.root / "mkdocs.yml"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    target = index[len("docs/"):]
    if not re.search(r"(?m)^nav\s*:", text) or target in text:
        return None  # without a nav MkDocs lists every page by itself
    found = config.project(project)
    label = say(config.language, "io.wiki.nav", name=found.name if found and found.name else project)
    return Step("update", "mkdocs.yml", Message("io.wiki.nav-source"), [Message("io.wiki.nav-added", label=label, page=target)],
                {"mkdocs.yml": add_entries(text, "nav", [(f"{scalar(label)}: {scalar(target)}", None)])})


def _keys(text: str, backlog_project: str, project: str) -> str:
    """Write BACKLOG-12 as MIRA-12 when the project is imported under another key."""
    if backlog_project == project:
        return text
    return re.sub(rf"(?<![A-Za-z0-9_/.-]){re.escape(backlog_project)}-(\d+)\b", rf"{project}-\1", text)


def _meeting_day(name: str, page: dict) -> date | None:
    tags = " ".join(str(t.get("name", "")) for t in page.get("tags") or [])
    if not _MEETING.search(name + " " + tags):
        return None
    m = _DATE_IN_NAME.search(unicodedata.normalize("NFKC", name))
    if not m:
        return None
    return read_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")


def _attachments(dump: Dump, page: dict, base: str) -> list[tuple[str, object]]:
    out = []
    for a in page.get("attachments") or []:
        saved = dump.base / "wiki-attachments" / str(page["id"]) / str(a.get("id"))
        if saved.exists():
            out.append((f"{base}files/{page['id']}/{safe_filename(str(a.get('name')))}", saved.read_bytes))
    return out


def _file_list(rel: str, files: list[tuple[str, object]]) -> str:
    if not files:
        return ""
    here = posixpath.dirname(rel)
    return "\n" + "\n".join(f"- [{posixpath.basename(t)}]({posixpath.relpath(t, here)})" for t, _ in files) + "\n"


def _minutes(config: Config, name: str, page: dict, day: date, project: str, body: str, files, warnings: list) -> tuple[str, str]:
    attendees: list[str] = []
    lines = body.split("\n")
    for line in lines:
        m = _ATTENDEES.match(line)
        if m:
            for chunk in re.split(r"[、,，・/／]+", m.group("names")):
                chunk = re.sub(r"(様|氏|さん)$", "", chunk.strip())
                if not chunk:
                    continue
                found = config.find_member(chunk)
                parts = [config.find_member(p).id for p in chunk.split()] if not found.id else []
                if found.id:
                    attendees.append(found.id)
                elif parts and all(parts):  # 山田 田中 written with spaces between people
                    attendees.extend(parts)
                else:
                    warnings.append(Message("io.wiki.unknown-attendee", value=chunk))
    body = "\n".join(_actions(lines, config))
    title = name.rsplit("/", 1)[-1]
    ascii_part = re.sub(
        r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", _DATE_IN_NAME.sub("", title)).encode("ascii", "ignore").decode().lower()
    ).strip("-")
    slug = ascii_part or f"backlog-wiki-{page['id']}"
    rel = f"minutes/{day.year:04d}/{day.isoformat()}-{slug}.md"
    fields = {"title": title, "date": day, "project": project, "attendees": list(dict.fromkeys(attendees)) or None}
    if files:
        body += "\n\n" + "\n".join(f"- {posixpath.basename(t)} ({t})" for t, _ in files)
    return rel, document({k: v for k, v in fields.items() if v}, body.strip() + "\n", ("title", "date", "project", "attendees"))


def _actions(lines: list[str], config: Config):
    """Turn the bullets under an action heading into task lines (- [ ] @member ...)."""
    inside = False
    for line in lines:
        if _HEADING.match(line):
            inside = bool(_ACTION_HEADING.match(line))
            yield line
            continue
        m = _BULLET.match(line) if inside else None
        if not m:
            yield line
            continue
        text, who = m.group("text"), ""
        for pattern in _WHO:
            found = pattern.search(text)
            if found and config.find_member(found.group("who")).id:
                who = config.find_member(found.group("who")).id
                text = (text[: found.start()] + text[found.end():]).strip()
                break
        yield f"{m.group(1)}- [ ] " + (f"@{who} " if who else "") + text
