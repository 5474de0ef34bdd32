/* CAM Atlas Region panel: clientside callbacks (namespace "camRegion"); see
 * dashboard/callbacks/region_panel.py. Served from 'self': the CSP needs no hash. */
(function () {
  "use strict";

  var AREA_KEYS = ["area", "areas"];

  function noUpdate() {
    return window.dash_clientside.no_update;
  }

  /* Per-location values, or one scalar when every location gets the default. */
  function perLocation(locations, pick, fallback) {
    var values = locations.map(pick);
    var varied = values.some(function (v) { return v !== fallback; });
    return varied ? values : fallback;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    camRegion: {
      /* Fade map areas outside the program officer's filter and outline the selected area.
       * highlight: {keep: [codes] | null, selected: code | null, faded, selected_line: [colour,
       * width], lines: [[colour, width] per trace]}; only the first two (choropleth) traces. */
      fadeMap: function (highlight, view, figure) {
        if (!highlight || !figure || !figure.data || !figure.data.length) {
          return noUpdate();
        }
        var keep = highlight.keep ? new Set(highlight.keep) : null;
        var selected = highlight.selected;
        var patch = new window.dash_clientside.Patch();
        figure.data.slice(0, 2).forEach(function (trace, i) {
          if (trace.type !== "choropleth") {
            return;
          }
          var locations = trace.locations || [];
          var line = highlight.lines[i] || highlight.lines[0];
          /* plotly.js styles choropleth opacity per trace, not per location: fade with the
           * selection mechanism instead (no selection tool is offered on the map). */
          var kept = null;
          if (keep) {
            kept = [];
            locations.forEach(function (code, j) {
              if (keep.has(code)) {
                kept.push(j);
              }
            });
          }
          patch.assign(["data", i, "selectedpoints"], kept);
          patch.assign(["data", i, "unselected"], {marker: {opacity: highlight.faded}});
          patch.assign(["data", i, "marker", "line", "width"], perLocation(locations, function (code) {
            return code === selected ? highlight.selected_line[1] : line[1];
          }, line[1]));
          patch.assign(["data", i, "marker", "line", "color"], perLocation(locations, function (code) {
            return code === selected ? highlight.selected_line[0] : line[0];
          }, line[0]));
        });
        return patch.build();
      },

      /* Keep the selected area and the area filter in the URL (no reload, no re-render). */
      writeQuery: function (area, areas) {
        var params = new URLSearchParams(window.location.search);
        var values = [area, Array.isArray(areas) ? areas.join(",") : areas];
        for (var i = 0; i < AREA_KEYS.length; i++) {
          if (values[i] === null || values[i] === undefined || values[i] === "") {
            params.delete(AREA_KEYS[i]);
          } else {
            params.set(AREA_KEYS[i], String(values[i]));
          }
        }
        var search = "?" + params.toString().replace(/%2C/g, ",");
        if (search === "?") {
          search = "";
        }
        if (search !== window.location.search) {
          window.history.replaceState(window.history.state, "", window.location.pathname + search + window.location.hash);
        }
        return noUpdate();
      },

      /* After "Show on the map": bring the map into view. */
      scrollToMap: function (nClicks) {
        var map = document.querySelector(".cam-map");
        if (nClicks && map) {
          map.scrollIntoView({behavior: "smooth", block: "start"});
        }
        return noUpdate();
      }
    }
  });
})();
