/* Sortable tables: every <table class="cds-sortable"> gets a button in each column
   heading, except headings marked data-no-sort (a column whose values do not compare,
   such as values in different units). Without JavaScript the table stays in its built
   order, which is already sensible. Cells may carry data-sort with a machine value
   (numbers with a dot). */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return raw.trim();
  }

  function compare(a, b) {
    if (a === "" && b === "") return 0;
    if (a === "") return 1; // empty cells last, whichever the direction
    if (b === "") return -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, document.documentElement.lang);
  }

  function sortBy(table, index, button) {
    var header = button.parentElement;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index), b = cellValue(r2, index);
      if (a === "" || b === "") return compare(a, b);
      return ascending ? compare(a, b) : compare(b, a);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function enhance(table) {
    if (table.hasAttribute("data-sortable")) return;
    table.setAttribute("data-sortable", "");
    table.querySelectorAll("thead th").forEach(function (th, index) {
      if (th.hasAttribute("data-no-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cds-sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
    document.querySelectorAll(".cds-sort-hint").forEach(function (hint) { hint.hidden = false; });
  }

  function enhanceAll() {
    document.querySelectorAll("table.cds-sortable").forEach(enhance);
  }

  // Material's instant navigation swaps pages without a load event: follow its document$.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(enhanceAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
