"""Start a new tracker: the starter files a team edits first."""

from __future__ import annotations

import re
import shlex
from importlib import resources
from pathlib import Path

from tsuzuri.formats.yamlemit import scalar
from tsuzuri.messages import say
from tsuzuri.model import SITE_FOLDER
from tsuzuri.store.site_folder import GITIGNORE_TEXT
from tsuzuri.store.writer import atomic_write, clean_text

CONFIG = """\
# tsuzuri.yml: the tracker's settings. Field reference: docs/fields.md of tsuzuri.
title: {title}
language: {language}
timezone: Asia/Tokyo
organizations:
  - {{id: office, name: {office}, role: office}}
  - {{id: vendor-a, name: {vendor}, role: vendor}}
members:
  - {{id: owner, name: {owner_name}, org: office, email: {owner_email}}}
projects:
  - {{key: {project}, name: {project_name}, organizations: [office, vendor-a]}}
statuses:
  - {{id: open, label: {status_open}}}
  - {{id: in_progress, label: {status_in_progress}}}
  - {{id: resolved, label: {status_resolved}}}
  - {{id: closed, label: {status_closed}, done: true}}
types:
  - {{id: task, label: {type_task}}}
  - {{id: bug, label: {type_bug}}}
  - {{id: request, label: {type_request}}}
  - {{id: inquiry, label: {type_inquiry}}}
  - {{id: other, label: {type_other}}}
priorities:
  - {{id: high, label: {priority_high}}}
  - {{id: normal, label: {priority_normal}}}
  - {{id: low, label: {priority_low}}}
calendar: {{holidays: JP}}
guard:
  markers: {markers}   # the office's marker words: a text or file holding one is refused
"""

MKDOCS = """\
# The header shows `title:` of tsuzuri.yml; site_name is what builders without the plugin show.
site_name: {title}
docs_dir: docs
theme:
  name: material
  language: {language}
  font: false
  features: [navigation.instant, navigation.tabs, search.highlight]
plugins:
  - search:
      lang: ja
  - tsuzuri
# What the plugin adds by itself, written out for builders that run no MkDocs plugin (Zensical,
# after `tsuzuri pages`): the generated folder's styles and scripts, the markers of hand-written
# pages, and the file `tsuzuri pages` touches when those change.
extra_css:
  - {folder}/assets/tsuzuri.css
extra_javascript:
  - {folder}/assets/issue-list.js
  - {folder}/assets/board.js
  - {folder}/assets/plot-loader.js
  - {folder}/assets/forms.js
  - {folder}/assets/me.js
  - {folder}/assets/a11y.js
watch:
  - docs/{folder}/.gitignore
markdown_extensions:
  - tsuzuri
  - tables
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.superfences
  - pymdownx.tasklist
nav:
{nav}
"""

NAV = (
    "index.md",
    "me.md",
    "issues.md",
    "boards.md",
    "inquiries.md",
    "minutes.md",
    "shared.md",
    "milestones.md",
    "gantt.md",
    "members.md",
    "organizations.md",
    "activity.md",
)
"""The navigation of a new tracker: its home page, then the generated list pages (the order of the site's own list)."""

# The home page is named for what it shows; the site's name is in the header, from tsuzuri.yml.
INDEX = "# {heading}\n\n<!-- tsuzuri:dashboard -->\n{fallback}\n<!-- /tsuzuri -->\n"
OWNER_EMAIL = "owner@example.go.jp"
FIRST_ISSUE = "---\ntitle: {title}\ntype: task\nstatus: open\nassignee: owner\nreporter: owner\n---\n{body}\n"
# The starter's words, each from the catalog in the tracker's language (init.starter.<name>).
STARTER_WORDS = ("office", "vendor", "owner_name", "project_name", "status_open", "status_in_progress", "status_resolved",
                 "status_closed", "type_task", "type_bug", "type_request", "type_inquiry", "type_other",
                 "priority_high", "priority_normal", "priority_low")
GITIGNORE = (
    "site/\n.tsuzuri-cache/\n.tsuzuri-staging-*/\nnotify-out/\n"
    "# litter of operating systems and editors\n.DS_Store\nThumbs.db\ndesktop.ini\n~$*\n*~\n.*.swp\n"
)


