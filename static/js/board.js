/* Quick wins: drag a card to another column. CSP-safe; uses the helpers in app.js (F100).
 *
 * Dropping a card submits that card's own "Move to" form, so a drag is saved,
 * checked and recorded exactly like any other status update. The form is also
 * the keyboard (and no-JavaScript) way to move a card. After the update the
 * server marks the moved card with data-focus and says what happened in the
 * live region; app.js moves focus there.
 */
(function () {
  "use strict";

  var F100 = window.F100;

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
      F100.announce(body && body.dataset.reasonPrompt, "warning");
      return;
    }
    F100.submit(form);
  }

  // A moved card comes back next to a card this page may not show (someone
  // else changed the board meanwhile): then the whole board is fetched again.
  document.addEventListener("htmx:oobErrorNoTarget", function () {
    var body = document.getElementById("board-body");
    if (body) htmx.ajax("GET", window.location.href, { target: "#board-body", swap: "outerHTML" });
  });

  F100.dragAndDrop({
    item: "[data-qw-card]",
    draggingClass: "qw-card--dragging",
    overClass: "qw-column--over",
    // Only another column accepts the card.
    target: function (node, card) {
      var column = node.closest(".qw-column[data-status]");
      return column && column.dataset.status !== card.dataset.status ? column : null;
    },
    drop: function (card, column) {
      move(card, column.dataset.status);
    },
  });
})();
