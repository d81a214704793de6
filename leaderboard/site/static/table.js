// Sorting and filtering for the leaderboard tables, the compare page and the item explorer. Plain
// JavaScript, no dependencies, no network requests; every page is fully readable without it. Text
// is only ever set with textContent: names come from contributors.
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
      if (header.querySelector("a")) {
        // A link stays a link; sorting gets its own button beside it (no nested controls).
        button.classList.add("separate");
        button.setAttribute("aria-label", "Sort by " + (header.getAttribute("data-sort-label") || header.textContent.trim()));
        button.textContent = "⇅";
      } else {
        while (header.firstChild) button.appendChild(header.firstChild);
      }
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
    var hideTrained = form.elements.untrained.checked;
    var size = form.elements.size.value;
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
          (!openOnly || row.getAttribute("data-open") === "yes") &&
          (!hideTrained || row.getAttribute("data-trained") !== "yes") &&
          (!size || row.getAttribute("data-size") === size);
        row.hidden = !match;
        if (tableVisible) total += 1;
        if (match) shown += 1;
      });
    });
    var output = form.querySelector("output");
    if (output) output.textContent = shown + " of " + total + " rows shown";
  }

  function cell(row, text, className) {
    var element = document.createElement(row.parentNode && row.parentNode.tagName === "THEAD" ? "th" : "td");
    element.textContent = text;
    if (className) element.className = className;
    row.appendChild(element);
    return element;
  }

  function scoreOf(section, slug) {
    var span = section.querySelector('.compare-scores span[data-slug="' + slug + '"]');
    return span ? span.getAttribute("data-score") : "";
  }

  function compareModels(form) {
    var a = form.elements.a.value, b = form.elements.b.value;
    var nameA = form.elements.a.selectedOptions[0].textContent;
    var nameB = form.elements.b.selectedOptions[0].textContent;
    var result = document.getElementById("compare-result");
    result.textContent = "";
    if (a === b) {
      result.textContent = "Choose two different models.";
      return;
    }
    var table = document.createElement("table");
    table.className = "compare-result";
    var caption = document.createElement("caption");
    caption.textContent = nameA + " compared with " + nameB;
    table.appendChild(caption);
    var head = table.createTHead().insertRow();
    ["Benchmark", nameA + " − " + nameB + " [95% interval]", nameA, nameB].forEach(function (text) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.appendChild(th);
    });
    var body = table.createTBody();
    var shown = 0;
    document.querySelectorAll("section.compare-benchmark").forEach(function (section) {
      var scoreA = scoreOf(section, a), scoreB = scoreOf(section, b);
      if (!scoreA && !scoreB) return;
      var row = body.insertRow();
      var link = document.createElement("a");
      link.href = section.getAttribute("data-href");
      link.textContent = section.getAttribute("data-name");
      var first = document.createElement("th");
      first.scope = "row";
      first.appendChild(link);
      row.appendChild(first);
      var forward = section.querySelector('tr[data-a="' + a + '"][data-b="' + b + '"]');
      var backward = section.querySelector('tr[data-a="' + b + '"][data-b="' + a + '"]');
      var pair = forward || backward;
      var difference = cell(row, pair ? pair.getAttribute(forward ? "data-ab" : "data-ba") : "—", "difference");
      var outcome = document.createElement("span");
      outcome.className = "outcome";
      if (!pair) {
        outcome.textContent = scoreA && scoreB ? "not compared (beyond the first models)" : "only one of them entered";
      } else {
        var better = pair.getAttribute("data-better");
        outcome.textContent = better === a ? "significant: " + nameA + " is better"
          : better === b ? "significant: " + nameB + " is better" : "not significant: statistically tied";
      }
      difference.appendChild(outcome);
      cell(row, scoreA || "not entered", "num");
      cell(row, scoreB || "not entered", "num");
      shown += 1;
    });
    if (!shown) {
      result.textContent = "These two models share no benchmark.";
      return;
    }
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Comparison of the two models");
    wrap.tabIndex = 0;
    wrap.appendChild(table);
    result.appendChild(wrap);
  }

  function setUpCompare(form) {
    var params = new URLSearchParams(window.location.search);
    ["a", "b"].forEach(function (name) {
      var wanted = params.get(name);
      var select = form.elements[name];
      if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
        if (name === "a" && select.value === form.elements.b.value) {
          var other = Array.prototype.find.call(form.elements.b.options, function (o) { return o.value !== wanted; });
          if (other) form.elements.b.value = other.value;
        }
      }
    });
    form.hidden = false;
    form.addEventListener("change", function () { compareModels(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    compareModels(form);
  }

  function filterItems(form) {
    var model = form.elements.model.value;
    var show = form.elements.show.value;
    var table = document.getElementById("items-table");
    table.querySelectorAll("[data-model]").forEach(function (element) {
      element.hidden = Boolean(model) && element.getAttribute("data-model") !== model;
    });
    var shown = 0, total = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var wrong = (row.getAttribute("data-wrong") || "").split(" ").filter(Boolean);
      var match = show === "disagree" ? row.getAttribute("data-disagree") === "yes"
        : show === "wrong" ? (model ? wrong.indexOf(model) !== -1 : wrong.length > 0)
        : true;
      row.hidden = !match;
      total += 1;
      if (match) shown += 1;
    });
    form.querySelector("output").textContent = shown + " of " + total + " items shown";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    var compare = document.getElementById("compare-form");
    if (compare) setUpCompare(compare);
    var items = document.getElementById("item-filters");
    if (items) {
      items.hidden = false;
      items.addEventListener("change", function () { filterItems(items); });
      items.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.hidden = false;
      form.addEventListener("input", function () { applyFilters(form); });
      form.addEventListener("change", function () { applyFilters(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
  });
})();
