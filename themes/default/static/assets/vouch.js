// vouch default theme: case-study filters and click-to-load videos. No dependencies.
// Search lives in search.js, loaded by the search page only.
(function () {
  "use strict";
  // The case-study filter: a listing page holds one page of cards, so the first use of
  // the filter fetches the library's compact index and filters every case study.
  var form = document.querySelector("[data-filter-form]");
  if (form) {
    var status = form.querySelector("[data-filter-status]");
    var page = document.querySelector("[data-filter-page]");
    var results = document.querySelector("[data-filter-results]");
    var index = null, loading = null, matches = [], shown = 0, STEP = 24;
    var load = function () {
      if (!loading) {
        loading = fetch(form.getAttribute("data-filter-index"))
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (data) { index = data.items; return index; });
      }
      return loading;
    };
    var el = function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    };
    var more = function () {
      var grid = results.querySelector(".grid");
      var end = Math.min(shown + STEP, matches.length);
      for (; shown < end; shown++) {
        var m = matches[shown];
        var card = el("article", "card case-card");
        var h = el("h3", "card-title");
        var a = el("a", "", m.t);
        a.href = m.u;
        h.appendChild(a);
        card.appendChild(h);
        if (m.c) card.appendChild(el("p", "meta", m.c));
        grid.appendChild(card);
      }
      var button = results.querySelector("button");
      button.hidden = shown >= matches.length;
      button.textContent = "Show " + Math.min(STEP, matches.length - shown) + " more";
    };
    var apply = function () {
      var wanted = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.value; }).filter(Boolean);
      if (!wanted.length) {
        page.hidden = false;
        results.hidden = true;
        status.textContent = "";
        return;
      }
      status.textContent = "Filtering…";
      load().then(function (items) {
        matches = items.filter(function (item) {
          var terms = " " + item.f + " ";
          return wanted.every(function (w) { return terms.indexOf(" " + w + " ") >= 0; });
        });
        results.textContent = "";
        var heading = el("h2", "visually-hidden", "Matching case studies");
        results.appendChild(heading);
        results.appendChild(el("div", "grid"));
        var button = el("button", "button");
        button.type = "button";
        button.addEventListener("click", more);
        results.appendChild(button);
        shown = 0;
        more();
        page.hidden = true;
        results.hidden = false;
        status.textContent = matches.length + " of " + items.length + " case studies";
      }).catch(function () {
        status.textContent = "The filter could not load; browse by topic below instead.";
      });
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
