/* Stakeholders: the power map's name tag. No dependencies, CSP-safe.
 *
 * Hovering or focusing a dot shows the person's name in a tag drawn on top
 * of the grid (each dot also has an SVG <title> and an aria-label, so
 * nothing depends on this script).
 */
(function () {
  "use strict";

  var PAD_X = 7;
  var PAD_Y = 4;

  function tipFor(dot) {
    var svg = dot.ownerSVGElement;
    return svg ? svg.querySelector("[data-grid-tip]") : null;
  }

  function show(dot) {
    var tip = tipFor(dot);
    if (!tip) return;
    var text = tip.querySelector("text");
    var box = tip.querySelector("rect");
    var svg = dot.ownerSVGElement;
    var x = parseFloat(dot.getAttribute("data-x"));
    var y = parseFloat(dot.getAttribute("data-y"));
    var r = parseFloat(dot.getAttribute("data-r")) || 8;
    text.textContent = dot.getAttribute("data-name") || "";
    tip.classList.add("is-shown");
    var width = text.getComputedTextLength() + 2 * PAD_X;
    var height = 13 + 2 * PAD_Y;
    var view = svg.viewBox.baseVal;
    // Above the dot, or below it near the top edge; always inside the grid.
    var left = Math.min(Math.max(x - width / 2, 2), view.width - width - 2);
    var top = y - r - height - 4;
    if (top < 2) top = y + r + 4;
    box.setAttribute("x", left);
    box.setAttribute("y", top);
    box.setAttribute("width", width);
    box.setAttribute("height", height);
    text.setAttribute("x", left + PAD_X);
    text.setAttribute("y", top + PAD_Y + 11);
  }

  function hide(dot) {
    var tip = tipFor(dot);
    if (tip) tip.classList.remove("is-shown");
  }

  function dotOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest(".grid-dot") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var dot = dotOf(event);
    if (dot) show(dot);
  });
  document.addEventListener("mouseout", function (event) {
    var dot = dotOf(event);
    if (dot) hide(dot);
  });
  document.addEventListener("focusin", function (event) {
    var dot = dotOf(event);
    if (dot) show(dot);
  });
  document.addEventListener("focusout", function (event) {
    var dot = dotOf(event);
    if (dot) hide(dot);
  });
})();
