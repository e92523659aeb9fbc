/* Draw every <script type="application/json" class="tsuzuri-plot"> figure with the site's own plotly.js.
   plotly.js is loaded once, only on pages that have a figure, and then plotly's words for the
   figures' language (assets/plotly-locale-<lang>.js), so the toolbar speaks the tracker's
   language without any outside request. Material's instant navigation swaps the document and
   drops the <style> elements plotly injected at start-up, so they are kept and put back
   before each drawing.

   A Gantt chart (.tsuzuri-gantt-frame) is two figures: its time axis and its bars. Zooming or
   panning either moves the other; the day/week/month buttons set both. When both are drawn
   the frame gets data-ready="1". */
(function () {
  "use strict";
  var base = document.currentScript ? document.currentScript.src : "";
  var assetUrl = function (name) { return new URL(name, base || location.href).href; };
  var loading = null;
  var locales = {};
  var plotlyStyles = [];

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (loading) return loading;
    var before = new Set(document.head.querySelectorAll("style"));
    loading = loadScript(assetUrl("plotly.min.js")).then(function () {
      document.head.querySelectorAll("style").forEach(function (el) {
        if (!before.has(el)) plotlyStyles.push(el);
      });
      var global = document.getElementById("plotly.js-style-global");
      if (global && plotlyStyles.indexOf(global) < 0) plotlyStyles.push(global);
      return window.Plotly;
    });
    return loading;
  }

  function loadLocale(name) {
    // English is built into plotly.js; a language the site does not ship stays English.
    if (!name || name === "en") return Promise.resolve();
    if (!locales[name]) locales[name] = loadScript(assetUrl("plotly-locale-" + name + ".js")).catch(function () {});
    return locales[name];
  }

  function restoreStyles() {
    plotlyStyles.forEach(function (el) {
      if (!el.isConnected) document.head.appendChild(el);
    });
  }

  function xaxisUpdate(event) {
    var update = {};
    Object.keys(event).forEach(function (k) {
      if (k.indexOf("xaxis.") === 0 || k === "xaxis") update[k] = event[k];
    });
    return Object.keys(update).length ? update : null;
  }

  function linkGantt(frame, Plotly) {
    if (frame.dataset.linked) return;
    var axis = frame.querySelector(".tsuzuri-gantt-axis .tsuzuri-chart-axis");
    var bars = frame.querySelector(".tsuzuri-gantt-bars .tsuzuri-chart");
    if (!axis || !bars || !axis.on || !bars.on) return;
    frame.dataset.linked = "1";
    var busy = false;
    function follow(from, to) {
      from.on("plotly_relayout", function (event) {
        var update = xaxisUpdate(event);
        if (busy || !update) return;
        busy = true;
        Plotly.relayout(to, update).then(function () { busy = false; }, function () { busy = false; });
      });
    }
    follow(axis, bars);
    follow(bars, axis);
    var scales = JSON.parse(frame.dataset.scales || "{}");
    function apply(scale) {
      var settings = scales[scale];
      if (!settings) return Promise.resolve();
      var update = {};
      Object.keys(settings).forEach(function (k) { update["xaxis." + k] = settings[k]; });
      update["xaxis.dtick"] = fitStep(scale, settings, axis.getBoundingClientRect().width);
      frame.querySelectorAll(".tsuzuri-gantt-scale-button").forEach(function (b) {
        b.setAttribute("aria-pressed", b.dataset.scale === scale ? "true" : "false");
      });
      busy = true;
      return Promise.all([Plotly.relayout(axis, update), Plotly.relayout(bars, update)]).then(function () {
        busy = false;
        frame.dataset.scale = scale;
      }, function () { busy = false; });
    }
    frame.querySelectorAll(".tsuzuri-gantt-scale-button").forEach(function (button) {
      button.addEventListener("click", function () { apply(button.dataset.scale); });
    });
    var width = axis.getBoundingClientRect().width;
    window.addEventListener("resize", function () {
      var now = axis.getBoundingClientRect().width;
      if (Math.abs(now - width) > 40 && frame.isConnected) { width = now; apply(frame.dataset.scale || "month"); }
    });
    frame.dataset.scale = "month";
    frame.dataset.ready = "1";
  }

  var DAY = 86400000;
  function fitStep(scale, settings, width) {
    var days = (Date.parse(settings.range[1]) - Date.parse(settings.range[0])) / DAY;
    var room = Math.max(width, 100);
    if (scale === "month") {
      var months = [1, 2, 3, 4, 6, 12].filter(function (m) { return days / 30.4 / m * 42 <= room; })[0] || 12;
      return "M" + Math.max(months, parseInt(String(settings.dtick).slice(1), 10) || 1);
    }
    if (scale === "week") return ([1, 2, 4, 8].filter(function (w) { return days / 7 / w * 38 <= room; })[0] || 8) * 7 * DAY;
    return ([1, 2, 7, 14].filter(function (d) { return days / d * 19 <= room; })[0] || 14) * DAY;
  }

  function draw() {
    var figures = document.querySelectorAll("script.tsuzuri-plot");
    if (!figures.length) return;
    var wanted = [];
    figures.forEach(function (script) {
      if (script.dataset.drawn) return;
      script._fig = JSON.parse(script.textContent);
      var locale = script._fig.config && script._fig.config.locale;
      if (locale && wanted.indexOf(locale) < 0) wanted.push(locale);
    });
    loadPlotly().then(function (Plotly) {
      return Promise.all(wanted.map(loadLocale)).then(function () { return Plotly; });
    }).then(function (Plotly) {
      restoreStyles();
      var drawing = [];
      figures.forEach(function (script) {
        if (script.dataset.drawn || !script._fig) return;
        var fig = script._fig;
        delete script._fig;
        var div = script.dataset.target && document.getElementById(script.dataset.target);
        if (!div) {
          div = document.createElement("div");
          script.parentNode.insertBefore(div, script);
        }
        script.dataset.drawn = "1";
        var frame = div.closest(".tsuzuri-gantt-frame");
        if (frame && fig.layout && fig.layout.xaxis && fig.layout.xaxis.range) {
          // The server chose ticks for a laptop's width; a phone gets fewer, so labels never overlap.
          fig.layout.xaxis.dtick = fitStep("month", fig.layout.xaxis, div.getBoundingClientRect().width);
        }
        drawing.push(Plotly.newPlot(div, fig.data || [], fig.layout || {}, Object.assign({ responsive: true, displaylogo: false }, fig.config || {})));
      });
      return Promise.all(drawing).then(function () {
        document.querySelectorAll(".tsuzuri-gantt-frame").forEach(function (frame) { linkGantt(frame, Plotly); });
      });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(draw);
  else document.addEventListener("DOMContentLoaded", draw);
})();
