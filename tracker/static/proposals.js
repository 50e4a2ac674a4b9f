// Review of proposed tasks: progressive enhancement only. Merging, splitting and deleting
// rows are done by the server (the buttons post the whole table); this only disables the
// buttons that need selected rows while too few are selected.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-proposals]");
  if (!form) return;
  var boxes = function () {
    return form.querySelectorAll("input[type=checkbox][name$='-selected']");
  };
  var sync = function () {
    var n = 0;
    boxes().forEach(function (b) {
      if (b.checked) n += 1;
      var row = b.closest("tr");
      if (row) row.classList.toggle("table-active", b.checked);
    });
    form.querySelectorAll("[data-needs]").forEach(function (btn) {
      btn.disabled = n < parseInt(btn.getAttribute("data-needs"), 10);
    });
  };
  form.addEventListener("change", function (ev) {
    if (ev.target.matches("input[type=checkbox][name$='-selected']")) sync();
  });
  sync();
});
