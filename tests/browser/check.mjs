// Drives Debian's Chromium over a built vouch site and prints what it measured as JSON;
// tests/browser.rs decides pass or fail. Usage:
//   node check.mjs '{"base": "http://127.0.0.1:PORT/", "pages": [{"name": "home", "path": ""}],
//                    "filter": "case-studies/", "shots": "DIR",
//                    "search": {"path": "search/", "query": "words"}}'
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const job = JSON.parse(process.argv[2]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
  ],
});

// Every request the page makes, so the test can assert none leaves the site.
const foreign = [];

async function open(path, viewport, colorScheme, deviceScaleFactor = 1) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: "reduce", deviceScaleFactor });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(job.base) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  const response = await page.goto(job.base + path, { waitUntil: "load" });
  // Full-page screenshots do not scroll, so lazy images would stay blank: load them all.
  await page.evaluate(() =>
    Promise.all(
      [...document.images].map((img) => {
        img.loading = "eager";
        return img.complete ? null : new Promise((done) => img.addEventListener("load", done, { once: true }) || setTimeout(done, 2000));
      }),
    ),
  );
  return { context, page, status: response.status() };
}

// Each picture the page shows: the file the browser chose and the width it is shown at.
// (`naturalWidth` of a srcset picture is scaled by its density, so the file's own pixel
// width is read by loading the chosen file again on its own.)
function pictures(page) {
  return page.evaluate(() =>
    Promise.all(
      [...document.images].map(async (img) => {
        const file = new Image();
        file.src = img.currentSrc;
        await file.decode().catch(() => null);
        return {
          src: img.getAttribute("src"),
          current: img.currentSrc,
          pixels: file.naturalWidth,
          shown: img.clientWidth,
          width: img.getAttribute("width"),
          height: img.getAttribute("height"),
        };
      }),
    ),
  );
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // WCAG 2.0–2.2 A and AA plus axe's best practices (landmarks, one h1, heading order).
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}

// What the layout checks read: the header's height and whether the menu's summary
// shows, how many main links are visible, the space under the action buttons, the
// smallest customer wordmark on a card, and sidebar terms broken across lines.
function layout(page) {
  return page.evaluate(() => {
    const visible = (e) => !!e && e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
    const header = document.querySelector(".site-header");
    const summary = document.querySelector(".nav-menu > summary");
    const links = [...document.querySelectorAll('nav[aria-label="Main"] a')];
    const actions = document.querySelector(".hero-actions");
    // The first element laid out after the buttons (in document order, outside them).
    const after = actions && [...document.querySelectorAll("main *")].find(
      (e) => actions.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && !actions.contains(e) && visible(e),
    );
    const logos = [...document.querySelectorAll(".card .card-logo")].map((i) => i.getBoundingClientRect().height);
    return {
      header_height: header ? Math.round(header.getBoundingClientRect().height) : null,
      summary_visible: visible(summary),
      links: links.length,
      links_visible: links.filter(visible).length,
      space_under_actions: actions && after ? Math.round(after.getBoundingClientRect().top - actions.getBoundingClientRect().bottom) : null,
      smallest_card_logo: logos.length ? Math.round(Math.min(...logos)) : null,
      split_terms: [...document.querySelectorAll(".facts dd a")].filter((a) => a.getClientRects().length > 1).map((a) => a.textContent),
    };
  });
}

const report = { pages: {}, filter: null, foreign };
for (const { name, path } of job.pages) {
  const entry = {};
  // Desktop, light.
  let { context, page, status } = await open(path, { width: 1280, height: 800 }, "light");
  entry.status = status;
  entry.axe_light = await axe(page);
  entry.h1 = await page.locator("h1").count();
  entry.third_party_scripts = await page.evaluate(() =>
    [...document.querySelectorAll("script[src], link[href]")]
      .map((e) => e.src || e.href)
      .filter((u) => !u.startsWith(location.origin)).length,
  );
  entry.pictures_desktop = await pictures(page);
  entry.layout_desktop = await layout(page);
  if (job.shots) await page.screenshot({ path: `${job.shots}/${name}-desktop.png`, fullPage: true });
  await context.close();
  // Phone (a 2x screen), light: nothing may scroll sideways.
  ({ context, page } = await open(path, { width: 390, height: 844 }, "light", 2));
  entry.phone_overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  entry.pictures_phone = await pictures(page);
  entry.layout_phone = await layout(page);
  // The phone's menu opens without a script and shows every link.
  const summary = page.locator(".nav-menu > summary");
  if (await summary.isVisible()) {
    await summary.click();
    entry.layout_phone_menu_open = await layout(page);
  }
  if (job.shots) await page.screenshot({ path: `${job.shots}/${name}-phone.png`, fullPage: true });
  await context.close();
  // Dark mode: the page's background follows the reader's preference.
  ({ context, page } = await open(path, { width: 1280, height: 800 }, "dark"));
  entry.dark_background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  entry.axe_dark = await axe(page);
  if (job.shots) await page.screenshot({ path: `${job.shots}/${name}-dark.png` });
  await context.close();
  report.pages[name] = entry;
}

if (job.filter) {
  // The case-study library: choosing a term narrows the list at once, without a reload.
  const { context, page } = await open(job.filter, { width: 1280, height: 800 }, "light");
  // The page shows one page of cards; a filter fetches the library's index and shows
  // every match, so count the cards on screen once the status says the filter is done.
  const visible = () => page.locator("article.case-card:visible").count();
  const before = await visible();
  const select = page.locator("form.filters select").first();
  const options = await select.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  let after = before;
  let chosen = null;
  // The first term that narrows the list (a term every case study has would not).
  for (const value of options) {
    await select.selectOption(value);
    await page.waitForFunction(() => / of \d+ case studies/.test(document.querySelector("[data-filter-status]").textContent));
    after = await visible();
    chosen = value;
    if (after < before && after > 0) break;
  }
  const status = await page.locator("[role=status], [aria-live]").first().textContent().catch(() => null);
  report.filter = { before, after, chosen, status, url: page.url() };
  await context.close();
}

if (job.search) {
  // The search page: typing a query lists results, announces their number, and fetches
  // only a few parts of the index.
  const { context, page } = await open(job.search.path, { width: 1280, height: 800 }, "light");
  const fetched = [];
  page.on("response", async (r) => {
    if (r.url().includes("/search/")) fetched.push({ url: r.url(), bytes: (await r.body()).length });
  });
  await page.locator("#search-input").pressSequentially(job.search.query, { delay: 20 });
  const first = page.locator("[data-search-results] li a").first();
  const found = await first.waitFor({ timeout: 120000 }).then(() => true, () => false);
  await page.waitForTimeout(300);
  const titles = await page.locator("[data-search-results] li a").allTextContents();
  const status = await page.locator("[data-search-status]").textContent();
  const live = await page.locator("[data-search-status]").getAttribute("aria-live");
  report.search = { found, titles, status, live, fetched, axe: await axe(page) };
  await context.close();
}

await browser.close();
process.stdout.write(JSON.stringify(report, null, 1));
