// Sign-up: start the time zone list at the browser's own zone (the server only knows UTC).
(function () {
  "use strict";
  var select = document.getElementById("id_time_zone");
  if (!select || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i += 1) {
    if (select.options[i].value === zone) { select.value = zone; return; }
  }
})();
