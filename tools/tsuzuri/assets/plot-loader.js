/* Draw every <script type="application/json" class="tsuzuri-plot"> figure with the site's own plotly.js.
   plotly.js is loaded once, only on pages that have a figure, and then plotly's words for the
   figures' language (assets/plotly-locale-<lang>.js), so the toolbar speaks the tracker's
   language without any outside request. Material's instant navigation swaps the document and
   drops the <style> elements plotly injected at start-up, so they are kept and put back
   before each drawing.

   A Gantt chart (.tsuzuri-gantt-frame) is two figures: its time axis and its bars. Zooming or
   panning either moves the other; the day/week/month buttons set both. When both are drawn
   the frame gets data-ready="1".

   Marks that keep their size in pixels (dependency heads, late triangles) are one shape for
   each glyph, named "tsuzuri-marks:<glyph>", whose path holds each mark's point ("M x,y Z",
   which draws nothing): the glyph is drawn here around every point for the axes' scale, before
   the figure is first drawn and again whenever the scale changes. One path for thousands of
   marks, where plotly draws a marker as an element of its own. */
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

  var MARKS = "tsuzuri-marks:";
  // Each glyph's corners in pixels around its point: x to the right, y down.
  var GLYPHS = {
    "arrow-right": [[-7, -3.5], [0, 0], [-7, 3.5]],
    "arrow-left": [[7, -3.5], [0, 0], [7, 3.5]],
    "triangle": [[0, -5.5], [5, 3.5], [-5, 3.5]]
  };
  var POINT = /M([^,MZ]+),([^MZ]+)Z/g;

  function findMarks(layout) {
    var marks = [];
    (layout.shapes || []).forEach(function (shape, index) {
      var glyph = GLYPHS[String(shape.name || "").slice(MARKS.length)];
      if (String(shape.name || "").indexOf(MARKS) !== 0 || !glyph || !shape.path) return;
      var points = [];
      String(shape.path).replace(POINT, function (all, x, y) { points.push([Date.parse(x), parseFloat(y)]); return all; });
      marks.push({index: index, glyph: glyph, points: points});
    });
    return marks;
  }

  function markPaths(marks, msPerPx, rowsPerPx) {
    // plotly reads a date in a shape's path with "_" for the space between day and time.
    var at = function (ms) { return new Date(ms).toISOString().slice(0, 23).replace("T", "_"); };
    var paths = {};
    marks.forEach(function (mark) {
      var parts = new Array(mark.points.length);
      mark.points.forEach(function (p, n) {
        parts[n] = mark.glyph.map(function (c, i) {
          return (i ? "L" : "M") + at(p[0] + c[0] * msPerPx) + "," + (p[1] + c[1] * rowsPerPx).toFixed(3);
        }).join("") + "Z";
      });
      paths["shapes[" + mark.index + "].path"] = parts.join("");
    });
    return paths;
  }

  function placeMarks(div, fig) {
    // Before the first drawing: the scale from the layout and the element's size.
    var marks = findMarks(fig.layout || {});
    if (!marks.length) return;
    div._tsuzuriMarks = marks;
    var layout = fig.layout, margin = layout.margin || {}, range = layout.xaxis.range;
    var width = div.getBoundingClientRect().width - (margin.l || 0) - (margin.r || 0);
    var height = layout.height - (margin.t || 0) - (margin.b || 0);
    var rows = Math.abs(layout.yaxis.range[0] - layout.yaxis.range[1]);
    var msPerPx = (Date.parse(range[1]) - Date.parse(range[0])) / Math.max(width, 1);
    div._tsuzuriMarkScale = [msPerPx, rows / height];
    var paths = markPaths(marks, msPerPx, rows / height);
    Object.keys(paths).forEach(function (k) { layout.shapes[parseInt(k.slice(7), 10)].path = paths[k]; });
  }

  function rescaleMarks(div, Plotly) {
    // After a zoom, a scale button or a new width: the scale plotly drew with.
    var full = div._fullLayout, marks = div._tsuzuriMarks;
    if (!marks || !full) return Promise.resolve();
    var xa = full.xaxis, ya = full.yaxis;
    var msPerPx = (xa.r2l(xa.range[1]) - xa.r2l(xa.range[0])) / xa._length;
    var rowsPerPx = Math.abs(ya.range[0] - ya.range[1]) / ya._length;
    var last = div._tsuzuriMarkScale || [0, 0];
    if (Math.abs(msPerPx / last[0] - 1) < 0.005 && Math.abs(rowsPerPx / last[1] - 1) < 0.005) return Promise.resolve();
    div._tsuzuriMarkScale = [msPerPx, rowsPerPx];
    return Plotly.relayout(div, markPaths(marks, msPerPx, rowsPerPx));
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
          placeMarks(div, fig);
        }
        drawing.push(Plotly.newPlot(div, fig.data || [], fig.layout || {}, Object.assign({ responsive: true, displaylogo: false }, fig.config || {})).then(function () {
          if (div._tsuzuriMarks) div.on("plotly_relayout", function () { rescaleMarks(div, Plotly); });
          return rescaleMarks(div, Plotly);  // plotly may have drawn at another width than the element had
        }));
      });
      return Promise.all(drawing).then(function () {
        document.querySelectorAll(".tsuzuri-gantt-frame").forEach(function (frame) { linkGantt(frame, Plotly); });
      });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(draw);
  else document.addEventListener("DOMContentLoaded", draw);
})();
