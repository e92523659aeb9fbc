/* Boards: swimlanes by organization when the URL says ?lanes=org or the toggle is ticked. */
(function () {
  "use strict";
  function setup() {
    document.querySelectorAll(".tsuzuri-board").forEach(function (board) {
      var params = new URLSearchParams(location.search);
      var on = params.get("lanes") === "org" || board.dataset.lanes === "org";
      var toggle = board.querySelector(".tsuzuri-lanes-toggle");
      function apply(value) {
        board.classList.toggle("tsuzuri-lanes-on", value);
        if (toggle) toggle.checked = value;
      }
      apply(on);
      if (toggle) {
        toggle.addEventListener("change", function () {
          var p = new URLSearchParams(location.search);
          if (toggle.checked) p.set("lanes", "org"); else p.delete("lanes");
          var q = p.toString();
          history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
          apply(toggle.checked);
        });
      }
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
