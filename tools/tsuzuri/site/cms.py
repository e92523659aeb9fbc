"""A schema-driven CMS under ``admin/``: Decap CMS, shipped with the site, configured from the schema and tsuzuri.yml.

People who prefer forms to a forge's editor open ``admin/``, sign in to the forge, and create or
edit issues, comments and minutes; every save is a pull (merge) request (Decap's editorial
workflow). The configuration is made here from the one schema declaration: a folder collection per
project for issues (the key as file name), one for its comments and one for minutes, with select
widgets holding every status, type and priority id and relation widgets for members. Decap's
script is vendored in the package (``vendor/decap-cms``), so the CMS loads on a closed network.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from tsuzuri.messages import say
from tsuzuri.model import Config
from tsuzuri.schema.declare import Field, Kind
from tsuzuri.schema.kinds import COMMENT, ISSUE, MINUTES
from tsuzuri.site.forge import Forge
from tsuzuri.site.forms import field_words

ADMIN = "admin"
VENDOR = "vendor/decap-cms"
SETTINGS = "tsuzuri-settings"  # the hidden collection of tsuzuri.yml that relation widgets read members from

INDEX = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
</head>
<body>
<script src="decap-cms.js"></script>
</body>
</html>
"""


def vendor_files() -> list[tuple[str, bytes]]:
    """Return (name, content) of Decap CMS's script, its chunks and its licence, as shipped with tsuzuri."""
    folder = resources.files("tsuzuri").joinpath(VENDOR)
    return sorted((entry.name, entry.read_bytes()) for entry in folder.iterdir() if entry.is_file() and not entry.name.endswith(".md"))


def _backend(forge: Forge, settings: dict) -> dict:
    parts = urlsplit(forge.url)
    repo = parts.path.strip("/")
    host = f"{parts.scheme}://{parts.netloc}"
    backend = {"name": forge.kind if forge.kind != "forgejo" else "gitea", "repo": repo, "branch": forge.branch}
    if forge.kind == "gitlab":
        backend.update(api_root=f"{host}/api/v4", base_url=host, auth_type="pkce")
        if settings.get("app_id"):
            backend["app_id"] = str(settings["app_id"])
    elif forge.kind in ("gitea", "forgejo"):
        backend.update(api_root=f"{host}/api/v1", base_url=host)
        if settings.get("app_id"):
            backend["app_id"] = str(settings["app_id"])
    elif parts.netloc != "github.com":
        backend.update(api_root=f"{host}/api/v3", base_url=host)  # GitHub Enterprise Server
    return backend


def _label(field: Field, lang: str, kind: Kind = ISSUE) -> str:
    return field_words(kind.root, field, lang)[0]


def _hint(field: Field, lang: str, kind: Kind = ISSUE) -> str:
    return field_words(kind.root, field, lang)[1]


def _options(choices) -> list[dict]:
    return [{"label": f"{c.label or c.id} ({c.id})" if c.label and c.label != c.id else c.id, "value": c.id} for c in choices]


def _member_relation(name: str, label: str, hint: str, required: bool, multiple: bool = False) -> dict:
    widget = {
        "name": name, "label": label, "hint": hint, "widget": "relation", "collection": SETTINGS, "file": "config",
        "search_fields": ["members.*.name", "members.*.id"], "value_field": "members.*.id", "display_fields": ["members.*.name"],
        "required": required,
    }
    if multiple:
        widget["multiple"] = True
    return widget


def _date(name: str, label: str, hint: str, required: bool) -> dict:
    return {"name": name, "label": label, "hint": hint, "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
            "time_format": False, "required": required}


def issue_fields(config: Config, project: str, next_key: str) -> list[dict]:
    """Return the CMS fields of a project's issues, from the schema declaration and tsuzuri.yml."""
    lang = config.language
    declared = {f.name: f for f in ISSUE.root.fields}
    out: list[dict] = [{
        "name": "key", "label": _label(declared["key"], lang), "widget": "string", "default": next_key,
        "hint": _hint(declared["key"], lang), "pattern": [f"^{project}-[1-9][0-9]*$", f"{project}-1, {project}-2, …"],
    }]
    for name in _ISSUE_FORM:
        widget = _issue_widget(name, declared[name], config, project)
        if widget is not None:
            out.append(widget)
    out.append({"name": "body", "label": say(lang, "site.cms.body"), "widget": "markdown", "required": False})
    return out


