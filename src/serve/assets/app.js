/* herald serve: small enhancements; every page works without them.
 * - "/" focuses the search box;
 * - following a link to a quote (#q-N) flashes it in the article text. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var t = e.target && e.target.tagName;
    if (e.key === "/" && t !== "INPUT" && t !== "TEXTAREA") {
      var box = document.querySelector("form.search input[name=q]");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    }
  });
  function flash() {
    if (!location.hash || location.hash.length < 2) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return;
    el.classList.remove("flash");
    void el.offsetWidth; /* restart the animation */
    el.classList.add("flash");
  }
  window.addEventListener("hashchange", flash);
  document.addEventListener("DOMContentLoaded", flash);
})();
