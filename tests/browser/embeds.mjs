// Drives Chromium over a host page (one origin) that shows two vouch embeds (the site's
// origin) through embed.js, and prints what it measured as JSON; tests/browser.rs
// decides pass or fail. Usage: node embeds.mjs '{"host": "http://127.0.0.1:A/host.html",
//   "site": "http://127.0.0.1:B/"}'
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const job = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
const page = await context.newPage();
const errors = [];
const foreign = [];
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
page.on("pageerror", (e) => errors.push(String(e)));
page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
page.on("request", (r) => {
  const url = r.url();
  if (!url.startsWith(job.site) && !url.startsWith(new URL(job.host).origin)) foreign.push(url);
});
await page.goto(job.host, { waitUntil: "load" });

// Each iframe's height and its content's, once every embed has said its height.
async function measure(label) {
  const out = [];
  for (const handle of await page.$$("[data-vouch-embed] iframe")) {
    await handle.scrollIntoViewIfNeeded();
    const frame = await handle.contentFrame();
    await frame.waitForLoadState("load");
    const content = await frame.evaluate(() => Math.ceil(document.querySelector("main").getBoundingClientRect().height));
    // Wait for the iframe to follow its content (embed.js sets it on each message).
    await page.waitForFunction(([el, h]) => Math.abs(el.getBoundingClientRect().height - h) <= 2, [handle, content], { timeout: 20000 }).catch(() => null);
    const box = await handle.boundingBox();
    const attrs = await handle.evaluate((f) => ({ title: f.title, loading: f.loading, scrolling: f.getAttribute("scrolling") }));
    out.push({ label, content, iframe: Math.round(box.height * 10) / 10, ...attrs });
  }
  return out;
}

const desktop = await measure("desktop");
await page.setViewportSize({ width: 375, height: 800 });
const phone = await measure("phone");

// axe inside each embed.
const axe = [];
for (const handle of await page.$$("[data-vouch-embed] iframe")) {
  const frame = await handle.contentFrame();
  await frame.evaluate(axeSource);
  const result = await frame.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  axe.push(...result.violations.map((v) => `${v.id}: ${v.nodes.length}`));
}

// A height message from the host's own origin (foreign to the embeds): nothing moves.
const before = await page.$$eval("[data-vouch-embed] iframe", (fs) => fs.map((f) => f.style.height));
await page.evaluate(() => new Promise((done) => {
  window.addEventListener("message", (e) => e.data === "marker" && done());
  window.postMessage({ vouchEmbed: "height", height: 5 }, "*");
  window.postMessage("marker", "*");
}));
const after = await page.$$eval("[data-vouch-embed] iframe", (fs) => fs.map((f) => f.style.height));

console.log(JSON.stringify({ desktop, phone, axe, errors, foreign, before, after }));
await browser.close();
