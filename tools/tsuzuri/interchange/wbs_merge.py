"""Update ``wbs/<PROJECT>.yml`` from the next copy of a vendor's WBS in place, keeping what the sheet does not own.

The sheet owns the values of its columns for the items it holds; everything else in the
file was written by a person and stays: the file's own settings and comments, the keys of
an item the sheet has no column for (``issues:``, a milestone's ``date:``, ``visibility:``),
comment lines and trailing comments, and items the sheet does not hold (they are kept
where they stood and named in the plan). An item whose values did not change keeps its
lines exactly as written; a changed or new item is written in the import's own style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tsuzuri.formats import yamlsafe
from tsuzuri.formats.yamlemit import trailing_comment
from tsuzuri.messages import Message
from tsuzuri.store.writer import flow

_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")
_TOP_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*:")
# Which item keys a column of the sheet gives (a milestone row's end or start is its date).
_COLUMN_KEYS = {"title": ("title", "milestone"), "owner": ("owner",), "assignee": ("assignee",), "start": ("start",),
                "end": ("end",), "duration": ("duration",), "effort": ("duration",), "progress": ("progress",), "after": ("after",)}


@dataclass
class Merged:
    """The file's new text and what the merge kept of the person's."""

    text: str
    kept: list[str] = field(default_factory=list)  # ids of the items the sheet does not hold
    styled: bool = True  # False when the file could not be kept line for line (it was written anew)


def owned_keys(columns: set[str], milestone: bool) -> set[str]:
    """Return the item keys the sheet's columns give, for a task or a milestone row."""
    keys = {"id"}
    for column in columns:
        keys.update(_COLUMN_KEYS.get(column, ()))
    if milestone and keys & {"start", "end"}:
        keys.add("date")
    if {"start", "end"} <= keys:
        keys.add("duration")
    return keys


def merge(name: str, text: str, header: str, sheet_items: list[dict], columns: set[str], milestone_ids: set[str],
          fallback_lengths: set[str]) -> Merged:
    """Return the text of the file ``name`` updated from ``sheet_items``; a file that does not read as a WBS is refused (ValueError).

    ``header`` is the import's first comment line (it names the sheet read); ``fallback_lengths``
    are the ids whose one-day length the import made up (a length in the file wins over it).
    """
    try:
        data, positions = yamlsafe.load(text)
    except yamlsafe.YamlProblem as problem:
        raise ValueError(Message("io.wbs.unreadable-file", file=name, line=problem.line, problem=problem.message)) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(Message("io.wbs.unreadable-file", file=name, line=1, problem=Message("io.wbs.no-items")))
    seen: set[str] = set()
    for path, item in _paths(data["items"], ("items",)):
        # an item that is no mapping or has no id as text: the file's own check refuses it too
        ident = item.get("id") if isinstance(item, dict) else None
        children = item.get("children", []) if isinstance(item, dict) else []
        if isinstance(ident, bool) or not isinstance(ident, (str, int)) or not isinstance(children, list):
            line = (positions.line_col((*path, "id")) or positions.line_col(path) or (1, 1))[0]
            raise ValueError(Message("io.wbs.unreadable-file", file=name, line=line, problem=Message("io.wbs.bad-id")))
        if str(ident) in seen:  # which of the two would the sheet's row update?
            line = (positions.line_col((*path, "id")) or (1, 1))[0]
            raise ValueError(Message("io.wbs.unreadable-file", file=name, line=line, problem=Message("io.wbs.same-id", id=ident)))
        seen.add(str(ident))
    lines = text.split("\n")
    layout = _Layout(lines, data["items"], positions)
    old = {str(item.get("id")): item for item in _walk(data["items"])}
    sheet_ids = {item["id"] for item in _walk(sheet_items)}
    merged = [_merge_item(item, old, columns, milestone_ids, fallback_lengths) for item in sheet_items]
    kept = _keep_unheld(data["items"], merged, sheet_ids)
    body = layout.render(merged)
    head = lines[: layout.items_line]
    if head and head[0].startswith("# tsuzuri import wbs:"):
        head = [header, *head[1:]]
    out = "\n".join([*head, *body, *lines[layout.tail:]])
    if not out.endswith("\n"):
        out += "\n"
    try:
        again, _ = yamlsafe.load(out)
    except yamlsafe.YamlProblem:
        again = None
    if not isinstance(again, dict) or _plain_tree(again.get("items")) != _plain_tree(merged):
        # A layout the line-for-line update does not follow: the values win, written anew.
        fresh = "\n".join([*head, "items:", *render_items(merged, 1), *lines[layout.tail:]])
        return Merged(fresh if fresh.endswith("\n") else fresh + "\n", kept, styled=False)
    return Merged(out, kept)


