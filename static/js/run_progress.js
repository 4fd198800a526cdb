// The progress box of a run (month close, payout run): polls the JSON at
// data-url until the run is finished, filling each [data-field] with the
// value of that name. [data-show-when="resumable"] is shown while the run
// can be resumed (stalled or failed). With data-reload, the page reloads
// once the run is done, to show what it made.
(function () {
  "use strict";
  function watch(box) {
    if (box.dataset.finished) { return; }
    var bar = box.querySelector(".progress");
    function show(run) {
      if (bar) {
        bar.querySelector("span").style.width = run.percent + "%";
        bar.setAttribute("aria-valuenow", run.percent);
      }
      box.querySelectorAll("[data-field]").forEach(function (node) {
        var value = run[node.dataset.field];
        if (value !== undefined) { node.textContent = value; }
      });
      box.querySelectorAll('[data-show-when="resumable"]').forEach(function (node) {
        node.hidden = !run.resumable;
      });
      document.querySelectorAll("[data-queued]").forEach(function (node) {
        node.hidden = run.state !== "queued";
      });
    }
    function poll() {
      fetch(box.dataset.url, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (run) {
          show(run);
          if (run.finished && run.state === "done" && box.dataset.reload !== undefined) {
            window.location.reload();
          } else if (!run.finished) {
            setTimeout(poll, run.resumable ? 5000 : 1000);
          }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 500);
  }
  document.querySelectorAll("[data-run-progress]").forEach(watch);
})();
