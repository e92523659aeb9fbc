"""Embed a plotly figure in a page as a placeholder and its JSON spec, without plotly.js.

The site ships plotly.min.js once; a small loader finds every
``<script type="application/json" class="tsuzuri-plot">`` element, reads the spec and
draws it into the ``<div>`` named by the script's ``data-target``.
"""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

PLOT_CLASS = "tsuzuri-plot"
"""Class of the JSON script elements the site's loader looks for."""

CHART_CLASS = "tsuzuri-chart"
"""Class of the ``<div>`` a figure is drawn into."""

# Characters that could end the script element or start markup inside it.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def figure_json(fig: go.Figure) -> str:
    """Return the figure's spec as compact JSON that is safe inside a script element."""
    spec = fig.to_plotly_json()
    text = json.dumps(
        {"data": spec.get("data", []), "layout": spec.get("layout", {}), "config": {"responsive": True, "displaylogo": False}},
        cls=PlotlyJSONEncoder,
        ensure_ascii=False,  # Japanese stays UTF-8: a third of the size of \\u escapes
        separators=(",", ":"),
    )
    return script_safe(text)


def script_safe(json_text: str) -> str:
    """Return JSON text that can stand inside a ``<script>`` element as it is, meaning the same.

    ``</script>`` would end the element and ``<!--`` change how the browser reads up to the
    next ``</script>``; U+2028 and U+2029 end a line in older JavaScript. Escaped, JSON reads
    them back unchanged.
    """
    for char, escaped in _UNSAFE.items():
        json_text = json_text.replace(char, escaped)
    return json_text


def figure_html(fig: go.Figure, element_id: str, height: int | None = None) -> str:
    """Return a ``<div>`` for the chart and the JSON ``<script>`` that describes it."""
    ident = html.escape(element_id, quote=True)
    size = height or fig.layout.height
    style = f' style="height:{int(size)}px"' if size else ""
    return (
        f'<div class="{CHART_CLASS}" id="{ident}"{style}></div>\n'
        f'<script type="application/json" class="{PLOT_CLASS}" data-target="{ident}">{figure_json(fig)}</script>\n'
    )


def plotly_js():
    """Return the path of plotly.min.js in the installed plotly package (the site ships it once)."""
    from pathlib import Path

    import plotly

    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js is missing from the installed plotly package ({path})")
    return path
