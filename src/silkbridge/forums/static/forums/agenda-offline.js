/* The agenda page: installs the offline copy (service worker) and says, when the network is
   gone, that this is the last version saved and when it was updated. No inline script, so the
   Content-Security-Policy needs no exception. */
(function () {
  "use strict";
  var page = document.getElementById("agenda-offline");
  if (!page) {
    return;
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(page.dataset.worker, { scope: page.dataset.scope })
      .catch(function () { /* the page works online without it */ });
  }
  var banner = document.getElementById("agenda-offline-banner");
  function show() {
    // Bootstrap's display classes outrank the hidden attribute: switch the classes instead.
    banner.classList.toggle("d-none", navigator.onLine);
    banner.classList.toggle("d-flex", !navigator.onLine);
  }
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
})();
