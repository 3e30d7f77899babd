/* The language switch keeps the reader's place: on a page whose ids are the same in
   both languages (the pages built from the data; their links carry data-cds-keep-anchor),
   each language link gets the #anchor the reader is at, as the page opens and whenever
   it changes (a heading's link, the table of contents). Without JavaScript, or on a
   hand-written page, whose ids are its own language's headings, the link leads to the
   top of the other page. */
(function () {
  "use strict";

  var links = document.querySelectorAll(".md-select__link[data-cds-keep-anchor]");

  function keepAnchor() {
    links.forEach(function (link) {
      var target = new URL(link.href);
      target.hash = location.hash;
      link.href = target.href;
    });
  }

  if (links.length) {
    keepAnchor();
    window.addEventListener("hashchange", keepAnchor);
  }
})();
