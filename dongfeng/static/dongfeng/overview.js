/* The overview's charts: Apache ECharts (vendored, SVG renderer so they print sharply), drawn
   from the JSON data island the page renders with json_script (CSP: no inline script). Each
   chart's numbers are also in the table beside it, for screen readers and print. */
(function () {
  "use strict";
  var island = document.getElementById("overview-charts");
  if (!island || typeof window.echarts === "undefined") { return; }
  var specs = JSON.parse(island.textContent);
  var palette = ["#b71c1c", "#0b57a4", "#1b7f3b", "#b26a00", "#6a1b9a", "#00838f"];
  var charts = [];

  function option(spec) {
    var percent = spec.percent;
    return {
      color: palette,
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : (percent ? v + "%" : v); } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value", max: percent ? 100 : null, axisLabel: { formatter: percent ? "{value}%" : "{value}" } },
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind, data: s.data, connectNulls: true, barMaxWidth: 28 };
      })
    };
  }

  specs.forEach(function (spec) {
    var box = document.getElementById(spec.id);
    if (!box) { return; }
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(spec));
    box.setAttribute("data-rendered", "true");
    charts.push(chart);
  });

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
  // Print: every table open, the charts at the page's width; then back.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".overview details").forEach(function (d) { d.open = true; });
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("afterprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
