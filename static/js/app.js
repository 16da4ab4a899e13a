/* First 100 Days: small progressive enhancements. No dependencies, CSP-safe.
 *
 * Loaded (deferred) before every area script, so board.js, toolkit.js and
 * stakeholders.js can use the shared helpers in window.F100:
 *
 *   F100.announce(text, level)  say something in the page's live region (#messages)
 *   F100.focus(element)         move keyboard focus there (focusable with tabindex=-1 if need be)
 *   F100.submit(form)           submit a form the way its submit button would (htmx sees it)
 *   F100.dragAndDrop(options)   drag an item onto a drop target (see below)
 *
 * and these behaviours need no code in the area scripts:
 *
 *   Focus after an htmx swap: an element the server marks with data-focus gets
 *   focus; otherwise, if focus was inside what the swap replaced, it goes to the
 *   control with the same id in the new content (htmx does that), or else to the
 *   replacement itself, so the next Tab continues from there, never from the
 *   top of the page.
 *   Error summary: a form's error summary (.form-errors, partials/form_errors.html)
 *   gets focus when the page loads with it, and when an htmx swap brings a new
 *   one, ahead of anything else, so its list of mistakes is read first; except
 *   for a form marked data-live-check, which re-checks as the user changes it
 *   and answers into a live region: focus stays in the control being changed.
 *   Copy buttons: <button data-copy="field-id" data-copied-text="Copied." hidden>.
 */
