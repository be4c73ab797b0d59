/* The map of /map/: draws the outline (or tiles), the chosen layer and the
 * resident's place with Leaflet. Progressive enhancement: everything the map
 * shows is also in the list below it, which works without this script. */
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  element.hidden = false;
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", data.mapLabel || "Map");

  var map = L.map(element, { scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  map.setView([0, 0], 2);

  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, {
      maxZoom: 18,
      attribution: data.tileAttribution || ""
    }).addTo(map);
  }

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error(response.status + " " + url);
        }
        return response.json();
      }
    );
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }

  function popup(feature) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = feature.properties.name || "";
    box.appendChild(name);
    if (feature.properties.address) {
      box.appendChild(document.createElement("br"));
      box.appendChild(text(feature.properties.address));
    }
    return box;
  }

  var bounds = null;
  var pending = [];
  if (data.outlineUrl) {
    pending.push(
      fetchJson(data.outlineUrl).then(function (outline) {
        var layer = L.geoJSON(outline, {
          style: { color: "#1a4f8b", weight: 2, fillColor: "#cfe0f2", fillOpacity: data.tileUrl ? 0.1 : 0.5 },
          attribution: data.outlineAttribution || ""
        }).addTo(map);
        bounds = layer.getBounds();
      })
    );
  }
  if (data.layerUrl) {
    pending.push(
      fetchJson(data.layerUrl).then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: 7, color: "#ffffff", weight: 2, fillColor: "#c0392b", fillOpacity: 1
            });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(popup(feature));
          }
        }).addTo(map);
        if (!bounds && collection.features.length) {
          bounds = layer.getBounds();
        }
      })
    );
  }
  if (data.placeLat && data.placeLon) {
    var here = [parseFloat(data.placeLat), parseFloat(data.placeLon)];
    L.circleMarker(here, { radius: 9, color: "#000000", weight: 3, fillColor: "#ffd400", fillOpacity: 1 })
      .bindTooltip(text(data.placeLabel), { permanent: true, direction: "top" })
      .addTo(map);
  }
  Promise.all(pending)
    .catch(function () { /* the list below still has every place */ })
    .then(function () {
      if (bounds && bounds.isValid()) {
        map.fitBounds(bounds, { padding: [10, 10] });
      }
    });
})();
