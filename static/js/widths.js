// Bars and gauges carry their width as data-width="42" (a percentage); this
// applies it. Inline style attributes are refused by the site's
// Content-Security-Policy, styles set from a static script are not.
(function () {
  function apply(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var percent = parseFloat(el.dataset.width);
      el.style.width = (isFinite(percent) ? Math.max(0, Math.min(100, percent)) : 0) + "%";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { apply(document); });
  } else {
    apply(document);
  }
})();
