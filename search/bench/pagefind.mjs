// Pagefind's own search over the same built pages and the same relevance set, in headless
// Chromium: what a static-site maker would pick instead of a search service. Usage (see
// BENCHMARKS.md):
//   cargo run --release -p vagvisare-search --example bench -- --export target/search-bench
//   target/release/vagvisare build --out target/pf-site
//   search/bench/node_modules/.bin/pagefind --site target/pf-site --root-selector main
//   cd search/bench && node pagefind.mjs ../../target/pf-site ../../target/search-bench
//
// Pagefind indexes the built HTML (only <main>, as a site maker would set it up, so the
// navigation on every page is not indexed), detects Swedish from <html lang="sv">, stems it and
// folds diacritics. It returns pages with sub-results per heading; a page counts as its best
// sub-result's section (or the page, without one). The audience filter, which the pages do not
// carry as Pagefind filters, is applied to the result list afterwards, as for elasticlunr.
import { readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const site = process.argv[2] || "../../target/pf-site";
const dir = process.argv[3] || "../../target/search-bench";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const sections = JSON.parse(readFileSync(join(dir, "sections.json"), "utf8"));
const cases = JSON.parse(readFileSync(join(dir, "relevance.json"), "utf8"));
const audienceOf = new Map();
for (const s of sections) {
  const page = s.url.split("#")[0];
  audienceOf.set(s.url, s.audience);
  if (!audienceOf.has(page)) audienceOf.set(page, s.audience);
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};
const server = createServer((req, res) => {
  let path = normalize(decodeURIComponent(req.url.split("?")[0]));
  if (path.endsWith("/")) path += "index.html";
  const file = join(site, path);
  if (!file.startsWith(normalize(site)) || !existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const page = await browser.newPage();
await page.goto(`${base}/404.html`);
await page.evaluate(async () => {
  window.pf = await import("/pagefind/pagefind.js");
  await window.pf.init();
});

// One search in the page: the URLs of the first ten results and the time it took (search and
// loading the results' data, as a results list needs).
async function search(q) {
  return page.evaluate(async (q) => {
    const t0 = performance.now();
    const r = await window.pf.search(q);
    const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    const ms = performance.now() - t0;
    const urls = data.map((d) => {
      const best = (d.sub_results || []).find((s) => s.url.includes("#"));
      return best ? best.url : d.url;
    });
    return { urls, ms };
  }, q);
}

const clean = (u) => decodeURI(u).replace(/\/index\.html(#|$)/, "/$1").replace(/\.html\/$/, ".html");
function rank(c, urls) {
  for (let i = 0; i < urls.length; i++) {
    const u = urls[i];
    const page = u.split("#")[0];
    if (c.url.some((t) => (t.includes("#") ? t === u : t === page))) return i + 1;
  }
  return null;
}

// Warm up (loads the index chunks), then one scored pass, then timed passes.
for (const c of cases) await search(c.q);
let at1 = 0;
let at3 = 0;
let rr = 0;
const by = {};
const misses = [];
for (const c of cases) {
  const { urls } = await search(c.q);
  const got = urls
    .map(clean)
    .filter((u) => !c.audience || (audienceOf.get(u) || audienceOf.get(u.split("#")[0]) || []).includes(c.audience));
  const r = rank(c, got);
  const who = c.typed_by || "-";
  by[who] ??= { n: 0, at1: 0, at3: 0, rr: 0 };
  const m = by[who];
  m.n++;
  if (r === 1) m.at1++;
  if (r && r <= 3) m.at3++;
  if (r && r <= 10) m.rr += 1 / r;
  if (r === 1) at1++;
  if (r && r <= 3) at3++;
  if (r && r <= 10) rr += 1 / r;
  if (!r || r > 3) misses.push(`MISS ${JSON.stringify(c.q)}: rank ${r ?? "-"}, got ${JSON.stringify(got.slice(0, 3))}`);
}
const times = [];
for (let round = 0; round < 3; round++) {
  for (const c of cases) times.push((await search(c.q)).ms);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.round((times.length - 1) * p))];
for (const m of misses) console.log(m);
const n = cases.length;
console.log(
  `pagefind: recall@1 ${(at1 / n).toFixed(3)} (${at1}/${n}), recall@3 ${(at3 / n).toFixed(3)} (${at3}/${n}), MRR@10 ${(rr / n).toFixed(3)}`,
);
for (const [who, m] of Object.entries(by).sort()) {
  console.log(
    `  typed by ${who}: recall@1 ${(m.at1 / m.n).toFixed(3)}, recall@3 ${(m.at3 / m.n).toFixed(3)}, MRR@10 ${(m.rr / m.n).toFixed(3)} (${m.n})`,
  );
}
console.log(
  `pagefind query in Chromium (search + data of the first 10), ${times.length} searches: p50 ${pct(0.5).toFixed(2)} ms, p90 ${pct(0.9).toFixed(2)} ms, p99 ${pct(0.99).toFixed(2)} ms`,
);
await browser.close();
server.close();
