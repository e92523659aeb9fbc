"""Time a 2,000-item Gantt chart page until it is drawn in headless Chromium, beside its target.

The plan is bench_schedule's (2,000 items, 3,000 dependencies). The page is what the site
serves: the chart's placeholder and JSON spec, the site's plot-loader.js and plotly.min.js,
from a local HTTP server. Each run opens a fresh browser context (nothing cached) and
measures from navigation start until ``Plotly.newPlot`` has finished drawing (after
``plotly_afterplot``). Target: under 3 s.

Usage: python bench/bench_gantt_page.py [--runs N] [--seed S]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_schedule import TODAY, generate  # noqa: E402

from tsuzuri.planning.schedule import schedule  # noqa: E402
from tsuzuri.site.charts.embed import figure_html  # noqa: E402
from tsuzuri.site.charts.gantt_chart import gantt_figure  # noqa: E402

TARGET_SECONDS = 3.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
ASSETS = Path(__file__).resolve().parents[1] / "tools" / "tsuzuri" / "assets"

# Set before plotly.js loads: wrap newPlot so the page records when the drawing is done.
PROBE = """<script>
(function () {
  var real;
  Object.defineProperty(window, "Plotly", {configurable: true, get: function () { return real; }, set: function (p) {
    var newPlot = p.newPlot;
    p.newPlot = function () {
      return newPlot.apply(this, arguments).then(function (div) {
        window.__drawn = performance.now();
        return div;
      });
    };
    real = p;
  }});
})();
</script>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def write_page(folder: Path, seed: int) -> int:
    """Write index.html with the chart and the site's scripts; return the page's size in bytes."""
    import plotly

    wbs, config = generate(seed)
    plan = schedule(wbs, config, {}, TODAY)
    fig = gantt_figure(plan, config, {}, progress_line=True, baseline=plan)
    chart = figure_html(fig, "tsuzuri-gantt-BENCH")
    html = f'<!doctype html><html><head><meta charset="utf-8">{PROBE}</head><body>{chart}<script src="plot-loader.js"></script></body></html>'
    (folder / "index.html").write_text(html, encoding="utf-8")
    shutil.copy(ASSETS / "plot-loader.js", folder / "plot-loader.js")
    shutil.copy(Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js", folder / "plotly.min.js")
    return len(html.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = write_page(folder, args.seed)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        times = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for _ in range(args.runs):
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    page = context.new_page()
                    page.goto(url, wait_until="commit")
                    page.wait_for_function("window.__drawn !== undefined", timeout=60_000)
                    times.append(page.evaluate("window.__drawn") / 1000)
                    bars = page.evaluate("document.querySelectorAll('#tsuzuri-gantt-BENCH .barlayer .point').length")
                    context.close()
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    median = statistics.median(times)
    print(f"page: {size / 1_000_000:.2f} MB of HTML, {bars} bars drawn; runs: " + ", ".join(f"{t:.2f} s" for t in times))
    print(f"gantt page interactive in Chromium (2000 items, 3000 dependencies): {median:.2f} s median (target < {TARGET_SECONDS:.0f} s)")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
