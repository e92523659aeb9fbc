"""The one declaration of every tracker file kind.

The validator, the JSON Schema files for editors and the field reference in the docs
are all made from the objects below. Change a field here and all three follow.
"""

from __future__ import annotations

from tsuzuri import layout
from tsuzuri.model import ISSUE_LIST_COLUMNS
from tsuzuri.schema.declare import Field, Kind

ID = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
ISSUE_KEY = layout.ISSUE_KEY

# --- vocabularies used by several kinds --------------------------------------------


def _visibility(what: str, what_ja: str) -> Field:
    return Field(
        "visibility",
        "list",
        f"Who may see {what}: `internal` (the office only) or organizations; unset, everyone who sees {'its issue' if what != 'the issue' else 'the project'}. Never wider than what it belongs to.",
        f"{what_ja}の公開範囲: internal(事務局のみ)または組織の一覧。省略時は上位と同じ。上位より広くはなりません。",
        "公開範囲",
        items=Field("audience", "string", ref="visibility"),
        example="internal",
    )


_key_list = Field("issues", "list", items=Field("key", "string", ref="issue", pattern=ISSUE_KEY))


def _links() -> Field:
    kinds = {
        "blocks": ("issues this one blocks", "この課題が妨げている課題"),
        "blocked_by": ("issues that block this one", "この課題を妨げている課題"),
        "relates": ("related issues", "関連する課題"),
        "duplicates": ("issues this one duplicates", "この課題が重複している元の課題"),
        "duplicated_by": ("issues that duplicate this one", "この課題と重複する課題"),
    }
    return Field(
        "links",
        "object",
        doc="Links to other issues by kind. The inverse link is shown on the other issue automatically.",
        doc_ja="種類ごとの他の課題へのリンク。逆向きのリンクは相手の課題に自動で表示されます。",
        label_ja="関連",
        fields=tuple(
            Field(name, "list", doc=en, doc_ja=ja, items=Field("key", "string", ref="issue", pattern=ISSUE_KEY))
            for name, (en, ja) in kinds.items()
        ),
        example="{blocks: [MIRA-20], relates: [MIRA-8]}",
    )


ISSUE = Kind(
    name="issue",
    title="issue",
    glob="issues/*/*.md",
    doc="One issue: YAML front matter, then the description in Markdown. The key (MIRA-12) is the file name.",
    has_body=True,
    root=Field(
        "issue",
        "object",
        fields=(
            Field("title", "string", "One-line summary.", "件名。", "件名", required=True, example="申請フォームの入力チェック仕様について"),
            Field("type", "string", "Issue type: an id or label from `types` in tsuzuri.yml.", "種別。tsuzuri.yml の types の id またはラベル。", "種別", required=True, ref="type", example="inquiry"),
            Field("status", "string", "Status: an id or label from `statuses`.", "状態。statuses の id またはラベル(例: 処理中)。", "状態", required=True, ref="status", example="open"),
            Field("priority", "string", "Priority: an id or label from `priorities`.", "優先度。priorities の id またはラベル。", "優先度", ref="priority", example="normal"),
            Field("assignee", "string", "Member responsible now.", "担当者(メンバー id)。", "担当者", ref="member", example="yamada"),
            Field("reporter", "string", "Member who raised the issue.", "登録者(メンバー id)。", "登録者", ref="member", example="tanaka"),
            Field("milestone", "string", "Milestone of this issue's project.", "マイルストーン(同じプロジェクトのもの)。", "マイルストーン", ref="milestone", example="v1.0"),
            Field("categories", "list", "Categories of this issue's project.", "カテゴリー(同じプロジェクトのもの)。", "カテゴリー", items=Field("category", "string", ref="category"), example="[form]"),
            Field("start", "date", "Start date.", "開始日。", "開始日", example="2026-11-20"),
            Field("due", "date", "Due date.", "期限日。", "期限日", example="2026-11-30"),
            Field("estimate", "number", "Estimated hours.", "予定時間(時間)。", "予定時間", minimum=0, example=4),
            Field("actual", "number", "Hours spent.", "実績時間(時間)。", "実績時間", minimum=0, example=1.5),
            Field("parent", "string", "Key of the parent issue.", "親課題のキー。", "親課題", ref="issue", pattern=ISSUE_KEY, example="MIRA-3"),
            _links(),
            Field("watchers", "list", "Members who get notified too.", "通知を受け取るメンバー。", "ウォッチ", items=Field("member", "string", ref="member"), example="[sato]"),
            Field("custom", "map", "Values of the project's custom fields, by field id.", "カスタム属性の値(属性 id ごと)。", "カスタム属性", ref="custom-field"),
            Field("created", "datetime", "Creation time, for imported issues (otherwise from Git).", "登録日時(移行した課題のみ。通常は Git から)。", "登録日時"),
            Field("updated", "datetime", "Last update, for imported issues (otherwise from Git).", "更新日時(移行した課題のみ。通常は Git から)。", "更新日時"),
            Field("created_by", "string", "Creator, for imported issues (otherwise from Git).", "登録者(移行した課題のみ)。", ref="member"),
            Field("updated_by", "string", "Last updater, for imported issues (otherwise from Git).", "最終更新者(移行した課題のみ)。", ref="member"),
            Field("origin", "string", "Where an imported issue came from (e.g. backlog:12345), so re-imports update it.", "移行元の識別子(再移行で更新するため)。"),
            _visibility("the issue", "課題"),
            Field("file_visibility", "map", "Narrower visibility of single attachments, by file name.", "添付ファイルごとの公開範囲(ファイル名ごと)。", "添付の公開範囲",
                  items=Field("visibility", "list", items=Field("audience", "string", ref="visibility")), example='{"見積内訳.xlsx": internal}'),
            Field("key", "string", "The issue's key, the same as the file name; optional (the CMS writes it, as it names files after a field).", "課題キー(ファイル名と同じ)。省略可(CMS はファイル名をこの項目から付けるため書き込みます)。", "キー", pattern=ISSUE_KEY),
        ),
    ),
)

