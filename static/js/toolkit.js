/* The manager's toolkit: live word count, drag to rank challenges.
 * No dependencies beyond app.js (F100), CSP-safe (no inline code, no eval).
 * Every feature here enhances a page that works without it.
 */
(function () {
  "use strict";

  var F100 = window.F100;

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
  // The server marks the moved item with data-focus; app.js moves focus there.
  F100.dragAndDrop({
    item: "[data-tk-item]",
    draggingClass: "tk-challenge--dragging",
    overClass: "tk-challenge--over",
    // Another item of the same list.
    target: function (node, dragged) {
      var item = node.closest("[data-tk-item]");
      return item && item !== dragged && item.parentNode === dragged.parentNode ? item : null;
    },
    drop: function (dragged, target) {
      var items = Array.prototype.slice.call(target.parentNode.querySelectorAll("[data-tk-item]"));
      var rank = items.indexOf(target) + 1;
      var form = dragged.querySelector("form[data-tk-move]");
      if (!form || rank < 1) return;
      form.querySelector("[data-tk-position]").value = String(rank);
      F100.submit(form);
    },
  });

  document.addEventListener("DOMContentLoaded", function () {
    initCounts(document);
  });
  document.addEventListener("htmx:load", function (event) {
    if (event.target.querySelectorAll) initCounts(event.target);
  });
})();
