// vouch serve: brings the page up to date when the site is rebuilt — the new page is
// fetched and swapped in, keeping the scroll position (no flash, no re-download of
// stylesheets); stylesheets are swapped when they changed; while the build is broken,
// an overlay lists its problems over the last good page.
(function () {
  "use strict";
  // The share panels' copy buttons: the text is the textarea just before the button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-vouch-copy]");
    var text = button && button.previousElementSibling && button.previousElementSibling.querySelector("textarea");
    if (!text || !navigator.clipboard) return;
    navigator.clipboard.writeText(text.value).then(function () { button.textContent = "Copied"; });
  });
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "0";
  var cssStamp = null;
  var overlay = null;
  function show(problems) {
    if (!overlay || !document.body.contains(overlay)) {
      overlay = document.createElement("div");
      overlay.id = "vouch-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "The build failed");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(18,18,28,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "The build failed: this is the last good version of the page. Fix the problems below and save.";
    title.style.cssText = "font:600 18px system-ui,sans-serif;margin:0 0 1rem";
    overlay.appendChild(title);
    problems.forEach(function (text) {
      var pre = document.createElement("pre");
      pre.textContent = text;
      pre.style.cssText = "white-space:pre-wrap;background:rgba(255,255,255,.06);padding:1rem;border-radius:8px";
      overlay.appendChild(pre);
    });
  }
  function restyle(stamp) {
    document.querySelectorAll("link[rel=stylesheet]").forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", stamp);
      link.href = url.toString();
    });
  }
  function refresh(stamp) {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html");
      var y = window.scrollY;
      document.title = next.title;
      document.body.replaceWith(document.adoptNode(next.body));
      overlay = null;
      // Scripts arriving with the new page do not run by themselves: run the site's own.
      document.body.querySelectorAll("script").forEach(function (old) {
        if ((old.getAttribute("src") || "").indexOf("/__vouch/") >= 0) { old.remove(); return; }
        var script = document.createElement("script");
        if (old.src) { script.src = old.src; } else { script.textContent = old.textContent; }
        old.replaceWith(script);
      });
      if (stamp !== cssStamp) { restyle(stamp); cssStamp = stamp; }
      window.scrollTo(0, y);
    }).catch(function () { location.reload(); });
  }
  var events = new EventSource("/__vouch/events?v=" + version);
  events.onmessage = function (e) {
    var message = JSON.parse(e.data);
    if (cssStamp === null) { cssStamp = message.css; }
    if (message.change === "failed") { show(message.problems); return; }
    if (message.change === "css" && !overlay) { restyle(message.css); cssStamp = message.css; return; }
    refresh(message.css);
  };
  // The stamp of the stylesheets this page loaded with.
  fetch("/__vouch/state", { cache: "no-store" }).then(function (r) { return r.json(); })
    .then(function (state) { if (cssStamp === null) { cssStamp = state.css; } }).catch(function () {});
})();
