// "Add a line" without a round trip: copy the empty line of the formset.
// Without JavaScript the button submits and the server adds the line.
(function () {
  "use strict";
  var button = document.getElementById("add-line");
  var template = document.getElementById("empty-line");
  var total = document.getElementById("id_lines-TOTAL_FORMS");
  var lines = document.getElementById("lines");
  if (!button || !template || !total || !lines) {
    return;
  }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    lines.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = lines.lastElementChild.querySelector("input[type=text]");
    if (first) {
      first.focus();
    }
  });
})();
