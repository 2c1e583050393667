// Statistics page: draws each <canvas data-chart="slug"> from the JSON in #stats-charts.
// Every chart repeats a table that is on the page, so nothing is lost without JavaScript.
(() => {
  const source = document.getElementById("stats-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const charts = JSON.parse(source.textContent);
  const palette = ["#0b5d6b", "#e07a1f", "#5aa9b6", "#a04f00", "#8cc7d0", "#073f49", "#f6c28b", "#4d6f76"];
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.color = "#3d4a52";

  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const spec = charts[canvas.dataset.chart];
    if (!spec) {
      continue;
    }
    const datasets = spec.datasets.map((dataset, index) => ({
      label: dataset.label,
      data: dataset.data,
      backgroundColor: spec.datasets.length > 1 ? palette[index % palette.length] : palette[0],
      borderRadius: 4,
      maxBarThickness: 36,
    }));
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : { duration: 400 },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
        },
        scales: {
          x: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }
})();
