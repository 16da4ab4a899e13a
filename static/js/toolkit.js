/* The manager's toolkit: live word count, drag to rank challenges, copy a link.
 * No dependencies, CSP-safe (no inline code, no eval). Every feature here
 * enhances a page that works without it.
 */
(function () {
  "use strict";

  // Say something in the page's live region (#messages).
  function announce(text, level) {
    var box = document.getElementById("messages");
    if (!box || !text) return;
    var message = document.createElement("p");
    message.className = "message message--" + (level || "info");
    message.textContent = text;
    box.replaceChildren(message);
  }

  // ------------------------------------------------------------ (1) Live word count
  //
  // Counts like onboarding/toolkit_rules.py: runs of letters or digits, joined by
  // inner apostrophes, hyphens or the zero-width non-joiner (Persian).
  var WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-\u200c][\p{L}\p{N}\p{M}]+)*/gu;

  function countWords(text) {
    var matches = text.match(WORD);
    return matches ? matches.length : 0;
  }

  function formatNumber(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
    } catch (error) {
      return String(value);
    }
  }

  function updateCount(field) {
    var output = document.getElementById(field.getAttribute("data-word-count"));
    if (!output) return;
    var count = countWords(field.value);
    var short = parseInt(field.getAttribute("data-words-short"), 10) || 0;
    var long = parseInt(field.getAttribute("data-words-long"), 10) || Infinity;
    var level = "";
    var flag = "";
    if (count > 0 && count < short) {
      level = "short";
      flag = output.getAttribute("data-short-text");
    } else if (count > long) {
      level = "long";
      flag = output.getAttribute("data-long-text");
    } else if (count > 0) {
      flag = output.getAttribute("data-good-text");
    }
    output.classList.toggle("tk-wordcount--short", level === "short");
    output.classList.toggle("tk-wordcount--long", level === "long");
    var counter = output.querySelector(".tk-wordcount__count");
    var note = output.querySelector(".tk-wordcount__flag");
    if (counter) counter.textContent = output.getAttribute("data-label") + ": " + formatNumber(count);
    if (note) note.textContent = flag || "";
  }

  var pending = null;
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("textarea[data-word-count]")) return;
    // The count region is polite; update it a moment after typing pauses, so a
    // screen reader is not interrupted on every key.
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      updateCount(field);
    }, 250);
  });

  function initCounts(root) {
    root.querySelectorAll("textarea[data-word-count]").forEach(updateCount);
  }

  // ------------------------------------------------------------ (2) Drag to rank challenges
  //
  // Dropping an item on another submits the dragged item's own "Move" form with
  // the target's rank, so a drag is saved exactly like the Move up/down buttons.
  var dragged = null;

  function itemOf(node) {
    return node && node.closest ? node.closest("[data-tk-item]") : null;
  }

  function clearOver() {
    document.querySelectorAll(".tk-challenge--over").forEach(function (item) {
      item.classList.remove("tk-challenge--over");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var item = itemOf(event.target);
    if (!item) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.id);
    item.classList.add("tk-challenge--dragging");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("tk-challenge--dragging");
    dragged = null;
    clearOver();
  });

  document.addEventListener("dragover", function (event) {
    var item = itemOf(event.target);
    if (!dragged || !item || item === dragged || item.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearOver();
    item.classList.add("tk-challenge--over");
  });

  document.addEventListener("drop", function (event) {
    var target = itemOf(event.target);
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    clearOver();
    var items = Array.prototype.slice.call(target.parentNode.querySelectorAll("[data-tk-item]"));
    var rank = items.indexOf(target) + 1;
    var form = dragged.querySelector("form[data-tk-move]");
    if (!form || rank < 1) return;
    var position = form.querySelector("[data-tk-position]");
    position.value = String(rank);
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });

  // After htmx swaps the list, keep keyboard and screen-reader users on the item they moved.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-tk-focus]");
    if (!target) return;
    target.removeAttribute("data-tk-focus");
    target.focus({ preventScroll: false });
  });

  // ------------------------------------------------------------ (3) Copy the shared link

  function revealCopyButtons(root) {
    if (!navigator.clipboard || !root.querySelectorAll) return;
    root.querySelectorAll("[data-tk-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tk-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-tk-copy"));
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(function () {
      announce(button.getAttribute("data-copied-text"), "success");
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    initCounts(document);
    revealCopyButtons(document);
  });
  document.addEventListener("htmx:load", function (event) {
    initCounts(event.target);
    revealCopyButtons(event.target);
  });
})();
