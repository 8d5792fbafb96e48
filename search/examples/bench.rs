//! In-process search benchmark (see BENCHMARKS.md). Builds the index from the bundled content
//! and from a generated corpus of 10,000 sections, then runs the relevance queries many times
//! and prints build times and query latency percentiles.
//!
//! ```text
//! cargo run --release -p vagvisare-search --example bench
//! cargo run --release -p vagvisare-search --example bench -- --export target/search-bench
//! ```
//!
//! `--export DIR` writes the bundled sections and the relevance set as JSON
//! (`sections.json`, `relevance.json`) for the elasticlunr comparison
//! (`search/bench/elasticlunr.mjs`) and exits.

use std::path::Path;
use std::time::{Duration, Instant};
use vagvisare_search::{
    Index, Relevance, Request, SYNONYMS_FILE, SectionDoc, Synonyms, sections_of,
};

/// Sections in the generated corpus.
const GENERATED: usize = 10_000;
/// How often the whole relevance set is run per corpus.
const ROUNDS: usize = 200;

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?;
    let today = time::OffsetDateTime::now_utc().date();
    let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(root), today)?;
    let sections = sections_of(&loaded.site);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let synonyms = Synonyms::load(&root.join(SYNONYMS_FILE), Path::new(SYNONYMS_FILE))
        .map_err(|e| format!("{e:?}"))?;
    let set = Relevance::load(&root.join("search/relevance.toml"))?;
    if let [flag, dir] = args.as_slice()
        && flag == "--export"
    {
        let dir = Path::new(dir);
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("sections.json"), export(&sections))?;
        std::fs::write(dir.join("relevance.json"), export_cases(&set))?;
        println!(
            "{} sections and {} cases written to {}",
            sections.len(),
            set.cases.len(),
            dir.display()
        );
        return Ok(());
    }

    println!(
        "machine: {} logical cores",
        std::thread::available_parallelism()?.get()
    );
    for (name, corpus) in [
        ("bundled content", sections.clone()),
        ("generated corpus", generate(&sections, GENERATED)),
    ] {
        println!("\n== {name}: {} sections", corpus.len());
        let mut builds = Vec::new();
        let mut index = None;
        for _ in 0..3 {
            let start = Instant::now();
            index = Some(Index::from_sections(corpus.clone(), synonyms.clone())?);
            builds.push(start.elapsed());
        }
        let index = index.ok_or("no index")?;
        builds.sort();
        println!(
            "index build: best {:.1} ms, median {:.1} ms (3 runs, {} compound parts)",
            ms(builds[0]),
            ms(builds[1]),
            index.compound_parts()
        );
        let report = set.run_index(&index, original_url);
        println!(
            "recall@3 (a generated section counts as the section it was made from): {}/{} = {:.3}",
            report.found,
            report.total,
            report.recall()
        );
        let mut times = Vec::with_capacity(ROUNDS * set.cases.len());
        for _ in 0..ROUNDS {
            for case in &set.cases {
                let start = Instant::now();
                let r = index.search(&Request {
                    query: &case.q,
                    audience: case.audience,
                    limit: 10,
                })?;
                times.push(start.elapsed());
                std::hint::black_box(r);
            }
        }
        times.sort();
        println!(
            "query latency over {} searches (limit 10, snippets included): p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            times.len(),
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.90)),
            ms(percentile(&times, 0.99)),
            ms(times[times.len() - 1])
        );
        let mut slowest: Vec<(Duration, &str)> = Vec::new();
        for case in &set.cases {
            let start = Instant::now();
            index.search(&Request {
                query: &case.q,
                audience: case.audience,
                limit: 10,
            })?;
            slowest.push((start.elapsed(), &case.q));
        }
        slowest.sort();
        let top: Vec<String> = slowest
            .iter()
            .rev()
            .take(3)
            .map(|(d, q)| format!("{q:?} {:.2} ms", ms(*d)))
            .collect();
        println!("slowest queries: {}", top.join(", "));
    }
    Ok(())
}

/// The URL of the bundled section a generated one was made from.
fn original_url(url: &str) -> String {
    url.split("?v=").next().unwrap_or(url).to_string()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A deterministic pseudo-random sequence (xorshift), so every run indexes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
}

/// `n` sections made from the bundled ones: each takes a section's title and heading, and a
/// body mixed from its own sentences and those of two random other sections, shuffled, so the
/// vocabulary and term statistics stay Swedish but no two documents are the same.
fn generate(base: &[SectionDoc], n: usize) -> Vec<SectionDoc> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let sentences: Vec<Vec<&str>> = base
        .iter()
        .map(|s| s.body.split_inclusive(". ").collect())
        .collect();
    (0..n)
        .map(|i| {
            let k = i % base.len();
            let s = &base[k];
            let mut body: Vec<&str> = sentences[k].clone();
            for _ in 0..2 {
                let other = &sentences[rng.next() % base.len()];
                let take = other.len().min(3);
                let from = if other.len() > take {
                    rng.next() % (other.len() - take)
                } else {
                    0
                };
                body.extend_from_slice(&other[from..from + take]);
            }
            for j in (1..body.len()).rev() {
                body.swap(j, rng.next() % (j + 1));
            }
            SectionDoc {
                title: format!("{} {}", s.title, i / base.len() + 1),
                url: format!("{}?v={i}", s.url),
                body: body.concat(),
                ..s.clone()
            }
        })
        .collect()
}

/// A JSON string.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The relevance cases as JSON.
fn export_cases(set: &Relevance) -> String {
    let items: Vec<String> = set
        .cases
        .iter()
        .map(|c| {
            let urls: Vec<String> = c.url.iter().map(|u| esc(u)).collect();
            format!(
                "{{\"q\":{},\"url\":[{}],\"audience\":{},\"required\":{}}}",
                esc(&c.q),
                urls.join(","),
                c.audience.map_or("null".to_string(), |a| esc(a.key())),
                c.required
            )
        })
        .collect();
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// The sections as JSON, for the elasticlunr comparison.
fn export(sections: &[SectionDoc]) -> String {
    let items: Vec<String> = sections
        .iter()
        .map(|s| {
            let audience: Vec<String> = s.audience.iter().map(|a| esc(a.key())).collect();
            format!(
                "{{\"url\":{},\"title\":{},\"heading\":{},\"body\":{},\"audience\":[{}]}}",
                esc(&s.url),
                esc(&s.title),
                esc(s.heading.as_deref().unwrap_or(&s.title)),
                esc(&s.body),
                audience.join(",")
            )
        })
        .collect();
    format!("[\n{}\n]\n", items.join(",\n"))
}
