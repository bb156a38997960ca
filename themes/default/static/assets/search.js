// vouch search: fetches the compact index once (it is cached, so search works offline
// after the first visit), then matches every word of the query. No dependencies.
(function () {
  "use strict";
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
})();
