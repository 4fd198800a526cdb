// The quote editor. "Add a line" without a round trip: copy the empty line
// of the formset (without JavaScript the button submits and the server adds
// the line). Live figures: as lines are typed, the form is posted to the
// preview URL and the server's own arithmetic fills each line's amount and
// the totals; nothing is saved, and saving computes them again.
(function () {
  "use strict";
  var form = document.getElementById("quote-form");
  var button = document.getElementById("add-line");
  var template = document.getElementById("empty-line");
  var total = document.getElementById("id_lines-TOTAL_FORMS");
  var lines = document.getElementById("lines");
  if (!form || !button || !template || !total || !lines) {
    return;
  }
  var totals = document.getElementById("live-totals");
  var message = document.getElementById("live-message");
  var timer = null;
  var sequence = 0;

  function setText(key, text) {
    var node = totals.querySelector('[data-key="' + key + '"]');
    if (node) {
      node.textContent = text;
    }
  }

  function showTaxes(taxes) {
    totals.querySelectorAll(".tax-row").forEach(function (node) {
      node.remove();
    });
    var anchor = totals.querySelector(".tax-rows-start");
    taxes.forEach(function (row) {
      var dt = document.createElement("dt");
      dt.className = "tax-row";
      dt.textContent = row.label;
      var dd = document.createElement("dd");
      dd.className = "tax-row amount";
      dd.textContent = row.tax;
      anchor.parentNode.insertBefore(dt, anchor);
      anchor.parentNode.insertBefore(dd, anchor);
    });
  }

  function show(data) {
    if (!data.ok) {
      message.textContent = data.message;
      return;
    }
    var rows = lines.querySelectorAll("tr.line");
    rows.forEach(function (row, index) {
      var output = row.querySelector(".line-amount output");
      if (output) {
        output.textContent = data.lines[index] || "";
      }
    });
    setText("work_subtotal", data.work_subtotal);
    setText("direction_fee", data.direction_fee);
    setText("total", data.total);
    showTaxes(data.taxes);
    totals.hidden = false;
  }

  function refresh() {
    var mine = ++sequence;
    var body = new FormData(form);
    fetch(form.dataset.preview, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && mine === sequence) {
          show(data);
        }
      })
      .catch(function () {});
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
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
  if (totals && form.dataset.preview) {
    refresh();
  }
})();
