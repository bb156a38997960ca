// vouch default theme: case-study filters and click-to-load videos. No dependencies.
// Search lives in search.js, loaded by the search page only.
(function () {
  "use strict";
  var form = document.querySelector("[data-filter-form]");
  if (form) {
    var cards = document.querySelectorAll("[data-filter-list] [data-filters]");
    var status = form.querySelector("[data-filter-status]");
    var apply = function () {
      var wanted = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.value; }).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var terms = " " + card.getAttribute("data-filters") + " ";
        var ok = wanted.every(function (w) { return terms.indexOf(" " + w + " ") >= 0; });
        card.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = shown + " of " + cards.length + " case studies";
    };
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
  document.querySelectorAll("[data-video]").forEach(function (fig) {
    var link = fig.querySelector("a");
    link.addEventListener("click", function (e) {
      var url = fig.getAttribute("data-video");
      var m = url.match(/(?:youtube\.com\/watch\?v=|youtu\.be\/)([\w-]+)/);
      var v = url.match(/vimeo\.com\/(\d+)/);
      var src = m ? "https://www.youtube-nocookie.com/embed/" + m[1] + "?autoplay=1" : v ? "https://player.vimeo.com/video/" + v[1] + "?autoplay=1" : null;
      if (!src) return;
      e.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = src; frame.title = link.textContent; frame.allow = "autoplay; fullscreen"; frame.width = 640; frame.height = 360;
      frame.style.maxWidth = "100%";
      fig.replaceChild(frame, link);
    });
  });
})();
