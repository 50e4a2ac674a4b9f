// Searchable multi-selects (Tom Select, vendored) for <select multiple data-searchable>.
// Typing "chieng le" finds "Phường Chiềng Lề": diacritics-insensitive, like the server's
// search. Without JavaScript, or if Tom Select failed to load, the native select stays.
(function () {
  "use strict";
  function setUp(el) {
    if (el.tomselect || typeof window.TomSelect !== "function") return;
    // Tom Select points the <label for> at its own input: read the name first, and keep it on
    // the (now hidden) select too, which screen readers and axe still see.
    var name = el.getAttribute("aria-label") ||
      ((el.id && document.querySelector("label[for='" + el.id + "']")) || {}).textContent || "";
    if (name && !el.getAttribute("aria-label")) el.setAttribute("aria-label", name.trim());
    var ts = new window.TomSelect(el, {
      plugins: ["remove_button"],
      diacritics: true,
      maxOptions: null,        // the whole unit tree: a ward's units are found by typing anyway
      hideSelected: true,
      closeAfterSelect: false,
      searchField: ["text"],
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = el.getAttribute("data-no-results") || "—";
          return div;
        }
      }
    });
    // The tree's indentation (em spaces) helps in the list, not in a chosen chip.
    ts.on("item_add", function () { ts.setTextboxValue(""); ts.refreshOptions(false); });
    var help = el.parentNode.querySelector(".form-text");
    if (help && el.getAttribute("data-search-help")) help.textContent = el.getAttribute("data-search-help");
    if (name) ts.control_input.setAttribute("aria-label", name.trim());
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[multiple][data-searchable]").forEach(setUp);
  });
})();
