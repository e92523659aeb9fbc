"""The one declaration of every tracker file kind.

The validator, the JSON Schema files for editors and the field reference in the docs
are all made from the objects below. Change a field here and all three follow. The
words (each kind's and field's description and label) are in the catalog, ``messages/``,
under ids made from the names here (``schema/words.py``).
"""

from __future__ import annotations

from tsuzuri import layout
from tsuzuri.model import ISSUE_LIST_COLUMNS
from tsuzuri.schema.declare import Field, Kind

ID = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
ISSUE_KEY = layout.ISSUE_KEY

# --- vocabularies used by several kinds --------------------------------------------


def _visibility() -> Field:
    return Field("visibility", "list", items=Field("audience", "string", ref="visibility"), example="internal")


def _links() -> Field:
    kinds = ("blocks", "blocked_by", "relates", "duplicates", "duplicated_by")
    return Field(
        "links",
        "object",
        fields=tuple(Field(name, "list", items=Field("key", "string", ref="issue", pattern=ISSUE_KEY)) for name in kinds),
        example="{blocks: [MIRA-20], relates: [MIRA-8]}",
    )


ISSUE = Kind(
    name="issue",
    title="issue",
    glob="issues/*/*.md",
    has_body=True,
    root=Field(
        "issue",
        "object",
        fields=(
            Field("title", "string", required=True, example="申請フォームの入力チェック仕様について"),
            Field("type", "string", required=True, ref="type", example="inquiry"),
            Field("status", "string", required=True, ref="status", example="open"),
            Field("priority", "string", ref="priority", example="normal"),
            Field("assignee", "string", ref="member", example="yamada"),
            Field("reporter", "string", ref="member", example="tanaka"),
            Field("milestone", "string", ref="milestone", example="v1.0"),
            Field("categories", "list", items=Field("category", "string", ref="category"), example="[form]"),
            Field("start", "date", example="2026-11-20"),
            Field("due", "date", example="2026-11-30"),
            Field("estimate", "number", minimum=0, example=4),
            Field("actual", "number", minimum=0, example=1.5),
            Field("parent", "string", ref="issue", pattern=ISSUE_KEY, example="MIRA-3"),
            _links(),
            Field("watchers", "list", items=Field("member", "string", ref="member"), example="[sato]"),
            Field("custom", "map", ref="custom-field"),
            Field("created", "datetime"),
            Field("updated", "datetime"),
            Field("created_by", "string", ref="member"),
            Field("updated_by", "string", ref="member"),
            Field("origin", "string"),
            _visibility(),
            Field("file_visibility", "map", items=Field("visibility", "list", items=Field("audience", "string", ref="visibility")),
                  example='{"見積内訳.xlsx": internal}'),
            Field("key", "string", pattern=ISSUE_KEY),
        ),
    ),
)

COMMENT = Kind(
    name="comment",
    title="comment",
    glob="issues/*/*/comments/*.md",
    has_body=True,
    root=Field(
        "comment",
        "object",
        fields=(
            Field("author", "string", required=True, ref="member", example="yamada"),
            Field("date", "datetime", required=True, example="2026-11-21T09:30:00+09:00"),
            Field("via", "string", enum=("mail", "web", "import", "cli")),
            Field("message_id", "string"),
            Field("verified", "boolean"),
            Field("origin", "string"),
            _visibility(),
            Field("issue", "string", pattern=ISSUE_KEY),
        ),
    ),
)

MINUTES = Kind(
    name="minutes",
    title="minutes",
    glob="minutes/*/*.md",
    has_body=True,
    root=Field(
        "minutes",
        "object",
        fields=(
            Field("title", "string", required=True, example="第12回 定例会議"),
            Field("date", "date", required=True, example="2026-11-20"),
            Field("project", "string", ref="project", example="MIRA"),
            Field("attendees", "list", items=Field("member", "string", ref="member"), example="[sato, yamada]"),
            Field("location", "string", example="第3会議室 / Web会議"),
            Field("time", "string", example="10:00-11:00"),
            _visibility(),
        ),
    ),
)

_WBS_ITEM = Field(
    "item",
    "object",
    fields=(
        Field("id", "string", required=True, example='"1.2"'),
        Field("title", "string", example="要件定義書作成"),
        Field("milestone", "string", example="要件定義完了"),
        Field("owner", "string", ref="organization", example="vendor-a"),
        Field("assignee", "string", ref="member", example="tanaka"),
        Field("start", "date"),
        Field("end", "date"),
        Field("date", "date"),
        Field("duration", "duration", minimum=0, example="15d"),
        Field("after", "list", items=Field("dependency", "dependency", ref="wbs-item"), example='["1.1"]'),
        Field("progress", "number", minimum=0, maximum=100, example=50),
        Field("issues", "list", items=Field("key", "string", ref="issue", pattern=ISSUE_KEY), example="[MIRA-3]"),
        Field("children", "list", recursive=True),
        _visibility(),
    ),
)

WBS = Kind(
    name="wbs",
    title="WBS",
    glob="wbs/*.yml",
    root=Field(
        "wbs",
        "object",
        fields=(
            Field("baseline", "string", example="plan-2026-04"),
            Field("start", "date", example="2026-04-01"),
            Field("items", "list", required=True, items=_WBS_ITEM),
        ),
    ),
)


