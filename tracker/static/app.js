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
  // Confirm destructive buttons.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
});
