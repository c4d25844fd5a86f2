/* The accounts overview's filter by KAM and quadrant: runs in the browser, no server (works offline). */
(function () {
  "use strict";
  function setup(form) {
    var table = document.getElementById(form.getAttribute("data-account-filter"));
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".account-filter-count");
    function value(name) {
      var field = form.elements[name];
      return field ? field.value : "";
    }
    function apply() {
      var kam = value("kam"), quadrant = value("quadrant"), shown = 0;
      rows.forEach(function (row) {
        var match = (!kam || row.getAttribute("data-kam") === kam) &&
          (!quadrant || row.getAttribute("data-quadrant") === quadrant);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (count) {
        count.textContent = form.getAttribute("data-count")
          .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
      }
    }
    form.addEventListener("change", apply);
    // Coming back from an account page, the browser restores the chosen options after this script
    // ran (or shows the page from its cache): filter again so rows and count match the choice.
    window.addEventListener("pageshow", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.classList.remove("js-pending");
    apply();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-account-filter]"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
