// 自分のページ: the issues of the member the visitor picked (remembered in this browser), overdue first.
(function () {
  "use strict";
  var STORE = "tsuzuri-me";

  function remembered() {
    try { return window.localStorage.getItem(STORE) || ""; } catch (e) { return ""; }
  }

  function remember(id) {
    try { if (id) window.localStorage.setItem(STORE, id); else window.localStorage.removeItem(STORE); } catch (e) { /* private mode */ }
  }

  function byUrgency(today) {
    return function (a, b) {
      var ao = a.d && a.d < today && !a.x ? 0 : 1, bo = b.d && b.d < today && !b.x ? 0 : 1;
      if (ao !== bo) return ao - bo;
      if ((a.d || "9999") !== (b.d || "9999")) return (a.d || "9999") < (b.d || "9999") ? -1 : 1;
      return a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    };
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function setup() {
    var root = document.querySelector(".tsuzuri-me");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var data = JSON.parse(root.dataset.me);
    var pick = root.querySelector("#tsuzuri-me-member");
    var lists = root.querySelector(".tsuzuri-me-lists");
    var showDone = root.querySelector(".tsuzuri-me-done");
    var hrefOf = function (key) { return root.dataset.issueHref.replace("__KEY__", key); };
    var tests = {
      waiting: function (r, id) { return r.q && r.a === id; },
      assigned: function (r, id) { return r.a === id; },
      reported: function (r, id) { return r.r === id; },
      watched: function (r, id) { return (r.w || []).indexOf(id) >= 0; },
      mentioned: function (r, id) { return (r.m || []).indexOf(id) >= 0; }
    };

    function render() {
      var id = pick.value;
      lists.hidden = !id;
      if (!id) return;
      var overdue = 0;
      root.querySelectorAll(".tsuzuri-me-section").forEach(function (section) {
        var test = tests[section.dataset.list];
        var rows = data.rows.filter(function (r) { return test(r, id) && (showDone.checked || !r.x); }).sort(byUrgency(data.today));
        var body = section.querySelector("tbody");
        body.textContent = "";
        rows.forEach(function (r) {
          var tr = document.createElement("tr");
          var link = document.createElement("a");
          link.href = hrefOf(r.k);
          link.className = "tsuzuri-key";
          link.textContent = r.k;
          cell(tr, "").appendChild(link);
          cell(tr, r.t);
          cell(tr, r.s);
          var due = cell(tr, r.d || "");
          if (r.d && r.d < data.today && !r.x) {
            due.className = "tsuzuri-overdue";
            if (section.dataset.list === "assigned") overdue += 1;
          }
          body.appendChild(tr);
        });
        section.querySelector(".tsuzuri-count").textContent = "(" + rows.length + ")";
        section.querySelector(".tsuzuri-empty").hidden = rows.length > 0;
        section.querySelector(".tsuzuri-scroll").hidden = rows.length === 0;
      });
      var summary = root.querySelector(".tsuzuri-me-summary");
      summary.textContent = overdue ? summary.dataset.overdue.replace("{n}", overdue) : "";
    }

    var fromUrl = new URLSearchParams(window.location.search).get("me");
    var start = fromUrl || remembered();
    if (start && pick.querySelector('option[value="' + CSS.escape(start) + '"]')) pick.value = start;
    pick.addEventListener("change", function () { remember(pick.value); render(); });
    showDone.addEventListener("change", render);
    render();
  }

  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
