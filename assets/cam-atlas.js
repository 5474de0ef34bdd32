/* CAM Atlas clientside callbacks (namespace "cam") and the no-data hatch pattern.
 * Served from 'self', so the Content-Security-Policy needs no hash for them. */
(function () {
  "use strict";

  var QUERY_KEYS = ["country", "level", "indicator", "year", "tol", "lang", "region", "palette", "breaks", "dataset", "labels"];

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
      },

      /* After a map update: drop a hover box left from the previous figure, then (once drawn)
       * hide labels that overlap one placed before them (largest areas come first). */
      afterMapUpdate: function (figure, graphId) {
        var domId = JSON.stringify(sortKeys(graphId));
        function graphDiv() {
          var holder = document.getElementById(domId);
          return holder && (holder.classList.contains("js-plotly-plot") ? holder : holder.querySelector(".js-plotly-plot"));
        }
        var gd = graphDiv();
        if (gd && window.Plotly && window.Plotly.Fx) {
          window.Plotly.Fx.unhover(gd);
        }
        /* The figure is drawn after this callback returns (and the graph may be re-mounted):
         * watch whichever div holds it a few times. */
        [0, 250, 1000].forEach(function (delay) {
          window.setTimeout(function () {
            var div = graphDiv();
            if (!div || !div.on) {
              return;
            }
            if (!div._camDeclutter) {
              div._camDeclutter = true;
              div.on("plotly_afterplot", function () { declutter(div); });
            }
            declutter(div);
          }, delay);
        });
        return noUpdate();
      },

      /* Phones: show or fold the map settings (always shown from the md breakpoint up). */
      toggleControls: function (nClicks, className) {
        var open = Boolean(nClicks) && nClicks % 2 === 1;
        var base = (className || "").replace(/\s*is-open/g, "");
        return [open ? base + " is-open" : base, open ? "true" : "false"];
      }
    }
  });

  /* Dash's DOM id for a dict id: JSON with sorted keys. */
  function sortKeys(id) {
    if (typeof id !== "object" || id === null) {
      return id;
    }
    var sorted = {};
    Object.keys(id).sort().forEach(function (k) { sorted[k] = id[k]; });
    return sorted;
  }

  /* Hide map labels (the text-only scattergeo trace) that overlap an earlier label or leave
   * the map; earlier labels belong to larger areas. */
  function declutter(gd) {
    var texts = gd.querySelectorAll(".geo .trace.scattergeo text");
    var frame = gd.querySelector(".geo .bglayer rect") || gd;
    var bounds = frame.getBoundingClientRect();
    var placed = [];
    for (var i = 0; i < texts.length; i++) {
      var el = texts[i];
      el.style.display = "";
      var r = el.getBoundingClientRect();
      if (!r.width) {
        continue;
      }
      var pad = 2;
      var outside = r.left < bounds.left || r.right > bounds.right || r.top < bounds.top || r.bottom > bounds.bottom;
      var hit = outside || placed.some(function (p) {
        return r.left - pad < p.right && r.right + pad > p.left && r.top - pad < p.bottom && r.bottom + pad > p.top;
      });
      if (hit) {
        el.style.display = "none";
      } else {
        placed.push(r);
      }
    }
  }

  window.camDeclutter = declutter;

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
