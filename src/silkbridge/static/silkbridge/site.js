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

  // <div class="table-responsive">: a table wider than the screen scrolls sideways; keyboard
  // users reach that scrolling only if the region can take the focus (WCAG 2.1.1). Checked again
  // when the window changes size (a phone turned), named by the table's caption where it has one.
  function focusableScrolling() {
    document.querySelectorAll(".table-responsive").forEach(function (region) {
      if (region.hasAttribute("tabindex") && !region.hasAttribute("data-scroll-focus")) return;
      if (region.scrollWidth > region.clientWidth) {
        region.tabIndex = 0;
        region.setAttribute("data-scroll-focus", "");
        var caption = region.querySelector("caption");
        if (!region.hasAttribute("role") && caption && caption.textContent.trim()) {
          region.setAttribute("role", "region");
          region.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (region.hasAttribute("data-scroll-focus")) {
        region.removeAttribute("tabindex");
        region.removeAttribute("data-scroll-focus");
      }
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableScrolling, 100);
  });

  // Errors always visible. A form sent back with errors (a whole page, or a 422 fragment that
  // htmx swaps in) gets the focus on its first invalid field, or on its error summary; the
  // field's aria-describedby already names its message, and the summary has role="alert".
  var ERROR_SELECTOR = "[aria-invalid='true'], .alert-danger[role='alert'], [data-form-error]";

  function focusFirstError(root) {
    var first = root.querySelector ? root.querySelector(ERROR_SELECTOR) : null;
    if (!first && root.matches && root.matches(ERROR_SELECTOR)) first = root;
    if (!first) return false;
    if (!first.matches("input, select, textarea, button, [tabindex]")) first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
    return true;
  }

  // Any other failed htmx request: nothing was swapped, so say so where it will be seen and heard.
  function requestProblem(status) {
    var region = document.getElementById("request-problem");
    if (!region) return;
    var key = status === 0 ? "offline"
      : status === 403 ? "forbidden"
      : status === 404 ? "notFound"
      : status === 413 ? "tooLarge"
      : status === 429 ? "tooMany"
      : "failed";
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible shadow mb-0";
    alert.setAttribute("role", "alert");
    alert.textContent = region.dataset[key] || region.dataset.failed;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", region.dataset.close || "Close");
    alert.appendChild(close);
    region.replaceChildren(alert);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusableScrolling();
    var main = document.getElementById("main");
    var error = main && Array.prototype.find.call(main.querySelectorAll(ERROR_SELECTOR), function (element) {
      return element.closest("form");
    });
    if (error) {
      focusFirstError(error.closest("form"));
    } else if (main) {
      // An action refused on the page before (its reason is a message at the top): start there.
      var refused = main.querySelector(":scope > [aria-live] .alert-danger");
      if (refused) focusFirstError(refused);
    }
  });
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail.elt);
    focusableScrolling();
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var region = document.getElementById("request-problem");
    if (region) region.replaceChildren();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr;
    // Dispatched on each swapped-in element; an outerHTML swap has replaced the old target.
    if (xhr && xhr.status === 422 && document.contains(event.target)) focusFirstError(event.target);
  });
  document.addEventListener("htmx:responseError", function (event) {
    requestProblem(event.detail.xhr ? event.detail.xhr.status : 0);
  });
  document.addEventListener("htmx:sendError", function () { requestProblem(0); });
})();
