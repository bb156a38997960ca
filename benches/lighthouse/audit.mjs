// Audits a built vouch site: sizes, reachability by <a href> links, Lighthouse 12 and
// sideways scrolling at a 390 px phone width. Run by benches/site-audit.sh, which builds
// the site first; see that script for the options. Prints a markdown report on stdout,
// progress on stderr. Needs `npm ci` in this folder (lighthouse 12, playwright-core).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- options ---------------------------------------------------------------------------
const opts = {
  out: null, // the built site
  base: 'https://example.gitlab.io/bench/', // the --base-url it was built with
  runs: 3,
  timeout: 300, // seconds per Lighthouse run
  desktop: false,
  lighthouse: true,
  overflow: true,
  gzip: true,
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  term: null,
  item: null,
  urls: [],
  overflowAll: false,
  retryTimeouts: false,
  title: null,
  jsonOut: null,
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => {
    if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
    return argv[++i];
  };
  switch (a) {
    case '--out': opts.out = val(); break;
    case '--base-url': opts.base = val(); break;
    case '--runs': opts.runs = Number(val()); break;
    case '--timeout': opts.timeout = Number(val()); break;
    case '--desktop': opts.desktop = true; break;
    case '--no-lighthouse': opts.lighthouse = false; break;
    case '--no-overflow': opts.overflow = false; break;
    case '--overflow-all': opts.overflowAll = true; break;
    case '--no-gzip': opts.gzip = false; break;
    case '--retry-timeouts': opts.retryTimeouts = true; break;
    case '--chromium': opts.chromium = val(); break;
    case '--term': opts.term = val(); break;
    case '--item': opts.item = val(); break;
    case '--url': opts.urls.push(val()); break;
    case '--title': opts.title = val(); break;
    case '--json': opts.jsonOut = val(); break;
    default: throw new Error(`unknown option ${a}`);
  }
}
if (!opts.out) throw new Error('--out DIR (the built site) is required');
if (!opts.base.endsWith('/')) opts.base += '/';
const baseUrl = new URL(opts.base);
const basePath = baseUrl.pathname; // e.g. /bench/
const log = (...m) => console.error('[site-audit]', ...m);

const SECTIONS = ['case-studies', 'testimonials', 'quotes', 'events', 'customers', 'advocates'];
// Page-level folders a listing or the build may put under a section that are not items.
const NOT_ITEM = new Set(['page']);
const PAGE_LIMIT = 250_000; // 250 KB, decimal like every figure here

// ---- sizes -----------------------------------------------------------------------------
async function walk(dir, rel = '') {
  const out = [];
  for (const e of await fsp.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(dir, r)));
    else if (e.isFile()) out.push({ rel: r, size: (await fsp.stat(path.join(dir, r))).size });
  }
  return out;
}

// An item page: <section>/<slug>/index.html for the six item sections, where <slug> is
// not a listing's own folder (`page/N/` from pagination).
function isItemPage(rel) {
  const p = rel.split('/');
  return p.length === 3 && SECTIONS.includes(p[0]) && !NOT_ITEM.has(p[1]) && p[2] === 'index.html';
}

function sizes(files) {
  const plain = files.filter((f) => !f.rel.endsWith('.gz'));
  const gz = files.filter((f) => f.rel.endsWith('.gz'));
  const html = plain.filter((f) => f.rel.endsWith('.html'));
  const items = plain.filter((f) => isItemPage(f.rel));
  const rest = plain.filter((f) => !isItemPage(f.rel));
  const sum = (l) => l.reduce((s, f) => s + f.size, 0);
  const byTop = new Map();
  for (const f of rest) {
    const top = f.rel.includes('/') ? `${f.rel.split('/')[0]}/` : f.rel;
    const t = byTop.get(top) || { bytes: 0, files: 0 };
    t.bytes += f.size;
    t.files += 1;
    byTop.set(top, t);
  }
  const sortedHtml = [...html].sort((a, b) => b.size - a.size);
  return {
    total: sum(plain),
    files: plain.length,
    gzBytes: sum(gz),
    gzFiles: gz.length,
    htmlPages: html.length,
    largestHtml: sortedHtml.slice(0, 8),
    over250: html.filter((f) => f.size > PAGE_LIMIT).length,
    itemPages: items.length,
    itemBytes: sum(items),
    restBytes: sum(rest),
    restFiles: rest.length,
    restByTop: [...byTop.entries()].sort((a, b) => b[1].bytes - a[1].bytes),
    largestRest: [...rest].sort((a, b) => b.size - a.size).slice(0, 8),
  };
}

