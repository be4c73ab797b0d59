// Follows a notice's delivery on the console page without reloading: polls the
// JSON endpoint named by data-delivery-progress and updates counts and bars.
(function () {
  "use strict";
  var root = document.querySelector("[data-delivery-progress]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-delivery-progress");
  function update(data) {
    var finished = true;
    (data.channels || []).forEach(function (channel) {
      var section = root.querySelector('[data-channel="' + channel.channel + '"]');
      if (!section) { return; }
      var bar = section.querySelector('[data-field="percent"]');
      if (bar) { bar.value = channel.percent; bar.textContent = channel.percent + " %"; }
      var summary = section.querySelector('[data-field="summary"]');
      if (summary) { summary.textContent = channel.done + " / " + channel.total; }
      Object.keys(channel.counts).forEach(function (status) {
        var cell = section.querySelector('[data-status="' + status + '"]');
        if (cell) { cell.textContent = channel.counts[status]; }
      });
      if (channel.done < channel.total) { finished = false; }
    });
    if (!data.channels || data.channels.length === 0) { finished = false; }
    return finished;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (!update(data)) { window.setTimeout(poll, 2000); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