def follow_titles(text: str | None, items: list[dict]) -> None:
    """Give the items of a sheet without WBS numbers the ids the file already gave them, by title under the same parent.

    Such a sheet is numbered by position, so a row inserted above others would shift every
    number below it and the next import would move the office's links onto other work.
    """
    try:
        data, _ = yamlsafe.load(text or "")
    except yamlsafe.YamlProblem:
        return
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return
    known: dict[tuple, list[str]] = {}
    taken: set[str] = set()
    for parent, item in _with_parents(data["items"], None):
        known.setdefault((parent, _title_of(item)), []).append(str(item.get("id")))
        taken.add(str(item.get("id")))
    renamed: dict[str, str] = {}
    used: set[str] = set()

    def visit(values: list[dict], parent: str | None) -> None:
        for n, item in enumerate(values, 1):
            candidates = [i for i in known.get((parent, _title_of(item)), []) if i not in used]
            if len(known.get((parent, _title_of(item)), [])) == 1 and candidates:
                new = candidates[0]
            else:  # new work: the next number under its parent that nothing in the file uses
                new, k = (f"{parent}.{n}" if parent else str(n)), n
                while new in taken or new in used:
                    k += 1
                    new = f"{parent}.{k}" if parent else str(k)
            renamed[item["id"]] = new
            used.add(new)
            item["id"] = new
            visit(item.get("children", []), new)

    visit(items, None)
    for item in _walk(items):
        if item.get("after"):
            item["after"] = [_renamed(entry, renamed) for entry in item["after"]]


def _renamed(entry: str, renamed: dict[str, str]) -> str:
    for old in sorted(renamed, key=len, reverse=True):  # "1.2+2d": the id, then its lag
        if entry == old or (entry.startswith(old) and entry[len(old):][:1] in "+-"):
            return renamed[old] + entry[len(old):]
    return entry


def _title_of(item) -> str:
    return " ".join(str(item.get("title") or item.get("milestone") or "").split()) if isinstance(item, dict) else ""


def _with_parents(items, parent):
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            yield parent, item
            yield from _with_parents(item.get("children"), str(item.get("id")))


def _merge_item(item: dict, old: dict, columns: set[str], milestone_ids: set[str], fallback_lengths: set[str]) -> dict:
    """Return the sheet's item with the file's keys the sheet does not own, in the file's order."""
    previous = old.get(item["id"])
    children = [_merge_item(c, old, columns, milestone_ids, fallback_lengths) for c in item.get("children", ())]
    if not isinstance(previous, dict):
        out = {k: v for k, v in item.items() if k != "children"}
    else:
        owned = owned_keys(columns, item["id"] in milestone_ids)
        if item["id"] in fallback_lengths and "duration" in previous:
            item = {**item, "duration": previous["duration"]}
        out = {}
        for key, value in previous.items():
            if key == "children":
                continue
            if key not in owned:
                out[key] = value
            elif key in item:
                out[key] = item[key]
        out.update({k: v for k, v in item.items() if k not in out and k != "children"})
    if children:
        out["children"] = children
    return out


