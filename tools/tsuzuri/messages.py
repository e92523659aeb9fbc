"""The message catalog: every finding and CLI message in English and Japanese.

A producer makes a ``Message`` from a message id and its parameters; it reads as its
English text wherever a plain string is expected, and ``render(lang)`` turns the same
message into any catalog language at the edge (the CLI, the site). Codes of findings
stay language-independent; only their words live here.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"
ENV_VAR = "TSUZURI_LANG"


class Message(str):
    """A catalog message: its id and parameters, reading as its text in one language."""

    id: str
    lang: str
    params: dict

    def __new__(cls, message_id: str, /, *, lang: str = "en", **params):
        self = super().__new__(cls, _format(lang, message_id, params))
        self.id = message_id
        self.lang = lang
        self.params = params
        return self

    def render(self, lang: str) -> str:
        """Return the message's text in ``lang``."""
        return _format(lang, self.id, self.params)

    def __reduce__(self):  # copy, deepcopy (dataclasses.asdict) and pickle keep the id
        return (_rebuild, (self.id, self.lang, self.params))


def _rebuild(message_id: str, lang: str, params: dict) -> Message:
    return Message(message_id, lang=lang, **params)


def localized(text: str, lang: str | None) -> str:
    """Return ``text`` in ``lang`` if it is a catalog message (plain strings as they are)."""
    if lang and isinstance(text, Message):
        return text.render(lang)
    return str(text)


def say(lang: str, message_id: str, /, **params) -> str:
    """Return the catalog text ``message_id`` in ``lang``, filled in with ``params``."""
    return _format(lang, message_id, params)


def choose(option: str | None, env: Mapping[str, str], configured: str | None) -> str:
    """Pick the language: the command-line option, then TSUZURI_LANG, then tsuzuri.yml's ``language``.

    Raises ValueError for an unsupported TSUZURI_LANG, so a typo is not silently ignored.
    """
    if option:
        return option
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        if from_env not in LANGUAGES:
            raise ValueError(say(configured if configured in LANGUAGES else DEFAULT_LANGUAGE, "cli.bad-env-lang", var=ENV_VAR, value=from_env))
        return from_env
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def _format(lang: str, message_id: str, params: Mapping) -> str:
    catalog = CATALOG.get(lang, CATALOG["en"])
    values = {k: (v.render(lang) if isinstance(v, Message) else v) for k, v in params.items()}
    return catalog[message_id].format(**values)


# Japanese: polite, plain sentences for office staff; field names, codes, keys and
# commands stay in backticks exactly as they are written in the files.

