// The live preview in Chromium: load a page, edit its source file, see the change
// without touching the browser; break the file, see the overlay; fix it, see it go.
// Prints a JSON report for tests/serve.rs.
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";

const job = JSON.parse(process.argv[2]);
const original = readFileSync(job.file, "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const page = await browser.newPage({ viewport: { width: 390, height: 600 } });
await page.goto(job.url, { waitUntil: "load" });
const report = {};

// Polls the page (which may be reloading) until `check` is true; gives up (a hang, not
// a speed check: the Rust side asserts on what happened) after two minutes.
async function until(check, ms = 120000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await page.evaluate(check)) return true;
    } catch (e) { /* the page is navigating */ }
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

if (job.repeat) {
  // Consecutive edits, each timed from the save to the new text in the page: of the
  // body text, or (job.title) of the title in the front matter, or (job.move) of the
  // title with a new date, which moves the item in its listings.
  const times = [];
  for (let i = 0; i < job.repeat; i++) {
    const marker = `REPEAT-${i}-${Date.now()}`;
    const t0 = Date.now();
    const retitled = original.replace("title: ", `title: ${marker} `);
    writeFileSync(job.file, job.move
      ? retitled.replace(/^date: \d{4}/m, `date: ${2001 + i}`)
      : job.title ? retitled : `${original}\n${marker}\n`);
    await until(new Function(`return document.body.innerText.includes(${JSON.stringify(marker)})`));
    times.push(Date.now() - t0);
    await page.waitForTimeout(200);
  }
  writeFileSync(job.file, original);
  report.repeat_ms = times;
}
await page.evaluate(() => window.scrollTo(0, 200));
const before = await page.evaluate(() => window.scrollY);
const started = Date.now();
const find = job.find || "The advocate program is for";
writeFileSync(job.file, job.append ? `${original}\nEDITED: one more paragraph.\n` : original.replace(find, `EDITED: ${find}`));
report.edited = await until(() => document.body.innerText.includes("EDITED"));
report.edit_to_dom_ms = Date.now() - started;
await page.waitForTimeout(300);
const after = await page.evaluate(() => window.scrollY);
report.scroll_before = before;
report.scroll_after = after;
report.same_document_scroll_kept = before > 0 && Math.abs(after - before) <= 2;

writeFileSync(job.file, "---\ntitle: [oops\n---\nBroken.\n");
report.overlay = await until(() => !!document.getElementById("vouch-overlay"));
report.overlay_text = report.overlay ? await page.evaluate(() => document.getElementById("vouch-overlay").innerText) : "";
report.last_good_still_shown = await page.evaluate(() => document.body.innerText.includes("EDITED"));

writeFileSync(job.file, original);
report.overlay_cleared = await until(() => !document.getElementById("vouch-overlay") && !document.body.innerText.includes("EDITED"));
await browser.close();
process.stdout.write(JSON.stringify(report));
