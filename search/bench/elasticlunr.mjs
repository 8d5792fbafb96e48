// mdBook's built-in search (elasticlunr) over the same sections, scored on the same
// relevance set. Usage (see BENCHMARKS.md):
//   cargo run --release -p vagvisare-search --example bench -- --export target/search-bench
//   cd search/bench && npm install && node elasticlunr.mjs ../../target/search-bench
//
// Like mdBook's search index: one document per section with fields title (the section
// heading), body and breadcrumbs ("Page » Section"); search options as the brief for this
// comparison: boosts title 2, body 1, breadcrumbs 1, bool OR, expand true. elasticlunr's
// default pipeline (English stop words and stemmer) is what mdBook ships without a language
// plugin. The audience filter, which mdBook lacks, is applied to the result list afterwards.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const elasticlunr = require("elasticlunr");

const dir = process.argv[2] || "../../target/search-bench";
const sections = JSON.parse(readFileSync(join(dir, "sections.json"), "utf8"));
const cases = JSON.parse(readFileSync(join(dir, "relevance.json"), "utf8"));

const started = process.hrtime.bigint();
const index = elasticlunr(function () {
  this.addField("title");
  this.addField("body");
  this.addField("breadcrumbs");
  this.setRef("id");
});
sections.forEach((s, id) => {
  index.addDoc({
    id: String(id),
    title: s.heading,
    body: s.body,
    breadcrumbs: s.title + " » " + s.heading,
  });
});
const buildMs = Number(process.hrtime.bigint() - started) / 1e6;

const options = {
  bool: "OR",
  expand: true,
  fields: { title: { boost: 2 }, body: { boost: 1 }, breadcrumbs: { boost: 1 } },
};

function top(c) {
  return index
    .search(c.q, options)
    .map((r) => sections[Number(r.ref)])
    .filter((s) => !c.audience || s.audience.includes(c.audience))
    .slice(0, 10)
    .map((s) => s.url);
}

// As in the search crate: a target without `#` is a page and accepts any of its sections.
function rank(c, urls) {
  for (let i = 0; i < urls.length; i++) {
    const page = urls[i].split("#")[0];
    if (c.url.some((t) => (t.includes("#") ? t === urls[i] : t === page))) return i + 1;
  }
  return null;
}

let at1 = 0;
let at3 = 0;
let rr = 0;
let requiredFound = 0;
let required = 0;
const by = {};
const misses = [];
const times = [];
for (const c of cases) {
  const t0 = process.hrtime.bigint();
  const got = top(c);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const r = rank(c, got);
  const who = c.typed_by || "-";
  by[who] ??= { n: 0, at1: 0, at3: 0, rr: 0 };
  const m = by[who];
  m.n++;
  if (r === 1) (at1++, m.at1++);
  if (r && r <= 3) (at3++, m.at3++);
  if (r && r <= 10) (rr += 1 / r, (m.rr += 1 / r));
  if (c.required) {
    required++;
    if (r && r <= 3) requiredFound++;
  }
  if (!r || r > 3) misses.push(`MISS ${JSON.stringify(c.q)}: rank ${r ?? "-"}, got ${JSON.stringify(got.slice(0, 3))}`);
}
times.sort((a, b) => a - b);
for (const m of misses) console.log(m);
const n = cases.length;
console.log(`elasticlunr: ${sections.length} sections indexed in ${buildMs.toFixed(1)} ms`);
console.log(
  `elasticlunr: recall@1 ${(at1 / n).toFixed(3)} (${at1}/${n}), recall@3 ${(at3 / n).toFixed(3)} (${at3}/${n}), MRR@10 ${(rr / n).toFixed(3)}; the issue's six examples: ${requiredFound}/${required}`,
);
for (const [who, m] of Object.entries(by).sort()) {
  console.log(
    `  typed by ${who}: recall@1 ${(m.at1 / m.n).toFixed(3)}, recall@3 ${(m.at3 / m.n).toFixed(3)}, MRR@10 ${(m.rr / m.n).toFixed(3)} (${m.n})`,
  );
}
console.log(`elasticlunr query p50 ${times[Math.floor(times.length / 2)].toFixed(3)} ms (one pass)`);
