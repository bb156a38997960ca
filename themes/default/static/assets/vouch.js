// vouch default theme: case-study filters, search, click-to-load videos. No dependencies.
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
  var search = document.querySelector("[data-search]");
  if (search) {
    var input = search.querySelector("input");
    var list = document.querySelector("[data-search-results]");
    var info = document.querySelector("[data-search-status]");
    var index = null;
    var run = function () {
      var q = input.value.trim().toLowerCase();
      list.textContent = "";
      if (!q || !index) { info.textContent = ""; return; }
      var words = q.split(/\s+/);
      var hits = index.filter(function (e) {
        var text = [e.t, e.s, e.k, e.c || "", (e.g || []).join(" ")].join(" ").toLowerCase();
        return words.every(function (w) { return text.indexOf(w) >= 0; });
      }).slice(0, 50);
      hits.forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.u; a.textContent = e.t;
        var p = document.createElement("p");
        p.textContent = e.k + (e.c ? " · " + e.c : "") + " — " + e.s;
        li.appendChild(a); li.appendChild(p); list.appendChild(li);
      });
      info.textContent = hits.length + (hits.length === 1 ? " result" : " results");
    };
    fetch(search.getAttribute("data-search")).then(function (r) { return r.json(); }).then(function (data) {
      index = data;
      var q = new URLSearchParams(location.search).get("q");
      if (q) input.value = q;
      run();
    });
    input.addEventListener("input", run);
    search.addEventListener("submit", function (e) { e.preventDefault(); run(); });
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