def _vocab(name: str, with_done: bool = False) -> Field:
    fields = [
        Field("id", "string", required=True, pattern=ID),
        Field("label", "string", required=True),
    ]
    if with_done:
        fields.append(Field("done", "boolean"))
    fields.append(Field("color", "string", pattern=r"#[0-9a-fA-F]{6}"))
    return Field(name, "list", items=Field("entry", "object", fields=tuple(fields)))


CONFIG = Kind(
    name="config",
    title="tsuzuri.yml",
    glob="tsuzuri.yml",
    root=Field(
        "config",
        "object",
        fields=(
            Field("title", "string", example="見本省 デジタル推進室 課題管理"),
            Field("language", "string", enum=("ja", "en"), example="ja"),
            Field("timezone", "string", example="Asia/Tokyo"),
            Field("site_url", "string"),
            Field("organizations", "list", required=True, items=Field("organization", "object", fields=(
                Field("id", "string", required=True, pattern=ID),
                Field("name", "string", required=True),
                Field("role", "string", enum=("office", "vendor", "other")),
                Field("aliases", "list", items=Field("alias", "string")),
            ))),
            Field("members", "list", required=True, items=Field("member", "object", fields=(
                Field("id", "string", required=True, pattern=ID),
                Field("name", "string", required=True),
                Field("org", "string", required=True, ref="organization"),
                Field("email", "string", pattern=r"[^@\s]+@[^@\s]+"),
                Field("aliases", "list", items=Field("alias", "string")),
            ))),
            Field("projects", "list", required=True, items=Field("project", "object", fields=(
                Field("key", "string", required=True, pattern=layout.PROJECT_KEY),
                Field("name", "string", required=True),
                Field("organizations", "list", items=Field("organization", "string", ref="organization")),
                Field("inquiry_address", "string"),
            ))),
            _vocab("statuses", with_done=True),
            _vocab("types"),
            _vocab("priorities"),
            Field("milestones", "list", items=Field("milestone", "object", fields=(
                Field("id", "string", required=True, pattern=ID),
                Field("project", "string", required=True, ref="project"),
                Field("name", "string"),
                Field("date", "date"),
                Field("description", "text"),
            ))),
            Field("categories", "list", items=Field("category", "object", fields=(
                Field("id", "string", required=True, pattern=ID),
                Field("project", "string", required=True, ref="project"),
                Field("label", "string", required=True),
            ))),
            Field("custom_fields", "list", items=Field("custom_field", "object", fields=(
                Field("id", "string", required=True, pattern=ID),
                Field("project", "string", required=True, ref="project"),
                Field("type", "string", required=True, enum=("text", "number", "date", "choice", "choices")),
                Field("label", "string"),
                Field("options", "list", items=Field("option", "string")),
                Field("other", "boolean"),
            ))),
            Field("calendar", "object", fields=(
                Field("holidays", "string", enum=("JP", "none")),
                Field("extra_holidays", "list", items=Field("day", "date")),
                Field("extra_workdays", "list", items=Field("day", "date")),
            )),
            Field("forge", "object", fields=(
                Field("kind", "string", enum=("github", "gitlab", "gitea", "forgejo")),
                Field("url", "string", example="https://github.com/o/r"),
                Field("branch", "string", example="main"),
                Field("path", "string", example="."),
                Field("cms", "any"),
            )),
            Field("import", "object", fields=(
                Field("max_sheet_mb", "integer", minimum=1),
                Field("max_rows", "integer", minimum=1),
                Field("max_cell_chars", "integer", minimum=1),
            )),
            Field("mail", "map"),
            Field("authority", "list", items=Field("rule", "object", fields=(
                Field("fields", "list", required=True, items=Field("field", "string")),
                Field("organizations", "list", required=True, items=Field("organization", "string", ref="organization")),
                Field("projects", "list", items=Field("project", "string", ref="project")),
            ))),
            Field("subset", "boolean"),
            Field("audiences", "list", items=Field("audience", "object", fields=(
                Field("id", "string", required=True, pattern=ID),
                Field("name", "string"),
                Field("organizations", "list", items=Field("organization", "string", ref="organization")),
                Field("projects", "list", items=Field("project", "string", ref="project")),
                Field("internal", "boolean"),
            ))),
            Field("issue_list", "object", fields=(
                Field("status", "string", example="open"),
                Field("columns", "list",
                      items=Field("column", "string", enum=ISSUE_LIST_COLUMNS), example="[key, title, status, assignee, due, updated]"),
            )),
            Field("guard", "object", fields=(
                Field("phone", "boolean"),
                Field("postal_address", "boolean"),
                Field("markers", "list", items=Field("marker", "string"), example="[秘, 取扱注意, 部外秘]"),
                Field("addresses", "list", items=Field("address", "string"), example='["*@example.go.jp"]'),
                Field("allow", "list", items=Field("fingerprint", "string", pattern=r"[a-z]+:[0-9a-f]{12}"),
                      example='["phone:3f2a9c1b7d4e"]'),
            )),
        ),
    ),
)

KINDS: dict[str, Kind] = {k.name: k for k in (CONFIG, ISSUE, COMMENT, MINUTES, WBS)}
