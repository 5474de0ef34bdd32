/* CAM Atlas clientside callbacks (namespace "cam") and the no-data hatch pattern.
 * Served from 'self', so the Content-Security-Policy needs no hash for them. */
(function () {
  "use strict";

  var QUERY_KEYS = ["country", "level", "indicator", "year", "tol", "lang", "region", "palette", "breaks", "dataset"];

  function noUpdate() {
    return window.dash_clientside.no_update;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cam: {
      /* Write the map settings to the URL without reloading or re-rendering the page. */
      writeQuery: function () {
        var params = new URLSearchParams(window.location.search);
        for (var i = 0; i < QUERY_KEYS.length; i++) {
          var value = arguments[i];
          if (value === null || value === undefined || value === "") {
            params.delete(QUERY_KEYS[i]);
          } else {
            params.set(QUERY_KEYS[i], String(value));
          }
        }
        var search = "?" + params.toString();
        if (search !== window.location.search) {
          window.history.replaceState(window.history.state, "", window.location.pathname + search + window.location.hash);
        }
        return noUpdate();
      },

      /* New query string for Dash's page location: same parameters, another language. */
      switchLanguage: function (lang) {
        var params = new URLSearchParams(window.location.search);
        if ((params.get("lang") || "en") === lang) {
          return noUpdate();
        }
        params.set("lang", lang);
        return "?" + params.toString();
      },

      setDocumentLanguage: function (lang) {
        document.documentElement.lang = lang || "en";
        return noUpdate();
      },

      toggleNavbar: function (nClicks, isOpen) {
        return nClicks ? !isOpen : isOpen;
      }
    }
  });

  /* An SVG pattern for areas without data; assets/cam-atlas.css applies it. */
  function addHatchPattern() {
    if (document.getElementById("cam-nodata-hatch")) {
      return;
    }
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.style.position = "absolute";
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", "cam-nodata-hatch");
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "6");
    pattern.setAttribute("height", "6");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var background = document.createElementNS(ns, "rect");
    background.setAttribute("width", "6");
    background.setAttribute("height", "6");
    background.setAttribute("fill", "#ececed");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("y1", "0");
    line.setAttribute("x2", "0");
    line.setAttribute("y2", "6");
    line.setAttribute("stroke", "#7a7a7a");
    line.setAttribute("stroke-width", "1.6");
    pattern.appendChild(background);
    pattern.appendChild(line);
    var defs = document.createElementNS(ns, "defs");
    defs.appendChild(pattern);
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addHatchPattern);
  } else {
    addHatchPattern();
  }
})();
