// Bank file import progress: while the import runs, fetch the status region
// every two seconds and swap it in (the region is aria-live="polite"). Without
// JavaScript the page offers a reload link instead.
(function () {
  "use strict";
  var region = document.getElementById("import-status");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-status-url");
  var finished = function () {
    return region.querySelector("[data-finished='true']") !== null;
  };
  var poll = function () {
    if (finished()) {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        if (!finished()) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  };
  window.setTimeout(poll, 1000);
})();
