#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// replay-check.mjs - does a WACZ really replay in ReplayWeb.page?
//
//   node tests/replay/replay-check.mjs --wacz FILE --url URL --text TEXT
//        [--search PHRASE] [--ts 14DIGITS] [--images] [--timeout SECONDS] [--wait SECONDS] [--verbose]
//
// Serves the WACZ (HTTP Range, as ReplayWeb.page reads it lazily) beside a
// minimal page embedding <replay-web-page> from the prebuilt ui.js and sw.js
// of the replaywebpage 2.5.3 npm tarball (tools/deps.sh puts them in
// tests/js/vendor/replaywebpage/), on 127.0.0.1 with a kernel-chosen port,
// then drives headless Debian Chromium through playwright-core:
//   1. replay: URL (at TS) must show TEXT, visible, inside the replay iframe;
//      with --images, every <img> of that page must load from the archive;
//   2. search (with --search): typing PHRASE into the pages search box of the
//      collection view must list at least one page, and a nonsense word none
//      (so an empty filter cannot pass).
// Design: the embed element is only added once our page has registered the
// same service worker and seen it *active* (ReplayWeb.page issue 412: the
// frame can load before the worker controls it, and RWP itself only retries
// 3 x 100 ms); the replay frame is then checked for a controller and
// reloaded only on controllerchange, never by blind retries.
// Exit 0 when every check holds, 1 when one fails (one clear line saying
// which), 2 for bad usage or missing prerequisites (browser, vendor files).
// The whole run is bounded by --timeout (default 90 s); TEXT must show up
// within --wait seconds (default 20) of the archived document loading.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const JSDIR = path.resolve(HERE, "../js");
const VENDOR = process.env.WARK_RWP_DIR || path.join(JSDIR, "vendor/replaywebpage");
const CHROMIUM = process.env.WARK_CHROMIUM || "/usr/bin/chromium";

function usage(msg) {
  console.error(`replay-check: ${msg}`);
  console.error("usage: replay-check.mjs --wacz FILE --url URL --text TEXT [--search PHRASE] [--ts TS] [--images] [--timeout S] [--wait S] [--verbose]");
  process.exit(2);
}

function parseArgs(argv) {
  const o = { timeout: 90, wait: 20, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    switch (a) {
      case "--wacz": o.wacz = val(); break;
      case "--url": o.url = val(); break;
      case "--text": o.text = val(); break;
      case "--search": o.search = val(); break;
      case "--ts": o.ts = val(); break;
      case "--timeout": o.timeout = Number(val()); break;
      case "--wait": o.wait = Number(val()); break;
      case "--verbose": o.verbose = true; break;
      case "--images": o.images = true; break;
      case "--help": case "-h":
        console.log("replay-check.mjs --wacz FILE --url URL --text TEXT [--search PHRASE] [--ts TS] [--images] [--timeout S] [--wait S] [--verbose]");
        process.exit(0);
      default: usage(`unknown option ${a}`);
    }
  }
  if (!o.wacz || !o.url || !o.text) usage("--wacz, --url and --text are required");
  if (!(o.timeout > 0)) usage("--timeout must be a positive number of seconds");
  if (!(o.wait > 0)) usage("--wait must be a positive number of seconds");
  if (o.ts && !/^\d{1,14}$/.test(o.ts)) usage("--ts must be digits (YYYYMMDDhhmmss)");
  return o;
}

const opt = parseArgs(process.argv.slice(2));
const log = (...m) => { if (opt.verbose) console.error("replay-check:", ...m); };

for (const [what, p] of [["WACZ", opt.wacz], ["ui.js", path.join(VENDOR, "ui.js")],
                         ["sw.js", path.join(VENDOR, "sw.js")], ["chromium", CHROMIUM]]) {
  if (!fs.existsSync(p)) {
    console.error(`replay-check: ${what} not found: ${p}${what.endsWith(".js") ? " (run tools/deps.sh)" : ""}`);
    process.exit(2);
  }
}
let chromium;
try {
  chromium = createRequire(path.join(JSDIR, "package.json"))("playwright-core").chromium;
} catch (e) {
  console.error("replay-check: playwright-core is not installed in tests/js (run tools/deps.sh)");
  process.exit(2);
}

// ---------------------------------------------------------------- server

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