def _keep_unheld(old_items: list, merged: list[dict], sheet_ids: set[str]) -> list[str]:
    """Put back the file's items the sheet does not hold, after the item they followed; return their ids."""
    kept: list[str] = []
    by_id = {item["id"]: item for item in _walk(merged)}

    def visit(items: list, parent_id) -> None:
        previous = None
        for item in items:
            if not isinstance(item, dict):
                continue
            ident = str(item.get("id"))
            if ident in sheet_ids:
                visit(item.get("children") or [], ident)
                previous = ident
                continue
            copy = _without(item, sheet_ids | set(by_id))
            siblings = by_id[parent_id].setdefault("children", []) if parent_id in by_id else merged
            at = next((i + 1 for i, s in enumerate(siblings) if s.get("id") == previous), 0 if previous is None else len(siblings))
            siblings.insert(at, copy)
            for inner in _walk([copy]):
                by_id[str(inner.get("id"))] = inner
                kept.append(str(inner.get("id")))
            previous = ident

    visit(old_items, None)
    return kept


def _without(item: dict, ids: set) -> dict:
    """Return a copy of an item whose children held by the sheet are left out (the sheet places those)."""
    copy = {k: v for k, v in item.items() if k != "children"}
    children = [_without(c, ids) for c in item.get("children") or [] if isinstance(c, dict) and str(c.get("id")) not in ids]
    if children:
        copy["children"] = children
    return copy


