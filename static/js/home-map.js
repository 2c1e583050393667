// Home page: the member clusters on a world map. The list beside it is the same content
// without JavaScript (and for screen readers: the map itself is aria-hidden).
// What the browser pays: the map's library and world outline (140 KB) are only fetched once the
// map comes near the screen.
(() => {
  const data = document.getElementById("cluster-map-data");
  const container = document.getElementById("cluster-map");
  const script = document.currentScript;
  if (!data || !container || !script || !("IntersectionObserver" in window)) {
    return;
  }

  function load(src) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        load(script.dataset.library)
          .then(() => load(script.dataset.world))
          .then(draw);
      }
    },
    { rootMargin: "200px 0px" },
  );
  observer.observe(container);

  function draw() {
    const clusters = JSON.parse(data.textContent);
    new window.jsVectorMap({
      selector: "#cluster-map",
      map: "world",
      backgroundColor: "transparent",
      zoomButtons: false,
      zoomOnScroll: false,
      draggable: false,
      regionsSelectable: false,
      markersSelectable: false,
      regionStyle: {
        initial: { fill: "#c9dde1", stroke: "#ffffff", strokeWidth: 0.4, fillOpacity: 1 },
        hover: { fillOpacity: 1, cursor: "default" },
      },
      markerStyle: {
        initial: { fill: "#e07a1f", stroke: "#073f49", strokeWidth: 2, r: 7 },
        hover: { fill: "#073f49", stroke: "#ffb36b", cursor: "pointer" },
      },
      markers: clusters.map((cluster) => ({ name: cluster.name, coords: cluster.coords })),
      onRegionTooltipShow(event) {
        event.preventDefault();
      },
      onMarkerClick(event, index) {
        const cluster = clusters[Number(index)];
        if (cluster) {
          window.location.assign(cluster.url);
        }
      },
    });
  }
})();