// ---- reachability by <a href> ------------------------------------------------------------
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}
function stripNonMarkup(html) {
  // Links inside comments, scripts, styles and templates are not links a reader can follow.
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '');
}
const A_RE = /<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const HREF_RE = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const BASE_RE = /<base\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

// Maps a URL path under the base path to a file in the output, as a static host would:
// a folder answers with its index.html. Returns { file, isDir } or null.
function resolveFile(outDir, urlPath) {
  if (!urlPath.startsWith(basePath)) return null;
  let rel;
  try {
    rel = decodeURIComponent(urlPath.slice(basePath.length));
  } catch {
    return null;
  }
  if (rel.split('/').includes('..')) return null;
  let file = path.join(outDir, rel);
  let st = fs.statSync(file, { throwIfNoEntry: false });
  if (st && st.isDirectory()) {
    file = path.join(file, 'index.html');
    st = fs.statSync(file, { throwIfNoEntry: false });
  }
  if (!st || !st.isFile()) return null;
  return { file, rel: path.relative(outDir, file).split(path.sep).join('/') };
}

async function crawl(outDir, htmlRels) {
  const start = resolveFile(outDir, basePath);
  if (!start) throw new Error(`no home page at ${outDir}/index.html`);
  const seen = new Set([start.rel]); // files reached (any type)
  const queue = [{ rel: start.rel, url: new URL(opts.base) }];
  const broken = new Map(); // target URL -> { count, from }
  let links = 0;
  let external = 0;
  while (queue.length) {
    const { rel, url } = queue.shift();
    const html = stripNonMarkup(await fsp.readFile(path.join(outDir, rel), 'utf8'));
    let pageBase = url;
    const b = html.match(BASE_RE);
    if (b) pageBase = new URL(decodeEntities(b[1] ?? b[2] ?? b[3]), url);
    for (const m of html.matchAll(A_RE)) {
      const h = m[1].match(HREF_RE);
      if (!h) continue;
      const raw = decodeEntities((h[1] ?? h[2] ?? h[3]).trim());
      if (raw === '' || raw.startsWith('#')) continue;
      let target;
      try {
        target = new URL(raw, pageBase);
      } catch {
        const e = broken.get(raw) || { count: 0, from: rel };
        e.count++;
        broken.set(raw, e);
        continue;
      }
      if (!['http:', 'https:'].includes(target.protocol) || target.host !== baseUrl.host) {
        external++;
        continue;
      }
      links++;
      const found = resolveFile(outDir, target.pathname);
      if (!found) {
        const key = target.pathname + target.search;
        const e = broken.get(key) || { count: 0, from: rel };
        e.count++;
        broken.set(key, e);
        continue;
      }
      if (seen.has(found.rel)) continue;
      seen.add(found.rel);
      if (found.rel.endsWith('.html')) queue.push({ rel: found.rel, url: target });
    }
  }
  // 404.html is served by the host for missing paths; nothing should link to it.
  const unreachable = htmlRels.filter((r) => !seen.has(r) && r !== '404.html').sort();
  return { reached: [...seen].filter((r) => r.endsWith('.html')).length, links, external, broken, unreachable };
}

