// A job's page follows its job: the status and the progress bar update until it is finished,
// then the page reloads so the server can offer the download. Without JavaScript: a link.
(function () {
  var box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  var url = box.getAttribute("data-job-status-url");
  var status = box.querySelector("[data-job-status]");
  var bar = box.querySelector("progress");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (data.finished) { window.location.reload(); return; }
        if (status.textContent !== data.text) status.textContent = data.text;
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
