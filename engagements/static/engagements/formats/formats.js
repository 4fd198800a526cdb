// Batch progress that follows the workers, and the time left on claimed units.
(function () {
  "use strict";
  var STATES = ["open", "claimed", "submitted", "approved", "rejected"];

  function showProgress(box, data) {
    STATES.forEach(function (state) {
      var seg = box.querySelector(".seg-" + state);
      if (seg) { seg.style.width = data[state + "_pct"] + "%"; }
      var count = box.querySelector('[data-count="' + state + '"]');
      if (count) { count.textContent = data[state].toLocaleString("ja-JP"); }
    });
  }

  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var url = box.getAttribute("data-progress-url");
    var every = parseInt(box.getAttribute("data-every") || "5", 10) * 1000;
    function poll() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { showProgress(box, data); } })
        .catch(function () {});
    }
    setInterval(poll, every);
  });

  function tick() {
    document.querySelectorAll("[data-expires]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.getAttribute("data-expires")) - Date.now()) / 1000);
      if (left <= 0) {
        el.textContent = el.getAttribute("data-expired-text");
        el.classList.add("expired");
        return;
      }
      var m = Math.floor(left / 60), s = left % 60;
      el.textContent = el.getAttribute("data-prefix") + m + ":" + (s < 10 ? "0" : "") + s;
    });
  }
  tick();
  setInterval(tick, 1000);
})();
