// Report charts (Chart.js 4, vendored). Data comes from data-* attributes and a JSON
// endpoint: the CSP allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  var colors = {on_time: "#198754", late: "#6c757d", within: "#0d6efd", overdue: "#dc3545", no_deadline: "#0dcaf0"};
  var pct = function (v) { return v === null || v === undefined ? "—" : v.toFixed(2).replace(".", ",") + "%"; };

  var unitCanvas = document.getElementById("unit-chart");
  if (unitCanvas) {
    var data = JSON.parse(unitCanvas.getAttribute("data-chart"));
    var horizontal = data.labels.length > 12;
    if (horizontal) {
      // One readable row per unit: the box grows with the number of units.
      unitCanvas.parentNode.style.height = Math.max(320, 26 * data.labels.length + 80) + "px";
    }
    var countAxis = {stacked: true, beginAtZero: true, ticks: {precision: 0}};
    var unitAxis = {stacked: true, ticks: {autoSkip: false}};
    new Chart(unitCanvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return {label: s.label, data: s.data, backgroundColor: colors[s.key], stack: "tasks"};
        })
      },
      options: {
        maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? {x: countAxis, y: unitAxis} : {x: unitAxis, y: countAxis},
        plugins: {legend: {position: "bottom"}}
      }
    });
  }

  var trendCanvas = document.getElementById("trend-chart");
  if (trendCanvas) {
    fetch(trendCanvas.getAttribute("data-trend-src"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) {
        if (!t) return;
        new Chart(trendCanvas, {
          type: "line",
          data: {
            labels: t.labels,
            datasets: [
              {label: t.names.completion_rate, data: t.completion_rate, borderColor: "#0d6efd", spanGaps: true},
              {label: t.names.on_time_rate, data: t.on_time_rate, borderColor: "#198754", spanGaps: true}
            ]
          },
          options: {
            maintainAspectRatio: false,
            scales: {y: {min: 0, max: 100}},
            plugins: {legend: {position: "bottom"},
                      tooltip: {callbacks: {label: function (c) { return c.dataset.label + ": " + pct(c.parsed.y); }}}}
          }
        });
      });
  }
});
