/* The issue list: filter and sort issues.json in the browser; the state lives in the URL hash
   (#status=open&q=HOJO-4&sort=-due; the filters mean what tsuzuri/query.py says) so a filtered view can be pasted to someone else. */
(function () {
  "use strict";
  var FIELDS = ["q", "project", "status", "type", "priority", "assignee", "organization", "milestone", "category", "due_from", "due_to", "overdue", "sort"];

  function readState() {
    var p = new URLSearchParams(location.hash.replace(/^#/, "") || location.search);
    var state = {};
    FIELDS.forEach(function (f) { state[f] = p.get(f) || ""; });
    return state;
  }

  function writeState(state) {
    var p = new URLSearchParams();
    FIELDS.forEach(function (f) { if (state[f]) p.set(f, state[f]); });
    var text = p.toString();
    history.replaceState(null, "", location.pathname + location.search + (text ? "#" + text : ""));
  }

  /* The rules of tsuzuri/query.py: "open" is every status not done, "done" every done one;
     any other value is a status id or label ("!done" is what older links say for "open"). */
  function statusMatches(row, wanted) {
    if (wanted === "open" || wanted === "!done") return !row.done;
    if (wanted === "done") return row.done;
    return row.status === wanted || row.status_label === wanted;
  }

  function matches(row, s) {
    if (s.project && row.project !== s.project) return false;
    if (s.status && !statusMatches(row, s.status)) return false;
    if (s.type && row.type !== s.type && row.type_label !== s.type) return false;
    if (s.priority && row.priority !== s.priority && row.priority_label !== s.priority) return false;
    if (s.assignee && row.assignee !== s.assignee) return false;
    if (s.organization && row.organization !== s.organization) return false;
    if (s.milestone && row.milestone !== s.milestone) return false;
    if (s.category && row.categories.indexOf(s.category) < 0) return false;
    if (s.due_from && (!row.due || row.due < s.due_from)) return false;
    if (s.due_to && (!row.due || row.due > s.due_to)) return false;
    if (s.overdue && !row.overdue) return false;
    if (s.q) {
      var words = s.q.toLowerCase().split(/\s+/).filter(Boolean);
      var hay = (row.key + " " + row.title).toLowerCase();
      for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  function compare(field) {
    var desc = field.charAt(0) === "-";
    var name = desc ? field.slice(1) : field;
    return function (a, b) {
      var x = name === "key" ? [a.project, a.number] : [a[name] === null ? "" : a[name]];
      var y = name === "key" ? [b.project, b.number] : [b[name] === null ? "" : b[name]];
      for (var i = 0; i < x.length; i++) {
        if (x[i] < y[i]) return desc ? 1 : -1;
        if (x[i] > y[i]) return desc ? -1 : 1;
      }
      return a.project < b.project ? -1 : a.project > b.project ? 1 : a.number - b.number;
    };
  }

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function render(root, rows, state) {
    var body = root.querySelector("tbody");
    var hrefTemplate = root.dataset.issueHref;
    var shown = rows.filter(function (r) { return matches(r, state); });
    if (state.sort) shown.sort(compare(state.sort));
    var frag = document.createDocumentFragment();
    shown.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.dataset.key = r.key;
      var a = document.createElement("a");
      a.href = hrefTemplate.replace("__KEY__", r.key);
      a.textContent = r.key;
      cell(tr, "").appendChild(a);
      cell(tr, r.title);
      cell(tr, r.status_label);
      cell(tr, r.type_label);
      cell(tr, r.priority_label);
      cell(tr, r.assignee_name);
      cell(tr, r.organization_name);
      cell(tr, r.milestone_name);
      cell(tr, r.due, r.overdue ? "tsuzuri-overdue" : "");
      cell(tr, r.updated ? r.updated.slice(0, 10) : "");
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    root.querySelector(".tsuzuri-count-n").textContent = String(shown.length);
    root.querySelectorAll("th[data-sort]").forEach(function (th) {
      var f = th.dataset.sort;
      th.setAttribute("aria-sort", state.sort === f ? "ascending" : state.sort === "-" + f ? "descending" : "none");
    });
    root.dispatchEvent(new CustomEvent("tsuzuri:rendered", { bubbles: true }));
  }

  function setup() {
    var root = document.querySelector(".tsuzuri-list");
    if (!root) return;
    var form = root.querySelector(".tsuzuri-filters");
    var state = readState();
    FIELDS.forEach(function (f) {
      var el = form.elements[f];
      if (!el) return;
      if (el.type === "checkbox") el.checked = !!state[f]; else el.value = state[f];
    });
    fetch(root.dataset.json).then(function (r) { return r.json(); }).then(function (data) {
      var rows = data.issues;
      function update() {
        FIELDS.forEach(function (f) {
          var el = form.elements[f];
          if (!el) return;
          state[f] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value.trim();
        });
        writeState(state);
        render(root, rows, state);
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      root.querySelector(".tsuzuri-clear").addEventListener("click", function () {
        form.reset();
        state.sort = "";
        update();
      });
      // Each heading holds a button, so a keyboard sorts as a mouse does (Enter or Space).
      root.querySelectorAll("th[data-sort]").forEach(function (th) {
        th.addEventListener("click", function () {
          var f = th.dataset.sort;
          state.sort = state.sort === f ? "-" + f : f;
          writeState(state);
          render(root, rows, state);
        });
      });
      render(root, rows, state);
      root.dataset.ready = "1";
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
