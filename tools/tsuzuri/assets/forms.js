// Forms on the static site: check an entry the way the validator does, compose the tracker
// file, and open the forge's new-file page with path and content (GitLab: copy, then open).
(function () {
  "use strict";
  var KEY_RE = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;
  var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  var SLUG_RE = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;
  // Control characters other than tab and newline never reach a file.
  var CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

  function clean(text) {
    return String(text || "").replace(/\r\n?/g, "\n").replace(CONTROL_RE, "");
  }

  function quoted(text) {
    // A JSON string is a YAML double-quoted scalar: safe whatever the text holds.
    return JSON.stringify(clean(text).replace(/\n/g, " ").trim());
  }

  function validDate(text) {
    if (!DATE_RE.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }

  function zoned(now, zone) {
    // The moment in the tracker's time zone, as a file-name stamp and an ISO time with offset.
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"
    }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    var seconds = Math.floor(now.getTime() / 1000) * 1000;
    var asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    var offset = Math.round((asUtc - seconds) / 60000);
    var sign = offset < 0 ? "-" : "+";
    var abs = Math.abs(offset);
    var off = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
    return {
      stamp: parts.year + parts.month + parts.day + "T" + parts.hour + parts.minute + parts.second,
      iso: parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute + ":" + parts.second + off
    };
  }

  function encodePath(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  function newFileUrl(forge, path, content) {
    var full = forge.prefix + path;
    var cut = full.lastIndexOf("/");
    var folder = full.slice(0, cut), name = full.slice(cut + 1);
    var branch = encodeURIComponent(forge.branch);
    if (forge.kind === "github") {
      return forge.url + "/new/" + branch + "?filename=" + encodeURIComponent(full) + "&value=" + encodeURIComponent(content);
    }
    if (forge.kind === "gitlab") {
      return forge.url + "/-/new/" + branch + "/" + encodePath(folder) + "?file_name=" + encodeURIComponent(name);
    }
    return forge.url + "/_new/" + branch + "/" + encodePath(folder) + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(content);
  }

  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.multiple) {
        out[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      } else {
        out[el.name] = clean(el.value).trim();
      }
    });
    return out;
  }

  function check(kind, v, data, words, form) {
    var errors = {};
    function required(name) {
      var el = form.elements[name];
      if (el && el.required && !v[name]) errors[name] = words.form_error_required;
    }
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name) required(el.name); });
    ["start", "due", "date"].forEach(function (name) {
      if (v[name] && !validDate(v[name])) errors[name] = words.form_error_date;
    });
    if (kind === "issue") {
      if (v.start && v.due && !errors.start && !errors.due && v.start > v.due) errors.due = words.form_error_due_before_start;
      if (v.estimate && !(/^\d+(\.\d+)?$/.test(v.estimate))) errors.estimate = words.form_error_number;
      if (v.parent) {
        var parent = v.parent.toUpperCase();
        if (!KEY_RE.test(parent) || data.keys.indexOf(parent) < 0) errors.parent = words.form_error_parent;
        else if (parent === form.dataset.key) errors.parent = words.form_error_parent_self;
        else v.parent = parent;
      }
    }
    if (kind === "minutes" && v.slug && !SLUG_RE.test(v.slug)) errors.slug = words.form_error_slug;
    if (kind === "comment" && v.author && data.members.indexOf(v.author) < 0) errors.author = words.form_error_required;
    return errors;
  }

  function compose(kind, v, form, data) {
    var lines = ["---"];
    var body = clean(v.body).replace(/^\n+/, "");
    var path;
    if (kind === "issue") {
      path = form.dataset.path;
      ["title", "type", "status", "priority", "assignee", "reporter", "milestone"].forEach(function (name) {
        if (v[name]) lines.push(name + ": " + quoted(v[name]));
      });
      if (v.categories && v.categories.length) lines.push("categories: [" + v.categories.map(quoted).join(", ") + "]");
      ["start", "due"].forEach(function (name) { if (v[name]) lines.push(name + ": " + v[name]); });
      if (v.estimate) lines.push("estimate: " + Number(v.estimate));
      if (v.parent) lines.push("parent: " + v.parent);
    } else if (kind === "minutes") {
      path = "minutes/" + v.date.slice(0, 4) + "/" + v.date + "-" + v.slug + ".md";
      lines.push("title: " + quoted(v.title), "date: " + v.date);
      if (v.project) lines.push("project: " + quoted(v.project));
      if (v.attendees && v.attendees.length) lines.push("attendees: [" + v.attendees.map(quoted).join(", ") + "]");
      if (v.location) lines.push("location: " + quoted(v.location));
      if (v.time) lines.push("time: " + quoted(v.time));
    } else {
      var when = zoned(new Date(), data.timezone);
      path = form.dataset.path + when.stamp + "-" + v.author + ".md";
      lines.push("author: " + quoted(v.author), "date: " + when.iso, "via: web");
    }
    lines.push("---");
    return { path: path, content: lines.join("\n") + "\n" + (body ? body.replace(/\n*$/, "\n") : "") };
  }

  function show(form, file, data, words) {
    var result = form.querySelector(".tsuzuri-form-result");
    result.textContent = "";
    var p = document.createElement("p");
    var area = document.createElement("textarea");
    area.readOnly = true;
    area.rows = Math.min(16, file.content.split("\n").length + 1);
    area.value = file.content;
    area.className = "tsuzuri-form-file";
    area.setAttribute("aria-label", words.form_file + " " + file.path);
    var forge = data.forge;
    if (!forge) {
      p.textContent = words.form_no_forge.replace("{path}", file.path);
      result.append(p, area);
      return;
    }
    var url = newFileUrl(forge, file.path, file.content);
    var link = document.createElement("a");
    link.href = url;
    link.rel = "noopener";
    link.target = "_blank";
    link.className = "md-button";
    link.textContent = words.form_open_forge;
    if (forge.kind === "gitlab") {
      p.textContent = words.form_gitlab.replace("{path}", file.path);
      var copied = navigator.clipboard ? navigator.clipboard.writeText(file.content) : Promise.reject();
      copied.catch(function () { area.select(); });
    } else {
      p.textContent = words.form_opened.replace("{path}", file.path);
    }
    result.append(p, area, link);
    window.open(url, "_blank", "noopener");
  }

  function setUp(form) {
    var data = JSON.parse(form.dataset.form);
    var words = data.words;
    var list = document.getElementById("tsuzuri-keys");
    if (list && !list.childElementCount) {
      data.keys.forEach(function (k) { var o = document.createElement("option"); o.value = k; list.appendChild(o); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var kind = form.dataset.kind;
      var v = values(form);
      var errors = check(kind, v, data, words, form);
      var first = null;
      form.querySelectorAll(".tsuzuri-form-row").forEach(function (row) {
        var name = row.dataset.field;
        var message = row.querySelector(".tsuzuri-form-error");
        var input = form.elements[name];
        if (message) message.textContent = errors[name] || "";
        if (input && input.setAttribute) input.setAttribute("aria-invalid", errors[name] ? "true" : "false");
        if (errors[name] && !first) first = input;
      });
      if (first) {
        first.focus();
        return;
      }
      show(form, compose(kind, v, form, data), data, words);
    });
  }

  function init() {
    // コメントする jumps to the form on this page: no page load, and focus where typing starts.
    document.querySelectorAll("a.tsuzuri-comment-link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById("tsuzuri-comment");
        if (!target) return;
        event.preventDefault();
        event.stopPropagation();
        target.scrollIntoView();
        var first = target.querySelector("select, textarea");
        if (first) first.focus();
      });
    });
    document.querySelectorAll("form.tsuzuri-compose").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      setUp(form);
    });
  }

  // Material's instant navigation swaps pages without a load event: it announces each on document$.
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
