// Suggests help articles while a ticket is written. Any
// <textarea data-faq-suggest="/support/help/suggest/"> is watched; after the
// writer pauses, the suggestions fragment for its text fills #faq-suggestions
// (the attribute's value is the endpoint; empty means the default one).
(function () {
  var DELAY = 400;
  var DEFAULT_URL = "/support/help/suggest/";

  function watch(area) {
    var box = document.getElementById("faq-suggestions");
    if (!box) {
      return;
    }
    // Screen readers announce the suggestions when they change.
    box.setAttribute("aria-live", "polite");
    var url = area.dataset.faqSuggest || DEFAULT_URL;
    var timer = null;
    var asked = "";
    var controller = null;

    function ask() {
      var text = area.value.trim();
      if (text === asked) {
        return;
      }
      asked = text;
      if (text.length < 2) {
        box.innerHTML = "";
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(text.slice(0, 200)), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller.signal,
      })
        .then(function (response) {
          // A redirect means the session ended (the login page): show nothing.
          return response.ok && !response.redirected ? response.text() : "";
        })
        .then(function (html) {
          // The fragment is rendered by our own template (escaped by Django).
          box.innerHTML = html;
        })
        .catch(function () {});
    }

    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
  }

  function start() {
    document.querySelectorAll("textarea[data-faq-suggest]").forEach(watch);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
