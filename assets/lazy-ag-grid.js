/* window.dash_ag_grid.AgGrid that loads the real dash_ag_grid bundle on first use
   (dashboard/lazy_scripts.py). The bundle's URL is in <meta name="cam-lazy-dash_ag_grid">. */
(function () {
    "use strict";
    var meta = document.querySelector('meta[name="cam-lazy-dash_ag_grid"]');
    if (!meta || window.dash_ag_grid) {
        return; // the bundle is linked as usual (another app, or eager loading)
    }
    var React = window.React;
    var namespace = {};
    var Real = null;
    var loading = null;

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var script = document.createElement("script");
                script.src = meta.getAttribute("content");
                script.onload = function () {
                    if (Real) {
                        resolve(Real);
                    } else {
                        reject(new Error("dash_ag_grid did not define AgGrid"));
                    }
                };
                script.onerror = function () {
                    loading = null; // a later render may try again
                    reject(new Error("could not load " + script.src));
                };
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    function AgGrid(props) {
        var loaded = React.useState(function () {
            return Real;
        });
        var Component = loaded[0];
        var setComponent = loaded[1];
        React.useEffect(function () {
            if (!Component) {
                load().then(function (component) {
                    setComponent(function () {
                        return component;
                    });
                });
            }
        }, []);
        return Component ? React.createElement(Component, props) : null;
    }

    // As the real component's defaults (dash-renderer reads them for `persistence`).
    AgGrid.dashPersistence = {persisted_props: ["selectedRows"], persistence_type: "local"};
    // dash-renderer waits for this promise before the first callbacks of a grid, as it does for
    // its own async components: a callback never reads a grid that is not there yet.
    Object.defineProperty(AgGrid, "_dashprivate_isLazyComponentReady", {
        get: function () {
            return Real ? true : load();
        },
    });
    namespace.AgGrid = AgGrid;
    // The bundle assigns window.dash_ag_grid: keep its component and this namespace, so React
    // sees one component type before and after loading.
    Object.defineProperty(window, "dash_ag_grid", {
        configurable: true,
        get: function () {
            return namespace;
        },
        set: function (value) {
            if (value && value.AgGrid && value.AgGrid !== AgGrid) {
                Real = value.AgGrid;
            }
        },
    });
})();
