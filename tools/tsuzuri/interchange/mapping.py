"""Map a sheet's columns, vocabulary words and people's names onto the tracker's ids."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.formats import textfile, yamlsafe
from tsuzuri.messages import Message
from tsuzuri.model import Config

FIELDS = (
    "key", "title", "body", "type", "status", "priority", "assignee", "reporter", "milestone",
    "categories", "start", "due", "estimate", "actual", "parent", "watchers", "created", "updated", "origin",
    "updated_by", "comment", "answer", "answer_date", "answerer", "number",
)
"""The issue fields a column can feed; ``custom:<id>`` and ``-`` (ignore) are allowed too."""

DEFAULT_COLUMNS = {
    "キー": "key", "課題キー": "key", "key": "key",
    "件名": "title", "タイトル": "title", "表題": "title", "課題名": "title", "課題": "title",
    "詳細": "body", "内容": "body", "説明": "body", "description": "body",
    "種別": "type", "種別名": "type", "課題種別": "type",
    "状態": "status", "ステータス": "status", "状況": "status",
    "優先度": "priority", "重要度": "priority",
    "担当者": "assignee", "担当": "assignee", "担当者ユーザーid": "assignee", "担当者ユーザid": "assignee",
    "登録者": "reporter", "起票者": "reporter", "報告者": "reporter",
    "開始日": "start", "着手日": "start",
    "期限日": "due", "期限": "due", "期日": "due", "完了予定日": "due",
    "予定時間": "estimate", "見積時間": "estimate", "実績時間": "actual",
    "カテゴリー": "categories", "カテゴリー名": "categories", "カテゴリ": "categories",
    "マイルストーン": "milestone", "マイルストーン名": "milestone",
    "親課題": "parent", "親課題キー": "parent",
    "登録日": "created", "登録日時": "created", "作成日": "created", "起票日": "created",
    "更新日": "updated", "更新日時": "updated", "最終更新日": "updated",
    "ウォッチ": "watchers", "ウォッチャー": "watchers", "移行元": "origin",
    # vendors' sheets: who handles it, the answer to the office, the sheet's own row number
    "対応者": "assignee", "対応期限": "due", "対応状況": "status", "対応予定日": "due",
    "回答": "answer", "回答内容": "answer", "回答日": "answer_date", "回答者": "answerer",
    "no": "number", "no.": "number", "番号": "number", "項番": "number", "管理番号": "number", "#": "number",
}
# Backlog's own English names, so an import from an English Backlog space needs no map.
BACKLOG_WORDS = {
    "status": {"open": "open", "in progress": "in_progress", "resolved": "resolved", "closed": "closed"},
    "type": {"task": "task", "bug": "bug", "request": "request", "other": "other"},
    "priority": {"high": "high", "normal": "normal", "low": "low"},
}


class MappingProblem(TsuzuriError, ValueError):
    """A column map or map file is wrong; the message says where."""


def header_name(text) -> str:
    """Return a header cell as a comparable name (NFKC, no spaces, no "(必須)" or "*")."""
    name = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    name = re.sub(r"\((必須|任意|required)\)|[*※\s]", "", name)
    return name


@dataclass
class ImportMap:
    """How one source's columns, words and people become tracker values."""

    columns: dict[str, str] = field(default_factory=dict)  # header name -> field
    people: dict[str, str] = field(default_factory=dict)   # name/mail/user id -> member id
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # vocabulary -> word -> id
    header_row: int | None = None
    sheet: str | None = None

    def ignores(self, header) -> bool:
        """Return True for a header the map marks ``-`` (a column to leave out on purpose)."""
        return self.columns.get(header_name(header)) == "-"

    def field_for(self, header) -> str | None:
        """Return the issue field a header feeds, or None for a column to ignore."""
        name = header_name(header)
        if not name:
            return None
        target = self.columns.get(name) or DEFAULT_COLUMNS.get(name)
        if target is None and name in FIELDS:
            target = name
        return None if target in (None, "-") else target


def parse_map_option(text: str, base: ImportMap | None = None) -> ImportMap:
    """Add ``件名=title,担当=assignee`` pairs to an ImportMap."""
    result = base or ImportMap()
    for pair in filter(None, (p.strip() for p in re.split(r"[,、]", text or ""))):
        header, eq, target = pair.partition("=")
        if not eq or not header.strip() or not target.strip():
            raise MappingProblem(Message("io.map.pair", pair=pair))
        result.columns[header_name(header)] = _check_field(target.strip(), f"--map `{pair}`")
    return result