COMMENT = Kind(
    name="comment",
    title="comment",
    glob="issues/*/*/comments/*.md",
    doc="One comment on an issue, one file each, named `YYYYMMDDTHHMMSS-<author>.md`. Files are never edited by others, so comments on different branches merge without conflict.",
    has_body=True,
    root=Field(
        "comment",
        "object",
        fields=(
            Field("author", "string", "Member who wrote the comment.", "コメントした人(メンバー id)。", "投稿者", required=True, ref="member", example="yamada"),
            Field("date", "datetime", "When it was written, with time zone.", "投稿日時(タイムゾーン付き)。", "投稿日時", required=True, example="2026-11-21T09:30:00+09:00"),
            Field("via", "string", "How it arrived: `mail` for a reply by email.", "投稿経路(メール返信は mail)。", enum=("mail", "web", "import", "cli")),
            Field("message_id", "string", "Message-ID of the mail it came from, so mail is never ingested twice.", "元メールの Message-ID(重複取り込み防止)。"),
            Field("verified", "boolean", "`false` when nothing verified that the member sent the mail (no reply token, no passing authentication); shown as unverified.",
                  "メールの送信者を確認できなかったとき false(返信トークンも認証結果もなし)。サイトに「未確認」と表示。"),
            Field("origin", "string", "Origin id of an imported comment.", "移行元の識別子。"),
            _visibility("the comment", "コメント"),
            Field("issue", "string", "The issue's key, the same as the comments folder's; optional (the CMS writes it).", "対象の課題キー(コメントのフォルダーと同じ)。省略可(CMS が書き込みます)。", "課題", pattern=ISSUE_KEY),
        ),
    ),
)

