// The report's only script: search and filters over the chronology, opening the entry a link
// points to, and printing every entry open. The page's Content-Security-Policy allows exactly
// this text (by its hash); everything stays readable without it. It reads record text from the
// page only as text (textContent, dataset) and writes only text, so nothing in a record runs.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var entries = Array.prototype.slice.call(document.querySelectorAll("li.entry"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("[data-entry]"));
  var shown = document.getElementById("shown");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var texts = entries.map(function (li) { return fold(li.textContent); });

  function apply() {
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var kind = form.elements.kind.value, actor = form.elements.actor.value, grade = form.elements.grade.value;
    var visible = {}, count = 0;
    entries.forEach(function (li, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; }) &&
        (!kind || li.dataset.kind === kind) &&
        (!grade || li.dataset.grade === grade) &&
        (!actor || li.dataset.actors.split("\n").indexOf(actor) >= 0);
      li.hidden = !ok;
      if (ok) { visible[li.id] = true; count += 1; }
    });
    marks.forEach(function (mark) {
      mark.classList.toggle("dimmed", !visible[mark.dataset.entry]);
    });
    shown.textContent = count === entries.length
      ? "All " + count + " entries shown"
      : count + " of " + entries.length + " entries shown";
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  // A link to an entry (#story/key) opens it, from another page or from a mark on a chart.
  function openTarget() {
    var raw = window.location.hash.slice(1);
    if (!raw) { return; }
    var target = document.getElementById(raw);
    if (!target) {
      try { target = document.getElementById(decodeURIComponent(raw)); } catch (e) { target = null; }
    }
    if (target && target.classList.contains("entry")) {
      target.hidden = false;
      var details = target.querySelector("details");
      if (details) { details.open = true; }
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Printed, every entry is open; afterwards, as the reader left them.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();
