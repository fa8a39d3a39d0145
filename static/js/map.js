/* The 通いの場MAP (/map/): draws the places of the GeoJSON (#place-map's data-geojson-url) on a
   Leaflet map. The list under the map is the page; this only adds the map above it, so that a
   failed script, a failed fetch or blocked tiles leave the list as it is.

   Grouping where places crowd: at each zoom, every place is projected to screen pixels and put
   in a square of CELL pixels; a square with one place gets an ordinary marker, a square with
   more gets one round mark with the count. Clicking the mark zooms to its places, or, when they
   stand on the same spot (or the map cannot zoom further), opens a list of them. Pixels of the
   projection do not move when the map is panned, so the groups are made again on zoom only. */
(function () {
  "use strict";

  var CELL = 56; // px: marks closer than this are grouped
  var FALLBACK_CENTER = [35.68, 139.5]; // Tama area of Tokyo, when there is no place to show
  var MAX_ZOOM = 18; // the 地理院タイル standard map goes to 18

  var container = document.getElementById("place-map");
  var status = document.getElementById("map-status");
  if (!container || typeof L === "undefined") {
    return;
  }

  function say(text) {
    if (status) {
      status.textContent = text;
      status.hidden = !text;
    }
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // The popup of one place: its name (a link to its page), schedule and next date, in words.
  function placeContent(props) {
    var box = el("div");
    var name = el("p", "", "map-popup-name");
    var link = el("a", props.name);
    link.href = props.url;
    name.appendChild(link);
    box.appendChild(name);
    if (props.status) box.appendChild(el("p", props.status));
    (props.schedule || []).forEach(function (line) {
      box.appendChild(el("p", line));
    });
    if (props.next) box.appendChild(el("p", "次回: " + props.next));
    if (props.venue) box.appendChild(el("p", "会場: " + props.venue));
    return box;
  }

  // The popup of places on the same spot: each name, linked, with its next date.
  function groupContent(places) {
    var box = el("div");
    box.appendChild(el("p", places.length + " か所", "map-popup-name"));
    var list = el("ul");
    places.forEach(function (place) {
      var item = el("li");
      var link = el("a", place.props.name);
      link.href = place.props.url;
      item.appendChild(link);
      if (place.props.next) item.appendChild(el("span", "（次回: " + place.props.next + "）"));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  var data = container.dataset;
  var placeIcon = L.icon({
    iconUrl: data.markerIcon,
    iconRetinaUrl: data.markerIcon2x,
    shadowUrl: data.markerShadow,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    shadowSize: [41, 41],
  });

  container.hidden = false;
  var note = document.getElementById("map-note");
  if (note) note.hidden = true;
  var map = L.map(container, { maxZoom: MAX_ZOOM, zoomControl: false });
  L.control.zoom({ zoomInTitle: "拡大", zoomOutTitle: "縮小" }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  L.tileLayer(data.tileUrl, {
    attribution: data.tileAttribution,
    maxZoom: MAX_ZOOM,
    minZoom: 5,
  }).addTo(map);
  map.setView(FALLBACK_CENTER, 11);

  var layer = L.layerGroup().addTo(map);
  var places = []; // {latlng, props}

  function placeMarker(place) {
    var marker = L.marker(place.latlng, {
      icon: placeIcon,
      title: place.props.name,
      alt: place.props.name,
      keyboard: true,
    });
    marker.bindPopup(placeContent(place.props));
    return marker;
  }

  function sameSpot(group) {
    return group.every(function (place) {
      return place.latlng.equals(group[0].latlng);
    });
  }

  function groupMarker(group) {
    var lat = 0;
    var lng = 0;
    group.forEach(function (place) {
      lat += place.latlng.lat;
      lng += place.latlng.lng;
    });
    var label = group.length + " か所の通いの場（押すと拡大）";
    var marker = L.marker([lat / group.length, lng / group.length], {
      icon: L.divIcon({ className: "map-group", html: "", iconSize: [44, 44] }),
      title: label,
      keyboard: true,
    });
    marker.on("add", function () {
      var node = marker.getElement();
      node.textContent = String(group.length);
      node.setAttribute("aria-label", label);
    });
    var bounds = L.latLngBounds(
      group.map(function (place) {
        return place.latlng;
      })
    );
    marker.on("click", function () {
      var zoom = map.getBoundsZoom(bounds, false, L.point(40, 40));
      if (sameSpot(group) || zoom <= map.getZoom() || map.getZoom() >= map.getMaxZoom()) {
        L.popup().setLatLng(marker.getLatLng()).setContent(groupContent(group)).openOn(map);
      } else {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: MAX_ZOOM });
      }
    });
    return marker;
  }

  function regroup() {
    var zoom = map.getZoom();
    var cells = new Map();
    places.forEach(function (place) {
      var pixel = map.project(place.latlng, zoom);
      var key = Math.floor(pixel.x / CELL) + ":" + Math.floor(pixel.y / CELL);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(place);
    });
    layer.clearLayers();
    cells.forEach(function (group) {
      layer.addLayer(group.length === 1 ? placeMarker(group[0]) : groupMarker(group));
    });
    container.dataset.groups = String(cells.size); // for tests and the curious
  }

  map.on("zoomend", regroup);
  // Leaflet names the popup's close button in English: in Japanese, as the rest of the page.
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", "閉じる");
      close.title = "閉じる";
    }
  });

  fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (collection) {
      places = collection.features.map(function (feature) {
        var lonLat = feature.geometry.coordinates; // GeoJSON: [longitude, latitude]
        return { latlng: L.latLng(lonLat[1], lonLat[0]), props: feature.properties };
      });
      if (places.length) {
        var bounds = L.latLngBounds(
          places.map(function (place) {
            return place.latlng;
          })
        );
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
        say("");
      } else {
        say("地図に表示できる場所はありません。下の一覧をご覧ください。");
      }
      regroup();
      container.dataset.ready = "true";
    })
    .catch(function () {
      say("地図の情報を読み込めませんでした。下の一覧をご覧ください。");
      container.dataset.ready = "failed";
    });
})();
