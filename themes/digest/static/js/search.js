// The search page: Pagefind's UI in #search. A file of the site's own, not an inline script,
// so the pages' Content-Security-Policy can forbid inline script altogether.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  new PagefindUI({element: "#search", showSubResults: false, showImages: false, resetStyles: false});
  // Pagefind's input carries only a title; screen readers need a real label.
  var input = element.querySelector("input");
  if (input) input.setAttribute("aria-label", element.getAttribute("data-label"));
});