class _Layout:
    """Where each item of the file stands: its lines, its comments, its indentation."""

    def __init__(self, lines: list[str], items: list, positions: yamlsafe.Positions):
        self.lines = lines
        self.items_line = positions.line_col(("items",))[0] - 1
        self.tail = next((i for i in range(self.items_line + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
        self.starts: dict = {}  # id -> (line index, column, path)
        self.paths: dict = {}

        def visit(values: list, path: tuple) -> None:
            for n, item in enumerate(values):
                if not isinstance(item, dict) or "id" not in item:
                    continue
                here = (*path, n)
                line, col = positions.line_col(here)
                self.starts[str(item["id"])] = (line - 1, col - 1, here)
                self.paths[str(item["id"])] = (here, item)
                if isinstance(item.get("children"), list):
                    visit(item["children"], (*here, "children"))

        visit(items, ("items",))
        self.positions = positions
        ordered = sorted(self.starts.values())
        self.next_start = {}
        for (_, _, path), following in zip(ordered, [*ordered[1:], None], strict=True):
            self.next_start[path] = following[0] if following else self.tail

    def render(self, merged: list[dict]) -> list[str]:
        """Return the ``items:`` line and the items, each kept as written where it did not change."""
        end = self.tail
        while end > self.items_line + 1 and _COMMENT_OR_BLANK.match(self.lines[end - 1]):
            end -= 1
        epilogue = self.lines[end:self.tail] if self.starts else []  # comments after the last item
        return [self.lines[self.items_line], *self._items(merged, 1), *epilogue]

    def _items(self, items: list[dict], depth: int) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(self._item(item, depth))
        return out

    def _item(self, item: dict, depth: int) -> list[str]:
        found = self.starts.get(str(item["id"]))
        if found is None:
            return render_items([item], depth)
        line, col, path = found
        _, original = self.paths[str(item["id"])]
        preamble = self._preamble(line)
        own_end = self._own_end(line, path, original)
        own = self.lines[line:own_end]
        trailing_comments = [text for text in own[1:] if text.strip().startswith("#")]
        same_place = col == 2 * depth + 2  # "- " at the import's indentation for this depth
        children = item.get("children")
        had_children = isinstance(original.get("children"), list) and original["children"]
        unchanged = _plain(_own(item)) == _plain(_own(original))
        if same_place and unchanged and bool(children) == bool(had_children) and self._children_last(path, original):
            head = own
        else:
            fields = _own(item)
            fresh = _head(fields, depth) if children else render_items([fields], depth)
            comments = self._comments(line, path, original)
            for n, key in enumerate(fields):
                if children and key in comments:  # one line per key: each comment stays on its key's line
                    fresh[n] += comments.pop(key)
            fresh[0] += "".join(comments.values())
            head = [*trailing_comments, *fresh]
        body = self._items(children, depth + 2) if children else []
        return [*preamble, *head, *body]

    def _comments(self, line: int, path: tuple, original: dict) -> dict[str, str]:
        """Return the trailing comments of an item's lines, by the key whose line they end."""
        first = self.lines[line].split("- ", 1)[-1]
        if first.lstrip().startswith("{"):
            comment = trailing_comment(f"x: {first}")
            return {"id": comment} if comment else {}
        found = {}
        for key in original:
            where = self.positions.line_col((*path, key))
            if key != "children" and where:
                comment = trailing_comment(self.lines[where[0] - 1][where[1] - 1:])
                if comment:
                    found[key] = comment
        return found

    def _preamble(self, line: int) -> list[str]:
        start = line
        while start - 1 > self.items_line and _COMMENT_OR_BLANK.match(self.lines[start - 1]) and not self._is_own_line(start - 1):
            start -= 1
        return self.lines[start:line]

    def _is_own_line(self, index: int) -> bool:
        return any(s[0] == index for s in self.starts.values())

    def _own_end(self, line: int, path: tuple, original: dict) -> int:
        """Return the line after the item's own lines: its children's lines, and the comments that lead into what follows, excluded."""
        children = original.get("children")
        if isinstance(children, list) and children and isinstance(children[0], dict) and "id" in children[0]:
            end = self.starts[str(children[0]["id"])][0]
        else:
            end = self._extent(path)
        while end > line + 1 and _COMMENT_OR_BLANK.match(self.lines[end - 1]):
            end -= 1
        return end

    def _extent(self, path: tuple) -> int:
        return self.next_start.get(path, self.tail)

    def _children_last(self, path: tuple, original: dict) -> bool:
        """A parent's own lines are kept only when ``children:`` comes after its other keys, as a block list."""
        if not isinstance(original.get("children"), list):
            return True
        key = self.positions.line_col((*path, "children"))
        first = self.positions.line_col((*path, "children", 0))
        others = [self.positions.line_col((*path, k)) for k in original if k != "children"]
        return bool(key and first and first[0] > key[0] and all(o and o < key for o in others))


def render_items(items: list[dict], depth: int) -> list[str]:
    """Write items in the import's style: a leaf on one line, a parent's keys above its ``children:``."""
    out = []
    for item in items:
        children = item.get("children")
        if not children:
            out.append(f"{'  ' * depth}- {flow({k: _value(k, v) for k, v in item.items() if k != 'children'})}")
            continue
        out.extend(_head({k: v for k, v in item.items() if k != "children"}, depth))
        out.extend(render_items(children, depth + 2))
    return out


def _head(fields: dict, depth: int) -> list[str]:
    pad = "  " * depth
    out = [f"{pad}{'- ' if n == 0 else '  '}{key}: {flow(_value(key, value))}" for n, (key, value) in enumerate(fields.items())]
    return [*out, f"{pad}  children:"]


def _value(key: str, value):
    if key == "id":
        return str(value)
    if key == "after":
        return [str(v) for v in value]
    return value


def _paths(items, path: tuple):
    for n, item in enumerate(items if isinstance(items, list) else ()):
        yield (*path, n), item
        if isinstance(item, dict) and isinstance(item.get("children"), list):
            yield from _paths(item["children"], (*path, n, "children"))


def _walk(items):
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            yield item
            yield from _walk(item.get("children"))


def _norm(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return tuple(_norm(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _norm(v)) for k, v in value.items()))
    return str(value)


def _plain(item: dict) -> tuple:
    return tuple(sorted((k, _norm(v)) for k, v in item.items()))


def _plain_tree(items) -> tuple:
    return tuple((_plain(_own(i)), _plain_tree(i.get("children"))) for i in items or () if isinstance(i, dict))


def _own(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "children"}
