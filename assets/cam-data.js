/* Clientside callbacks of the Data & downloads page and the DownloadsAIO component
 * (namespace "camData"; see dashboard/data_page/callbacks.py and dashboard/components/downloads.py).
 * Served from 'self', so the Content-Security-Policy needs no hash for them. */
(function () {
  "use strict";

  var ALL = "all"; /* a select's value for "no filter" (dashboard.data_page.state.ALL) */

  function noUpdate() {
    return window.dash_clientside.no_update;
  }

  function given(value) {
    return value === ALL || value === null || value === undefined ? "" : String(value);
  }

  /* The year range as the page's query value: "2023", "2015-2023", "2015-", "-2020" or "". */
  function yearText(low, high) {
    low = given(low);
    high = given(high);
    if (!low && !high) {
      return "";
    }
    return low && low === high ? low : low + "-" + high;
  }

  /* Plotly's image export of one graph (by DOM id) as PNG or SVG, made in the browser. */
  function saveImage(format, nClicks, graph) {
    if (!nClicks || !graph || !window.Plotly) {
      return noUpdate();
    }
    var holder = document.getElementById(graph.dom_id);
    var plot = holder && (holder.classList.contains("js-plotly-plot")
      ? holder : holder.querySelector(".js-plotly-plot"));
    if (plot) {
      window.Plotly.downloadImage(plot, {format: format, filename: graph.filename, scale: 2});
    }
    return noUpdate();
  }

  /* AG Grid cell of the Data page's source column: the source's text as a link to its URL.
   * React escapes the text; the server sends only http(s) URLs (dashboard.data_table). */
  var gridComponents = (window.dashAgGridComponentFunctions =
    window.dashAgGridComponentFunctions || {});
  gridComponents.CamSourceLink = function (props) {
    var url = props.data && props.data.source_url;
    if (!url) {
      return props.value || "";
    }
    return window.React.createElement(
      "a", {href: url, target: "_blank", rel: "noopener noreferrer"}, props.value);
  };

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    camData: {
      /* Write the Data page's filter to the URL (no reload, no re-render). Default values are
       * left out; other keys (e.g. the map's palette) are kept. */
      writeQuery: function (dataset, country, level, region, areas, indicator, low, high, lang) {
        var params = new URLSearchParams(window.location.search);
        var values = {
          dataset: dataset === "default" ? "" : given(dataset),
          country: given(country),
          level: given(level),
          region: given(region),
          areas: (areas || []).join(","),
          indicator: given(indicator),
          year: yearText(low, high),
          lang: given(lang)
        };
        Object.keys(values).forEach(function (key) {
          if (values[key] === "") {
            params.delete(key);
          } else {
            params.set(key, values[key]);
          }
        });
        params.delete("demo"); /* the dataset key says it now */
        var search = "?" + params.toString().replace(/%2C/g, ",");
        if (search !== window.location.search) {
          window.history.replaceState(window.history.state, "",
            window.location.pathname + search + window.location.hash);
        }
        return noUpdate();
      },

      savePng: function (nClicks, graph) {
        return saveImage("png", nClicks, graph);
      },

      saveSvg: function (nClicks, graph) {
        return saveImage("svg", nClicks, graph);
      }
    }
  });
})();
