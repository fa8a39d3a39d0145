/* The venue admin's point picker (carenet/directory/widgets.py): a click on the map, or the
   dragged marker, fills the latitude and longitude inputs (6 places, as the venue keeps them);
   typing a number moves the marker. The inputs stay the source of truth: without this script
   they are typed as they are. */
(function () {
  "use strict";

  var DEFAULT_CENTER = [35.67, 139.5]; // between Mitaka and Tama
  var PLACES = 6;

  function round(value) {
    return value.toFixed(PLACES);
  }

  function number(input) {
    var value = parseFloat(input.value);
    return isNaN(value) ? null : value;
  }

  function setUp(node) {
    var data = node.dataset;
    var latInput = document.getElementById(data.latitudeInput);
    var lonInput = document.getElementById(data.longitudeInput);
    if (!latInput || !lonInput || typeof L === "undefined") return;

    node.parentNode.hidden = false;
    var icon = L.icon({
      iconUrl: data.markerIcon,
      iconRetinaUrl: data.markerIcon2x,
      shadowUrl: data.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41],
    });
    var map = L.map(node, { zoomControl: false });
    L.control.zoom({ zoomInTitle: "拡大", zoomOutTitle: "縮小" }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 18 }).addTo(map);

    var marker = null;

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        return;
      }
      marker = L.marker(latlng, {
        icon: icon,
        draggable: true,
        keyboard: true,
        title: "会場の位置",
        alt: "会場の位置",
      }).addTo(map);
      marker.on("dragend", function () {
        fill(marker.getLatLng());
      });
    }

    function fill(latlng) {
      latInput.value = round(latlng.lat);
      lonInput.value = round(latlng.lng);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      lonInput.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function fromInputs() {
      var lat = number(latInput);
      var lon = number(lonInput);
      if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return;
      place([lat, lon]);
      map.panTo([lat, lon]);
    }

    var lat = number(latInput);
    var lon = number(lonInput);
    if (lat !== null && lon !== null) {
      map.setView([lat, lon], 16);
      place([lat, lon]);
    } else {
      map.setView(DEFAULT_CENTER, 12);
    }

    map.on("click", function (event) {
      place(event.latlng);
      fill(event.latlng);
    });
    latInput.addEventListener("input", fromInputs);
    lonInput.addEventListener("input", fromInputs);
  }

  function start() {
    document.querySelectorAll(".point-picker-map").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