def load_map_file(path: Path) -> ImportMap:
    """Read a vendor's map file (columns, people, values, header_row, sheet)."""
    # yamlsafe, not YAML 1.1: a value word `no` or a code `0123` stays what the vendor wrote.
    try:
        data = yamlsafe.load_values(textfile.decode(Path(path).read_bytes())) or {}
    except OSError as exc:
        raise MappingProblem(Message("io.map.unreadable", path=path, error=exc.strerror or exc)) from None
    except textfile.TextProblem as exc:
        raise MappingProblem(Message("io.map.unreadable", path=path, error=exc.message)) from None
    except yamlsafe.YamlProblem as exc:
        raise MappingProblem(Message("io.map.unreadable", path=f"{path}:{exc.line}", error=exc.message)) from None
    if not isinstance(data, dict):
        raise MappingProblem(Message("io.map.not-mapping", path=path))
    unknown = set(data) - {"columns", "people", "values", "header_row", "sheet"}
    if unknown:
        raise MappingProblem(Message("io.map.unknown-sections", path=path, sections=", ".join(sorted(map(str, unknown)))))
    result = ImportMap(header_row=data.get("header_row"), sheet=data.get("sheet"))
    for header, target in (data.get("columns") or {}).items():
        result.columns[header_name(header)] = _check_field(str(target), f"{path}: columns: {header}")
    result.people = {_person_key(k): str(v) for k, v in (data.get("people") or {}).items()}
    for vocab, words in (data.get("values") or {}).items():
        if vocab not in ("status", "type", "priority", "milestone", "categories"):
            raise MappingProblem(Message("io.map.values", path=path, vocab=vocab))
        result.values[vocab] = {_word(k): str(v) for k, v in (words or {}).items()}
    return result


def _check_field(target: str, where: str) -> str:
    if target == "-" or target in FIELDS or re.fullmatch(r"custom:[A-Za-z0-9][A-Za-z0-9_.\-]*", target):
        return target
    raise MappingProblem(Message("io.map.field", where=where, target=target, fields=", ".join(FIELDS)))


def _word(text) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def _person_key(text) -> str:
    return re.sub(r"\s+", "", _word(text))


class Resolver:
    """Turn words and names from a source into the tracker's ids, for one configuration."""

    def __init__(self, config: Config, import_map: ImportMap | None = None):
        self.config = config
        self.map = import_map or ImportMap()
        self._people: dict[str, str] = {}
        for m in config.members:
            for name in (m.id, m.name, m.email, *m.aliases):
                if name:
                    self._people.setdefault(_person_key(name), m.id)
        self._people.update(self.map.people)
        self._choices: dict[str, dict[str, str]] = {}
        for vocab, choices in (("status", config.statuses), ("type", config.types), ("priority", config.priorities)):
            index: dict[str, str] = {}
            for c in choices:  # ids win over labels when a word is both
                index.setdefault(_word(c.label), c.id)
            index.update({_word(c.id): c.id for c in choices})
            self._choices[vocab] = index
        self._chosen: dict[tuple[str, str], str | None] = {}  # (vocab, word as written) -> id: a sheet repeats its words

    def person(self, raw) -> str | None:
        """Return the member id for a name, mail address, alias or mapped name."""
        if raw is None or str(raw).strip() == "":
            return None
        found = self._people.get(_person_key(raw))
        # a family name (林) or a name with a different spacing, when only one member fits
        return found or self.config.find_member(raw).id or None

    def choice(self, vocab: str, raw) -> str | None:
        """Return the status/type/priority id for an id, a label, a mapped or a Backlog word."""
        if type(raw) is str:
            if (vocab, raw) not in self._chosen:
                self._chosen[vocab, raw] = self._choice(vocab, raw)
            return self._chosen[vocab, raw]
        return self._choice(vocab, raw)

    def _choice(self, vocab: str, raw) -> str | None:
        word = _word(raw)
        index = self._choices[vocab]
        mapped = self.map.values.get(vocab, {}).get(word)
        for candidate in (mapped, word, BACKLOG_WORDS[vocab].get(word)):
            if candidate is not None and _word(candidate) in index:
                return index[_word(candidate)]
        return None

    def milestone(self, project: str, raw) -> str | None:
        """Return the project's milestone id for an id or a name."""
        word = self.map.values.get("milestone", {}).get(_word(raw), _word(raw))
        for m in self.config.milestones:
            if m.project == project and word in (_word(m.id), _word(m.name)):
                return m.id
        return None

    def category(self, project: str, raw) -> str | None:
        """Return the project's category id for an id or a label."""
        word = self.map.values.get("categories", {}).get(_word(raw), _word(raw))
        for c in self.config.categories:
            if c.project == project and word in (_word(c.id), _word(c.label)):
                return c.id
        return None

    def custom_field(self, project: str, name: str):
        """Return the project's custom field declared with this id or label."""
        word = _word(name)
        for c in self.config.custom_fields:
            if c.project == project and word in (_word(c.id), _word(c.label)):
                return c
        return None


def split_list(raw) -> list[str]:
    """Split a cell holding several values (カテゴリー: "フォーム、画面")."""
    if raw is None:
        return []
    return [p.strip() for p in re.split(r"[,、;\n]", str(raw)) if p.strip()]