MINUTES = Kind(
    name="minutes",
    title="minutes",
    glob="minutes/*/*.md",
    doc="One meeting's minutes, in `minutes/<YYYY>/<YYYY-MM-DD>-<slug>.md`. Issue keys anywhere in the body become links; action items are `- [ ] @member what 期限:YYYY-MM-DD KEY` lines.",
    has_body=True,
    root=Field(
        "minutes",
        "object",
        fields=(
            Field("title", "string", "Meeting name.", "会議名。", "会議名", required=True, example="第12回 定例会議"),
            Field("date", "date", "Meeting date (must match the file name).", "開催日(ファイル名と一致)。", "開催日", required=True, example="2026-11-20"),
            Field("project", "string", "Project key, if the meeting is about one project.", "対象プロジェクトのキー。", "プロジェクト", ref="project", example="MIRA"),
            Field("attendees", "list", "Members present.", "出席者(メンバー id)。", "出席者", items=Field("member", "string", ref="member"), example="[sato, yamada]"),
            Field("location", "string", "Where it was held.", "場所。", "場所", example="第3会議室 / Web会議"),
            Field("time", "string", "Time span, free text.", "時間。", "時間", example="10:00-11:00"),
            _visibility("the minutes", "議事録"),
        ),
    ),
)

_WBS_ITEM = Field(
    "item",
    "object",
    fields=(
        Field("id", "string", "Item id, unique in the file (\"1.2\", \"M1\").", "項目 ID(ファイル内で一意)。", required=True, example='"1.2"'),
        Field("title", "string", "What the work is.", "作業名。", "作業名", example="要件定義書作成"),
        Field("milestone", "string", "Marks a zero-length milestone; the value is its name.", "マイルストーン(値はその名前)。長さ 0 の項目。", "マイルストーン", example="要件定義完了"),
        Field("owner", "string", "Organization responsible.", "担当組織。", "担当組織", ref="organization", example="vendor-a"),
        Field("assignee", "string", "Member responsible.", "担当者。", "担当者", ref="member", example="tanaka"),
        Field("start", "date", "Fixed start date.", "開始日(固定する場合)。", "開始日"),
        Field("end", "date", "Fixed end date (inclusive).", "終了日(固定する場合、当日を含む)。", "終了日"),
        Field("date", "date", "Target date of a milestone; the plan must meet it.", "マイルストーンの目標日。計画がこれに間に合うか検証されます。", "目標日"),
        Field("duration", "duration", "Length in working days (`15d` or 15).", "期間(稼働日数。`15d` または 15)。", "期間", minimum=0, example="15d"),
        Field("after", "list", "Predecessors (finish-to-start), optionally with a lag: \"1.1\", \"1.1+2d\".", "先行項目(終了→開始)。遅延日数付き可: \"1.1+2d\"。", "先行", items=Field("dependency", "dependency", ref="wbs-item"), example='["1.1"]'),
        Field("progress", "number", "Progress in percent; otherwise rolled up from issues and children.", "進捗率(%)。省略時は課題と子項目から集計。", "進捗率", minimum=0, maximum=100, example=50),
        Field("issues", "list", "Issues that carry out this item.", "この項目に紐づく課題。", "課題", items=Field("key", "string", ref="issue", pattern=ISSUE_KEY), example="[MIRA-3]"),
        Field("children", "list", "Sub-items; a parent spans its children.", "子項目。親は子の期間を包含します。", "子項目", recursive=True),
        _visibility("the item and its children", "項目と子項目"),
    ),
)

WBS = Kind(
    name="wbs",
    title="WBS",
    glob="wbs/*.yml",
    doc="A project's work breakdown structure, `wbs/<PROJECT>.yml`. Dates are given or computed from `after` and `duration` on the working-day calendar.",
    root=Field(
        "wbs",
        "object",
        fields=(
            Field("baseline", "string", "Git ref (tag or commit) whose plan is drawn as the baseline.", "ベースラインとする Git の参照(タグやコミット)。", example="plan-2026-04"),
            Field("start", "date", "Project start: items with no date and no predecessor start here.", "プロジェクト開始日。日付も先行もない項目はここから始まります。", example="2026-04-01"),
            Field("items", "list", "Top-level items.", "最上位の項目。", required=True, items=_WBS_ITEM),
        ),
    ),
)


