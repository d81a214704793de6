// Sorting and filtering for the leaderboard tables. Plain JavaScript, no dependencies, no
// network requests; every page is fully readable without it.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return { number: NaN, text: "" };
    var key = cell.getAttribute("data-sort");
    var number = key !== null && key !== "" ? parseFloat(key) : NaN;
    return { number: number, text: cell.textContent.trim().toLowerCase() };
  }

  function compare(a, b) {
    var aNum = !isNaN(a.number), bNum = !isNaN(b.number);
    if (aNum && bNum) return a.number - b.number;
    if (aNum !== bNum) return aNum ? -1 : 1; // empty cells last
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }

  function sortTable(table, index, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var decorated = rows.map(function (row, position) {
      return { row: row, value: cellValue(row, index), position: position };
    });
    decorated.sort(function (a, b) {
      var order = compare(a.value, b.value);
      if (direction === "descending") order = -order;
      return order !== 0 ? order : a.position - b.position;
    });
    decorated.forEach(function (item) { body.appendChild(item.row); });
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) {
      if (i === index) headers[i].setAttribute("aria-sort", direction);
      else headers[i].removeAttribute("aria-sort");
    }
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var current = header.getAttribute("aria-sort");
        var numeric = header.classList.contains("num");
        var next = current === "ascending" ? "descending"
          : current === "descending" ? "ascending"
          : numeric && index !== 0 ? "descending" : "ascending";
        sortTable(table, index, next);
      });
    });
  }

  function applyFilters(form) {
    var group = form.getAttribute("data-filter-for");
    var text = (form.elements.text.value || "").trim().toLowerCase();
    var approach = form.elements.approach.value;
    var openOnly = form.elements.open.checked;
    var task = form.elements.task ? form.elements.task.value : "";
    var shown = 0, total = 0;
    document.querySelectorAll('table[data-filter-group="' + group + '"]').forEach(function (table) {
      var tableTask = table.getAttribute("data-task");
      var tableVisible = !task || !tableTask || tableTask === task;
      var wrapper = table.parentElement && table.parentElement.classList.contains("table-wrap")
        ? table.parentElement : table;
      wrapper.hidden = !tableVisible;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var match = tableVisible &&
          (!text || (row.getAttribute("data-text") || "").toLowerCase().indexOf(text) !== -1) &&
          (!approach || row.getAttribute("data-approach") === approach) &&
          (!openOnly || row.getAttribute("data-open") === "yes");
        row.hidden = !match;
        if (tableVisible) total += 1;
        if (match) shown += 1;
      });
    });
    var output = form.querySelector("output");
    if (output) output.textContent = shown + " of " + total + " rows shown";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.hidden = false;
      form.addEventListener("input", function () { applyFilters(form); });
      form.addEventListener("change", function () { applyFilters(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
  });
})();