def workflow() -> str:
    """Return the CI workflow of a tracker repository (validate, diff, authority, site, mail)."""
    return resources.files("tsuzuri").joinpath("templates/scaffold/tracker.yml").read_text(encoding="utf-8")


def next_steps(project: str, language: str) -> list[tuple[str, str]]:
    """Return the commands that take a new tracker to its first issue and its site, each with what it does."""
    w = lambda step: say(language, f"init.step.{step}")  # noqa: E731
    return [
        ("git init", w("git")),
        (f"git config user.email {OWNER_EMAIL}", w("identity")),
        (f"git config user.name {_shell_word(say(language, 'init.starter.owner_name'))}", ""),
        ("tsuzuri validate", w("validate")),
        (f'tsuzuri new issue --project {project} --title "{say(language, "init.first-issue")}"', w("new-issue")),
        (f'git add -A && git commit -m "{say(language, "init.first-commit")}"', w("commit")),
        ("mkdocs build", w("build")),
        ("mkdocs serve", w("serve")),
    ]


def _shell_word(text: str) -> str:
    """Return ``text`` as one shell word, quoted only when the shell would read it otherwise (管理者 stays bare)."""
    return text if re.fullmatch(r"[^\s'\"$`\\;&|<>()*?#~!{}\[\]]+", text) else shlex.quote(text)


def steps_text(steps: list[tuple[str, str]], indent: str = "") -> str:
    """Return commands one a line, each with its note as a shell comment."""
    return "\n".join(f"{indent}{cmd}" + (f"  # {note}" if note else "") for cmd, note in steps)


def _nav_entry(page: str, language: str) -> str:
    """One line of the starter ``nav``: the page's title in ``language`` and where it lives."""
    if page == "index.md":
        return f"  - {scalar(say(language, 'init.nav.dashboard'))}: {page}"
    return f"  - {scalar(say(language, 'init.nav.' + page[:-3]))}: {SITE_FOLDER}/{page}"


def init(target: Path, title: str | None = None, project: str = "PRJ", language: str = "ja") -> list[Path]:
    """Write a starter tracker into ``target`` and return the files written (its words in ``language``)."""
    if (target / "tsuzuri.yml").exists():
        raise FileExistsError(f"{target / 'tsuzuri.yml'} already exists")
    title = clean_text(title or say(language, "init.starter.title"))[0]
    nav = "\n".join(_nav_entry(page, language) for page in NAV)
    values = {"title": scalar(title), "project": project, "language": language, "folder": SITE_FOLDER, "nav": nav,
              "owner_email": OWNER_EMAIL}
    values.update({word: scalar(say(language, f"init.starter.{word}")) for word in STARTER_WORDS})
    markers = (scalar(m.strip()) for m in say(language, "init.starter.markers").split(","))
    values["markers"] = "[" + ", ".join(markers) + "]"
    first_issue = FIRST_ISSUE.format(title=scalar(say(language, "init.starter.first_issue")),
                                     body=say(language, "init.starter.first_issue_body"))
    files = {
        "tsuzuri.yml": CONFIG.format(**values),
        "mkdocs.yml": MKDOCS.format(**values),
        "docs/index.md": INDEX.format(heading=say(language, "init.nav.dashboard"), fallback=say(language, "init.marker-fallback")),
        "README.md": say(language, "init.readme", title=title, project=project, steps=steps_text(next_steps(project, language))),
        # Committed, so the folder of generated pages exists (and is ignored) in every clone.
        f"docs/{SITE_FOLDER}/.gitignore": GITIGNORE_TEXT,
        f"issues/{project}/{project}-1.md": first_issue,
        "minutes/.gitkeep": "",
        f"files/{project}/.gitkeep": "",  # the project's shared files (docs: shared-files.md of tsuzuri)
        "wbs/.gitkeep": "",
        ".gitignore": GITIGNORE,
        ".github/workflows/tracker.yml": workflow(),
    }
    written = []
    for rel, text in files.items():
        path = target / rel
        if path.exists():
            continue
        atomic_write(path, text)
        written.append(path)
    return written
