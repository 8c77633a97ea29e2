// The search page: Pagefind's UI in #search. A file of the site's own, not an inline script,
// so the pages' Content-Security-Policy can forbid inline script altogether.
// The index is in shards (pagefind/shards.json lists them); the UI searches them all at once.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var index = new URL(element.getAttribute("data-index"), document.baseURI);
  fetch(new URL("shards.json", index)).then(function (response) {
    return response.json();
  }).then(function (manifest) {
    var bundles = manifest.bundles.map(function (name) { return new URL(name, index).href; });
    if (!bundles.length) return;
    new PagefindUI({
      element: "#search", bundlePath: bundles[0],
      mergeIndex: bundles.slice(1).map(function (bundle) { return {bundlePath: bundle}; }),
      showSubResults: false, showImages: false, resetStyles: false
    });
    // Pagefind's input carries only a title; screen readers need a real label.
    var input = element.querySelector("input");
    if (input) input.setAttribute("aria-label", element.getAttribute("data-label"));
  });
});
