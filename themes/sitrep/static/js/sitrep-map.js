/* sitrep's maps: events, areas and places drawn on Leaflet from the GeoJSON that
   generators/maps.py writes. Folium sets up each map and calls sitrepMap.full() or
   sitrepMap.small() with it.

   Every text that comes from content (titles, names) reaches the page through
   textContent, never as HTML, so a title such as <img onerror=...> or ${...} is shown as
   written and runs nothing.

   The few labels the script writes itself come in its options (`opts.text`, in the page's
   language, from generators/maps.py), with the locale it writes dates and numbers in
   (`opts.locale`; none: its own English "6 Aug 2016"). */
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var DAY_MS = 86400000;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var AREA_PANE = "sitrepAreas"; // under the events, so that areas never hide a marker
  var SIEGE_EDGE = "#222"; // the dark outline or edges of a siege (mapdata.SIEGE_EDGE)

  var locale = null; // the page's, once a map has set it up

  // "%(name)s" placeholders of a label filled with values, as gettext's Python format.
  function say(opts, key, values) {
    return opts.text[key].replace(/%\((\w+)\)s/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }
  function num(n) {
    return new Intl.NumberFormat(locale || "en").format(n); // "100,000" in English
  }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS;
  }
  function isoOf(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }

  // The date boxes write dates as year-month-day in the page's digits (Arabic-Indic on
  // /ar/, when the site uses them) and read them in any digits.
  var DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
  function latinDigits(text) {
    return String(text).trim().replace(DIGITS, function (d) {
      var code = d.charCodeAt(0);
      return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
  }
  function pageDigits(text) {
    if (!locale) { return text; }
    var format = new Intl.NumberFormat(locale, { useGrouping: false });
    return text.replace(/[0-9]/g, function (d) { return format.format(+d); });
  }
  function readDay(text) {
    var iso = latinDigits(text).replace(/[\/.\u060c]/g, "-");
    if (!ISO.test(iso)) { return null; }
    var n = dayNumber(iso);
    return isoOf(n) === iso ? n : null; // 2016-02-30 is no day
  }
  function shortDate(n) {
    var d = new Date(n * DAY_MS);
    if (locale) {
      return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric",
        timeZone: "UTC" }).format(d);
    }
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function swatch(colour) {
    var s = el("span", "map-swatch map-swatch-dot");
    s.style.setProperty("--swatch", colour);
    return s;
  }

  // --- events ---------------------------------------------------------------------------

  function prepare(feature) {
    var p = feature.properties;
    feature.start = dayNumber(p.date);
    feature.end = p.end ? dayNumber(p.end) : feature.start;
    return feature;
  }

  function monthText(d) {
    if (locale) {
      return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    }
    return LONG_MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function whenText(feature, opts) {
    var p = feature.properties, d = new Date(feature.start * DAY_MS);
    if (p.when === "month") {
      return say(opts, "month", { month: monthText(d) });
    }
    if (p.when === "week") {
      var monday = feature.start - ((d.getUTCDay() + 6) % 7);
      return say(opts, "week", { day: shortDate(monday) });
    }
    if (feature.end === feature.start) { return shortDate(feature.start); }
    return say(opts, "range", { start: shortDate(feature.start), end: shortDate(feature.end) });
  }

  // A popup's box, in the page's language and direction.
  function popupBox(opts) {
    var box = el("div", "map-popup");
    if (opts.lang) { box.setAttribute("lang", opts.lang); }
    if (opts.dir) { box.setAttribute("dir", opts.dir); }
    return box;
  }

  // /map/ loads titles on first use (see SiteMaps.data_files); small maps have them inline.
  function titleOf(feature, opts) {
    var p = feature.properties;
    return p.title || opts.types[p.type].label + ", " + whenText(feature, opts);
  }

  function eventPopup(feature, opts, root, titles) {
    var p = feature.properties, type = opts.types[p.type];
    var box = popupBox(opts);
    var kicker = el("p", "map-popup-kicker");
    kicker.appendChild(swatch(type.colour));
    kicker.appendChild(document.createTextNode(type.label));
    box.appendChild(kicker);
    var title = el("p", "map-popup-title");
    var link = el("a", null, p.title || say(opts, "open"));
    link.href = root + "/events/" + encodeURIComponent(feature.id) + "/";
    if (!p.title && titles) {
      titles().then(function () { if (p.title) { link.textContent = p.title; } });
    }
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(el("p", "map-popup-when", whenText(feature, opts)));
    box.appendChild(el("p", "map-popup-grade",
      say(opts, "assessment", { grade: p.grade ? opts.grades[p.grade] : say(opts, "unassessed") })));
    if (p.geo) {
      var km = Math.round(opts.radius[p.geo] / 1000);
      box.appendChild(el("p", "map-popup-geo", say(opts, "approximate",
        { km: num(km), precision: opts.precisions[p.geo] || p.geo })));
    }
    return box;
  }

  function eventLayer(feature, opts, root, titles) {
    var p = feature.properties, c = feature.geometry.coordinates;
    var at = L.latLng(c[1], c[0]), colour = opts.types[p.type].colour, layer;
    if (p.geo) {
      layer = L.circle(at, { radius: opts.radius[p.geo], color: colour, weight: 2,
        dashArray: "5 4", fillColor: colour, fillOpacity: 0.15, className: "map-event map-approx" });
    } else {
      layer = L.circleMarker(at, { radius: 8, color: "#fff", weight: 2, fillColor: colour,
        fillOpacity: 0.95, className: "map-event" });
    }
    layer.sitrepType = p.type;
    layer.bindPopup(function () { return eventPopup(feature, opts, root, titles); });
    layer.bindTooltip(function () { return el("span", null, titleOf(feature, opts)); });
    popupOverTooltip(layer);
    if (titles && !p.title) {
      layer.once("mouseover", function () {
        titles().then(function () { layer.setTooltipContent(el("span", null, titleOf(feature, opts))); });
      });
    }
    return layer;
  }

  // A popup replaces its layer's hover tooltip: never both beside each other.
  function popupOverTooltip(layer) {
    var tooltip = layer.getTooltip();
    if (!tooltip) { return; }
    layer.on("popupopen", function () { layer.unbindTooltip(); });
    layer.on("popupclose", function () { layer.bindTooltip(tooltip); });
  }

  function clusterIcon(opts) {
    return function (cluster) {
      var counts = {}, total = 0;
      cluster.getAllChildMarkers().forEach(function (m) {
        counts[m.sitrepType] = (counts[m.sitrepType] || 0) + 1;
        total += 1;
      });
      var stops = [], done = 0;
      Object.keys(opts.types).forEach(function (type) {
        if (!counts[type]) { return; }
        var from = done / total * 360;
        done += counts[type];
        stops.push(opts.types[type].colour + " " + from.toFixed(1) + "deg " + (done / total * 360).toFixed(1) + "deg");
      });
      var ring = el("div", "map-cluster");
      ring.style.background = "conic-gradient(" + stops.join(",") + ")";
      ring.appendChild(el("span", null, total));
      var size = total < 10 ? 34 : total < 100 ? 40 : 48;
      return L.divIcon({ html: ring, className: "map-cluster-icon", iconSize: L.point(size, size) });
    };
  }

  // A cluster opened (spiderfied) fans out into targets a finger can hit: every marker at
  // least 32 px across, far enough apart not to overlap, the circles of approximate places
  // drawn as plain markers while they are fanned out (their ground radius would overlap).
  var TARGET_PX = 16;
  function clusterGroup(opts, map) {
    var cluster = L.markerClusterGroup({
      iconCreateFunction: clusterIcon(opts),
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 2,
      chunkedLoading: true
    });
    cluster.on("spiderfied", function (e) {
      var lat = e.cluster.getLatLng().lat * Math.PI / 180;
      var metresPerPixel = 40075016.686 * Math.cos(lat) / Math.pow(2, map.getZoom() + 8);
      e.markers.forEach(function (m) {
        if (m instanceof L.Circle) {
          m.sitrepRadius = m.getRadius();
          m.setRadius(TARGET_PX * metresPerPixel);
          m.setStyle({ dashArray: null, fillOpacity: 0.95, color: "#fff" });
        } else { m.setRadius(TARGET_PX); }
      });
    });
    cluster.on("unspiderfied", function (e) {
      e.markers.forEach(function (m) {
        if (m instanceof L.Circle) {
          m.setRadius(m.sitrepRadius);
          m.setStyle({ dashArray: "5 4", fillOpacity: 0.15, color: m.options.fillColor });
        } else { m.setRadius(8); }
      });
    });
    return cluster;
  }

  // --- areas ----------------------------------------------------------------------------

  function hatch(layer, colour) {
    // Leaflet has no pattern fills: add an SVG pattern next to the path and point to it.
    var path = layer.getElement && layer.getElement();
    if (!path || !path.ownerSVGElement) { return; }
    var svg = path.ownerSVGElement, id = "sitrep-hatch-" + colour.replace(/[^0-9a-z]/gi, "");
    if (!svg.querySelector("#" + id)) {
      var ns = "http://www.w3.org/2000/svg";
      var defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(ns, "defs"), svg.firstChild);
      var pattern = document.createElementNS(ns, "pattern");
      pattern.setAttribute("id", id);
      pattern.setAttribute("width", "8");
      pattern.setAttribute("height", "8");
      pattern.setAttribute("patternUnits", "userSpaceOnUse");
      pattern.setAttribute("patternTransform", "rotate(45)");
      [["8", "0.1"], ["3", "0.55"]].forEach(function (r) {
        var rect = document.createElementNS(ns, "rect");
        rect.setAttribute("width", r[0]);
        rect.setAttribute("height", "8");
        rect.setAttribute("fill", colour);
        rect.setAttribute("fill-opacity", r[1]);
        pattern.appendChild(rect);
      });
      defs.appendChild(pattern);
    }
    path.setAttribute("fill", "url(#" + id + ")");
    path.setAttribute("fill-opacity", "1");
  }

  function areaPopup(p, opts) {
    var box = popupBox(opts);
    box.appendChild(el("p", "map-popup-kicker", say(opts, p.status === "claimed" ? "claimed" : "assessed",
      { kind: opts.kinds[p.kind] || p.kind })));
    box.appendChild(el("p", "map-popup-title", p.name));
    box.appendChild(el("p", null, say(opts, "held", { actor: p.held_by })));
    var from = shortDate(dayNumber(p.valid_from));
    box.appendChild(el("p", null, p.valid_until
      ? say(opts, "fromUntil", { start: from, end: shortDate(dayNumber(p.valid_until)) })
      : say(opts, "from", { start: from })));
    if (p.status === "claimed") {
      box.appendChild(el("p", "map-popup-geo", say(opts, "claimedNote")));
    }
    return box;
  }

  function areaLayer(feature, opts) {
    var p = feature.properties, colour = p.colour, claimed = p.status === "claimed";
    // Each style (kind, line or shape, claimed or not) as svgmap.py draws it and the legend
    // names it (generators/views/mapdata.py, STYLE_LABELS).
    var line = feature.geometry.type === "LineString", thin = line && p.kind === "corridor";
    var style = {
      color: p.kind === "siege" && !line ? SIEGE_EDGE : colour,
      weight: line ? (thin ? 3 : 5) : p.kind === "siege" ? 3.5 : 2,
      dashArray: claimed ? "8 6" : null,
      fillColor: colour,
      fillOpacity: claimed ? 0.5 : 0.22,
      className: "map-area map-area-" + p.kind + (claimed ? " map-claimed" : "")
    };
    // A line gets a white casing underneath; made first, so that it is drawn first.
    var casing = line ? L.geoJSON(feature, { pane: AREA_PANE, interactive: false, style: function () {
      return { color: p.kind === "siege" ? SIEGE_EDGE : "#fff", weight: thin ? 6 : 9, opacity: 0.9 };
    } }) : null;
    var shape = L.geoJSON(feature, { pane: AREA_PANE, style: function () { return style; } });
    var layer = line ? L.layerGroup([casing, shape]) : shape;
    if (claimed && !line) {
      shape.on("add", function () { shape.eachLayer(function (l) { hatch(l, colour); }); });
    }
    shape.bindPopup(function () { return areaPopup(p, opts); });
    shape.bindTooltip(function () { return el("span", null, p.name); }, { sticky: true });
    popupOverTooltip(shape);
    layer.sitrepArea = feature;
    return layer;
  }

  function inForce(feature, day) {
    var p = feature.properties;
    return dayNumber(p.valid_from) <= day && (!p.valid_until || day < dayNumber(p.valid_until));
  }

  // --- places ---------------------------------------------------------------------------

  function drawPlaces(group, places) {
    places.forEach(function (place) {
      var marker = L.circleMarker([place[1], place[2]], { radius: 3, color: "#333", weight: 1,
        fillColor: "#fff", fillOpacity: 1, interactive: false, className: "map-place" });
      marker.bindTooltip(el("span", null, place[0]), { permanent: true, direction: "right",
        className: "map-place-label" + (place[3] === 0 ? " map-place-minor" : "") });
      group.addLayer(marker);
    });
  }

  // Place labels never run past the map's edge (a phone cut "Eastern Aleppo (oppos…") and
  // never lie under a marker: a label that would is put on another side of its dot, and
  // hidden when no side is free.
  var SIDES = ["right", "left", "top", "bottom"];
  function keepLabelsInside(map, group) {
    var container = map.getContainer();
    function overlaps(a, b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    function inside(box, frame) {
      return box.left >= frame.left && box.right <= frame.right &&
        box.top >= frame.top && box.bottom <= frame.bottom;
    }
    function fit() {
      var frame = container.getBoundingClientRect();
      var markers = Array.prototype.map.call(
        container.querySelectorAll(".map-cluster-icon, path.map-event:not(.map-approx)"),
        function (m) { return m.getBoundingClientRect(); });
      group.eachLayer(function (marker) {
        var tooltip = marker.getTooltip(), node = tooltip && tooltip.getElement();
        if (!node) { return; }
        node.classList.remove("map-label-hidden");
        SIDES.some(function (side) {
          tooltip.options.direction = side;
          tooltip.update();
          var box = node.getBoundingClientRect();
          return inside(box, frame) && !markers.some(function (m) { return overlaps(box, m); });
        }) || node.classList.add("map-label-hidden");
      });
    }
    var later = null;
    function soon() {  // once markers have settled (clusters animate on zoom)
      window.clearTimeout(later);
      later = window.setTimeout(function () { window.requestAnimationFrame(fit); }, 300);
    }
    map.on("zoomend moveend resize layeradd", soon);
    map.whenReady(function () { window.requestAnimationFrame(fit); });
  }

  // The map fits its features at whatever width it is shown, also when that width changes
  // (a phone turned, a window resized), until the reader moves it.
  function keepFitted(map, bounds, maxZoom) {
    var moved = false;
    fit(map, bounds, maxZoom);
    map.on("dragstart", function () { moved = true; });
    map.getContainer().addEventListener("wheel", function () { moved = true; }, { passive: true });
    map.on("zoomstart", function (e) { if (e && e.originalEvent) { moved = true; } });
    if (!window.ResizeObserver) { return; }
    var width = map.getContainer().clientWidth;
    new ResizeObserver(function () {
      var now = map.getContainer().clientWidth;
      if (now === width) { return; }
      width = now;
      map.invalidateSize();
      if (!moved) { fit(map, bounds, maxZoom); }
    }).observe(map.getContainer());
  }

  function setUp(map, opts) {
    locale = opts.locale || null;
    var container = map.getContainer();
    var figure = container.closest("figure");
    map.attributionControl.setPrefix(false);
    map.createPane(AREA_PANE).style.zIndex = 350;
    // The site's own basemap (BASEMAP): one PMTiles file read from this site by range
    // requests, drawn by protomaps-leaflet under the areas, labels in the page's language.
    var basemap = figure && figure.getAttribute("data-basemap");
    if (basemap && opts.basemap && window.protomapsL) {
      protomapsL.leafletLayer({ url: basemap, flavor: "light", lang: opts.lang || "en",
        maxDataZoom: opts.basemap.maxDataZoom, attribution: opts.basemap.attribution,
        noWrap: true }).addTo(map);
    }
    function zoomClass() {
      container.classList.toggle("map-zoomed-out", map.getZoom() < 11);
    }
    map.on("zoomend", zoomClass);
    zoomClass();
    return { container: container, root: figure ? figure.getAttribute("data-root") || "" : "" };
  }

  // `cache`: fetch's cache mode; "no-cache" asks the server whether a kept copy is current.
  function getJSON(url, cache) {
    return fetch(url, { cache: cache || "default" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  function dropStatic(container) {
    var fallback = container.querySelector(".map-static");
    if (fallback) { fallback.parentNode.removeChild(fallback); }
    container.classList.add("map-live");
  }

  // Padding of half a marker and more: no marker is cut at the map's edge.
  function fit(map, bounds, maxZoom) {
    map.fitBounds(bounds, { maxZoom: maxZoom, padding: [24, 24] });
  }

  // --- a small map: its data are inline, next to it, or in a file beside the page (a
  // place's map: its events can be thousands); the static map stays until they are drawn.
  // Its areas are those of /map/'s areas file in force on its day: one file the browser
  // keeps, not a copy in each page. It is revalidated ("no-cache": the server sends it
  // again only when it changed), so no kept copy shows an area no longer held. -----------

  function small(map, opts, layers) {
    var page = setUp(map, opts);
    var source = document.getElementById(page.container.id + "-data");
    var url = source.getAttribute("data-src");
    var loaded = url ? getJSON(url) : Promise.resolve(JSON.parse(source.textContent));
    loaded.then(function (data) {
      if (!data.areas) { return [data, []]; }
      var file = page.container.closest("figure").getAttribute("data-areas");
      return getJSON(file, "no-cache").then(function (areas) {
        var day = dayNumber(data.areas.day);
        return [data, areas.features.filter(function (f) { return inForce(f, day); })];
      });
    }).then(function (both) {
      drawSmall(map, opts, layers, page, both[0], both[1]);
    }, function () { /* not loaded: the static map stays, with every event and area on it */ });
  }

  function drawSmall(map, opts, layers, page, data, areas) {
    keepFitted(map, data.bounds, 14);
    areas.forEach(function (f) {
      areaLayer(f, opts).addTo(map);
    });
    drawPlaces(layers.places, data.places);
    keepLabelsInside(map, layers.places);
    var cluster = clusterGroup(opts, map);
    cluster.addLayers(data.events.features.map(function (f) {
      return eventLayer(prepare(f), opts, page.root, null);
    }));
    cluster.addTo(map);
    page.container.setAttribute("data-areas-shown", String(areas.length));
    dropStatic(page.container);
  }

  // --- /map/: the events of the dates shown, fetched by period, filtered by type and date -

  function full(map, opts, layers) {
    var page = setUp(map, opts);
    keepFitted(map, opts.bounds, 14);
    var form = document.getElementById(opts.filter);
    var min = dayNumber(opts.dates.min), max = dayNumber(opts.dates.max);
    var fields = {
      from: document.getElementById("map-from"), to: document.getElementById("map-to"),
      fromRange: document.getElementById("map-from-range"), toRange: document.getElementById("map-to-range"),
      all: document.getElementById("map-all"), status: document.getElementById("map-status"),
      note: document.getElementById("map-dates-note")
    };
    var range = readRange();
    // The map's state lives in the address, so that a reader can send what they see:
    // ?from=...&to=... (the dates), off=type-battles,area-siege (layers switched off) and
    // event=ID (the event whose popup is open).
    var start = new URLSearchParams(window.location.search);
    var selected = start.get("event");
    (start.get("off") || "").split(",").forEach(function (name) {
      var key = name.replace("-", ":");
      if (layers[key] && map.hasLayer(layers[key])) { map.removeLayer(layers[key]); }
    });
    var events = [], areas = [], cluster = clusterGroup(opts, map), failed = null;
    // The period files (see generators/mapperiods.py): each is fetched once, when the
    // dates shown first reach its events; its titles once, when one of them is first used.
    var periods = opts.periods.map(function (p) {
      return { file: p, first: dayNumber(p.first), last: dayNumber(p.last), features: null,
        loading: null, titles: null };
    });
    cluster.addTo(map);
    drawPlaces(layers.places, opts.places);
    keepLabelsInside(map, layers.places);

    function readRange() {
      var query = new URLSearchParams(window.location.search);
      var from = query.get("from"), to = query.get("to");
      var start = from && ISO.test(from) ? dayNumber(from) : dayNumber(opts.dates.start);
      var end = to && ISO.test(to) ? dayNumber(to) : dayNumber(opts.dates.end);
      start = Math.min(Math.max(start, min), max);
      end = Math.min(Math.max(end, min), max);
      return start <= end ? [start, end] : [end, start];
    }

    function showRange() {
      fields.from.value = pageDigits(isoOf(range[0]));
      fields.to.value = pageDigits(isoOf(range[1]));
      fields.fromRange.value = range[0] - min;
      fields.toRange.value = range[1] - min;
    }

    function keepInAddress() {
      var query = new URLSearchParams(window.location.search);
      query.set("from", isoOf(range[0]));
      query.set("to", isoOf(range[1]));
      var off = Object.keys(layers).filter(function (key) { return !map.hasLayer(layers[key]); });
      if (off.length) {
        query.set("off", off.map(function (key) { return key.replace(":", "-"); }).join(","));
      } else { query.delete("off"); }
      if (selected) { query.set("event", selected); } else { query.delete("event"); }
      window.history.replaceState(null, "", "?" + query.toString() + window.location.hash);
    }

    function typeOn(type) {
      var group = layers["type:" + type];
      return !group || map.hasLayer(group);
    }

    // Periods with an event on a day of `r` that are not loaded yet.
    function missing(r) {
      return periods.filter(function (p) { return !p.features && p.first <= r[1] && p.last >= r[0]; });
    }

    function statusText(shown, held) {
      var dates = { start: shortDate(range[0]), end: shortDate(range[1]) };
      if (failed) { return say(opts, "failed", { start: dates.start, end: dates.end, error: failed }); }
      if (missing(range).length) { return say(opts, "loading", dates); }
      var text = say(opts, "status", {
        shown: num(shown), total: num(opts.total), start: dates.start, end: dates.end,
        day: dates.end, areas: num(held)
      });
      var more = periods.some(function (p) { return !p.features; });
      return more ? text + " " + say(opts, "more") : text;
    }

    function apply() {
      var shown = events.filter(function (f) {
        return f.start <= range[1] && f.end >= range[0] && typeOn(f.properties.type);
      });
      cluster.clearLayers();
      cluster.addLayers(shown.map(function (f) { return f.layer; }));
      Object.keys(layers).forEach(function (key) {
        if (key.indexOf("area:") === 0) { layers[key].clearLayers(); }
      });
      var held = areas.filter(function (f) { return inForce(f, range[1]); });
      held.forEach(function (f) {
        var group = layers["area:" + f.properties.kind];
        if (group) { group.addLayer(f.layer); }
      });
      fields.status.textContent = statusText(shown.length, held.length);
      page.container.setAttribute("aria-busy", missing(range).length ? "true" : "false");
      page.container.setAttribute("data-events-shown", String(shown.length));
      page.container.setAttribute("data-events-loaded", String(events.length));
      page.container.setAttribute("data-areas-shown", String(held.length));
    }

    // Fetch the periods the dates shown need (each once); resolves when all are in.
    function loadRange() {
      return Promise.all(missing(range).map(function (p) {
        if (!p.loading) {
          p.loading = getJSON(p.file.events).then(function (collection) {
            var titles = function () { return titlesOf(p); };
            p.features = collection.features.map(function (f) {
              prepare(f).layer = eventLayer(f, opts, page.root, titles);
              f.layer.on("popupopen", function () { selected = f.id; keepInAddress(); });
              f.layer.on("popupclose", function () {
                if (selected === f.id) { selected = null; keepInAddress(); }
              });
              return f;
            });
            events = events.concat(p.features);
          }, function (error) {
            p.loading = null; // the next change of dates tries again
            throw error;
          });
        }
        return p.loading;
      }));
    }

    // `start` and `end` as the reader set them: a "From" after "To" is swapped, and the
    // note says so (never silently ignored).
    function choose(start, end) {
      start = Math.min(Math.max(start, min), max);
      end = Math.min(Math.max(end, min), max);
      range = start <= end ? [start, end] : [end, start];
      fields.note.textContent = start <= end ? "" : say(opts, "swapped");
      failed = null;
      showRange();
      keepInAddress();
      apply();
      if (missing(range).length) {
        loadRange().then(apply, function (error) {
          failed = error.message;
          apply();
        });
      }
    }

    // A period's titles come in their own file, in feature order; fetched on first use.
    // Open the popup of an event's layer, opening its cluster first (MarkerCluster's own
    // zoomToShowLayer waits for a marker icon, which circle markers have not).
    function reveal(layer, again) {
      if (map.hasLayer(layer)) { layer.openPopup(); return; } // drawn on its own
      var parent = cluster.getVisibleParent(layer);
      if (parent && parent.spiderfy) {
        cluster.once("spiderfied", function () { layer.openPopup(); });
        parent.spiderfy();
      } else if (again) { // out of view: centre it, then try once more
        map.once("moveend", function () { reveal(layer, false); });
        map.panTo(layer.getLatLng());
      }
    }

    function titlesOf(p) {
      if (!p.titles) {
        p.titles = getJSON(p.file.titles).then(function (list) {
          if (list.length !== p.features.length) { return; }
          p.features.forEach(function (f, i) { f.properties.title = list[i]; });
        }).catch(function () { /* popups keep their date and type */ });
      }
      return p.titles;
    }

    Promise.all([getJSON(opts.areas), loadRange()]).then(function (loaded) {
      areas = loaded[0].features.map(function (f) {
        f.layer = areaLayer(f, opts);
        return f;
      });
      form.hidden = false;
      showRange();
      apply();
      dropStatic(page.container);
      function typed(field, which) {
        var day = readDay(field.value);
        if (day === null) {
          fields.note.textContent = say(opts, "badDate", { example: pageDigits(isoOf(range[which])) });
          field.setAttribute("aria-invalid", "true");
          return;
        }
        field.removeAttribute("aria-invalid");
        choose(which === 0 ? day : range[0], which === 1 ? day : range[1]);
      }
      fields.from.addEventListener("change", function () { typed(fields.from, 0); });
      fields.to.addEventListener("change", function () { typed(fields.to, 1); });
      fields.fromRange.addEventListener("input", function () {
        choose(min + Number(fields.fromRange.value), Math.max(range[1], min + Number(fields.fromRange.value)));
      });
      fields.toRange.addEventListener("input", function () {
        choose(Math.min(range[0], min + Number(fields.toRange.value)), min + Number(fields.toRange.value));
      });
      fields.all.addEventListener("click", function () { choose(min, max); });
      map.on("overlayadd overlayremove", function (e) {
        if (Object.keys(layers).some(function (k) { return k.indexOf("type:") === 0 && layers[k] === e.layer; })) {
          apply();
        }
        keepInAddress();
      });
      // The event named in the address: its popup opens, its cluster opened to show it.
      var chosen = selected && events.filter(function (f) { return f.id === selected; })[0];
      if (chosen && cluster.hasLayer(chosen.layer)) { reveal(chosen.layer, true); } else { selected = null; }
    }).catch(function (error) {
      // The static map and the list stay in place.
      page.container.classList.add("map-failed");
      var note = el("p", "map-error", say(opts, "error", { error: error.message }));
      page.container.parentNode.insertBefore(note, page.container);
    });
  }

  window.sitrepMap = { full: full, small: small };
}());
