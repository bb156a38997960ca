// vouch serve: reloads the page when the site is rebuilt, keeping the scroll position;
// swaps stylesheets in place when only CSS changed; shows the build's problems in an
// overlay while the build is broken.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "0";
  var key = "vouch-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = Number(saved);
    window.scrollTo(0, y);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }
  var overlay = null;
  function show(problems) {
    if (!overlay) {
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
  var events = new EventSource("/__vouch/events?v=" + version);
  events.onmessage = function (e) {
    var message = JSON.parse(e.data);
    if (message.change === "failed") { show(message.problems); return; }
    if (message.change === "css" && !overlay) {
      document.querySelectorAll("link[rel=stylesheet]").forEach(function (link) {
        var url = new URL(link.href);
        url.searchParams.set("v", message.version);
        link.href = url.toString();
      });
      return;
    }
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };
})();
