"""Convert the HTML of an HTML-only mail into readable Markdown (a small converter on html.parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {"p", "div", "section", "article", "header", "footer", "table", "tr", "address", "center"}
_SKIP = {"script", "style", "head", "title", "template", "xml"}
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_HEADING = re.compile(r"h[1-6]")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.lists: list[list] = []  # [kind, counter]
        self.href: list[str] = []
        self.pre = 0
        self.quote = 0

    def _newline(self, count: int = 1) -> None:
        # Count the newlines already at the end, looking back only as far as needed.
        have = 0
        for chunk in reversed(self.out):
            stripped = chunk.rstrip("\n")
            have += len(chunk) - len(stripped)
            if stripped:
                break
        if any(self.out) and have < count:
            self.out.append("\n" * (count - have))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _MARKS:
            self.out.append(_MARKS[tag])
        elif tag in _BLOCK:
            self._newline(2 if tag == "p" else 1)
        elif _HEADING.fullmatch(tag):
            self._newline(2)
            self.out.append("#" * int(tag[1]) + " ")
        elif tag in self._STARTS:
            self._STARTS[tag](self, tag, dict(attrs))

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
        elif tag in _BLOCK or _HEADING.fullmatch(tag):
            self._newline(2 if tag == "p" or tag.startswith("h") else 1)
        elif tag in _MARKS:
            self.out.append(_MARKS[tag])
        elif tag in self._ENDS:
            self._ENDS[tag](self, tag)

    def _start_break(self, tag, attrs):
        self.out.append("\n")

    def _start_list(self, tag, attrs):
        self._newline()
        self.lists.append([tag, 0])

    def _start_item(self, tag, attrs):
        self._newline()
        indent = "  " * max(len(self.lists) - 1, 0)
        if self.lists and self.lists[-1][0] == "ol":
            self.lists[-1][1] += 1
            self.out.append(f"{indent}{self.lists[-1][1]}. ")
        else:
            self.out.append(f"{indent}- ")

    def _start_link(self, tag, attrs):
        self.href.append(attrs.get("href") or "")
        self.out.append("[")

    def _start_image(self, tag, attrs):
        if attrs.get("alt"):
            self.out.append(attrs["alt"])

    def _start_pre(self, tag, attrs):
        self._newline(2)
        self.out.append("```\n")
        self.pre += 1

    def _start_code(self, tag, attrs):
        if not self.pre:
            self.out.append("`")

    def _start_quote(self, tag, attrs):
        self._newline(2)
        self.quote += 1

    def _start_cell(self, tag, attrs):
        self.out.append("| " if not self.out or self.out[-1].endswith("\n") else " | ")

    def _start_rule(self, tag, attrs):
        self._newline(2)
        self.out.append("---")
        self._newline(2)

    def _end_list(self, tag):
        if self.lists:
            self.lists.pop()
        self._newline(2)

    def _end_link(self, tag):
        href = self.href.pop() if self.href else ""
        self.out.append(f"]({href})" if href and not href.startswith("javascript:") else "]")

    def _end_pre(self, tag):
        self._newline()
        self.out.append("```")
        self._newline(2)
        self.pre = max(self.pre - 1, 0)

    def _end_code(self, tag):
        if not self.pre:
            self.out.append("`")

    def _end_quote(self, tag):
        self.quote = max(self.quote - 1, 0)
        self._newline(2)

    _STARTS = {
        "br": _start_break, "ul": _start_list, "ol": _start_list, "li": _start_item, "a": _start_link, "img": _start_image,
        "pre": _start_pre, "code": _start_code, "blockquote": _start_quote, "td": _start_cell, "th": _start_cell, "hr": _start_rule,
    }
    _ENDS = {"ul": _end_list, "ol": _end_list, "a": _end_link, "pre": _end_pre, "code": _end_code, "blockquote": _end_quote}

    def handle_data(self, data):
        if self.skip:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data.replace("\u00a0", " "))
            if "".join(self.out[-1:]).endswith("\n") or not self.out:
                data = data.lstrip()
        if self.quote and data and (not self.out or self.out[-1].endswith("\n")):
            data = "> " * self.quote + data
        self.out.append(data)


def to_markdown(html: str) -> str:
    """Return Markdown for an HTML mail body: paragraphs, lists, links, emphasis and quotes."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    text = "".join(converter.out)
    text = re.sub(r"\[\]\([^)]*\)", "", text)  # links around nothing (tracking pixels)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