// ---- static server under the base path ----------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.avif': 'image/avif', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.pdf': 'application/pdf', '.webmanifest': 'application/manifest+json',
  '.atom': 'application/atom+xml', '.rss': 'application/rss+xml',
};
// Like GitLab Pages: a folder answers with its index.html (a path without its trailing
// slash is redirected), a `.gz` copy beside a file is sent when the client accepts gzip
// (unless --no-gzip), and a missing file gets the site's 404.html with status 404.
function serve(outDir) {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://localhost');
    if (!u.pathname.startsWith(basePath)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not under ' + basePath);
    }
    let rel;
    try {
      rel = decodeURIComponent(u.pathname.slice(basePath.length));
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (rel.split('/').includes('..')) {
      res.writeHead(403);
      return res.end();
    }
    let file = path.join(outDir, rel);
    let st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && st.isDirectory()) {
      if (!u.pathname.endsWith('/')) {
        res.writeHead(301, { location: u.pathname + '/' + u.search });
        return res.end();
      }
      file = path.join(file, 'index.html');
      st = fs.statSync(file, { throwIfNoEntry: false });
    }
    let status = 200;
    if (!st || !st.isFile()) {
      status = 404;
      file = path.join(outDir, '404.html');
      st = fs.statSync(file, { throwIfNoEntry: false });
      if (!st) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
    }
    const headers = { 'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' };
    let send = file;
    if (opts.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(file + '.gz')) {
      send = file + '.gz';
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    headers['content-length'] = fs.statSync(send).size;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(send).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- Lighthouse ---------------------------------------------------------------------------
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL'); // the group we created with detached: true
  } catch {}
}
async function waitForDevtools(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/json/version', timeout: 1000 }, (r) => {
        r.resume();
        resolve(r.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => { req.destroy(); resolve(false); });
    });
    if (ok) return true;
    await sleep(200);
  }
  return false;
}

const CATS = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
};

// Lighthouse's picture audits (issue #18): each passes (score 1), fails, or does not
// apply (no picture of that kind on the page).
const IMAGE_AUDITS = ['uses-responsive-images', 'modern-image-formats', 'unsized-images', 'offscreen-images', 'uses-optimized-images'];

