// Says what a typed deadline becomes before saving: a day off moves to the next working day
// (Điều 148 Bộ luật Dân sự 2015), "N ngày làm việc" gives a date. The answer comes from the
// server's calendar (/calendar/resolve), never a copy of it. Without this script the forms
// say the same on submit and ask to confirm.
(function () {
  "use strict";
  var DATE = /^\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{2}-\d{2})\s*$/;
  var DAYS = /^\s*\d{1,4}\s*$/;

  function box(input) {
    var id = input.id + "-hint";
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = "form-text due-hint";
      el.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", el);
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + id).trim());
    }
    return el;
  }

  function update(input) {
    var url = document.body.getAttribute("data-resolve-url");
    var kind = input.getAttribute("data-resolve");
    var value = input.value;
    var out = box(input);
    var query;
    if (kind === "days" && DAYS.test(value)) {
      query = "working_days=" + encodeURIComponent(value.trim());
      var from = input.getAttribute("data-resolve-from");
      if (from) query += "&from=" + encodeURIComponent(from);
    } else if (kind === "date" && DATE.test(value)) {
      query = "date=" + encodeURIComponent(value.trim());
    } else {
      out.textContent = "";
      return;
    }
    var seq = (input._dueSeq || 0) + 1;
    input._dueSeq = seq;
    fetch(url + "?" + query, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (input._dueSeq !== seq) return;  // an older answer arriving late
        out.textContent = data.message || data.error || "";
        out.classList.toggle("text-warning-emphasis", !!data.moved);
        out.classList.toggle("fw-semibold", !!data.moved);
      })
      .catch(function () { out.textContent = ""; });
  }

  function onInput(ev) {
    var t = ev.target;
    if (t && t.matches && t.matches("input[data-resolve]")) update(t);
  }
  document.addEventListener("input", onInput);
  document.addEventListener("change", onInput);
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.body.getAttribute("data-resolve-url")) return;
    document.querySelectorAll("input[data-resolve]").forEach(function (input) {
      if (input.value) update(input);
    });
  });
})();
