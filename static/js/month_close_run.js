// The month-close run page follows its run until it has finished: the
// progress URL answers the run's counts as JSON every second.
(function () {
  var box = document.getElementById("close-progress");
  if (!box || box.dataset.finished) { return; }
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (run) {
      box.querySelector(".progress span").style.width = run.percent + "%";
      box.querySelector(".progress").setAttribute("aria-valuenow", run.percent);
      ["state_label", "done", "total", "issued", "error"].forEach(function (name) {
        box.querySelector('[data-field="' + name + '"]').textContent = run[name];
      });
      if (!run.finished) { setTimeout(poll, 1000); }
    });
  }
  setTimeout(poll, 500);
})();