_ISSUE_FORM = (
    "title", "type", "status", "priority", "assignee", "reporter", "milestone", "categories", "start", "due", "estimate", "parent",
    "watchers",
)
"""The issue fields the CMS form offers, in its order (the key first and the body last)."""


def _issue_widget(name: str, f, config: Config, project: str) -> dict | None:
    """Return the CMS widget of one issue field, or None where the project has nothing to choose from."""
    label, hint, required = _label(f, config.language), _hint(f, config.language), f.required
    head = {"name": name, "label": label, "hint": hint}
    if name in ("type", "status", "priority"):
        return _choice_widget(head, name, config, required)
    if name in ("assignee", "reporter"):
        return _member_relation(name, label, hint, required)
    if name == "watchers":
        return _member_relation(name, label, hint, required, multiple=True)
    if name in ("milestone", "categories"):
        return _project_list_widget(head, name, config, project)
    if f.type == "date":
        return _date(name, label, hint, required)
    if name == "estimate":
        return {**head, "widget": "number", "value_type": "float", "min": 0, "required": False}
    if name == "parent":
        return {**head, "widget": "string", "required": False, "pattern": [f"^({project}-[1-9][0-9]*)?$", f"{project}-1"]}
    return {**head, "widget": "string", "required": required}


def _choice_widget(head: dict, name: str, config: Config, required: bool) -> dict:
    """A select of tsuzuri.yml's types, statuses or priorities; a new issue starts at the first (priority: normal)."""
    choices = {"type": config.types, "status": config.statuses, "priority": config.priorities}[name]
    widget = {**head, "widget": "select", "options": _options(choices), "required": required}
    if choices:
        widget["default"] = choices[0].id if name != "priority" else next((c.id for c in choices if c.id == "normal"), choices[0].id)
    return widget


def _project_list_widget(head: dict, name: str, config: Config, project: str) -> dict | None:
    """A select of the project's milestones (one) or categories (several); None if it declares none."""
    if name == "milestone":
        options = [{"label": m.name or m.id, "value": m.id} for m in config.milestones if m.project == project]
        return {**head, "widget": "select", "options": options, "required": False} if options else None
    options = [{"label": c.label, "value": c.id} for c in config.categories if c.project == project]
    return {**head, "widget": "select", "multiple": True, "options": options, "required": False} if options else None


def comment_fields(config: Config, project: str) -> list[dict]:
    """Return the CMS fields of a project's comments."""
    lang = config.language
    declared = {f.name: f for f in COMMENT.root.fields}
    return [
        {"name": "issue", "label": say(lang, "site.cms.issue"), "hint": _hint(declared["issue"], lang, COMMENT), "widget": "relation",
         "collection": f"issues-{project}", "search_fields": ["title"], "value_field": "{{slug}}", "display_fields": ["{{slug}}", "title"]},
        _member_relation("author", _label(declared["author"], lang, COMMENT), _hint(declared["author"], lang, COMMENT), True),
        {"name": "date", "label": _label(declared["date"], lang, COMMENT), "widget": "datetime", "format": "YYYY-MM-DDTHH:mm:ssZ",
         "default": "{{now}}"},
        {"name": "via", "widget": "hidden", "default": "web"},
        {"name": "body", "label": say(lang, "site.cms.comment"), "widget": "markdown"},
    ]


def minutes_fields(config: Config) -> list[dict]:
    """Return the CMS fields of minutes."""
    lang = config.language
    declared = {f.name: f for f in MINUTES.root.fields}
    out = []
    for name in ("title", "date", "project", "attendees", "location", "time"):
        f = declared[name]
        label, hint = _label(f, lang, MINUTES), _hint(f, lang, MINUTES)
        if name == "date":
            out.append(_date(name, label, hint, True))
        elif name == "project":
            out.append({"name": name, "label": label, "hint": hint, "widget": "select", "required": False,
                        "options": [{"label": f"{p.key} {p.name}", "value": p.key} for p in config.projects]})
        elif name == "attendees":
            out.append(_member_relation(name, label, hint, False, multiple=True))
        else:
            out.append({"name": name, "label": label, "hint": hint, "widget": "string", "required": f.required})
    out.append({"name": "body", "label": say(lang, "site.cms.minutes-body"), "widget": "markdown"})
    return out


