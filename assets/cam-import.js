/* Import page (dashboard/import_page): a file over the upload limit is refused in the browser,
 * with its message, before it is read or sent. dcc.Upload drops such a file silently (its
 * max_size), so this listener sees the same file first and says why. Served from 'self'. */
(function () {
  "use strict";

  function zoneOf(target) {
    return target && target.closest ? target.closest(".cam-import-zone") : null;
  }

  function check(zone, files) {
    if (!zone || !files || !files.length || !window.dash_clientside) {
      return;
    }
    var limit = Number(zone.getAttribute("data-max-bytes"));
    var template = zone.getAttribute("data-too-big") || "";
    var file = files[0];
    if (!limit || file.size <= limit) {
      return;
    }
    var message = template
      .replace("{name}", file.name)
      .replace("{size}", (file.size / 1e6).toFixed(1));
    window.dash_clientside.set_props("import-too-big", { children: message });
    window.dash_clientside.set_props("import-result", { children: null });
    window.dash_clientside.set_props("import-checked", { data: null }); /* Publish off */
    /* Forget the previous file, so choosing it again is a change the page sees. */
    var upload = zone.querySelector("[id^='{']");
    if (upload) {
      window.dash_clientside.set_props(JSON.parse(upload.id), { contents: null, filename: null });
    }
  }

  document.addEventListener(
    "change",
    function (event) {
      var input = event.target;
      if (input && input.type === "file") {
        check(zoneOf(input), input.files);
      }
    },
    true
  );
  document.addEventListener(
    "drop",
    function (event) {
      check(zoneOf(event.target), event.dataTransfer && event.dataTransfer.files);
    },
    true
  );
})();
