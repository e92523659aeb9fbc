/* The issue list: filter and sort issues.json in the browser; the state lives in the URL hash
   (#status=open&q=HOJO-4&sort=-due&cols=key,title,due; the filters mean what tsuzuri/query.py says)
   so a filtered view can be pasted to someone else.
   A bare link opens on tsuzuri.yml's issue_list.status (完了以外 unless it says otherwise) and
   issue_list.columns; a link that names any filter means exactly those filters. */
(function () {
  "use strict";
  var FILTERS = ["q", "project", "status", "type", "priority", "assignee", "organization", "milestone", "category", "due_from", "due_to", "overdue"];
  var FIELDS = FILTERS.concat(["sort", "cols"]);
  // What each column sorts by; empty values sort last in either direction.
  var SORTS = {
    key: ["project", "number"], status: ["status_rank"], type: ["type_label"], priority: ["priority_rank"],
    assignee: ["assignee_name"], organization: ["organization_name"], milestone: ["milestone_date", "milestone_name"],
    categories: ["category_text"],
  };
  var OLD_SORTS = { assignee_name: "assignee", organization_name: "organization" };  // links made before columns had ids

  function readState(root) {
    var p = new URLSearchParams(location.hash.replace(/^#/, "") || location.search);
    var state = {};
    FIELDS.forEach(function (f) { state[f] = p.get(f) || ""; });
    var named = FILTERS.some(function (f) { return p.has(f); });
    if (!named) state.status = root.dataset.defaultStatus || "";
    var sortName = state.sort.replace(/^-/, "");
    if (OLD_SORTS[sortName]) state.sort = state.sort.replace(sortName, OLD_SORTS[sortName]);
    return state;
  }

  function writeState(state, root) {
    var p = new URLSearchParams();
    FIELDS.forEach(function (f) {
      if (!state[f]) return;
      if (f === "cols" && state.cols === root.dataset.defaultColumns) return;
      p.set(f, state[f]);
    });
    var text = p.toString();
    history.replaceState(null, "", location.pathname + location.search + (text ? "#" + text : ""));
  }

  /* The rules of tsuzuri/query.py: "open" is every status not done, "done" every done one, "all"
     every one; any other value is a status id or label ("!done" is what older links say for "open"). */
  function statusMatches(row, wanted) {
    if (wanted === "all") return true;
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
    if (s.milestone && (!row.milestone || (row.milestone !== s.milestone && row.project + "/" + row.milestone !== s.milestone))) return false;
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

  function empty(value) { return value === null || value === undefined || value === ""; }

  function compare(field) {
    var desc = field.charAt(0) === "-";
    var name = desc ? field.slice(1) : field;
    var keys = SORTS[name] || [name];
    return function (a, b) {
      for (var i = 0; i < keys.length; i++) {
        var x = a[keys[i]], y = b[keys[i]];
        if (empty(x) !== empty(y)) return empty(x) ? 1 : -1;  // undated, unassigned... last
        if (x < y) return desc ? 1 : -1;
        if (x > y) return desc ? -1 : 1;
      }
      return a.project < b.project ? -1 : a.project > b.project ? 1 : a.number - b.number;
    };
  }

  function columnsOf(state, root) {
    var cols = (state.cols || root.dataset.defaultColumns).split(",").filter(Boolean);
    if (cols.indexOf("key") < 0) cols.unshift("key");  // the key is the link to the issue: always there
    return cols;
  }

  function cellText(r, col, sep) {
    switch (col) {
      case "status": return r.status_label;
      case "type": return r.type_label;
      case "priority": return r.priority_label;
      case "assignee": return r.assignee_name;
      case "organization": return r.organization_name;
      case "milestone": return r.milestone_name;
      case "categories": return r.category_names.join(sep);
      case "created": case "updated": return r[col] ? r[col].slice(0, 10) : "";
      default: return r[col];
    }
  }

  function render(root, rows, state) {
    var table = root.querySelector("table.tsuzuri-issues");
    var body = table.querySelector("tbody");
    var hrefTemplate = root.dataset.issueHref;
    var sep = root.dataset.separator || ", ";
    var shown = rows.filter(function (r) { return matches(r, state); });
    if (state.sort) shown.sort(compare(state.sort));
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-col]"));
    var cols = columnsOf(state, root);
    var order = heads.map(function (th) { return th.dataset.col; }).filter(function (c) { return cols.indexOf(c) >= 0; });
    heads.forEach(function (th) { th.hidden = cols.indexOf(th.dataset.col) < 0; });
    table.dataset.columns = order.join(" ");
    var labels = {};
    heads.forEach(function (th) { labels[th.dataset.col] = th.textContent.trim(); });
    var frag = document.createDocumentFragment();
    shown.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.dataset.key = r.key;
      order.forEach(function (col) {
        var td = document.createElement("td");
        td.dataset.col = col;
        if (col === "key") {
          var a = document.createElement("a");
          a.href = hrefTemplate.replace("__KEY__", r.key);
          a.className = "tsuzuri-key";
          a.textContent = r.key;
          td.appendChild(a);
        } else {
          var text = cellText(r, col, sep);
          td.textContent = empty(text) ? "" : text;
        }
        if (col === "due" && r.overdue) td.className = "tsuzuri-overdue";
        if (labels[col] && col !== "key" && col !== "title" && col !== "status") td.dataset.label = labels[col];  // named in a phone's card
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    root.querySelector(".tsuzuri-count-n").textContent = String(shown.length);
    var all = root.querySelector(".tsuzuri-count-all");
    if (all) all.textContent = shown.length === rows.length ? "" : all.dataset.text.replace("{n}", String(rows.length));
    heads.forEach(function (th) {
      var f = th.dataset.sort;
      th.setAttribute("aria-sort", state.sort === f ? "ascending" : state.sort === "-" + f ? "descending" : "none");
    });
    root.dispatchEvent(new CustomEvent("tsuzuri:rendered", { bubbles: true }));
  }

  function setup() {
    var root = document.querySelector(".tsuzuri-list");
    if (!root) return;
    var form = root.querySelector(".tsuzuri-filters");
    var picker = root.querySelector(".tsuzuri-column-picker");
    var state = readState(root);
    function showState() {
      FILTERS.forEach(function (f) {
        var el = form.elements[f];
        if (!el) return;
        if (el.type === "checkbox") el.checked = !!state[f]; else el.value = state[f];
      });
      var cols = columnsOf(state, root);
      if (picker) picker.querySelectorAll("input[name=column]").forEach(function (box) { box.checked = cols.indexOf(box.value) >= 0; });
    }
    showState();
    fetch(root.dataset.json).then(function (r) { return r.json(); }).then(function (data) {
      var rows = data.issues;
      var order = JSON.parse(root.dataset.order || "{}");
      function rank(list, id) { var n = (list || []).indexOf(id); return n < 0 ? (list || []).length : n; }
      rows.forEach(function (r) {
        r.category_text = (r.category_names || []).join(" ");
        r.status_rank = rank(order.status, r.status);  // board order
        r.priority_rank = rank(order.priority, r.priority);  // highest first
        r.milestone_date = r.milestone ? ((order.milestone || {})[r.project + "/" + r.milestone] || "") : "";
      });
      function update() {
        FILTERS.forEach(function (f) {
          var el = form.elements[f];
          if (!el) return;
          state[f] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value.trim();
        });
        writeState(state, root);
        render(root, rows, state);
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      // 条件をクリア: back to the view a bare link opens on (the default status), keeping the columns.
      root.querySelector(".tsuzuri-clear").addEventListener("click", function () {
        FILTERS.forEach(function (f) { state[f] = ""; });
        state.status = root.dataset.defaultStatus || "";
        state.sort = "";
        showState();
        writeState(state, root);
        render(root, rows, state);
      });
      if (picker) {
        picker.addEventListener("change", function () {
          var chosen = [];
          picker.querySelectorAll("input[name=column]").forEach(function (box) { if (box.checked) chosen.push(box.value); });
          state.cols = chosen.join(",");
          writeState(state, root);
          render(root, rows, state);
        });
        picker.querySelector(".tsuzuri-columns-reset").addEventListener("click", function () {
          state.cols = "";
          showState();
          writeState(state, root);
          render(root, rows, state);
        });
      }
      // Each heading holds a button, so a keyboard sorts as a mouse does (Enter or Space).
      root.querySelectorAll("th[data-sort]").forEach(function (th) {
        th.addEventListener("click", function () {
          var f = th.dataset.sort;
          state.sort = state.sort === f ? "-" + f : f;
          writeState(state, root);
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