def _vocab(name: str, doc: str, doc_ja: str, with_done: bool = False) -> Field:
    fields = [
        Field("id", "string", "Identifier used in files.", "ファイルで使う id。", required=True, pattern=ID),
        Field("label", "string", "Name shown on the site; may also be written in files.", "画面表示名。ファイルにも書けます。", required=True),
    ]
    if with_done:
        fields.append(Field("done", "boolean", "Issues in this status count as closed.", "この状態の課題は完了扱い。"))
    fields.append(Field("color", "string", "Colour on boards and charts (#rrggbb).", "ボードやグラフの色。", pattern=r"#[0-9a-fA-F]{6}"))
    return Field(name, "list", doc, doc_ja, items=Field("entry", "object", fields=tuple(fields)))


CONFIG = Kind(
    name="config",
    title="tsuzuri.yml",
    glob="tsuzuri.yml",
    doc="The tracker's settings: organizations, members, projects, vocabularies, calendar and mail.",
    root=Field(
        "config",
        "object",
        fields=(
            Field("title", "string", "Site title.", "サイトのタイトル。", example="見本省 デジタル推進室 課題管理"),
            Field("language", "string", "UI language of the site and messages.", "サイトとメッセージの言語。", enum=("ja", "en"), example="ja"),
            Field("timezone", "string", "Time zone (an IANA name) in which pages, commands, exports, feeds and mail show every time, whatever zone Git recorded.", "タイムゾーン(IANA の名前)。画面・コマンド・エクスポート・フィード・メールの日時はすべてこのタイムゾーンで表示します(Git に記録されたタイムゾーンによらず)。", example="Asia/Tokyo"),
            Field("site_url", "string", "Address of the published site, for links in mail and feeds.", "公開サイトの URL(メールやフィードのリンク用)。"),
            Field("organizations", "list", "The office and the vendors.", "組織(発注者とベンダー)。", required=True, items=Field("organization", "object", fields=(
                Field("id", "string", "Identifier.", "id。", required=True, pattern=ID),
                Field("name", "string", "Display name.", "表示名。", required=True),
                Field("role", "string", "office, vendor or other.", "役割。", enum=("office", "vendor", "other")),
                Field("aliases", "list", "Other names that mean this organization (sheets, WBS files, imports).", "別名(課題表・WBS・移行用)。", items=Field("alias", "string")),
            ))),
            Field("members", "list", "People who may appear in the tracker.", "メンバー。", required=True, items=Field("member", "object", fields=(
                Field("id", "string", "Identifier used in files (assignee: yamada).", "ファイルで使う id。", required=True, pattern=ID),
                Field("name", "string", "Display name.", "表示名。", required=True),
                Field("org", "string", "Organization id.", "所属組織の id。", required=True, ref="organization"),
                Field("email", "string", "Mail address (notifications, mail ingest, Git authors).", "メールアドレス(通知・メール取込・Git 作者の照合)。", pattern=r"[^@\s]+@[^@\s]+"),
                Field("aliases", "list", "Other names or addresses that mean this member (imports, Git).", "別名やアドレス(移行・Git 用)。", items=Field("alias", "string")),
            ))),
            Field("projects", "list", "Projects; the key prefixes issue keys.", "プロジェクト。キーが課題キーの接頭辞になります。", required=True, items=Field("project", "object", fields=(
                Field("key", "string", "Upper-case key (MIRA).", "大文字のキー。", required=True, pattern=layout.PROJECT_KEY),
                Field("name", "string", "Project name.", "プロジェクト名。", required=True),
                Field("organizations", "list", "Organizations taking part.", "参加組織。", items=Field("organization", "string", ref="organization")),
                Field("inquiry_address", "string", "Mail address whose mail opens inquiries in this project.", "問い合わせを受け付けるメールアドレス。"),
            ))),
            _vocab("statuses", "Statuses, in board order.", "状態(ボードの列順)。", with_done=True),
            _vocab("types", "Issue types. `inquiry` drives the inquiry register.", "種別。inquiry は問い合わせ管理の対象。"),
            _vocab("priorities", "Priorities, highest first.", "優先度(高い順)。"),
            Field("milestones", "list", "Milestones per project.", "マイルストーン。", items=Field("milestone", "object", fields=(
                Field("id", "string", "Identifier.", "id。", required=True, pattern=ID),
                Field("project", "string", "Project key.", "プロジェクトのキー。", required=True, ref="project"),
                Field("name", "string", "Display name.", "表示名。"),
                Field("date", "date", "Target date.", "期日。"),
                Field("description", "text", "What it means.", "説明。"),
            ))),
            Field("categories", "list", "Categories per project.", "カテゴリー。", items=Field("category", "object", fields=(
                Field("id", "string", "Identifier.", "id。", required=True, pattern=ID),
                Field("project", "string", "Project key.", "プロジェクトのキー。", required=True, ref="project"),
                Field("label", "string", "Display name.", "表示名。", required=True),
            ))),
            Field("custom_fields", "list", "Extra issue fields per project.", "カスタム属性。", items=Field("custom_field", "object", fields=(
                Field("id", "string", "Identifier used under `custom:` in issues.", "課題の custom: で使う id。", required=True, pattern=ID),
                Field("project", "string", "Project key.", "プロジェクトのキー。", required=True, ref="project"),
                Field("type", "string", "Value type: text, number, date, choice (one option) or choices (a list of options).", "値の型: text、number、date、choice(選択肢から1つ)、choices(選択肢から複数)。", required=True, enum=("text", "number", "date", "choice", "choices")),
                Field("label", "string", "Display name.", "表示名。"),
                Field("options", "list", "Allowed values of a choice field.", "選択肢。", items=Field("option", "string")),
                Field("other", "boolean", "A choice may also be a free answer outside the options (Backlog's その他).", "選択肢以外の自由回答(その他)も認める。"),
            ))),
            Field("calendar", "object", "Working-day calendar for schedules.", "稼働日カレンダー。", fields=(
                Field("holidays", "string", "National holidays to skip: JP, or none.", "休日とする祝日: JP または none。", enum=("JP", "none")),
                Field("extra_holidays", "list", "Other days off (year-end closure).", "その他の休業日(年末年始など)。", items=Field("day", "date")),
                Field("extra_workdays", "list", "Weekend days that are working days.", "稼働日とする土日。", items=Field("day", "date")),
            )),
            Field("forge", "object", "Where the tracker's files are edited on the web: adds to MkDocs' `repo_url`/`edit_uri` what they lack.", "Web 上でファイルを編集する場所(Git ホスティング)。MkDocs の repo_url/edit_uri に足りない情報を補います。", fields=(
                Field("kind", "string", "The forge's kind, for a self-hosted host whose name does not tell.", "ホスティングの種類(自前のホストで名前から分からない場合)。", enum=("github", "gitlab", "gitea", "forgejo")),
                Field("url", "string", "The repository's web address (default: `repo_url` of mkdocs.yml).", "リポジトリの URL(省略時は mkdocs.yml の repo_url)。", example="https://github.com/o/r"),
                Field("branch", "string", "The branch edits and new files go to (default: from `edit_uri`, else main).", "編集や新規ファイルの対象ブランチ(省略時は edit_uri から、なければ main)。", example="main"),
                Field("path", "string", "The tracker's folder inside the repository (default: from `edit_uri`).", "リポジトリ内の課題管理フォルダー(省略時は edit_uri から)。", example="."),
                Field("cms", "any", "The CMS under admin/: false to leave it out, or {app_id: …, local_backend: true|URL} (see the editing page).", "admin/ の CMS。false で作らない。{app_id: …, local_backend: true または URL} で設定(編集のページ参照)。"),
            )),
            Field("import", "object", "Limits on the sheets `tsuzuri import` reads; a larger sheet is refused before it is loaded.",
                  "取り込む課題表の上限。超える表は読み込む前に断ります。", fields=(
                Field("max_sheet_mb", "integer", "Largest sheet in MB: an xlsx's contents unpacked, or a CSV file (default 200).",
                      "表の大きさの上限(MB)。xlsx は展開後、CSV はファイルの大きさ(既定 200)。", minimum=1),
                Field("max_rows", "integer", "Most rows a sheet may have (default 100000).", "表の行数の上限(既定 100000)。", minimum=1),
                Field("max_cell_chars", "integer", "Most characters in one cell (default 1000000).", "1 つのセルの文字数の上限(既定 1000000)。", minimum=1),
            )),
            Field("mail", "map", "Mail bridge settings (see the mail page). Secrets come from environment variables only.", "メール連携の設定。秘密情報は環境変数からのみ。"),
            Field("authority", "list", "Who may change which fields.", "項目ごとの変更権限。", items=Field("rule", "object", fields=(
                Field("fields", "list", "Issue fields the rule protects.", "対象の項目。", required=True, items=Field("field", "string")),
                Field("organizations", "list", "Organizations whose members may change them.", "変更できる組織。", required=True, items=Field("organization", "string", ref="organization")),
                Field("projects", "list", "Projects the rule applies to (all when empty).", "対象プロジェクト(省略時は全て)。", items=Field("project", "string", ref="project")),
            ))),
            Field("subset", "boolean", "This repository holds some projects only (a vendor's): references to issues of projects it does not hold are not errors.",
                  "一部のプロジェクトだけを持つリポジトリ(ベンダー用)。持っていないプロジェクトの課題への参照はエラーにしません。"),
            Field("audiences", "list", "Audiences beside the one each organization has (the office's sees everything); each gets its own site.", "組織ごとの公開先に加える公開先。公開先ごとにサイトを作ります。", items=Field("audience", "object", fields=(
                Field("id", "string", "Identifier: the site's folder name and TSUZURI_AUDIENCE.", "id(サイトのフォルダ名、TSUZURI_AUDIENCE の値)。", required=True, pattern=ID),
                Field("name", "string", "Display name.", "表示名。"),
                Field("organizations", "list", "Organizations it speaks for; `visibility:` lists are matched against them.", "この公開先が代表する組織。visibility の一覧と照合します。", items=Field("organization", "string", ref="organization")),
                Field("projects", "list", "Projects it sees (default: those its organizations take part in).", "見られるプロジェクト(省略時は組織の参加プロジェクト)。", items=Field("project", "string", ref="project")),
                Field("internal", "boolean", "Sees everything, internal items included, as the office does.", "事務局と同じく内部の項目も含めすべて見られる。"),
            ))),
            Field("issue_list", "object", "How the site's issue list opens; a reader's own choice stays in the page's address.", "課題一覧の初期表示。閲覧者が選んだ条件や列はページのアドレスに残ります。", fields=(
                Field("status", "string", "Status filter of a bare link: open (every status not done, the default), done, all, or a status id or label.",
                      "最初に絞り込む状態: open(完了以外、既定)、done(完了)、all(すべて)、または状態の id かラベル。", example="open"),
                Field("columns", "list", "Columns shown until the reader chooses others.", "閲覧者が選ぶまで表示する列。",
                      items=Field("column", "string", enum=ISSUE_LIST_COLUMNS), example="[key, title, status, assignee, due, updated]"),
            )),
            Field("guard", "object", "The confidential-data guard: what `validate`, mail ingest and imports refuse.", "機密情報ガード: validate・メール取込・インポートが拒否するもの。", fields=(
                Field("phone", "boolean", "Refuse Japanese phone numbers (default true).", "日本の電話番号を拒否する(既定 true)。"),
                Field("postal_address", "boolean", "Refuse postcodes (〒) and street addresses (default true).", "郵便番号(〒)と番地までの住所を拒否する(既定 true)。"),
                Field("markers", "list", "The office's marker words of confidential documents.", "機密文書を示す庁内の表示語。", items=Field("marker", "string"), example="[秘, 取扱注意, 部外秘]"),
                Field("addresses", "list", "Mail addresses of non-members that may appear; `*@domain` for a whole domain.", "メンバー以外で記載してよいメールアドレス。`*@ドメイン` でドメイン全体。", items=Field("address", "string"), example='["*@example.go.jp"]'),
                Field("allow", "list", "Fingerprints of reviewed false positives, as the finding shows them.", "確認済みの誤検知のフィンガープリント(指摘に表示されるもの)。", items=Field("fingerprint", "string", pattern=r"[a-z]+:[0-9a-f]{12}"), example='["phone:3f2a9c1b7d4e"]'),
            )),
        ),
    ),
)

KINDS: dict[str, Kind] = {k.name: k for k in (CONFIG, ISSUE, COMMENT, MINUTES, WBS)}