// The embed page. ?mode=replay|pages; the element is inserted by the script
// only after the service worker at ./replay/ is active.
function indexHtml(mode) {
  const attrs = mode === "pages"
    ? { source: "/archive/test.wacz", view: "pages", embed: "full" }
    : { source: "/archive/test.wacz", url: opt.url, embed: "replayonly", ...(opt.ts ? { ts: opt.ts } : {}) };
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>replay-check</title>
<style>html,body{margin:0;height:100%} replay-web-page{display:block;height:100vh}</style>
<script src="/ui.js"></script></head>
<body><div id="status">registering</div>
<script>
(async () => {
  const status = document.getElementById("status");
  try {
    const reg = await navigator.serviceWorker.register("./replay/sw.js?serveIndex=1", { scope: "./replay/" });
    const sw = reg.active || reg.waiting || reg.installing;
    if (sw && sw.state !== "activated")
      await new Promise((res) => sw.addEventListener("statechange", () => sw.state === "activated" && res()));
    const el = document.createElement("replay-web-page");
    const attrs = ${JSON.stringify(attrs)};
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    el.setAttribute("replayBase", "./replay/");
    document.body.appendChild(el);
    status.textContent = "sw-active";
  } catch (e) {
    status.textContent = "sw-error: " + e;
  }
})();
</script></body></html>`;
}

function serveFile(req, res, file, type) {
  let st;
  try { st = fs.statSync(file); } catch { res.writeHead(404).end(); return; }
  const size = st.size;
  const headers = { "Content-Type": type, "Accept-Ranges": "bytes", "Cache-Control": "no-store" };
  let start = 0, end = size - 1, code = 200;
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || "");
  if (m && (m[1] !== "" || m[2] !== "")) {
    if (m[1] === "") { start = Math.max(0, size - Number(m[2])); }  // suffix, clamped
    else { start = Number(m[1]); if (m[2] !== "") end = Math.min(Number(m[2]), size - 1); }
    if (start >= size || start > end) {
      res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
      return;
    }
    code = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["Content-Length"] = String(size ? end - start + 1 : 0);
  res.writeHead(code, headers);
  if (req.method === "HEAD" || size === 0) { res.end(); return; }
  fs.createReadStream(file, { start, end }).pipe(res);
}

const requests = [];
const server = http.createServer((req, res) => {
  const u = new URL(req.url, "http://127.0.0.1");
  requests.push(`${req.method} ${u.pathname} ${req.headers.range || ""}`);
  log("http", req.method, req.url, req.headers.range || "");
  if (u.pathname === "/" || u.pathname === "/index.html") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(indexHtml(u.searchParams.get("mode") || "replay"));
  } else if (u.pathname === "/ui.js" || u.pathname === "/replay/ui.js") {
    serveFile(req, res, path.join(VENDOR, "ui.js"), "text/javascript");
  } else if (u.pathname === "/replay/sw.js") {
    serveFile(req, res, path.join(VENDOR, "sw.js"), "text/javascript");
  } else if (u.pathname === "/archive/test.wacz") {
    serveFile(req, res, opt.wacz, "application/wacz");
  } else {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
  }
});

// ---------------------------------------------------------------- browser

let context = null;
let userDir = null;
let finished = false;

async function cleanup() {
  if (context) { const c = context; context = null; await Promise.race([c.close().catch(() => {}), sleep(5000)]); }
  server.close();
  // Chromium may still be writing its profile for a moment after a failed launch.
  for (let i = 0; userDir && i < 10; i++) {
    try { fs.rmSync(userDir, { recursive: true, force: true }); userDir = null; }
    catch { await sleep(200); }
  }
}

async function finish(ok, msg) {
  if (finished) return;
  finished = true;
  (ok ? console.log : console.error)(`replay-check: ${ok ? "OK" : "FAIL"}: ${msg}`);
  await cleanup();
  process.exit(ok ? 0 : 1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const deadline = Date.now() + opt.timeout * 1000;
const left = () => Math.max(1000, deadline - Date.now() - 2000);  // room for a clear message
const overall = setTimeout(() => {
  finish(false, `timed out after ${opt.timeout} s (last requests: ${requests.slice(-5).join(" | ")})`);
}, opt.timeout * 1000);
overall.unref();

// The replay-web-page iframe (…/replay/?source=…), once its own document is
// controlled by the service worker. Waits for controllerchange (no blind
// retry loop), reloading the frame at most once if it was loaded uncontrolled.
async function controlledAppFrame(page) {
  const el = page.locator("replay-web-page");
  await el.waitFor({ state: "attached", timeout: left() });
  const handle = await page.waitForFunction(() => {
    const e = document.querySelector("replay-web-page");
    const f = e && e.shadowRoot && e.shadowRoot.querySelector("iframe");
    // Not the initial about:blank: the app document itself, parsed.
    return f && f.contentWindow && f.contentDocument && f.contentWindow.location.pathname.startsWith("/replay/") &&
      f.contentDocument.readyState !== "loading" ? f : null;
  }, null, { timeout: left() });
  const frame = await (await handle.asElement()).contentFrame();
  const controlled = await frame.evaluate(async (ms) => {
    if (navigator.serviceWorker.controller) return "controlled";
    const got = await Promise.race([
      new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", () => r(true))),
      new Promise((r) => setTimeout(() => r(false), ms)),
    ]);
    return got ? "controlled" : "uncontrolled";
  }, 5000);
  if (controlled !== "controlled") {
    log("app frame not controlled; reloading once");
    await frame.evaluate(() => location.reload());
  }
  return frame;
}

async function checkReplay(page, base) {
  // Status of the archived document as the service worker answered it: RWP
  // serves its own "not found in this archive" page with a 404.
  const statuses = [];
  const want = "mp_/" + opt.url;
  page.on("response", (r) => {
    if (r.url().includes(want) && r.request().resourceType() === "document") statuses.push(r.status());
  });
  await page.goto(`${base}/?mode=replay`, { timeout: left() });
  await page.waitForFunction(() => document.getElementById("status").textContent !== "registering",
                             null, { timeout: left() });
  const status = await page.locator("#status").textContent();
  if (status !== "sw-active") throw new Error(`service worker did not activate: ${status}`);
  log("service worker active");
  await controlledAppFrame(page);
  // The archived page is loaded by RWP in a nested frame at …/replay/w/<coll>/<ts>mp_/<url>.
  let frame = null;
  while (!frame) {
    frame = page.frames().find((f) => f.url().includes(want));
    if (!frame) {
      if (Date.now() > deadline) throw new Error(`no replay frame for ${opt.url}`);
      await sleep(200);
    }
  }
  log("replay frame", frame.url());
  await frame.waitForLoadState("domcontentloaded", { timeout: left() });
  while (!statuses.length && Date.now() < deadline) await sleep(100);
  const answered = statuses[statuses.length - 1];
  if (answered === undefined || answered >= 400)
    throw new Error(`${opt.url} is not in the archive (replay answered HTTP ${answered})`);
  try {
    await frame.getByText(opt.text, { exact: false }).first()
      .waitFor({ state: "visible", timeout: Math.min(left(), opt.wait * 1000) });
  } catch (e) {
    const body = await frame.evaluate(() => document.body ? document.body.innerText.slice(0, 300) : "")
      .catch(() => "");
    throw new Error(`text ${JSON.stringify(opt.text)} not visible in the replay of ${opt.url}` +
                    (body ? `; the frame shows: ${JSON.stringify(body.replace(/\s+/g, " "))}` : ""));
  }
  if (opt.images) {
    // Every <img> of the archived page must come out of the archive and decode.
    const imgs = await frame.evaluate(async (ms) => {
      const all = [...document.images];
      await Promise.race([Promise.all(all.map((i) => i.decode().catch(() => {}))),
                          new Promise((r) => setTimeout(r, ms))]);
      return all.map((i) => ({ src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0 }));
    }, Math.min(left(), opt.wait * 1000));
    const bad = imgs.filter((i) => !i.ok).map((i) => i.src.replace(/^.*?mp_\//, "").replace(/^.*?im_\//, ""));
    if (bad.length) throw new Error(`${bad.length} of ${imgs.length} image(s) missing from the replay: ${bad.slice(0, 3).join(" ")}`);
    imageCount = imgs.length;
  }
  return frame.url();
}
let imageCount = 0;

async function searchPages(page, phrase) {
  const app = await controlledAppFrame(page);
  const input = app.locator('input[placeholder="Search by Page URL, Title, or Text"]').first();
  await input.waitFor({ state: "visible", timeout: left() });
  await input.fill("");
  await input.fill(phrase);
  // wr-page-view filters 250 ms after input; read its result list once settled.
  const view = app.locator("wr-page-view").first();
  let last = null;
  for (;;) {
    const r = await view.evaluate((el, q) => ({
      query: el.query, loading: el.loading,
      pages: (el.filteredPages || []).map((p) => ({ url: p.url, title: p.title })),
    }), phrase);
    if (r.query === phrase && !r.loading) {
      if (last && JSON.stringify(last) === JSON.stringify(r)) return r.pages;
      last = r;
    }
    if (Date.now() > deadline) throw new Error(`pages search for ${JSON.stringify(phrase)} never settled`);
    await sleep(300);
  }
}

async function checkSearch(page, base) {
  await page.goto(`${base}/?mode=pages`, { timeout: left() });
  await page.waitForFunction(() => document.getElementById("status").textContent !== "registering",
                             null, { timeout: left() });
  const found = await searchPages(page, opt.search);
  if (!found.length) throw new Error(`pages search found nothing for ${JSON.stringify(opt.search)}`);
  const nonsense = "zqxjvwk" + Date.now().toString(36);
  const none = await searchPages(page, nonsense);
  if (none.length) throw new Error(`pages search does not filter: nonsense query listed ${none.length} page(s)`);
  return found;
}

async function main() {
  await new Promise((res, rej) => server.listen(0, "127.0.0.1", res).on("error", rej));
  const base = `http://127.0.0.1:${server.address().port}`;
  log("serving on", base, "vendor", VENDOR);
  userDir = fs.mkdtempSync(path.join(os.tmpdir(), "wark-replay-"));
  context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: left(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || await context.newPage();
  if (opt.verbose) page.on("console", (m) => log("console", m.type(), m.text()));
  const replayUrl = await checkReplay(page, base);
  let msg = `${JSON.stringify(opt.text)} visible in the replay of ${opt.url}`;
  if (opt.images) msg += ` with all ${imageCount} image(s)`;
  log("replayed at", replayUrl);
  if (opt.search) {
    const found = await checkSearch(page, base);
    msg += `; pages search for ${JSON.stringify(opt.search)} lists ${found.length} page(s): ` +
           found.slice(0, 3).map((p) => p.url).join(" ");
  }
  await finish(true, msg);
}

main().catch((e) => finish(false, e && e.message ? e.message.split("\n")[0] : String(e)));
