/* Quick wins: drag a card to another column; copy the announcement. CSP-safe, no dependencies.
 *
 * Dropping a card submits that card's own "Move to" form, so a drag is saved,
 * checked and recorded exactly like any other status update. The form is also
 * the keyboard (and no-JavaScript) way to move a card.
 */
(function () {
  "use strict";

  var dragged = null;

  // Say something in the page's live region (#messages).
  function announce(text, level) {
    var box = document.getElementById("messages");
    if (!box || !text) return;
    var message = document.createElement("p");
    message.className = "message message--" + (level || "info");
    message.textContent = text;
    box.replaceChildren(message);
  }

  function columnOf(node) {
    return node && node.closest ? node.closest(".qw-column[data-status]") : null;
  }

  function clearDropTargets(except) {
    document.querySelectorAll(".qw-column--over").forEach(function (column) {
      if (column !== except) column.classList.remove("qw-column--over");
    });
  }

  function move(card, status) {
    var form = card.querySelector("form[data-qw-move]");
    if (!form) return;
    var select = form.elements.namedItem("status");
    var note = form.elements.namedItem("note");
    select.value = status;
    var option = select.options[select.selectedIndex];
    if (option && option.hasAttribute("data-needs-reason") && !note.value.trim()) {
      // Blocked and dropped need a reason: open the form and ask for it.
      var details = form.closest("details");
      if (details) details.open = true;
      note.focus();
      var body = document.getElementById("board-body");
      announce(body && body.dataset.reasonPrompt, "warning");
      return;
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-qw-card]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
    card.classList.add("qw-card--dragging");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("qw-card--dragging");
    dragged = null;
    clearDropTargets(null);
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    // Only another column accepts the card (not calling preventDefault refuses the drop).
    if (!dragged || !column || column.dataset.status === dragged.dataset.status) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearDropTargets(column);
    column.classList.add("qw-column--over");
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("qw-column--over");
    }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    var card = dragged;
    clearDropTargets(null);
    move(card, column.dataset.status);
  });

  // After an update the server marks what changed (the moved card, the updated
  // quick win): keep keyboard and screen-reader users there.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-qw-focus]");
    if (!target) return;
    target.removeAttribute("data-qw-focus");
    target.focus({ preventScroll: false });
  });

  // Copy the announcement, where the browser allows it (the button stays hidden otherwise).
  function revealCopyButtons(root) {
    if (!navigator.clipboard || !root.querySelectorAll) return;
    root.querySelectorAll("[data-qw-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    revealCopyButtons(document);
  });
  document.addEventListener("htmx:load", function (event) {
    revealCopyButtons(event.target);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-qw-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-qw-copy"));
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(function () {
      announce(button.getAttribute("data-copied-text"), "success");
    });
  });
})();
