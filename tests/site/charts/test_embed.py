import json
import subprocess
import sys

# Run in a fresh interpreter: what a build's process has loaded after importing the plugin,
# and that a chart still turns into JSON once one is drawn.
LAZY = r"""
import json, sys
from datetime import date
import tsuzuri.adapters.mkdocs_plugin
heavy = [m for m in ("plotly.utils", "narwhals", "PIL") if m in sys.modules]
import plotly.graph_objects as go
from tsuzuri.site.charts.embed import figure_json
fig = go.Figure(go.Scatter(x=[date(2026, 11, 2), date(2026, 11, 3)], y=[3, 1], name="<見積>"))
print(json.dumps({"heavy": heavy, "spec": figure_json(fig, "ja"), "loaded": "plotly.utils" in sys.modules}))
"""


def test_the_plugin_loads_plotlys_json_helpers_only_when_a_chart_is_drawn():
    out = json.loads(subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, check=True).stdout)
    assert out["heavy"] == []
    assert out["loaded"] is True
    assert "<" not in out["spec"]  # script-safe
    spec = json.loads(out["spec"])
    assert spec["data"][0]["x"] == ["2026-11-02", "2026-11-03"] and spec["data"][0]["name"] == "<見積>"
    assert spec["config"]["locale"] == "ja"
