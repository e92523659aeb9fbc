/* Draw every <script type="application/json" class="tsuzuri-plot"> figure with the site's own plotly.js.
   plotly.js is loaded once, only on pages that have a figure. Material's instant navigation
   swaps the document and drops the <style> elements plotly injected at start-up, so they are
   kept and put back before each drawing. */
(function () {
  "use strict";
  var base = document.currentScript ? document.currentScript.src : "";
  var plotlyUrl = new URL("plotly.min.js", base || location.href).href;
  var loading = null;
  var plotlyStyles = [];

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var before = new Set(document.head.querySelectorAll("style"));
      var s = document.createElement("script");
      s.src = plotlyUrl;
      s.onload = function () {
        document.head.querySelectorAll("style").forEach(function (el) {
          if (!before.has(el)) plotlyStyles.push(el);
        });
        var global = document.getElementById("plotly.js-style-global");
        if (global && plotlyStyles.indexOf(global) < 0) plotlyStyles.push(global);
        resolve(window.Plotly);
      };
      s.onerror = reject;
      document.head.appendChild(s);
    });
    return loading;
  }

  function restoreStyles() {
    plotlyStyles.forEach(function (el) {
      if (!el.isConnected) document.head.appendChild(el);
    });
  }

  function draw() {
    var figures = document.querySelectorAll("script.tsuzuri-plot");
    if (!figures.length) return;
    loadPlotly().then(function (Plotly) {
      restoreStyles();
      figures.forEach(function (script) {
        if (script.dataset.drawn) return;
        var fig = JSON.parse(script.textContent);
        var div = script.dataset.target && document.getElementById(script.dataset.target);
        if (!div) {
          div = document.createElement("div");
          script.parentNode.insertBefore(div, script);
        }
        script.dataset.drawn = "1";
        Plotly.newPlot(div, fig.data || [], fig.layout || {}, Object.assign({ responsive: true, displaylogo: false }, fig.config || {}));
      });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(draw);
  else document.addEventListener("DOMContentLoaded", draw);
})();
