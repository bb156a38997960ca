// vouch search: the index comes in parts (src/output/search.rs). A query fetches the
// small manifest, one shard per word it has, and the chunks of the results it shows,
// so a first query costs kilobytes at any size of site. Fetched parts are kept for the
// next query. No dependencies.
(function () {
  "use strict";
  var search = document.querySelector("[data-search]");
  if (!search) return;
  var input = search.querySelector("input");
  var list = document.querySelector("[data-search-results]");
  var info = document.querySelector("[data-search-status]");
  var more = document.querySelector("[data-search-more]");
  var url = search.getAttribute("data-search");
  var base = url.replace(/[^\/]*$/, "");
  var PAGE = 10;
  var parts = {};
  var get = function (path) {
    if (!parts[path]) {
      parts[path] = fetch(path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return parts[path];
  };
  var manifest = get(url);
  var asked = 0;
  var hits = [];
  var shown = 0;

  // The same words as `words` in search.rs: lowercase runs of letters and digits.
  var words = function (m, q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      var n = Array.from(w).length;
      return n >= m.min && n <= 40 && m.stop.indexOf(w) < 0;
    });
  };
  // The same as `shard_of` in search.rs.
  var shard = function (m, w) {
    var c = Array.from(w);
    return (c[0].codePointAt(0) * 31 + c[1].codePointAt(0)) % m.shards;
  };
  // Documents holding a word that starts with `w`: id -> whether in a title.
  var matches = function (m, w) {
    return get(base + "w/" + shard(m, w) + ".json").then(function (s) {
      var found = new Map();
      Object.keys(s).forEach(function (word) {
        if (word.lastIndexOf(w, 0) !== 0) return;
        var v = 0;
        s[word].forEach(function (d) {
          v += d;
          var id = v >> 1;
          found.set(id, (found.get(id) || 0) | (v & 1));
        });
      });
      return found;
    });
  };
  var show = function (m, mine, focus) {
    var page = hits.slice(shown, shown + PAGE);
    var chunks = page.map(function (h) { return get(base + "d/" + Math.floor(h.id / m.chunk) + ".json"); });
    return Promise.all(chunks).then(function (docs) {
      if (mine !== asked) return;
      page.forEach(function (h, i) {
        var e = docs[i][h.id % m.chunk];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.u; a.textContent = e.t;
        var p = document.createElement("p");
        p.textContent = e.k + (e.c ? " · " + e.c : "") + (e.s ? " — " + e.s : "");
        li.appendChild(a); li.appendChild(p); list.appendChild(li);
      });
      // After "Show more", the first new result takes the focus from the button.
      if (focus && page.length) list.children[shown].querySelector("a").focus();
      shown += page.length;
      if (more) more.hidden = shown >= hits.length;
      var n = hits.length + (hits.length === 1 ? " result" : " results");
      info.textContent = shown < hits.length ? n + ", showing " + shown : n;
    });
  };
  var run = function () {
    var mine = ++asked;
    var q = input.value.trim();
    manifest.then(function (m) {
      var ws = words(m, q);
      if (!ws.length) {
        if (mine !== asked) return;
        list.textContent = "";
        if (more) more.hidden = true;
        info.textContent = q ? "Type a word of at least " + m.min + " letters" : "";
        return;
      }
      return Promise.all(ws.map(function (w) { return matches(m, w); })).then(function (sets) {
        if (mine !== asked) return;
        hits = [];
        sets[0].forEach(function (title, id) {
          var score = 0;
          for (var i = 0; i < sets.length; i++) {
            if (!sets[i].has(id)) return;
            score += sets[i].get(id);
          }
          hits.push({ id: id, score: score });
        });
        // Words in the title first, then the site's order.
        hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        list.textContent = ""; shown = 0;
        return show(m, mine);
      });
    }).catch(function () {
      if (mine === asked) info.textContent = "Search is not available right now";
    });
  };
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
  input.addEventListener("input", run);
  search.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  if (more) more.addEventListener("click", function () {
    manifest.then(function (m) { show(m, asked, true); });
  });
})();
