/* Small behaviours of the pages, kept out of the HTML: the Content-Security-Policy runs no inline
   script or event-handler attribute. Each is declared with a data attribute and works again on
   content that htmx swaps in. */
(function () {
  "use strict";

  var enhanced = new WeakSet();  // htmx:load may report content already seen

  function each(root, selector, action) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) found.push(root);
    found.forEach(function (element) {
      if (enhanced.has(element)) return;
      enhanced.add(element);
      action(element);
    });
  }

  function enhance(root) {
    // <select data-submit-on-change>: choosing an option sends its form (the language menu).
    each(root, "select[data-submit-on-change]", function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // <input data-select-on-focus>: focusing selects the whole value, ready to copy.
    each(root, "input[data-select-on-focus]", function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
    // <div class="progress-bar" data-progress="42">: the bar's length, in per cent.
    each(root, "[data-progress]", function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.dataset.progress) || 0));
      bar.style.width = percent + "%";
    });
    // <fieldset data-shown-with="id_kind" data-shown-values="a b">: shown only while the named
    // field has one of the values.
    each(root, "[data-shown-with]", function (box) {
      var field = document.getElementById(box.dataset.shownWith);
      if (!field) return;
      var values = box.dataset.shownValues.split(" ");
      function toggle() { box.hidden = values.indexOf(field.value) === -1; }
      field.addEventListener("change", toggle);
      toggle();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
})();
