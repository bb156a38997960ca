// The browser editor end to end in Chromium against `vouch serve`: open /admin/, create
// a testimonial through the form and save it, edit a case study's title, try to save a
// testimonial without its author; axe on what vouch writes around the CMS. Prints a
// JSON report for tests/editor.rs, which checks the files on disk and `vouch check`.
import { chromium } from "playwright-core";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const job = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const report = { foreign_requests: [], errors: [] };
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
const origin = new URL(job.base).origin;
page.on("request", (r) => {
  if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
    report.foreign_requests.push(r.url());
  }
});
page.on("pageerror", (e) => report.errors.push(e.message.slice(0, 300)));

async function axe(target) {
  await target.addScriptTag({ content: axeSource });
  const result = await target.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  );
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length }));
}

// Polls `check` (in node) until it is true; gives up after two minutes (a hang guard:
// the Rust side asserts on what happened).
async function until(check, ms = 120000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await check()) return true;
    } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function served(path) {
  const response = await fetch(job.base + path);
  return response.ok ? await response.text() : "";
}

// Hidden files are the backend's temporary ones, renamed into place as a save ends.
const files = (folder) => readdirSync(`${job.root}/content/${folder}`).filter((f) => !f.startsWith(".")).sort();

// What vouch writes around the CMS: the /admin/ page as a browser without JavaScript
// sees it, and an item's page in the preview with its "Edit" link.
{
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p = await plain.newPage();
  await p.goto(job.base + "admin/");
  report.admin_title = await p.title();
  await plain.close();
  const axeContext = await browser.newContext({ bypassCSP: true });
  const q = await axeContext.newPage();
  await q.route("**/admin/decap-cms.js", (route) => route.abort());
  await q.goto(job.base + "admin/");
  report.axe_admin_page = await axe(q);
  await q.goto(job.base + job.customer_page);
  report.edit_link = await q.evaluate(() => {
    const a = [...document.querySelectorAll("[data-vouch-preview] a")].find((l) => l.textContent.startsWith("Edit"));
    return a ? a.getAttribute("href") : null;
  });
  report.axe_item_page_with_edit_link = await axe(q);
  await axeContext.close();
}

await page.goto(job.base + "admin/");
// Decap checks the configuration against its own schema as it starts: an invalid one
// shows an error page instead of the login.
await page.getByRole("button", { name: "Login" }).or(page.getByText("Error loading the CMS configuration")).first().waitFor();
report.config_error = await page.getByText("Error loading the CMS configuration").count();
await page.getByRole("button", { name: "Login" }).click();
await page.getByText("Testimonials").first().waitFor();
report.axe_cms_collections = await axe(page);

// 1. A new testimonial through the form.
const before = files("testimonials");
await page.goto(job.base + "admin/#/collections/testimonials/new");
await page.getByLabel("Author", { exact: true }).waitFor();
report.axe_cms_form = await axe(page);
await page.getByLabel("Author", { exact: true }).fill(job.author);
await page.getByLabel("Role (optional)").fill("Head of Platform");
const customer = page.getByLabel("Customer (optional)");
await customer.click();
await customer.fill(job.customer_name);
await page.getByRole("option", { name: job.customer_name }).first().click();
await page.getByLabel("Date", { exact: true }).fill(job.date);
await page.getByLabel("Rating (optional)").fill("5");
await page.getByLabel("By (optional)", { exact: true }).fill(job.approved_by);
await page.getByLabel("On (optional)", { exact: true }).fill(job.date);
const words = page.locator("[data-slate-editor]").last();
await words.click();
await page.keyboard.type(job.words);
await page.getByRole("button", { name: "Publish" }).first().click();
await page.getByText("Publish now").click();
report.testimonial_saved = await until(() => files("testimonials").length > before.length);
report.new_testimonials = files("testimonials").filter((f) => !before.includes(f));
report.testimonial_on_wall = await until(async () => (await served("testimonials/")).includes(job.words));

// 2. A case study's title, edited (in a fresh tab: the login is remembered).
const story = await context.newPage();
story.on("pageerror", (e) => report.errors.push(e.message.slice(0, 300)));
await story.goto(job.base + `admin/#/collections/case-studies/entries/${job.case_study}`);
const title = story.getByLabel("Title", { exact: true });
await title.waitFor();
report.title_loaded = await until(async () => (await title.inputValue()) !== "");
await title.fill(job.new_title);
await story.getByRole("button", { name: "Publish" }).first().click();
await story.getByText("Publish now").click();
report.title_shown = await until(async () =>
  (await served(`case-studies/${job.case_study}/`)).includes(job.new_title.replace("'", "&#x27;")) ||
  (await served(`case-studies/${job.case_study}/`)).includes(job.new_title));

// 3. A required field left empty blocks the save, and the field shows vouch's hint.
const count = files("testimonials").length;
const empty = await context.newPage();
await empty.goto(job.base + "admin/#/collections/testimonials/new");
await empty.getByLabel("Author", { exact: true }).waitFor();
await empty.getByLabel("Date", { exact: true }).fill(job.date);
await empty.locator("[data-slate-editor]").last().click();
await empty.keyboard.type("Words without an author.");
await empty.getByRole("button", { name: "Publish" }).first().click();
await empty.getByText("Publish now").click();
await empty.getByText("Author is required", { exact: false }).first().waitFor();
await empty.waitForTimeout(1000);
report.blocked_without_author = files("testimonials").length === count;
report.author_field_text = await empty.evaluate(() => {
  // The author field's own box: the nearest ancestor holding its label too.
  const input = document.querySelector("input[id^='author-field']");
  let box = input;
  while (box && !box.querySelector(`label[for='${input.id}']`)) box = box.parentElement;
  return box ? box.innerText : "";
});
await empty.screenshot({ path: `${job.shots}/editor-required.png` });

await browser.close();
console.log(JSON.stringify(report));
