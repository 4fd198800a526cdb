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