// One Lighthouse run in a fresh Chromium (a new profile each time); both are killed,
// by process group, when the run exceeds the timeout.
async function lighthouseOnce(url, tmp, n) {
  const port = await freePort();
  const profile = await fsp.mkdtemp(path.join(tmp, 'profile-'));
  const flags = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
    '--disable-extensions', '--disable-background-networking', '--disable-sync', '--disable-default-apps',
    '--mute-audio', '--disable-component-update', '--disable-domain-reliability',
    `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, 'about:blank',
  ];
  const chrome = spawn(opts.chromium, flags, { detached: true, stdio: 'ignore' });
  const outJson = path.join(tmp, `lh-${n}.json`);
  let lh = null;
  const started = Date.now();
  try {
    if (!(await waitForDevtools(port, 30000))) return { error: 'Chromium did not start' };
    const args = [
      path.join(here, 'node_modules', 'lighthouse', 'cli', 'index.js'), url,
      `--port=${port}`, '--output=json', `--output-path=${outJson}`, '--quiet',
      `--only-categories=${CATS.join(',')}`, `--max-wait-for-load=${Math.max(45000, opts.timeout * 1000 - 30000)}`,
    ];
    if (opts.desktop) args.push('--preset=desktop');
    lh = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    lh.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    const code = await new Promise((resolve) => {
      const t = setTimeout(() => { killGroup(lh); resolve('timeout'); }, opts.timeout * 1000);
      lh.on('exit', (c) => { clearTimeout(t); resolve(c); });
    });
    if (code === 'timeout') return { error: `timeout after ${opts.timeout} s`, timeout: true };
    if (code !== 0 || !fs.existsSync(outJson)) return { error: `lighthouse exit ${code}: ${stderr.trim().split('\n').pop()}` };
    const r = JSON.parse(await fsp.readFile(outJson, 'utf8'));
    const res = { seconds: (Date.now() - started) / 1000, scores: {}, metrics: {}, failing: {} };
    if (r.runtimeError) res.error = r.runtimeError.code;
    for (const c of CATS) {
      const cat = r.categories[c];
      res.scores[c] = cat && cat.score != null ? Math.round(cat.score * 100) : null;
      if (c === 'performance' || !cat) continue;
      for (const ref of cat.auditRefs) {
        const a = r.audits[ref.id];
        if (ref.weight > 0 && a && a.score !== null && a.score < 1) res.failing[ref.id] = a.title;
      }
    }
    for (const [k, id] of Object.entries(METRICS)) res.metrics[k] = r.audits[id]?.numericValue ?? null;
    const errs = r.audits['errors-in-console']?.details?.items || [];
    res.consoleErrors = errs.map((e) => `${e.source}: ${(e.description || '').slice(0, 120)}${e.sourceLocation?.url || e.url ? ` (${e.sourceLocation?.url || e.url})` : ''}`);
    res.transfer = r.audits['total-byte-weight']?.numericValue ?? null;
    res.images = {};
    for (const id of IMAGE_AUDITS) {
      const a = r.audits[id];
      if (!a) continue;
      const applies = a.score !== null && a.scoreDisplayMode !== 'notApplicable';
      res.images[id] = !applies ? 'n/a' : a.score >= 0.9 ? 'pass' : `fail (${a.displayValue || a.score})`;
    }
    return res;
  } finally {
    killGroup(lh);
    killGroup(chrome);
    await sleep(300);
    await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
    await fsp.rm(outJson, { force: true }).catch(() => {});
  }
}

function median(xs) {
  const v = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

// ---- sideways scrolling at 390 px ---------------------------------------------------------
async function overflowCheck(urls) {
  const { chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs'));
  const browser = await chromium.launch({ executablePath: opts.chromium, args: ['--no-sandbox'] });
  const out = new Map();
  try {
    for (const url of urls) {
      const ctx = await browser.newContext({
        viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
      });
      const page = await ctx.newPage();
      try {
        await page.goto(url, { waitUntil: 'load', timeout: opts.timeout * 1000 });
        let worst = null;
        // Measured at load and again after a second (late images and fonts change layout).
        for (const wait of [0, 1000]) {
          await page.waitForTimeout(wait);
          const r = await page.evaluate(() => {
            const sw = document.documentElement.scrollWidth;
            let widest = null;
            if (sw > 390) {
              let right = 0;
              for (const el of document.body.querySelectorAll('*')) {
                const b = el.getBoundingClientRect();
                if (b.right > right + 0.5) {
                  right = b.right;
                  const cls = typeof el.className === 'string' && el.className.trim()
                    ? '.' + el.className.trim().split(/\s+/).join('.') : '';
                  widest = `${el.tagName.toLowerCase()}${cls} (right edge ${Math.round(b.right)} px, width ${Math.round(b.width)} px)`;
                }
              }
            }
            return { scrollWidth: sw, widest };
          });
          if (!worst || r.scrollWidth > worst.scrollWidth) worst = r;
        }
        out.set(url, worst);
      } catch (e) {
        out.set(url, { error: String(e.message || e).split('\n')[0] });
      } finally {
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

// ---- report -------------------------------------------------------------------------------
// Decimal units, as the issue's figures (5.7 MB = 5,700,000 bytes).
const fmtBytes = (n) => {
  if (n == null) return '–';
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} KB`;
  return `${n} B`;
};
const fmtInt = (n) => n.toLocaleString('en-US');
const fmtMs = (n) => (n == null ? '–' : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function main() {
  const outDir = path.resolve(opts.out);
  const report = [];
  const p = (s = '') => report.push(s);
  const json = { base: opts.base, out: outDir };

  log('sizes…');
  const files = await walk(outDir);
  const s = sizes(files);
  json.sizes = s;
  const htmlRels = files.filter((f) => f.rel.endsWith('.html')).map((f) => f.rel);

  log('crawl…');
  const c = await crawl(outDir, htmlRels);
  json.crawl = { ...c, broken: [...c.broken.entries()] };

  // URLs to audit.
  const exists = (rel) => fs.existsSync(path.join(outDir, rel, 'index.html'));
  let term = opts.term;
  if (!term) {
    const candidates = ['stages/verify/'];
    for (const tax of ['stages', 'tags', 'industry', 'region', 'company_size', 'company-size', 'lifecycle']) {
      const d = path.join(outDir, tax);
      if (!fs.existsSync(d)) continue;
      for (const e of fs.readdirSync(d).sort()) {
        if (e !== 'page' && exists(`${tax}/${e}`)) candidates.push(`${tax}/${e}/`);
      }
    }
    term = candidates.find((t) => exists(t));
  }
  let item = opts.item;
  if (!item && fs.existsSync(path.join(outDir, 'case-studies'))) {
    const e = fs.readdirSync(path.join(outDir, 'case-studies')).sort().find((x) => !NOT_ITEM.has(x) && exists(`case-studies/${x}`));
    if (e) item = `case-studies/${e}/`;
  }
  const relUrls = ['', ...SECTIONS.map((x) => `${x}/`)];
  if (term) relUrls.push(term.replace(/^\//, ''));
  if (item) relUrls.push(item.replace(/^\//, ''));
  for (const u of opts.urls) relUrls.push(u.replace(/^\//, ''));
  const audited = relUrls.filter((r) => r === '' || exists(r.replace(/\/$/, '')));
  const missing = relUrls.filter((r) => !audited.includes(r));

  let server = null;
  let origin = null;
  const lh = new Map();
  let overflow = new Map();
  const loadBefore = loadavg();
  const t0 = Date.now();
  if (opts.lighthouse || opts.overflow) {
    server = await serve(outDir);
    origin = `http://127.0.0.1:${server.address().port}`;
    log(`serving ${outDir} at ${origin}${basePath}`);
  }
  const full = (r) => `${origin}${basePath}${r}`;
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'vouch-lh-'));
  try {
    if (opts.lighthouse) {
      let n = 0;
      for (const r of audited) {
        const runs = [];
        for (let i = 0; i < opts.runs; i++) {
          log(`lighthouse ${opts.desktop ? 'desktop' : 'mobile'} /${r} run ${i + 1}/${opts.runs} (load ${loadavg()})`);
          const res = await lighthouseOnce(full(r), tmp, n++);
          if (res.error) log(`  ${res.error}`);
          else log(`  ${CATS.map((k) => res.scores[k]).join(' / ')} in ${res.seconds.toFixed(0)} s`);
          runs.push(res);
          // A page that needed longer than the timeout once will need about as long
          // again: the remaining runs are skipped unless --retry-timeouts.
          // Lighthouse's own DevTools protocol timeout (a renderer too busy to answer)
          // counts as a timeout too.
          if (/allotted time|PROTOCOL_TIMEOUT/.test(res.error || '')) res.protocolTimeout = true;
          if ((res.timeout || res.protocolTimeout) && !opts.retryTimeouts) break;
        }
        lh.set(r, runs);
      }
    }
    if (opts.overflow) {
      const urls = opts.overflowAll ? htmlRels.filter((x) => x !== '404.html').map((x) => x.replace(/index\.html$/, '')) : audited;
      log(`overflow check at 390 px on ${urls.length} page(s)…`);
      const m = await overflowCheck(urls.map(full));
      overflow = new Map([...m.entries()].map(([k, v]) => [k.slice(full('').length), v]));
    }
  } finally {
    if (server) server.close();
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
  const loadAfter = loadavg();
  const minutes = ((Date.now() - t0) / 60000).toFixed(1);

  // ---- markdown ----
  p(`## ${opts.title || 'Site audit'}`);
  p();
  p(`Output \`${outDir}\`, base URL \`${opts.base}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
  p();
  p('| measure | value |');
  p('|---|---|');
  p(`| output, apparent size (without .gz copies) | ${fmtBytes(s.total)} in ${fmtInt(s.files)} files |`);
  p(`| .gz copies | ${fmtBytes(s.gzBytes)} in ${fmtInt(s.gzFiles)} files |`);
  p(`| HTML pages | ${fmtInt(s.htmlPages)} |`);
  p(`| largest HTML page | \`${s.largestHtml[0]?.rel}\` ${fmtBytes(s.largestHtml[0]?.size)} (${fmtInt(s.largestHtml[0]?.size ?? 0)} B) |`);
  p(`| HTML pages over 250 KB (250,000 B) | ${fmtInt(s.over250)} |`);
  p(`| item pages (\`<section>/<slug>/index.html\`) | ${fmtBytes(s.itemBytes)} (${fmtInt(s.itemBytes)} B) in ${fmtInt(s.itemPages)} pages |`);
  p(`| everything else (listings, terms, API, search, feeds, calendars, assets) | ${fmtBytes(s.restBytes)} (${fmtInt(s.restBytes)} B) in ${fmtInt(s.restFiles)} files |`);
  p(`| pages reached from the home page by \`<a href>\` | ${fmtInt(c.reached)} of ${fmtInt(htmlRels.filter((x) => x !== '404.html').length)} (404.html not counted) |`);
  p(`| pages not reachable | ${fmtInt(c.unreachable.length)}${c.unreachable.length ? ': ' + c.unreachable.slice(0, 5).map((x) => `\`${x}\``).join(', ') + (c.unreachable.length > 5 ? ', …' : '') : ''} |`);
  const brokenList = [...c.broken.entries()];
  const brokenCount = brokenList.reduce((a, [, e]) => a + e.count, 0);
  p(`| broken internal links | ${fmtInt(brokenCount)} (${fmtInt(brokenList.length)} distinct targets)${brokenList.length ? ': ' + brokenList.slice(0, 5).map(([t, e]) => `\`${t}\` (from \`${e.from}\`)`).join(', ') + (brokenList.length > 5 ? ', …' : '') : ''} |`);
  p();

  if (opts.lighthouse || opts.overflow) {
    const preset = opts.desktop ? 'desktop' : 'mobile';
    p(`Lighthouse 12 (${preset} preset, median of ${opts.runs} run${opts.runs === 1 ? '' : 's'} per URL, each in a fresh headless Chromium, ${opts.timeout} s timeout per run), served under \`${basePath}\` by a local static server${opts.gzip ? ` that sends the .gz copies like GitLab Pages (${s.gzFiles ? fmtInt(s.gzFiles) + ' in this output' : 'none in this output: `compress` is off'})` : ' without compression'}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after, ${minutes} min. Sideways scrolling: \`document.documentElement.scrollWidth\` at a 390 px mobile viewport.`);
    p();
    p('| URL | performance | accessibility | best practices | SEO | FCP | LCP | TBT | transfer | scrolls sideways at 390 px |');
    p('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of audited) {
      const runs = lh.get(r) || [];
      const ok = runs.filter((x) => !x.error || x.scores);
      const timeouts = runs.filter((x) => x.timeout).length;
      const errors = runs.filter((x) => x.error && !x.timeout);
      const cell = (k) => {
        const m = median(ok.map((x) => x.scores?.[k]));
        if (m != null) return String(Math.round(m));
        return timeouts || runs.some((x) => x.protocolTimeout) ? 'timeout' : errors.length ? 'error' : '–';
      };
      const met = (k) => fmtMs(median(ok.map((x) => x.metrics?.[k])));
      let note = '';
      if (timeouts) {
        note += ` (${timeouts} of ${runs.length} run${runs.length === 1 ? '' : 's'} timed out after ${opts.timeout} s`;
        note += runs.length < opts.runs ? `, the other ${opts.runs - runs.length} skipped)` : ')';
      }
      if (errors.length) {
        const distinct = [...new Set(errors.map((x) => x.error))];
        note += ` (${errors.length} of ${runs.length} run${runs.length === 1 ? '' : 's'} failed: ${distinct.join('; ')}`;
        note += runs.length < opts.runs ? `; the other ${opts.runs - runs.length} skipped)` : ')';
      }
      const o = overflow.get(r);
      const ov = !opts.overflow ? '–' : !o ? '–' : o.error ? `error: ${o.error}` : o.scrollWidth > 390 ? `**yes**: ${o.scrollWidth} px wide, ${o.widest}` : 'no';
      const lhCells = opts.lighthouse
        ? `${cell('performance')} | ${cell('accessibility')} | ${cell('best-practices')} | ${cell('seo')} | ${met('fcp')} | ${met('lcp')} | ${met('tbt')} | ${fmtBytes(median(ok.map((x) => x.transfer)))}`
        : '– | – | – | – | – | – | – | –';
      p(`| \`${basePath}${r}\`${note} | ${lhCells} | ${ov} |`);
    }
    if (opts.overflowAll) {
      const wide = [...overflow.entries()].filter(([, o]) => o && o.scrollWidth > 390);
      p();
      p(`Pages that scroll sideways at 390 px (all ${overflow.size} pages checked): ${wide.length}${wide.length ? ': ' + wide.slice(0, 10).map(([r, o]) => `\`${basePath}${r}\` (${o.scrollWidth} px)`).join(', ') : ''}`);
    }
    if (missing.length) {
      p();
      p(`Not in this output, not audited: ${missing.map((r) => `\`${basePath}${r}\``).join(', ')}`);
    }
    if (opts.lighthouse) {
      p();
      p('Audits below 100% in accessibility, best practices and SEO (in any run):');
      p();
      for (const r of audited) {
        const fails = new Map();
        const consoleErrors = new Set();
        for (const x of lh.get(r) || []) {
          for (const [id, title] of Object.entries(x.failing || {})) fails.set(id, title);
          for (const e of x.consoleErrors || []) consoleErrors.add(e);
        }
        const list = [...fails.entries()].map(([id, title]) => `\`${id}\` (${title})`).join(', ') || 'none';
        p(`- \`${basePath}${r}\`: ${list}${consoleErrors.size ? `; console: ${[...consoleErrors].slice(0, 3).join(' | ')}` : ''}`);
      }
      p();
      p(`Picture audits (${IMAGE_AUDITS.map((id) => `\`${id}\``).join(', ')}; any failing run shown):`);
      p();
      for (const r of audited) {
        const seen = new Map();
        for (const x of lh.get(r) || []) {
          for (const [id, v] of Object.entries(x.images || {})) {
            if (!seen.has(id) || v.startsWith('fail')) seen.set(id, v);
          }
        }
        p(`- \`${basePath}${r}\`: ${[...seen.entries()].map(([id, v]) => `${id} ${v}`).join(', ') || '–'}`);
      }
    }
    p();
  }

  p('<details><summary>Size details</summary>');
  p();
  p('| largest HTML pages | bytes |');
  p('|---|---|');
  for (const f of s.largestHtml) p(`| \`${f.rel}\` | ${fmtBytes(f.size)} |`);
  p();
  p('| not item pages, by top-level entry | bytes | files |');
  p('|---|---|---|');
  for (const [top, t] of s.restByTop.slice(0, 15)) p(`| \`${top}\` | ${fmtBytes(t.bytes)} | ${fmtInt(t.files)} |`);
  p();
  p('| largest files other than item pages | bytes |');
  p('|---|---|');
  for (const f of s.largestRest) p(`| \`${f.rel}\` | ${fmtBytes(f.size)} |`);
  p();
  p('</details>');

  json.lighthouse = Object.fromEntries(lh);
  json.overflow = Object.fromEntries(overflow);
  if (opts.jsonOut) await fsp.writeFile(opts.jsonOut, JSON.stringify(json, null, 1));
  console.log(report.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
