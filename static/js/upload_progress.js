// A form marked data-upload-progress sends its file with a progress bar: the
// upload's share first, then data-processing's text until the server answers.
// The answer (the page after the redirect, with its message) replaces this one.
// Without JavaScript the form posts as usual.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-upload-progress]") || !window.FormData) return;
  event.preventDefault();
  var box = form.querySelector(".upload-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".upload-status");
  box.hidden = false;
  text.textContent = form.dataset.uploading + " 0%";
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.onprogress = function (e) {
    if (!e.lengthComputable) return;
    var percent = Math.round((100 * e.loaded) / e.total);
    bar.value = percent;
    text.textContent = form.dataset.uploading + " " + percent + "%";
  };
  xhr.upload.onload = function () {
    bar.removeAttribute("value");  // indeterminate while the server works
    text.textContent = form.dataset.processing;
  };
  xhr.onload = function () {
    history.replaceState(null, "", xhr.responseURL || form.action);
    document.open();
    document.write(xhr.responseText);
    document.close();
  };
  xhr.onerror = function () {
    text.textContent = form.dataset.failed;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  };
  xhr.send(new FormData(form));
});
