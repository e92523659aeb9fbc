"""Embed a plotly figure in a page as a placeholder and its JSON spec, without plotly.js.

The site ships plotly.min.js once; a small loader finds every
``<script type="application/json" class="tsuzuri-plot">`` element, reads the spec and
draws it into the ``<div>`` named by the script's ``data-target``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import plotly.graph_objects as go  # plotly loads its figure classes when one is first made

from tsuzuri.messages import text

PLOT_CLASS = "tsuzuri-plot"
"""Class of the JSON script elements the site's loader looks for."""

CHART_CLASS = "tsuzuri-chart"
"""Class of the ``<div>`` a figure is drawn into."""

# Characters that could end the script element or start markup inside it.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# Buttons a chart's toolbar never shows: selections mean nothing here, autoscale would take in
# the Gantt's row stripes (years wide), and the site offers the data itself as CSV and tables.
_NO_BUTTONS = ["select2d", "lasso2d", "autoScale2d", "toImage", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian",
               "sendChartToCloud", "sendDataToCloud"]  # the last two upload the chart to an outside service


def chart_config(locale: str = "", toolbar: bool | None = None, without: tuple[str, ...] = ()) -> dict:
    """Return plotly's config for a chart: its toolbar in ``locale`` (plotly's own words, served by the site)."""
    config: dict = {"responsive": True, "displaylogo": False, "modeBarButtonsToRemove": [*_NO_BUTTONS, *without], "doubleClick": "reset"}
    if toolbar is not None:
        config["displayModeBar"] = toolbar
    if locale:
        config["locale"] = locale
        # Where plotly's translation is wrong (its Japanese calls "Pan" 拡大, zoom in), ours wins.
        config["locales"] = {locale: {"dictionary": {"Pan": text(locale, "chart.toolbar.pan")}}}
    return config


def figure_json(fig: go.Figure, locale: str = "", toolbar: bool | None = None, without: tuple[str, ...] = ()) -> str:
    """Return the figure's spec as compact JSON that is safe inside a script element."""
    # Imported here: plotly.utils loads narwhals and PIL (7 MB), which a build that draws no chart
    # in its own process (a large tracker's pages are rendered by a worker) never needs.
    from plotly.utils import PlotlyJSONEncoder

    spec = fig.to_plotly_json()
    body = json.dumps(
        {"data": spec.get("data", []), "layout": spec.get("layout", {}), "config": chart_config(locale, toolbar, without)},
        cls=PlotlyJSONEncoder,
        ensure_ascii=False,  # Japanese stays UTF-8: a third of the size of \\u escapes
        separators=(",", ":"),
    )
    return script_safe(body)


def script_safe(json_text: str) -> str:
    """Return JSON text that can stand inside a ``<script>`` element as it is, meaning the same.

    ``</script>`` would end the element and ``<!--`` change how the browser reads up to the
    next ``</script>``; U+2028 and U+2029 end a line in older JavaScript. Escaped, JSON reads
    them back unchanged.
    """
    for char, escaped in _UNSAFE.items():
        json_text = json_text.replace(char, escaped)
    return json_text


def figure_html(fig: go.Figure, element_id: str, height: int | None = None, *, locale: str = "", toolbar: bool | None = None,
                css_class: str = CHART_CLASS, without: tuple[str, ...] = ()) -> str:
    """Return a ``<div>`` for the chart and the JSON ``<script>`` that describes it.

    ``css_class`` names a part of a chart that is not a chart of its own (the Gantt's time axis);
    ``without`` names toolbar buttons this chart has no use for.
    """
    ident = html.escape(element_id, quote=True)
    size = height or fig.layout.height
    style = f' style="height:{int(size)}px"' if size else ""
    return (
        f'<div class="{html.escape(css_class, quote=True)}" id="{ident}"{style}></div>\n'
        f'<script type="application/json" class="{PLOT_CLASS}" '
        f'data-target="{ident}">{figure_json(fig, locale, toolbar, without)}</script>\n'
    )


PLOTLY_BASIC = Path(__file__).resolve().parents[2] / "vendor" / "plotly" / "plotly-basic.min.js"


def plotly_js():
    """Return the path of the plotly.js the site ships once: the vendored basic bundle (scatter, bar, pie).

    Every chart here draws with scatter traces; the full bundle in the Python package is four
    times the size for traces no chart uses (vendor/plotly/README.md).
    """
    if not PLOTLY_BASIC.is_file():
        raise FileNotFoundError(f"plotly.min.js is missing from the installed package ({PLOTLY_BASIC})")
    return PLOTLY_BASIC


LOCALES = Path(__file__).resolve().parents[2] / "vendor" / "plotly-locales"


def plotly_locales() -> dict[str, bytes]:
    """Return plotly's locale scripts the site serves, by file name, each registering itself with plotly.js.

    The vendored files are CommonJS modules (``module.exports = {...}``), as the npm package has
    them; wrapped, the browser runs one after plotly.min.js and plotly knows the language.
    """
    found = {}
    for path in sorted(LOCALES.glob("*.js")):
        source = path.read_text(encoding="utf-8")
        found[f"plotly-locale-{path.stem}.js"] = (
            "(function () {\n  var module = {exports: {}};\n" + source + "\n  if (window.Plotly) window.Plotly.register(module.exports);\n"
            "})();\n"
        ).encode("utf-8")
    return found
