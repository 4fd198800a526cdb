// The menu folds behind one button on a phone: the button is shown (and the
// menu hidden) only when this script runs, so without it the menu stays open.
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  button.hidden = false;
  document.documentElement.classList.add("js-nav");
  button.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

// A menu's drop-downs (a task group, or a role for people with several):
// opening one closes the others, and a click elsewhere or Escape closes them.
(function () {
  "use strict";
  var nav = document.getElementById("site-nav");
  if (!nav) return;
  var drops = nav.querySelectorAll("details");
  function closeAll(except) {
    drops.forEach(function (d) {
      if (d !== except && !d.contains(except)) d.open = false;
    });
  }
  drops.forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (d.open) closeAll(d);
    });
  });
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) return closeAll(null);
    var summary = event.target.closest("summary");
    if (summary) closeAll(summary.parentElement);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeAll(null);
  });
})();
