// Statistics page: draws each <canvas data-chart="slug"> from the JSON in #stats-charts.
// Every chart repeats a table that is on the page, so nothing is lost without JavaScript.
// What the browser pays: Chart.js (210 KB) is only fetched once a chart comes near the screen,
// each chart is drawn in a task of its own when it does, and without animation.
(() => {
  const source = document.getElementById("stats-charts");
  const script = document.currentScript;
  if (!source || !script || !("IntersectionObserver" in window)) {
    return;
  }
  const charts = JSON.parse(source.textContent);
  const palette = ["#0b5d6b", "#e07a1f", "#5aa9b6", "#a04f00", "#8cc7d0", "#073f49", "#f6c28b", "#4d6f76"];
  let library = null;

  function loadChartJs() {
    if (!library) {
      library = new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = script.dataset.chartjs;
        tag.onload = () => {
          window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
          window.Chart.defaults.color = "#3d4a52";
          window.Chart.defaults.animation = false;
          resolve(window.Chart);
        };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  function draw(Chart, canvas) {
    const spec = charts[canvas.dataset.chart];
    if (!spec) {
      return;
    }
    const datasets = spec.datasets.map((dataset, index) => ({
      label: dataset.label,
      data: dataset.data,
      backgroundColor: spec.datasets.length > 1 ? palette[index % palette.length] : palette[0],
      borderRadius: 4,
      maxBarThickness: 36,
    }));
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
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

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) {
          continue;
        }
        observer.unobserve(entry.target);
        loadChartJs().then((Chart) => setTimeout(() => draw(Chart, entry.target), 0));
      }
    },
    { rootMargin: "200px 0px" },
  );
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    observer.observe(canvas);
  }
})();