EN = {
    # how a finding's message and hint are joined
    "finding.with-hint": "{message} ({hint})",
    # common hints
    "hint.did-you-mean": "did you mean `{guess}`?",
    "hint.known-fields": "known fields: {names}",
    "hint.allowed": "allowed: {names}",
    "hint.use-one-of": "use one of: {names}",
    "hint.example": "for example `{field}: {example}`",
    # reading bytes as text (textfile, store.documents)
    "file.empty": "the file is empty; write its front matter, or delete the file",
    "file.too-large": "the file is larger than {mib} MiB; tracker files must be small text files (put large material under files/)",
    "file.utf16": "the file is UTF-16; save it as UTF-8 (in Notepad: 名前を付けて保存 → 文字コード UTF-8)",
    "file.binary": "the file is binary, not text; attachments belong under the issue's files/ folder",
    "file.cp932": "the file is Shift_JIS/CP932 (as Excel and older Windows tools save), not UTF-8; "
    "convert it with `iconv -f CP932 -t UTF-8 FILE > FILE.new` or save it as UTF-8 in your editor",
    "file.euc-jp": "the file is EUC-JP, not UTF-8; convert it with `iconv -f EUC-JP -t UTF-8`",
    "file.not-utf8": "the file is not valid UTF-8 (bad byte at line {line}); save it as UTF-8",
    "file.unreadable": "cannot read the file: {reason}",
    "file.conflict-marker": "a Git merge conflict was left in the file: keep the right lines and delete the "
    "<<<<<<<, ======= and >>>>>>> lines",
    "front-matter.missing": "the file must start with a `---` line, then the YAML fields, then another `---` line",
    "front-matter.unclosed": "the front matter is not closed: add a `---` line after the last field",
    # YAML (yamlsafe)
    "yaml.too-large": "the YAML is larger than {kib} KiB",
    "yaml.too-many-values": "the YAML has more than {count} values",
    "yaml.too-deep": "the YAML is nested more than {depth} levels deep",
    "yaml.syntax": "YAML syntax error: {problem}",
    "yaml.error": "YAML error: {error}",
    "yaml.anchor": "YAML anchors (&{anchor}) are not allowed; write the value out in full",
    "yaml.alias": "YAML aliases (*{alias}) are not allowed; write the value out in full",
    "yaml.tag": "YAML tags ({tag}) are not allowed",
    "yaml.key-plain": "a mapping key must be a plain word",
    "yaml.key-collection": "a mapping key must be a plain word, not a list or mapping",
    "yaml.duplicate-key": "duplicate key `{key}`: YAML would silently keep only the last one",
    "yaml.duplicate-key-at": "duplicate key `{key}` (first at line {line}): YAML would silently keep only the last one",
    "yaml.multiple-documents": "only one YAML document is allowed here (found a second `---`)",
    # the schema (schema.declare)
    "schema.not-a-mapping": "the {kind} must be a YAML mapping of `field: value` lines",
    "schema.required-empty": "`{field}` is required but empty",
    "schema.required": "`{field}` is required",
    "schema.unknown-field": "unknown field `{field}`",
    "schema.unknown-key": "unknown key `{key}` in `{field}`",
    "schema.text": "`{field}` must be text",
    "schema.text.hint": "put the value in quotes",
    "schema.enum": "`{value}` is not allowed for `{field}`",
    "schema.format": "`{value}` is not a valid {field}",
    "schema.integer": "`{field}` must be a whole number, not `{value}`",
    "schema.number": "`{field}` must be a number, not `{value}`",
    "schema.number.leading-zero": "numbers may not start with 0 (YAML would read 0123 as octal); drop the leading zero",
    "schema.number.half-width": "use half-width digits (0-9)",
    "schema.boolean": "`{field}` must be true or false, not `{value}`",
    "schema.boolean.hint": "write `true` or `false` (yes/no/on/off are not booleans here)",
    "schema.list": "`{field}` must be a list",
    "schema.list.hint": "write `{field}: [a, b]`",
    "schema.object": "`{field}` must be a mapping of `field: value`",
    "schema.map": "`{field}` must be a mapping of `name: value`",
    "schema.minimum": "`{field}` must be at least {limit:g}, not {value}",
    "schema.maximum": "`{field}` must be at most {limit:g}, not {value}",
    "schema.date-unreal": "`{value}` is not a real date",
    "schema.date": "`{field}` must be a date, not `{value}`",
    "schema.date.hint": "write dates as YYYY-MM-DD, for example 2026-11-30",
    "schema.date.write": "write `{fixed}`",
    "schema.datetime": "`{field}` must be a date and time, not `{value}`",
    "schema.datetime.hint": "write it as 2026-11-21T09:30:00+09:00",
    "schema.duration": "`{field}` must be a number of working days like `15d`, not `{value}`",
    "schema.dependency-mapping": "a dependency mapping needs `id` and an optional whole-number `lag`",
    "schema.dependency": "`{value}` is not a dependency",
    "schema.dependency.hint": 'write an item id, optionally with a lag: "1.2" or "1.2+3d"',
    # references (validate.references)
    "ref.member": "`{value}` is not a known member",
    "ref.member.hint": "add them to `members` in tsuzuri.yml",
    "ref.organization": "`{value}` is not a known organization",
    "ref.organization.hint": "add it to `organizations` in tsuzuri.yml",
    "ref.project": "`{value}` is not a known project",
    "ref.project.hint": "add it to `projects` in tsuzuri.yml",
    "ref.status": "`{value}` is not a known status",
    "ref.type": "`{value}` is not a known type",
    "ref.priority": "`{value}` is not a known priority",
    "ref.milestone": "`{value}` is not a known milestone of {project}",
    "ref.milestone.hint": "add it to `milestones` in tsuzuri.yml",
    "ref.category": "`{value}` is not a known category of {project}",
    "ref.category.hint": "add it to `categories` in tsuzuri.yml",
    "ref.category.use-id": "write its id `{id}`",
    "ref.issue": "issue {key} does not exist",
    "ref.issue.hint": "check the key, or create the issue first",
    "ref.wbs-item": "`{value}` is not a known WBS item in this file",
    "ref.wbs-item.hint": "use the `id` of an item in this file",
    "ref.custom-field": "`{value}` is not a known custom field of {project}",
    "ref.custom-field.hint": "declare it under `custom_fields` in tsuzuri.yml",
    "ref.option": "`{value}` is not a known option of `{field}`",
    "custom.number": "custom field `{field}` must be a number, not `{value}`",
    "custom.date": "custom field `{field}` must be a date like 2026-11-30, not `{value}`",
    # loading the tracker (store.reader)
    "config.missing": "there is no tsuzuri.yml at the tracker's root",
    "config.missing.hint": "run `tsuzuri init` to create one",
    "issue.orphan-folder": "the folder `{name}/` has no issue file `{name}.md` beside it",
    "issue.orphan-folder.hint": "restore the issue file or move the comments and files to the right issue",
    "issue.key-format": "`{name}` is not an issue file name: it must be KEY-NUMBER.md, like {project}-12.md",
    "issue.key-project": "issue {key} is filed under the folder of project {project}",
    "issue.key-project.hint": "move it to issues/{target}/ or rename it to {project}-<number>.md",
    # rules across records (validate.rules)
    "stray-file": "this file is not part of any tracker record and is ignored",
    "stray-file.hint": "issues go in issues/<PROJECT>/<KEY>.md, attachments in issues/<PROJECT>/<KEY>/files/",
    "config.duplicate-id": "`{value}` is declared twice in `{section}` (first at line {line})",
    "config.no-done-status": "no status is marked `done: true`, so no issue can ever be closed",
    "config.choice-options": "choice field `{field}` needs `options`",
    "issue.unknown-project": "project {project} is not declared in tsuzuri.yml",
    "issue.unknown-project.hint": "add it to `projects`, or move the issue",
    "issue.date-order": "due date {due} is before the start date {start}",
    "issue.own-parent": "{key} cannot be its own parent",
    "issue.self-link": "{key} links to itself",
    "issue.duplicate-origin": "origin `{origin}` is also claimed by {key}",
    "issue.parent-cycle": "parent chain loops: {chain}",
    "issue.parent-cycle.hint": "remove `parent` from one of these issues",
    "comment.file-name": "comment file `{name}` should be named YYYYMMDDTHHMMSS-<author>.md",
    "comment.file-name.hint": "for example 20261121T093000-yamada.md",
    "comment.author-mismatch": "the file name says `{named}` but `author` is `{author}`",
    "comment.timezone": "the comment's date has no time zone",
    "comment.timezone.hint": "add +09:00, like 2026-11-21T09:30:00+09:00",
    "minutes.file-name": "minutes file `{name}` should be named YYYY-MM-DD-<slug>.md",
    "minutes.file-name.hint": "for example 2026-11-20-weekly.md",
    "minutes.date-mismatch": "`date` is {date} but the file name says {named}",
    "minutes.wrong-folder": "minutes of {date} belong in minutes/{year}/",
    "minutes.issue.hint": "check the key",
    "minutes.assignee": "action item assignee `@{member}` is not a known member",
    "minutes.due": "action item due date `{due}` is not a date like 2026-11-30",
    "wbs.unknown-project": "wbs/{project}.yml is for project {project}, which tsuzuri.yml does not declare",
    "wbs.duplicate-id": "WBS item id `{id}` is used twice (first at line {line})",
    "wbs.date-order": "item {id} ends ({end}) before it starts ({start})",
    # scheduling (schedule.check)
    "wbs-cycle": "dependency cycle: {cycle}; remove one of these `after` entries",
    "wbs-start-before-predecessor": "`start` {start} is before predecessor {pred} ends ({end}); start on or after {earliest}",
    "wbs-outside-parent": "{child} runs {start}..{end}, outside its parent's dates {pstart}..{pend}",
    "wbs-non-working-day": "`{field}` {day} is not a working day; the next working day is {next}",
    "wbs-milestone-missed": "milestone {id} falls on {planned}, after its target `date` {target} ({days} working day(s) late)",
    "wbs-unschedulable": "{id} has no `end` and no `duration`; give one so it can be scheduled (one working day assumed)",
    # against another branch (validate.against)
    "key-clash": "{key} was also created on {ref} since this branch started; merging would make two issues one",
    "key-clash.hint": "run `tsuzuri renumber {key} --against {ref}` to move this branch's issue to a free key",
    # authoring use cases (authoring)
    "authoring.unreadable": "cannot read {path}",
    "authoring.not-minutes": "{path} is not a minutes file of this tracker",
    "authoring.minutes-no-project": "{path} has no `project`; say which project with --project",
    "authoring.not-a-key": "`{key}` is not an issue key like HOJO-12",
    "authoring.key-of-other-project": "`{key}` is not a key of project {project}",
    "authoring.key-taken": "{key} is already taken",
    "authoring.no-done-status": "no status in tsuzuri.yml is marked `done: true`",
    "authoring.unknown-project": "project {project} is not declared (known: {known})",
    "authoring.empty-comment": "the comment has no text",
    # the command line (cli)
    "cli.path-missing": "{path} does not exist",
    "cli.no-tracker": "no tsuzuri.yml found in {path} or any folder above it (run `tsuzuri init` to start a tracker)",
    "cli.bad-today": "--today must be a date like 2026-11-26, not {value!r}",
    "cli.bad-env-lang": "{var} must be `ja` or `en`, not `{value}`",
    "cli.against": "--against {ref}: {error}",
    "cli.summary": "{errors} error(s), {warnings} warning(s)",
    "cli.ok": "ok: no findings",
    "cli.aborted": "Aborted.",
    "cli.who-are-you": "cannot tell who you are: pass --author MEMBER, or set `git config user.email` to a member's email in tsuzuri.yml",
    "cli.not-a-member": "`{member}` is not a member in tsuzuri.yml",
    "cli.nothing-written": "nothing was written:\n{findings}",
    "cli.outside-tracker": "{path} is not inside the tracker at {root}",
    "cli.unknown-project": "--project {project} is not in tsuzuri.yml (known: {known})",
    "cli.actions.none": "no unlinked action items",
    "cli.authority.violations": "{count} authority violation(s)",
    "cli.authority.ok": "ok: every field change is allowed",
    "cli.comment.empty": "the comment is empty: give --body, --body-file or write it in the editor",
    "cli.export.done": "exported {count} issue(s) to {out}",
    "cli.feed.no-history": "{root} is not a Git checkout with commits, so there is no history to publish",
    "cli.set.not-assignment": "`{text}` is not field=value",
    "cli.schedule.no-wbs": "project {project} has no wbs/{project}.yml (projects with a WBS: {known})",
    "cli.new.missing": "missing --{option}",
    "cli.new.bad-date": "{option} must be a date like 2026-11-30, not {value!r}",
    "cli.init.bad-project": "--project must be an upper-case key like MIRA, not {project!r}",
    "cli.init.exists": "{path}: this folder is already a tracker",
    "cli.init.created": "created {path}",
    "cli.init.next": "next: edit tsuzuri.yml, then run `tsuzuri validate` and `mkdocs serve`",
    "cli.internal-error": "internal error (a bug in tsuzuri, not in your files); please report it with the text above",
}

