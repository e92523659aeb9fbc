"""Markers in hand-written pages (``<!-- tsuzuri:board project=HOJO -->``) and their renderers.

A renderer takes the prepared tracker and the marker's parameters and returns HTML.
This module only keeps the registry: the built-in markers register themselves with
``register`` (site/page_markers.py: dashboard, issues, board) or ``register_chart``
(site/chart_markers.py: ``tsuzuri:chart kind=gantt|burndown``), and the site package
imports them.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from tsuzuri.site.context import SiteContext

Renderer = Callable[[SiteContext, dict[str, str]], str]
ChartBuilder = Callable[[SiteContext, dict[str, str]], "dict | str | None"]

MARKER_RE = re.compile(r"<!--\s*tsuzuri:(?P<name>[a-z_-]+)(?P<params>[^>]*?)\s*-->")
MARKERS: dict[str, Renderer] = {}
CHARTS: dict[str, ChartBuilder] = {}


def register(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for ``<!-- tsuzuri:NAME key=value ... -->``."""

    def add(fn: Renderer) -> Renderer:
        MARKERS[name] = fn
        return fn

    return add


def register_chart(kind: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Register a chart for ``<!-- tsuzuri:chart kind=KIND ... -->``: return a plotly figure dict or HTML."""

    def add(fn: ChartBuilder) -> ChartBuilder:
        CHARTS[kind] = fn
        return fn

    return add


def parse_params(text: str) -> dict[str, str]:
    """Parse ``key=value`` pairs (values may be quoted)."""
    params = {}
    for token in shlex.split(text.strip()):
        key, _, value = token.partition("=")
        params[key] = value
    return params


def render(ctx: SiteContext, name: str, params: dict[str, str]) -> str:
    """Return the HTML of one marker (a visible note if the marker is unknown)."""
    renderer = MARKERS.get(name)
    if renderer is None:
        return f'<p class="tsuzuri-note">{html.escape(ctx.msg["marker_unknown"])}: tsuzuri:{html.escape(name)}</p>'
    return renderer(ctx, params)


_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE_RE = re.compile(r"(`+)[^`\n].*?\1")


FALLBACK_END_RE = re.compile(r"<!--\s*/tsuzuri\s*-->")
"""Closes a marker's fallback text: ``<!-- tsuzuri:dashboard -->`` text for other builders ``<!-- /tsuzuri -->``."""


@dataclass(frozen=True, slots=True)
class Found:
    """A marker in a page: where it starts and ends (with its fallback text), its name and parameters."""

    start: int
    end: int
    name: str
    params: dict[str, str]


def find(markdown: str) -> list[Found]:
    """Return every marker in a page's Markdown with its name and parameters.

    A marker may be followed by fallback text up to ``<!-- /tsuzuri -->``, shown by a builder that
    ran without tsuzuri; the marker's span covers it. A marker shown as an example, in a code block
    or inline code, is text and stays as it is.
    """
    if "tsuzuri:" not in markdown:
        return []
    code = [m.span() for m in _FENCE_RE.finditer(markdown)]
    code += [m.span() for m in _INLINE_CODE_RE.finditer(markdown) if not any(a <= m.start() < b for a, b in code)]
    opened = [m for m in MARKER_RE.finditer(markdown) if not any(a <= m.start() < b for a, b in code)]
    found = []
    for i, m in enumerate(opened):
        end = m.end()
        close = FALLBACK_END_RE.search(markdown, end, opened[i + 1].start() if i + 1 < len(opened) else len(markdown))
        if close is not None:
            end = close.end()
        found.append(Found(m.start(), end, m.group("name"), parse_params(m.group("params"))))
    return found


def plot_html(figure: dict) -> str:
    """Embed a plotly figure for the site's loader script to draw (offline, no inline JS)."""
    from tsuzuri.site.charts.embed import script_safe

    data = script_safe(json.dumps(figure, ensure_ascii=False, sort_keys=True, default=str))
    return f'<div class="tsuzuri-chart"><script type="application/json" class="tsuzuri-plot">{data}</script></div>'


# --- the chart marker: one figure of a registered kind ------------------------------------


@register("chart")
def _chart(ctx: SiteContext, params: dict[str, str]) -> str:
    builder = CHARTS.get(params.get("kind", ""))
    result = builder(ctx, params) if builder else None
    if result is None:
        return f'<p class="tsuzuri-note">{html.escape(ctx.msg["gantt_missing"])}</p>'
    return plot_html(result) if isinstance(result, dict) else result

