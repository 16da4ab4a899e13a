/* First 100 Days: small progressive enhancements. No dependencies, CSP-safe. */
(function () {
  "use strict";

  var FALLBACK_ERROR = "Could not save. Check your connection and try again.";

  // (1) Select the whole private calendar address when it gets focus.
  function selectAll(event) {
    var field = event.target;
    if (field && field.classList && field.classList.contains("feed-url")) {
      field.select();
    }
  }
  document.addEventListener("focusin", selectAll);
  document.addEventListener("click", selectAll);

  // (2) After a swap: a 409 means someone else changed the task; the fresh row
  // carries the explanation, so move focus there for screen-reader users.
  // (A row whose note editor was open needs nothing special.)
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.target;
    var xhr = event.detail && event.detail.xhr;
    if (!row || !row.classList || !row.classList.contains("task")) return;
    if (xhr && xhr.status === 409) {
      if (!row.hasAttribute("tabindex")) row.setAttribute("tabindex", "-1");
      row.focus();
    }
  });

  // (3) Network failures and server errors: say so in the live region.
  function showError() {
    var box = document.getElementById("messages");
    if (!box) return;
    var text = (document.body && document.body.dataset.errorText) || FALLBACK_ERROR;
    var old = box.querySelector("[data-js-error]");
    if (old) old.remove(); // do not pile up identical messages
    var message = document.createElement("p");
    message.className = "message message--error";
    message.setAttribute("data-js-error", "");
    message.textContent = text;
    box.appendChild(message);
  }
  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);

  // (4) "Print or save as PDF" buttons (the dashboard).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
