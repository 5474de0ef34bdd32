/* window.cam_atlas.Deferred (dashboard/components/deferred.py): a container that renders its
 * children only once the page's first map is drawn, the reader touches the page, or
 * `wait_ms` have passed since it appeared, whichever comes first. Everything after that
 * (later visits of the page in the same tab included) renders at once. */
(function () {
  "use strict";
  var React = window.React;
  var MAP_POLYGON = ".cam-map path.choroplethlocation";
  var released = false;
  var waiting = [];
  var watching = null;

  function release() {
    if (released) {
      return;
    }
    released = true;
    if (watching) {
      watching.disconnect();
    }
    waiting.splice(0).forEach(function (show) {
      show();
    });
  }

  /* After the frame that shows the first polygon: the map is painted before anything else
   * is rendered. */
  function releaseAfterPaint() {
    window.requestAnimationFrame(function () {
      window.setTimeout(release, 0);
    });
  }

  function watchForMap() {
    if (watching || released) {
      return;
    }
    if (document.querySelector(MAP_POLYGON)) {
      releaseAfterPaint();
      return;
    }
    watching = new MutationObserver(function () {
      if (document.querySelector(MAP_POLYGON)) {
        watching.disconnect();
        releaseAfterPaint();
      }
    });
    watching.observe(document.body, {childList: true, subtree: true});
  }

  ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
    window.addEventListener(type, release, {capture: true, passive: true});
  });

  function Deferred(props) {
    var state = React.useState(released);
    var shown = state[0];
    var setShown = state[1];
    React.useEffect(function () {
      if (shown) {
        return undefined;
      }
      function show() {
        setShown(true);
      }
      waiting.push(show);
      watchForMap();
      var timer = window.setTimeout(release, props.wait_ms || 1500);
      return function () {
        window.clearTimeout(timer);
        var at = waiting.indexOf(show);
        if (at >= 0) {
          waiting.splice(at, 1);
        }
      };
    }, []);
    return React.createElement(
      "div",
      {className: props.className, style: props.style},
      shown ? props.children : null
    );
  }

  window.cam_atlas = Object.assign({}, window.cam_atlas, {Deferred: Deferred});
})();