(function () {
  "use strict";

  var FALLBACK_ERROR = "Could not save. Check your connection and try again.";

  // ------------------------------------------------------------ Shared helpers

  function announce(text, level) {
    var box = document.getElementById("messages");
    if (!box || !text) return;
    var message = document.createElement("p");
    message.className = "message message--" + (level || "info");
    message.textContent = text;
    box.replaceChildren(message);
  }

  function focus(element) {
    if (!element || !element.focus) return;
    if (!element.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: false });
  }

  function submit(form) {
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  // Drag an item (options.item, a selector) onto a drop target: options.target(node,
  // dragged) returns the target under node that accepts the dragged item, or null;
  // options.drop(dragged, target) saves the move, normally by filling in and
  // submitting the item's own form, which is also the keyboard way to move it.
  // The dragged item gets options.draggingClass, the target under it options.overClass.
  function dragAndDrop(options) {
    var dragged = null;

    function targetOf(event) {
      var node = event.target;
      return dragged && node && node.closest ? options.target(node, dragged) : null;
    }

    function clearOver(except) {
      document.querySelectorAll("." + options.overClass).forEach(function (node) {
        if (node !== except) node.classList.remove(options.overClass);
      });
    }

    document.addEventListener("dragstart", function (event) {
      var item = event.target.closest && event.target.closest(options.item);
      if (!item) return;
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.id);
      item.classList.add(options.draggingClass);
    });

    document.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove(options.draggingClass);
      dragged = null;
      clearOver(null);
    });

    document.addEventListener("dragover", function (event) {
      var target = targetOf(event);
      if (!target) return; // not calling preventDefault refuses the drop
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      clearOver(target);
      target.classList.add(options.overClass);
    });

    document.addEventListener("dragleave", function (event) {
      var target = targetOf(event);
      if (target && !target.contains(event.relatedTarget)) {
        target.classList.remove(options.overClass);
      }
    });

    document.addEventListener("drop", function (event) {
      var target = targetOf(event);
      if (!target) return;
      event.preventDefault();
      var item = dragged;
      clearOver(null);
      options.drop(item, target);
    });
  }

  window.F100 = { announce: announce, focus: focus, submit: submit, dragAndDrop: dragAndDrop };

  // ------------------------------------------------------------ Focus after a swap

  // A region that refreshes itself ("every 2s": an import's progress).
  function isPolling(elt) {
    var trigger = (elt && elt.getAttribute && elt.getAttribute("data-hx-trigger")) || "";
    return /(^|,)\s*every\s/.test(trigger);
  }

  // What a swap is about to replace, when keyboard focus is inside it (or nowhere,
  // as after a click in Safari, which does not focus buttons).
  var replaced = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    replaced = null;
    if (!event.detail.shouldSwap || !target || !target.id) return;
    var lost = active && active !== document.body && target.contains(active);
    // A region that refreshes itself is nobody's action: it never takes focus that was nowhere.
    var nowhere = !isPolling(event.detail.elt) && (!active || active === document.body) && target.contains(event.target);
    if (lost || nowhere) replaced = target.id;
  });

  // Error summaries already seen: a summary gets focus once, when it appears.
  var summaries = new WeakSet();

  function focusNewErrorSummary() {
    var fresh = null;
    document.querySelectorAll(".form-errors").forEach(function (summary) {
      if (!summaries.has(summary) && !fresh) fresh = summary;
      summaries.add(summary);
    });
    if (fresh) focus(fresh);
    return fresh !== null;
  }

  // The element the server marked to take focus (data-focus), unmarked so it takes it once.
  function takeMarked() {
    var marked = document.querySelector("[data-focus]");
    if (marked) marked.removeAttribute("data-focus");
    return marked;
  }

  // A whole page takes focus as a swap does: a new error summary first, else what the server
  // marked (a week that already has a value: replace it?). Without this the question sat
  // below the fold and focus stayed at the top of the page.
  document.addEventListener("DOMContentLoaded", function () {
    var marked = takeMarked();
    if (!focusNewErrorSummary() && marked) focus(marked);
  });

  // A form that deletes or removes something (data-confirm) asks first: one stray click
  // deleted a week's value for good. Caught on the way down, before htmx sends it.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
      if (window.confirm(document.body.getAttribute("data-confirm-text") || "")) return;
      event.preventDefault();
      event.stopPropagation();
    },
    true
  );

  // On a phone the navigation is one row that scrolls sideways (app.css): the current
  // page's link is brought into that row's view, without moving the page.
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".main-nav");
    var current = nav && nav.querySelector("[aria-current]");
    if (!current || nav.scrollWidth <= nav.clientWidth) return;
    var box = nav.getBoundingClientRect();
    var link = current.getBoundingClientRect();
    nav.scrollLeft += link.left + link.width / 2 - (box.left + box.width / 2);
  });

  // A form that checks itself while the user chooses (data-live-check: the stakeholder
  // import's column choice, re-checked on every change) answers into a live region: its
  // problems are read from there, and focus stays in the list the user is stepping through.
  function isLiveCheck(detail) {
    var config = detail && detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    return !!(trigger && trigger.type === "change" && config.elt && config.elt.closest("[data-live-check]"));
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (isLiveCheck(event.detail)) {
      document.querySelectorAll(".form-errors").forEach(function (summary) {
        summaries.add(summary);
      });
      replaced = null;
      return;
    }
    if (focusNewErrorSummary()) {
      takeMarked();
      replaced = null;
      return;
    }
    // The server knows best what changed (the moved card, the fresh row).
    var marked = takeMarked();
    if (marked) {
      replaced = null;
      focus(marked);
      return;
    }
    if (!replaced) return;
    var id = replaced;
    replaced = null;
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return; // htmx kept it (same id)
    focus(document.getElementById(id) || document.getElementById("main"));
  });

  // ------------------------------------------------------------ Copy buttons

  function revealCopyButtons(root) {
    if (!navigator.clipboard || !root.querySelectorAll) return;
    root.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(function () {
      announce(button.getAttribute("data-copied-text"), "success");
    });
  });

  // ------------------------------------------------------------ File pickers

  // The browser words its file control in its own language, not the page's
  // (templates/django/forms/widgets/clearable_file_input.html): show the page's
  // words, with the native input laid transparent over them (CSS), and the
  // chosen file's name.
  function enhanceFilePickers(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("[data-file-picker]").forEach(function (picker) {
      var input = picker.querySelector("input[type=file]");
      var face = picker.querySelector(".file-picker__face");
      var name = picker.querySelector("[data-file-name]");
      if (!input || !face || !name || picker.classList.contains("file-picker--enhanced")) return;
      picker.classList.add("file-picker--enhanced");
      face.hidden = false;
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        name.textContent = file ? file.name : name.getAttribute("data-empty-text");
      });
    });
  }

  // What needs JavaScript to show, on the page and on every fragment htmx brings.
  function enhance(root) {
    revealCopyButtons(root);
    enhanceFilePickers(root);
  }
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });

  // ------------------------------------------------------------ Small things

  // Select the whole private calendar address when it gets focus.
  function selectAll(event) {
    var field = event.target;
    if (field && field.classList && field.classList.contains("feed-url")) {
      field.select();
    }
  }
  document.addEventListener("focusin", selectAll);
  document.addEventListener("click", selectAll);

  // A message on the page a save redirected to ("Task saved.") is in the live region from
  // the first byte, and screen readers say only what changes in one: a moment after load its
  // words are added there once more, out of sight, and taken away again.
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("messages");
    if (!box || !box.textContent.trim() || document.querySelector(".form-errors")) return;
    var words = box.textContent.replace(/\s+/g, " ").trim();
    setTimeout(function () {
      var said = document.createElement("p");
      said.className = "visually-hidden";
      said.setAttribute("data-said-again", "");
      said.textContent = words;
      box.appendChild(said);
      setTimeout(function () {
        said.remove();
      }, 5000);
    }, 300);
  });

  // A change the user sends starts afresh: what the last one said ("moved to Committed")
  // goes, or it stayed beside a refusal of the next one. Reading (a filter, a sort, a
  // region refreshing itself: all GETs) leaves it, so an import's refusal stays in view.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (!config || !config.verb || config.verb.toLowerCase() === "get") return;
    var box = document.getElementById("messages");
    if (box) box.textContent = "";
  });

  // Network failures and server errors: say so in the live region.
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

  // "Print or save as PDF" buttons (the dashboard).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
