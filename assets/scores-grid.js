/* CAM Atlas: AG Grid cell renderers and the URL writer of the Gap scores and Data availability
 * pages. Renderers are registered by name in window.dashAgGridComponentFunctions, so no grid
 * option is a code string (the Content-Security-Policy forbids eval). Every cell shows text:
 * colour and bars only repeat it. */
(function () {
  "use strict";

  function h() {
    return window.React.createElement.apply(null, arguments);
  }

  function percentOf(rank, count) {
    return count > 1 ? (100 * (rank - 1)) / (count - 1) : 0;
  }

  var renderers = {
    /* The row's preformatted text for this column (params.textField), e.g. "0,66". */
    CamText: function (props) {
      var field = props.textField || props.colDef.field + "_text";
      var text = props.data ? props.data[field] : "";
      return h("span", null, text === undefined || text === null ? "" : String(text));
    },

    /* Rank interval p05-p95 as text plus a bar on the 1..n rank scale (1 = left). */
    CamRankInterval: function (props) {
      var d = props.data || {};
      var text = h("span", { className: "cam-interval__text" }, String(d.interval_text || ""));
      if (d.rank_p05 === null || d.rank_p05 === undefined || !d.n_ranked) {
        return h("span", { className: "cam-interval" }, text);
      }
      var left = percentOf(d.rank_p05, d.n_ranked);
      var right = percentOf(d.rank_p95, d.n_ranked);
      var median = percentOf(d.rank_median, d.n_ranked);
      var track = h(
        "span",
        { className: "cam-interval__track", "aria-hidden": "true" },
        h("span", {
          className: "cam-interval__bar" + (d.uncertain ? " cam-interval__bar--uncertain" : ""),
          style: { left: left + "%", width: Math.max(right - left, 0) + "%" }
        }),
        h("span", { className: "cam-interval__median", style: { left: median + "%" } })
      );
      return h("span", { className: "cam-interval" }, text, track);
    },

    /* A status or coverage cell: the text, styled by the row's "<field>_cls" class. */
    CamCell: function (props) {
      var field = props.colDef.field;
      var cls = (props.data && props.data[field + "_cls"]) || "none";
      return h(
        "span",
        { className: "cam-cell cam-cell--" + String(cls).replace(/[^a-z_]/g, "") },
        props.value === undefined || props.value === null ? "" : String(props.value)
      );
    }
  };

  window.dashAgGridComponentFunctions = Object.assign(
    window.dashAgGridComponentFunctions || {},
    renderers
  );

  var OWN_PREFIXES = ["w_", "dir_", "tgt_"];

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    camScores: {
      /* Write a page's settings ({key: value}) to the URL without reloading: empty values
       * are removed, per-indicator keys not in the settings are dropped, other keys kept. */
      replaceQuery: function (query) {
        if (!query) {
          return window.dash_clientside.no_update;
        }
        var params = new URLSearchParams(window.location.search);
        Array.from(params.keys()).forEach(function (key) {
          var own = OWN_PREFIXES.some(function (prefix) { return key.indexOf(prefix) === 0; });
          if (own && !(key in query)) {
            params.delete(key);
          }
        });
        Object.keys(query).forEach(function (key) {
          var value = query[key];
          if (value === null || value === undefined || value === "") {
            params.delete(key);
          } else {
            params.set(key, String(value));
          }
        });
        var search = "?" + params.toString().replace(/%2C/g, ",");
        if (search !== window.location.search) {
          window.history.replaceState(
            window.history.state,
            "",
            window.location.pathname + search + window.location.hash
          );
        }
        return window.dash_clientside.no_update;
      }
    }
  });
})();
