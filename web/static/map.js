/* Draw every map on the page from its JSON data block: markers and coloured lines.
   Tiles come from the configured URL; when no tile server is reachable the markers and
   routes are still drawn on a blank background. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var source = document.getElementById(el.dataset.map);
    if (!source) { return; }
    var data = JSON.parse(source.textContent || "{}");
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var bounds = [];
    (data.lines || []).forEach(function (line) {
      if (!line.coords || line.coords.length < 2) { return; }
      var layer = L.polyline(line.coords, { color: line.colour, weight: 4, opacity: 0.85 });
      layer.bindTooltip(line.label || "").addTo(map);
      line.coords.forEach(function (p) { bounds.push(p); });
    });
    (data.markers || []).forEach(function (m) {
      var marker = L.circleMarker([m.lat, m.lon], {
        radius: m.number ? 9 : 6, color: "#ffffff", weight: 2,
        fillColor: m.colour || "#1f5fbf", fillOpacity: 1
      });
      var label = (m.number ? m.number + " · " : "") + m.label;
      var link = document.createElement("a");
      link.href = m.url; link.textContent = label;
      marker.bindPopup(link).bindTooltip(label).addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 12);
    } else {
      map.setView([14.6, 107.6], 7);
    }
    el.classList.add("map-ready");
  });
}());
