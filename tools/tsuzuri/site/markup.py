"""Turn contributor Markdown into safe HTML, with issue keys made into links."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import markdown
from markupsafe import Markup, escape

from tsuzuri.formats.mentions import MENTION_RE
from tsuzuri.model import KEY_IN_TEXT_RE

# No form controls (a password field or a button in an issue would imitate the site), and no
# class, id or style: a contributor's text must not take on the look of the site's own chrome.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p",
    "pre", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
}
# Only relative links, http(s) and mail; javascript: and data: URLs are dropped by nh3.
_SCHEMES = {"http", "https", "mailto"}
# Elements whose content a browser reads as plain text up to their end tag: one left open
# would take every word after it with it when the sanitizer drops it.
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")
_RAW_OPEN_RE = re.compile(r"<(" + "|".join(_RAW_TEXT) + r")(?=[\s/>])", re.IGNORECASE)
_RAW_CLOSE_RE = re.compile(r"</(" + "|".join(_RAW_TEXT) + r")\s*>", re.IGNORECASE)
# Browsers drop tabs and line breaks anywhere in a URL and controls and spaces around it.
_URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_TOKEN_RE = re.compile(r"(<[^>]*>)")
_NO_LINK_INSIDE = ("a", "code", "pre")


class Renderer:
    """Render Markdown to sanitized HTML; keep one instance per build (Markdown is costly to set up)."""

    def __init__(self, link_for_key: Callable[[str], str | None], link_for_mention: Callable[[str], str | None] | None = None,
                 download_name: Callable[[str], str | None] | None = None):
        self._md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
        self._link_for_key = link_for_key
        self._link_for_mention = link_for_mention
        self._download_name = download_name  # site link -> the name to save a file under that must not open in the site

    def __call__(self, text: str, link_for_file: Callable[[str], str | None] | None = None) -> str:
        """Return the HTML of a contributor's Markdown text.

        ``link_for_file`` gives the site link of an address in a link or an image that names a
        published file (an issue's attachment, a shared file), None to leave the address as
        written, or "" to drop it (a tracker file this site does not publish).
        """
        if not text.strip():
            return ""
        plain = plain_paragraphs(text)
        if plain is not None:
            return link_keys(plain, self._link_for_key, self._link_for_mention)
        import nh3  # here, not at the top: a build whose process renders no Markdown (most prose is plain) never loads it (2 MB)

        html = _defuse_unclosed(self._md.reset().convert(text))
        sources = _no_outside_sources if link_for_file is None else partial(_sources_and_files, link_for_file)
        safe = nh3.clean(
            html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
            link_rel="noopener noreferrer", attribute_filter=sources,
        )
        if link_for_file is not None and self._download_name is not None:
            safe = _with_download_names(safe, self._download_name)
        return link_keys(safe, self._link_for_key, self._link_for_mention)


_LINK_RE = re.compile(r'<a href="([^"#]*)((?:#[^"]*)?)"')


def _with_download_names(html: str, download_name: Callable[[str], str | None]) -> str:
    """Give each link to a file that must be saved (an active type, a renamed file) its ``download`` name."""
    def add(m: re.Match) -> str:
        name = download_name(m.group(1))
        return m.group(0) + f' download="{escape(name)}"' if name else m.group(0)

    return _LINK_RE.sub(add, html)



# Text with none of these is prose that Markdown would only split into paragraphs; most comments
# are such prose, and skipping Python-Markdown for them saves a good part of a large build.
_MARKUP_RE = re.compile(
    r"[\\`*_\[\]<>#|~&!=\t\r]"  # inline syntax, HTML, entities, tables, setext, tabs
    r"|^ {0,3}(?:[-+>]|\d+[.)])(?:\s|$)"  # list items and quotes
    r"|^ {0,3}-+\s*$"  # a setext underline or a rule
    r"|^ {4}"  # indented code
    r"| {2,}$",  # a hard line break
    re.MULTILINE,
)


def plain_paragraphs(text: str) -> str | None:
    """Return the HTML of text with no Markdown syntax (paragraphs only), or None if it has some."""
    if _MARKUP_RE.search(text):
        return None
    # As Python-Markdown does: blank (or all-space) lines end a paragraph; a paragraph loses
    # its leading spaces and trailing line breaks, and keeps everything else.
    text = re.sub(r"(?m)^ +$", "", text)
    out = [f"<p>{block.lstrip().rstrip(chr(10))}</p>" for block in text.split("\n\n") if block.strip()]
    return "\n".join(out)


def safe_title(text: str) -> Markup:
    """Return a title from the tracker as escaped HTML, for a theme that prints titles as they are.

    It is ``Markup``, so a template that escapes what it prints leaves it as it is.
    """
    return escape(text)


_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def text_of(html: str) -> str:
    """Return the words of an HTML fragment, entities left as they are (for the search index)."""
    return _SPACE_RE.sub(" ", _TAG_RE.sub(" ", html)).strip()


def _defuse_unclosed(html: str) -> str:
    """Turn a raw-text start tag that is never closed, and a comment that never ends, into text."""
    last_close: dict[str, int] = {}
    for m in _RAW_CLOSE_RE.finditer(html):
        last_close[m.group(1).lower()] = m.start()
    cuts = [
        m.start()
        for m in _RAW_OPEN_RE.finditer(html)
        if m.group(1).lower() == "plaintext" or last_close.get(m.group(1).lower(), -1) < m.start()
    ]
    opened = html.rfind("<!--")
    if opened >= 0 and html.find("-->", opened + 4) < 0:
        cuts.append(opened)
    for at in sorted(cuts, reverse=True):
        html = html[:at] + "&lt;" + html[at + 1:]
    return html


def is_outside(url: str) -> bool:
    """Tell whether a link or image address may lead to another host (``//host``, ``/\\host``, ``\\\\host``)."""
    bare = _URL_NOISE_RE.sub("", url)
    return bare.startswith("//") or "\\" in bare


def _no_outside_sources(tag: str, attribute: str, value: str) -> str | None:
    # The site must work offline and leak no reads to other hosts: images load only from the
    # site. A link may lead elsewhere only with its scheme written out (https://...), so that
    # what looks like a path on the site is one.
    if attribute == "src" and (is_outside(value) or _SCHEME_RE.match(_URL_NOISE_RE.sub("", value))):
        return None
    if attribute == "href" and is_outside(value):
        return None
    return value


def _sources_and_files(link_for_file: Callable[[str], str | None], tag: str, attribute: str, value: str) -> str | None:
    value = _no_outside_sources(tag, attribute, value)
    if value is not None and attribute in ("href", "src"):
        found = link_for_file(value)
        # "": a file this site does not publish (another project's, for this audience): the address goes, the words stay.
        return value if found is None else (found or None)
    return value


def link_keys(html: str, link_for_key: Callable[[str], str | None], link_for_mention: Callable[[str], str | None] | None = None) -> str:
    """Wrap issue keys and ``@mentions`` of members in text (not in tags, links or code) with links to their pages."""
    out = []
    depth = {name: 0 for name in _NO_LINK_INSIDE}
    for part in _TOKEN_RE.split(html):
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in depth and not part.endswith("/>"):
                depth[m.group(2).lower()] += -1 if m.group(1) else 1
            out.append(part)
        elif part and not any(depth.values()):
            linked = KEY_IN_TEXT_RE.sub(lambda k: _key_link(k.group(1), link_for_key), part)
            if link_for_mention is not None and "@" in linked:
                linked = "".join(p if p.startswith("<") else MENTION_RE.sub(lambda m: _mention_link(m, link_for_mention), p)
                                 for p in _TOKEN_RE.split(linked))
            out.append(linked)
        else:
            out.append(part)
    return "".join(out)


def _mention_link(match: re.Match, link_for_mention: Callable[[str], str | None]) -> str:
    href = link_for_mention(match.group(1))
    return f'<a class="tsuzuri-mention" href="{href}">{match.group(0)}</a>' if href else match.group(0)


def _key_link(key: str, link_for_key: Callable[[str], str | None]) -> str:
    href = link_for_key(key)
    return f'<a class="tsuzuri-key" href="{href}">{key}</a>' if href else key
