// Progressive enhancement only: every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // Show the deadline inputs that fit the chosen deadline kind.
  document.querySelectorAll("[data-deadline-row]").forEach(function (row) {
    var kind = row.querySelector("select[name$='deadline_kind']");
    if (!kind) return;
    var sync = function () {
      row.querySelectorAll("[data-when]").forEach(function (el) {
        el.classList.toggle("d-none", el.getAttribute("data-when") !== kind.value);
      });
    };
    kind.addEventListener("change", sync);
    sync();
  });
  // A long unit filter: the page lists the way down to the chosen unit; the whole tree comes
  // from data-choices-src, whose URL carries the structure version (the browser keeps it).
  document.querySelectorAll("select[data-choices-src]").forEach(function (sel) {
    fetch(sel.getAttribute("data-choices-src"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var chosen = sel.value, first = sel.options[0];
        sel.textContent = "";
        sel.appendChild(first);
        data.units.forEach(function (u) {
          var o = new Option(u[1], u[0]);
          o.selected = String(u[0]) === chosen;
          sel.appendChild(o);
        });
      });
  });
  // Confirm destructive buttons.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
});