def config_yml(config: Config, forge: Forge, next_keys: dict[str, str], settings: dict | None = None) -> str:
    """Return ``admin/config.yml`` for Decap CMS (and Sveltia CMS, which reads the same file)."""
    settings = settings or {}
    lang = config.language
    prefix = forge.prefix
    collections: list[dict] = [{
        # tsuzuri.yml, read by the relation widgets; hidden, so the CMS never rewrites it.
        "name": SETTINGS, "label": "tsuzuri.yml", "hide": True, "editor": {"preview": False},
        "files": [{"name": "config", "label": "tsuzuri.yml", "file": f"{prefix}tsuzuri.yml", "fields": [
            {"name": "members", "widget": "list", "fields": [{"name": "id", "widget": "string"}, {"name": "name", "widget": "string"}]},
        ]}],
    }]
    for project in config.projects:
        key = project.key
        collections.append({
            "name": f"issues-{key}", "label": say(lang, "site.cms.issues", project=key, name=project.name),
            "label_singular": say(lang, "site.cms.issue-singular"),
            "folder": f"{prefix}issues/{key}", "create": True, "extension": "md", "format": "frontmatter",
            "slug": "{{fields.key}}", "identifier_field": "title", "summary": "{{filename}} {{title}}",
            "sortable_fields": ["due", "title"], "fields": issue_fields(config, key, next_keys.get(key, f"{key}-1")),
            # Uploads go to the issue's own files/ (issues/P/P-1/files/), linked as P-1/files/a.png from P-1.md.
            "media_folder": "{{filename}}/files", "public_folder": "{{filename}}/files",
        })
        collections.append({
            "name": f"comments-{key}", "label": say(lang, "site.cms.comments", project=key),
            "label_singular": say(lang, "site.cms.comment-singular"),
            "folder": f"{prefix}issues/{key}", "create": True, "extension": "md", "format": "frontmatter",
            "path": "{{fields.issue}}/comments/{{year}}{{month}}{{day}}T{{hour}}{{minute}}{{second}}-{{fields.author}}",
            "identifier_field": "author", "summary": "{{fields.issue}} {{fields.author}} {{fields.date}}",
            "fields": comment_fields(config, key),
            # From issues/P/P-1/comments/x.md, the issue's files/ is ../files (the link form mail ingest writes too).
            "media_folder": "../files", "public_folder": "../files",
        })
    collections.append({
        "name": "minutes", "label": say(lang, "site.cms.minutes"), "label_singular": say(lang, "site.cms.minutes-singular"),
        "folder": f"{prefix}minutes", "create": True, "extension": "md", "format": "frontmatter",
        "path": "{{fields.date | date('YYYY')}}/{{fields.date | date('YYYY-MM-DD')}}-meeting{{hour}}{{minute}}",
        "identifier_field": "title", "summary": "{{fields.date}} {{title}}", "fields": minutes_fields(config),
    })
    document = {
        "backend": _backend(forge, settings),
        "publish_mode": "editorial_workflow",
        "locale": lang,
        "media_folder": f"{prefix}files/cms",
        "public_folder": "/files/cms",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": collections,
    }
    local = settings.get("local_backend")
    if local:
        document["local_backend"] = {"url": str(local)} if isinstance(local, str) else True
    # JSON is YAML too: the CMS reads it as config.yml, and it needs no emitter of its own here.
    header = "# Made by tsuzuri from the schema declaration and tsuzuri.yml: edit those, not this file.\n"
    return header + json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def files(config: Config, forge: Forge | None, next_keys: dict[str, str], title: str) -> list[tuple[str, bytes]]:
    """Return (path, content) of every file of ``admin/``; none without a forge or with ``forge.cms: false``."""
    settings = dict(config.forge.get("cms") or {}) if isinstance(config.forge.get("cms"), dict) else {}
    if forge is None or config.forge.get("cms") is False:
        return []
    from html import escape

    out = [
        (f"{ADMIN}/index.html", INDEX.format(lang=config.language, title=escape(title)).encode("utf-8")),
        (f"{ADMIN}/config.yml", config_yml(config, forge, next_keys, settings).encode("utf-8")),
    ]
    out += [(str(PurePosixPath(ADMIN) / name), content) for name, content in vendor_files()]
    return out
