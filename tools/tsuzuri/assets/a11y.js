/* Keyboard access the markup alone cannot give (docs/accessibility.md):
   - a table wider than the page scrolls in its own box; such a box takes the keyboard focus
     so it can be scrolled with the arrow keys (WCAG 2.1.1, 1.4.10);
   - a link to something inside a closed <details> (a chart's table) opens it. */
(function () {
  "use strict";
  function markScrollable() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      var wide = table.scrollWidth > table.clientWidth + 1;
      if (wide && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.dataset.tsuzuriScroll = "1";
      } else if (!wide && table.dataset.tsuzuriScroll) {
        table.removeAttribute("tabindex");
        delete table.dataset.tsuzuriScroll;
      }
    });
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.replace(/^#/, ""));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details) details.open = true;
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(markScrollable, 100);
  }

  function setup() {
    markScrollable();
    openTarget();
  }

  window.addEventListener("resize", later);
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("toggle", later, true);
  // The issue list fills its table after the page loaded.
  document.addEventListener("tsuzuri:rendered", later);
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
