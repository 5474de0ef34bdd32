/* CAM Atlas clientside callbacks (namespace "cam"), the map and bar chart drawn from the map's
 * compact data (dashboard/map/compact.py) and the no-data hatch pattern.
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

      /* The map card's figure-data store -> the map figure, the bar chart and the view store
       * (what render_map compares to send only the changed values next time). ``shown``: the
       * figure drawn now, whose extent plotly updates in place as the user zooms and pans. */
      drawMap: function (store, shown) {
        if (!store || !store.figure || !store.data) {
          return [noUpdate(), noUpdate(), noUpdate()];
        }
        var areas = mapAreas(store);
        var figure = mapFigure(store, areas);
        var layout = shown && shown.layout;
        if (layout && layout.geo && layout.uirevision === figure.layout.uirevision) {
          figure.layout.geo = copy(layout.geo);  /* the same view: keep the user's zoom */
        }
        return [figure, barFigure(store, areas), store.view];
      },

      /* After a map update: drop a hover box left from the previous figure, then (once drawn)
       * hide labels that overlap one placed before them (largest areas come first). */
      afterMapUpdate: function (figure, graphId) {
        var gd = graphDiv(graphId);
        if (gd && window.Plotly && window.Plotly.Fx) {
          window.Plotly.Fx.unhover(gd);
        }
        afterEachDraw(graphId, declutter);
        return noUpdate();
      },

      /* After the Gap scores plane is drawn (again): hide point names that overlap. */
      afterPlaneUpdate: function (figure, graphId) {
        afterEachDraw(graphId, declutterPlane);
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

  /* ---- The map and its bars from compact data (format: dashboard/map/compact.py) ---- */

  /* A plain-data copy (the store's objects belong to Dash; plotly may write into a figure). */
  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  /* ``target`` with ``extra`` merged in, objects merged key by key, anything else replaced. */
  function merge(target, extra) {
    Object.keys(extra || {}).forEach(function (key) {
      var value = extra[key];
      var plain = value && typeof value === "object" && !Array.isArray(value);
      var into = target[key];
      if (plain && into && typeof into === "object" && !Array.isArray(into)) {
        merge(into, value);
      } else {
        target[key] = value;
      }
    });
    return target;
  }

  /* Every area with its code, name, class (null: no value) and hover row; ``valued`` and
   * ``nodata`` keep the layer's order. */
  function mapAreas(store) {
    var table = store.areas;
    var data = store.data;
    var all = [];
    var valued = [];
    var nodata = [];
    var j = 0;
    data.classes.forEach(function (k, i) {
      var area = {code: table.codes[i], name: table.names[i], cls: null};
      if (k >= 0) {
        area.cls = k;
        area.x = data.x[j];
        area.row = [area.name, data.values[j]];
        data.columns.forEach(function (texts, c) {
          var picks = data.picks[c];
          area.row.push(texts[picks ? picks[j] : 0]);
        });
        j += 1;
        valued.push(area);
      } else {
        area.row = [area.name, data.nodata[-1 - k]];
        nodata.push(area);
      }
      all.push(area);
    });
    return {all: all, valued: valued, nodata: nodata};
  }

  function pluck(list, key) {
    return list.map(function (item) { return item[key]; });
  }

  /* A hover template with its %{customdata[i]} filled in (the texts are escaped already). */
  function fillTemplate(template, row) {
    var text = template.split("<extra></extra>").join("");
    row.forEach(function (value, i) {
      text = text.split("%{customdata[" + i + "]}").join(value);
    });
    return text;
  }

  /* An area name short enough for a map label (full names are in the hover and table). */
  function shortName(name, limit) {
    var chars = Array.from(name);
    return chars.length <= limit ? name : chars.slice(0, limit - 1).join("").replace(/\s+$/, "") + "\u2026";
  }

  /* Label text colour readable on ``fill`` (an "rgb(r, g, b)" class colour, or none). */
  function labelColour(fill, style) {
    if (!fill || fill.indexOf("rgb(") !== 0) {
      return style.label_dark;
    }
    var rgb = fill.slice(4, -1).split(",").map(function (v) { return Math.trunc(parseFloat(v)); });
    var luminance = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255;
    return luminance < style.label_luminance ? style.label_light : style.label_dark;
  }

  /* The four traces of dashboard/map/figures.py: values, no data, small-area markers, labels. */
  function mapFigure(store, areas) {
    var data = store.data;
    var style = store.style;
    var colours = data.colours;
    var fill = function (area) { return area.cls === null ? style.nodata_fill : colours[area.cls]; };
    var small = store.areas.small.map(function (i) { return areas.all[i]; });
    var labels = store.areas.labels;
    var labelled = labels.at.map(function (i) { return areas.all[i]; });
    var templates = [data.traces[0].hovertemplate, data.traces[1].hovertemplate];
    var arrays = [
      {
        locations: pluck(areas.valued, "code"),
        z: areas.valued.map(function (area) { return area.cls + 0.5; }),  /* mid-class */
        customdata: pluck(areas.valued, "row")
      },
      {
        locations: pluck(areas.nodata, "code"),
        z: areas.nodata.map(function () { return 0; }),
        customdata: pluck(areas.nodata, "row")
      },
      {
        locations: pluck(small, "code"),
        marker: {
          color: small.map(fill),
          line: {color: small.map(function (area) { return area.cls === null ? style.nodata_line : style.marker_line; })}
        },
        hovertext: small.map(function (area) { return fillTemplate(templates[area.cls === null ? 1 : 0], area.row); })
      },
      {
        lon: labels.lon,
        lat: labels.lat,
        text: labelled.map(function (area) {
          var name = shortName(area.name, style.label_limit);
          return area.cls === null ? name : name + "<br><b>" + area.row[1] + "</b>";
        }),
        textfont: {color: labelled.map(function (area) { return labelColour(area.cls === null ? null : colours[area.cls], style); })}
      }
    ];
    var figure = copy({data: store.figure.data, layout: store.figure.layout});
    figure.data.forEach(function (trace, i) {
      merge(merge(trace, data.traces[i]), arrays[i]);
    });
    merge(figure.layout, data.layout);
    figure.layout.template = store.template;
    return figure;
  }

  /* The bar chart beside the map (dashboard/map/figures.py bar_base): largest value on top in
   * its class colour, then the areas without a value as hatched full-width rows. */
  function barFigure(store, areas) {
    var data = store.data;
    var style = store.style;
    var sorted = areas.valued.slice().sort(function (a, b) { return b.x - a.x; });
    var xs = pluck(areas.valued, "x");
    var top = xs.length ? Math.max.apply(null, xs.map(Math.abs)) : 1.0;
    var low = Math.min(0, xs.length ? Math.min.apply(null, xs) : 0);
    var names = pluck(sorted, "name");
    var nodataNames = pluck(areas.nodata, "name");
    var rows = names.concat(nodataNames);
    var figure = copy({data: store.bars.data, layout: store.bars.layout});
    merge(figure.data[0], {
      y: names,
      x: pluck(sorted, "x"),
      marker: {color: sorted.map(function (area) { return data.colours[area.cls]; })},
      text: sorted.map(function (area) { return area.row[1]; }),
      customdata: pluck(sorted, "row"),
      hovertemplate: data.traces[0].hovertemplate
    });
    merge(figure.data[1], {
      y: nodataNames,
      x: nodataNames.map(function () { return top; }),
      base: nodataNames.map(function () { return low; }),
      customdata: pluck(areas.nodata, "row"),
      hovertemplate: data.traces[1].hovertemplate,
      name: data.traces[1].name
    });
    /* The value printed after the longest bar needs room to its right: a right margin as wide
     * as the longest printed value (about 7 px a character at Plotly's 12 px text). */
    var longest = sorted.reduce(function (most, area) {
      return Math.max(most, String(area.row[1] || "").length);
    }, 0);
    merge(figure.layout, {
      height: Math.max(style.bar_min_px, style.bar_extra_px + style.bar_row_px * rows.length),
      separators: data.layout.separators,
      margin: {r: 8 + 7 * longest},
      yaxis: {categoryarray: rows.slice().reverse()},
      xaxis: {visible: xs.length > 0, range: [low * 1.1, top * 1.05]}
    });
    figure.layout.template = store.template;
    return figure;
  }

  /* Dash's DOM id for a dict id: JSON with sorted keys. */
  function sortKeys(id) {
    if (typeof id !== "object" || id === null) {
      return id;
    }
    var sorted = {};
    Object.keys(id).sort().forEach(function (k) { sorted[k] = id[k]; });
    return sorted;
  }

  /* The plotly div of the dcc.Graph with Dash id `graphId` (null while not mounted). */
  function graphDiv(graphId) {
    var holder = document.getElementById(JSON.stringify(sortKeys(graphId)));
    return holder && (holder.classList.contains("js-plotly-plot") ? holder : holder.querySelector(".js-plotly-plot"));
  }

  /* Run `tidy(div)` after every draw of the graph `graphId`, and now. The figure is drawn
   * after the calling callback returns (and the graph may be re-mounted): look for whichever
   * div holds it a few times. */
  function afterEachDraw(graphId, tidy) {
    [0, 250, 1000].forEach(function (delay) {
      window.setTimeout(function () {
        var div = graphDiv(graphId);
        if (!div || !div.on) {
          return;
        }
        if (!div._camTidy) {
          div._camTidy = true;
          div.on("plotly_afterplot", function () { tidy(div); });
        }
        tidy(div);
      }, delay);
    });
  }

  /* Hide each text that comes within 2 px of an earlier text or overlaps an obstacle other
   * than its own (`obstacles[i]` belongs to `texts[i]`: the plane's points), or that leaves
   * `bounds` (a DOMRect) if given. `slack` px of vertical overlap are allowed: text boxes
   * include the font's blank ascent and descent. */
  function hideOverlaps(texts, bounds, obstacles, slack) {
    var pad = 2;
    var placed = [];
    var others = Array.prototype.map.call(obstacles || [], function (el) {
      return el.getBoundingClientRect();
    });
    function near(r, p, gap) {
      return r.left - gap < p.right && r.right + gap > p.left && r.top + slack < p.bottom && r.bottom - slack > p.top;
    }
    for (var i = 0; i < texts.length; i++) {
      var el = texts[i];
      el.style.display = "";
      var r = el.getBoundingClientRect();
      if (!r.width) {
        continue;
      }
      var outside = Boolean(bounds) && (r.left < bounds.left || r.right > bounds.right || r.top < bounds.top || r.bottom > bounds.bottom);
      var hit = outside || placed.some(function (p) { return near(r, p, pad); }) ||
        others.some(function (p, j) { return j !== i && near(r, p, -1); });
      if (hit) {
        el.style.display = "none";
      } else {
        placed.push(r);
      }
    }
  }

  /* Hide map labels (the text-only scattergeo trace) that overlap an earlier label or leave
   * the map; earlier labels belong to larger areas. */
  function declutter(gd) {
    var frame = gd.querySelector(".geo .bglayer rect") || gd;
    var texts = gd.querySelectorAll(".geo .trace.scattergeo text");
    hideOverlaps(texts, frame.getBoundingClientRect(), [], -2);
  }

  /* The Gap scores plane's point names: the server places them for a plot of about 440 px;
   * on a narrower one (phones) a name that would print over another name or a point is
   * hidden (hover and the table still name the point). */
  function declutterPlane(gd) {
    var points = ".scatterlayer .trace:first-child ";  /* trace 1: the highlight ring */
    var texts = gd.querySelectorAll(points + ".textpoint text");
    hideOverlaps(texts, null, gd.querySelectorAll(points + ".points path.point"), 3);
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