JA = {
    "finding.with-hint": "{message}({hint})",
    "hint.did-you-mean": "もしかして `{guess}`?",
    "hint.known-fields": "使える項目: {names}",
    "hint.allowed": "使える値: {names}",
    "hint.use-one-of": "次のいずれかを書いてください: {names}",
    "hint.example": "例: `{field}: {example}`",
    "file.empty": "ファイルが空です。フロントマターを書くか、ファイルを削除してください",
    "file.too-large": "ファイルが {mib} MiB を超えています。記録のファイルは小さなテキストにしてください(大きな資料は files/ の下へ)",
    "file.utf16": "ファイルが UTF-16 で保存されています。UTF-8 で保存し直してください(メモ帳: 名前を付けて保存 → 文字コード UTF-8)",
    "file.binary": "テキストではないファイルです。添付ファイルは課題の files/ フォルダーに置いてください",
    "file.cp932": "ファイルが Shift_JIS/CP932 で保存されています。UTF-8 で保存し直してください"
    "(例: `iconv -f CP932 -t UTF-8 FILE > FILE.new`、またはエディターで UTF-8 を選んで保存)",
    "file.euc-jp": "ファイルが EUC-JP で保存されています。UTF-8 で保存し直してください(例: `iconv -f EUC-JP -t UTF-8`)",
    "file.not-utf8": "ファイルが UTF-8 として読めません({line} 行目に不正なバイトがあります)。UTF-8 で保存し直してください",
    "file.unreadable": "ファイルを読めません: {reason}",
    "file.conflict-marker": "Git のマージの衝突がファイルに残っています。正しい行を残し、"
    "<<<<<<<、=======、>>>>>>> の行を削除してください",
    "front-matter.missing": "ファイルは `---` の行で始め、YAML の項目を書き、もう一度 `---` の行で閉じてください",
    "front-matter.unclosed": "フロントマターが閉じられていません。最後の項目の後に `---` の行を追加してください",
    "yaml.too-large": "YAML が {kib} KiB を超えています",
    "yaml.too-many-values": "YAML の値が {count} 個を超えています",
    "yaml.too-deep": "YAML の入れ子が {depth} 段を超えています",
    "yaml.syntax": "YAML の書き方に誤りがあります: {problem}",
    "yaml.error": "YAML を読めません: {error}",
    "yaml.anchor": "YAML のアンカー (&{anchor}) は使えません。値をそのまま書いてください",
    "yaml.alias": "YAML のエイリアス (*{alias}) は使えません。値をそのまま書いてください",
    "yaml.tag": "YAML のタグ ({tag}) は使えません",
    "yaml.key-plain": "項目名(キー)は単純な語で書いてください",
    "yaml.key-collection": "項目名(キー)にリストやマッピングは使えません。単純な語で書いてください",
    "yaml.duplicate-key": "項目 `{key}` が2回書かれています。YAML では最後の値だけが使われ、前の値は黙って捨てられます",
    "yaml.duplicate-key-at": "項目 `{key}` が2回書かれています(最初は {line} 行目)。YAML では最後の値だけが使われ、前の値は黙って捨てられます",
    "yaml.multiple-documents": "ここに書ける YAML 文書は1つだけです(2つ目の `---` があります)",
    "schema.not-a-mapping": "このファイル({kind})は `項目: 値` の行を並べた YAML のマッピングで書いてください",
    "schema.required-empty": "`{field}` は必須ですが、値が空です",
    "schema.required": "`{field}` は必須です",
    "schema.unknown-field": "不明な項目 `{field}` です",
    "schema.unknown-key": "`{field}` に不明なキー `{key}` があります",
    "schema.text": "`{field}` は文字列で書いてください",
    "schema.text.hint": "値を引用符で囲んでください",
    "schema.enum": "`{value}` は `{field}` に使えない値です",
    "schema.format": "`{value}` は {field} の形式になっていません",
    "schema.integer": "`{field}` の `{value}` は整数になっていません",
    "schema.number": "`{field}` の `{value}` は数値になっていません",
    "schema.number.leading-zero": "数値の先頭に 0 は付けられません。YAML では 0123 が8進数として読まれるため、先頭の 0 を取ってください",
    "schema.number.half-width": "半角数字 (0-9) で書いてください",
    "schema.boolean": "`{field}` の `{value}` は true / false になっていません",
    "schema.boolean.hint": "`true` または `false` と書いてください。yes/no/on/off は使えません",
    "schema.list": "`{field}` はリストで書いてください",
    "schema.list.hint": "`{field}: [a, b]` のように書いてください",
    "schema.object": "`{field}` は `項目: 値` のマッピングで書いてください",
    "schema.map": "`{field}` は `名前: 値` のマッピングで書いてください",
    "schema.minimum": "`{field}` は {limit:g} 以上にしてください(今は {value})",
    "schema.maximum": "`{field}` は {limit:g} 以下にしてください(今は {value})",
    "schema.date-unreal": "`{value}` は存在しない日付です",
    "schema.date": "`{field}` の `{value}` は日付になっていません",
    "schema.date.hint": "日付は 2026-11-30 のように YYYY-MM-DD の形で書いてください",
    "schema.date.write": "`{fixed}` と書いてください",
    "schema.datetime": "`{field}` の `{value}` は日時になっていません",
    "schema.datetime.hint": "2026-11-21T09:30:00+09:00 の形で書いてください",
    "schema.duration": "`{field}` の `{value}` は稼働日数になっていません。`15d` のように書いてください",
    "schema.dependency-mapping": "先行関係をマッピングで書くときは `id` と、必要なら整数の `lag` を書いてください",
    "schema.dependency": "`{value}` は先行関係として読めません",
    "schema.dependency.hint": '項目の id を書き、必要ならずらす日数を付けてください: "1.2" や "1.2+3d"',
    "ref.member": "メンバー `{value}` は tsuzuri.yml に登録されていません",
    "ref.member.hint": "tsuzuri.yml の `members` に追加してください",
    "ref.organization": "組織 `{value}` は tsuzuri.yml に登録されていません",
    "ref.organization.hint": "tsuzuri.yml の `organizations` に追加してください",
    "ref.project": "プロジェクト `{value}` は tsuzuri.yml に登録されていません",
    "ref.project.hint": "tsuzuri.yml の `projects` に追加してください",
    "ref.status": "状態 `{value}` は tsuzuri.yml に登録されていません",
    "ref.type": "種別 `{value}` は tsuzuri.yml に登録されていません",
    "ref.priority": "優先度 `{value}` は tsuzuri.yml に登録されていません",
    "ref.milestone": "マイルストーン `{value}` は {project} に登録されていません",
    "ref.milestone.hint": "tsuzuri.yml の `milestones` に追加してください",
    "ref.category": "カテゴリー `{value}` は {project} に登録されていません",
    "ref.category.hint": "tsuzuri.yml の `categories` に追加してください",
    "ref.category.use-id": "id の `{id}` で書いてください",
    "ref.issue": "課題 {key} は存在しません",
    "ref.issue.hint": "キーを確かめるか、先に課題を作成してください",
    "ref.wbs-item": "`{value}` はこのファイルの WBS 項目にありません",
    "ref.wbs-item.hint": "このファイルにある項目の `id` を書いてください",
    "ref.custom-field": "カスタム項目 `{value}` は {project} に登録されていません",
    "ref.custom-field.hint": "tsuzuri.yml の `custom_fields` に登録してください",
    "ref.option": "`{value}` は `{field}` の選択肢にありません",
    "custom.number": "カスタム項目 `{field}` の `{value}` は数値になっていません",
    "custom.date": "カスタム項目 `{field}` の `{value}` は日付になっていません。2026-11-30 のように書いてください",
    "config.missing": "記録の最上位フォルダーに tsuzuri.yml がありません",
    "config.missing.hint": "`tsuzuri init` で作成してください",
    "issue.orphan-folder": "フォルダー `{name}/` の隣に課題ファイル `{name}.md` がありません",
    "issue.orphan-folder.hint": "課題ファイルを戻すか、コメントと添付ファイルを正しい課題に移してください",
    "issue.key-format": "`{name}` は課題ファイルの名前になっていません。{project}-12.md のように「キー-番号.md」にしてください",
    "issue.key-project": "課題 {key} がプロジェクト {project} のフォルダーに置かれています",
    "issue.key-project.hint": "issues/{target}/ に移すか、{project}-<番号>.md に名前を変えてください",
    "stray-file": "どの記録にも属さないファイルのため、無視されます",
    "stray-file.hint": "課題は issues/<PROJECT>/<KEY>.md に、添付ファイルは issues/<PROJECT>/<KEY>/files/ に置いてください",
    "config.duplicate-id": "`{value}` が `{section}` に2回登録されています(最初は {line} 行目)",
    "config.no-done-status": "`done: true` の状態がないため、どの課題も完了にできません",
    "config.choice-options": "選択式の項目 `{field}` には `options` が必要です",
    "issue.unknown-project": "プロジェクト {project} は tsuzuri.yml に登録されていません",
    "issue.unknown-project.hint": "`projects` に追加するか、課題を移してください",
    "issue.date-order": "期限日 {due} が開始日 {start} より前になっています",
    "issue.own-parent": "{key} は自分自身を親課題にできません",
    "issue.self-link": "{key} が自分自身にリンクしています",
    "issue.duplicate-origin": "移行元 `{origin}` は {key} でも使われています",
    "issue.parent-cycle": "親課題の関係が循環しています: {chain}",
    "issue.parent-cycle.hint": "これらの課題のどれか1つから `parent` を外してください",
    "comment.file-name": "コメントファイル `{name}` は YYYYMMDDTHHMMSS-<投稿者>.md という名前にしてください",
    "comment.file-name.hint": "例: 20261121T093000-yamada.md",
    "comment.author-mismatch": "ファイル名の投稿者は `{named}` ですが、`author` は `{author}` です",
    "comment.timezone": "コメントの日時にタイムゾーンがありません",
    "comment.timezone.hint": "2026-11-21T09:30:00+09:00 のように +09:00 を付けてください",
    "minutes.file-name": "議事録ファイル `{name}` は YYYY-MM-DD-<名前>.md という名前にしてください",
    "minutes.file-name.hint": "例: 2026-11-20-weekly.md",
    "minutes.date-mismatch": "`date` は {date} ですが、ファイル名の日付は {named} です",
    "minutes.wrong-folder": "{date} の議事録は minutes/{year}/ に置いてください",
    "minutes.issue.hint": "キーを確かめてください",
    "minutes.assignee": "アクションアイテムの担当 `@{member}` は tsuzuri.yml に登録されていません",
    "minutes.due": "アクションアイテムの期限 `{due}` は 2026-11-30 のような日付になっていません",
    "wbs.unknown-project": "wbs/{project}.yml はプロジェクト {project} のものですが、tsuzuri.yml に登録されていません",
    "wbs.duplicate-id": "WBS 項目の id `{id}` が2回使われています(最初は {line} 行目)",
    "wbs.date-order": "項目 {id} の終了日 ({end}) が開始日 ({start}) より前です",
    "wbs-cycle": "先行関係が循環しています: {cycle}。いずれかの `after` を外してください",
    "wbs-start-before-predecessor": "開始日 {start} が先行項目 {pred} の終了 ({end}) より前です。{earliest} 以降にしてください",
    "wbs-outside-parent": "{child} の期間 {start}〜{end} が親項目の期間 {pstart}〜{pend} からはみ出しています",
    "wbs-non-working-day": "`{field}` の {day} は稼働日ではありません(次の稼働日は {next})",
    "wbs-milestone-missed": "マイルストーン {id} は {planned} になり、目標日 {target} に間に合いません({days} 稼働日の遅れ)",
    "wbs-unschedulable": "{id} には `end` も `duration` もないため日程を計算できません(1 稼働日と仮定しました)",
    "key-clash": "{key} はこのブランチを作った後に {ref} でも作成されています。このままマージすると2つの課題が1つになってしまいます",
    "key-clash.hint": "`tsuzuri renumber {key} --against {ref}` で、このブランチの課題を空いているキーに移してください",
    "authoring.unreadable": "{path} を読めません",
    "authoring.not-minutes": "{path} はこの記録の議事録ファイルではありません",
    "authoring.minutes-no-project": "{path} に `project` がありません。--project でプロジェクトを指定してください",
    "authoring.not-a-key": "`{key}` は HOJO-12 のような課題キーになっていません",
    "authoring.key-of-other-project": "`{key}` はプロジェクト {project} のキーではありません",
    "authoring.key-taken": "{key} はすでに使われています",
    "authoring.no-done-status": "tsuzuri.yml に `done: true` の状態がありません",
    "authoring.unknown-project": "プロジェクト {project} は登録されていません(登録済み: {known})",
    "authoring.empty-comment": "コメントに本文がありません",
    "cli.path-missing": "{path} が見つかりません",
    "cli.no-tracker": "{path} とその上のフォルダーに tsuzuri.yml が見つかりません(新しく始めるには `tsuzuri init` を実行してください)",
    "cli.bad-today": "--today の {value!r} は日付になっていません。2026-11-26 のように指定してください",
    "cli.bad-env-lang": "{var} の `{value}` は使えません。`ja` か `en` を指定してください",
    "cli.against": "--against {ref}: {error}",
    "cli.summary": "エラー {errors} 件、警告 {warnings} 件",
    "cli.ok": "ok: 問題は見つかりませんでした",
    "cli.aborted": "中止しました。",
    "cli.who-are-you": "操作する人が分かりません。--author MEMBER を指定するか、`git config user.email` を tsuzuri.yml に登録したメンバーのメールアドレスにしてください",
    "cli.not-a-member": "`{member}` は tsuzuri.yml のメンバーに登録されていません",
    "cli.nothing-written": "何も書き込みませんでした:\n{findings}",
    "cli.outside-tracker": "{path} は {root} の記録の中にありません",
    "cli.unknown-project": "--project の {project} は tsuzuri.yml に登録されていません(登録済み: {known})",
    "cli.actions.none": "課題になっていないアクションアイテムはありません",
    "cli.authority.violations": "権限のない変更が {count} 件あります",
    "cli.authority.ok": "ok: すべての項目の変更が許可されています",
    "cli.comment.empty": "コメントが空です。--body か --body-file で指定するか、エディターで書いてください",
    "cli.export.done": "{count} 件の課題を {out} に書き出しました",
    "cli.feed.no-history": "{root} はコミットのある Git の作業フォルダーではないため、公開する履歴がありません",
    "cli.set.not-assignment": "`{text}` は 項目=値 の形になっていません",
    "cli.schedule.no-wbs": "プロジェクト {project} には wbs/{project}.yml がありません(WBS のあるプロジェクト: {known})",
    "cli.new.missing": "--{option} を指定してください",
    "cli.new.bad-date": "{option} の {value!r} は日付になっていません。2026-11-30 のように指定してください",
    "cli.init.bad-project": "--project の {project!r} は使えません。MIRA のような英大文字のキーにしてください",
    "cli.init.exists": "{path}: このフォルダーはすでに課題管理の記録です",
    "cli.init.created": "作成しました: {path}",
    "cli.init.next": "次に tsuzuri.yml を編集し、`tsuzuri validate` と `mkdocs serve` を実行してください",
    "cli.internal-error": "内部エラーです(ファイルの誤りではなく tsuzuri の不具合です)。上の内容を添えて報告してください",
}

CATALOG = {"en": EN, "ja": JA}
