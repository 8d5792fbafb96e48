//! Where the time of a search goes, stage by stage (see BENCHMARKS.md, "Where the time goes").
//! Runs the relevance set and the as-you-type queries through [`Index::profile`] on the
//! bundled content (and on the generated corpus with `--generated`), and prints the mean time
//! per stage, plus the cost of turning the results into the server's JSON.
//!
//! ```text
//! cargo run --release -p vagvisare-search --example profile
//! cargo run --release -p vagvisare-search --example profile -- --generated
//! ```

use serde::Serialize;
use std::path::Path;
use std::time::{Duration, Instant};
use vagvisare_search::{
    Index, Relevance, Request, SYNONYMS_FILE, SectionDoc, Stage, Synonyms, sections_of,
};

type Error = Box<dyn std::error::Error>;

/// The server's JSON shape (`src/server/search.rs`).
#[derive(Serialize)]
struct JsonHit<'a> {
    title: &'a str,
    section: Option<&'a str>,
    url: &'a str,
    snippet: &'a str,
    audience: Vec<&'static str>,
    score: f32,
}

#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    took_us: u128,
    suggestion: Option<&'a str>,
    hits: Vec<JsonHit<'a>>,
}

/// A deterministic pseudo-random sequence (xorshift), as in `bench.rs`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
}

/// The generated corpus of `bench.rs`: each section a bundled one with its own sentences and
/// three from each of two random others, shuffled with a fixed seed.
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

/// CPU time this thread has run, from `/proc/thread-self/schedstat` (Linux): unlike wall
/// time, it leaves out the time other processes on this shared machine held the CPU.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn main() -> Result<(), Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?;
    let generated = std::env::args().any(|a| a == "--generated");
    let today = time::OffsetDateTime::now_utc().date();
    let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(root), today)?;
    let mut sections = sections_of(&loaded.site);
    if generated {
        sections = generate(&sections, 10_000);
    }
    let synonyms = Synonyms::load(&root.join(SYNONYMS_FILE), Path::new(SYNONYMS_FILE))
        .map_err(|e| format!("{e:?}"))?;
    let index = Index::from_sections(sections, synonyms)?;
    let set = Relevance::load(&root.join("search/relevance.toml"))?;
    let mut typing = Vec::new();
    for case in &set.cases {
        let q = case.q.trim_end();
        let cut = q.rfind(' ').map_or(0, |i| i + 1);
        for n in 1..=4 {
            if let Some((i, _)) = q[cut..].char_indices().nth(n) {
                typing.push((q[..cut + i].to_string(), case.audience));
            }
        }
    }
    let relevance: Vec<_> = set
        .cases
        .iter()
        .map(|c| (c.q.clone(), c.audience))
        .collect();
    println!(
        "{} sections, {} words, {} typo dictionary entries",
        index.len(),
        index.words(),
        index.typo_entries()
    );
    for (name, queries) in [("relevance set", relevance), ("as-you-type", typing)] {
        let rounds: u32 = std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(50);
        let mut sum = [Duration::ZERO; Stage::ALL.len()];
        let mut json = Duration::ZERO;
        let mut total = Duration::ZERO;
        let mut n = 0u32;
        let mut clauses = 0usize;
        let mut per_query = vec![Duration::ZERO; queries.len()];
        let cpu_start = cpu_time();
        for _ in 0..rounds {
            for (k, (q, audience)) in queries.iter().enumerate() {
                let start = Instant::now();
                let (results, timings) = index.profile(&Request {
                    query: q,
                    audience: *audience,
                    limit: 10,
                    language: None,
                })?;
                total += start.elapsed();
                per_query[k] += start.elapsed();
                clauses += results.work.term_clauses + results.work.phrase_clauses;
                for (i, stage) in Stage::ALL.iter().enumerate() {
                    sum[i] += timings.get(*stage);
                }
                let start = Instant::now();
                let body = serde_json::to_vec(&JsonResults {
                    query: q,
                    total: results.total,
                    took_us: 0,
                    suggestion: results.suggestion.as_deref(),
                    hits: results
                        .hits
                        .iter()
                        .map(|h| JsonHit {
                            title: &h.title,
                            section: h.section.as_deref(),
                            url: &h.url,
                            snippet: &h.snippet,
                            audience: h.audience.iter().map(|a| a.key()).collect(),
                            score: h.score,
                        })
                        .collect(),
                })?;
                std::hint::black_box(body);
                json += start.elapsed();
                n += 1;
            }
        }
        let cpu = cpu_time()
            .zip(cpu_start)
            .map(|(end, start)| end.saturating_sub(start));
        let mean = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
        println!(
            "\n== {name}: {} queries × {rounds}, mean {:.1} µs per search (CPU {} µs, JSON included), {:.1} clauses",
            queries.len(),
            mean(total),
            cpu.map_or("?".to_string(), |c| format!("{:.1}", mean(c))),
            clauses as f64 / f64::from(n)
        );
        println!("| stage | mean µs | share |");
        println!("|---|---|---|");
        for (i, stage) in Stage::ALL.iter().enumerate() {
            println!(
                "| {} | {:.1} | {:.0} % |",
                stage.name(),
                mean(sum[i]),
                100.0 * sum[i].as_secs_f64() / total.as_secs_f64()
            );
        }
        println!(
            "| JSON (serde_json, server shape) | {:.1} | {:.0} % of the search |",
            mean(json),
            100.0 * json.as_secs_f64() / total.as_secs_f64()
        );
        let mut slow: Vec<(Duration, &str)> = per_query
            .iter()
            .zip(&queries)
            .map(|(d, (q, _))| (*d / rounds, q.as_str()))
            .collect();
        slow.sort();
        let top: Vec<String> = slow
            .iter()
            .rev()
            .take(8)
            .map(|(d, q)| format!("{q:?} {:.0} µs", d.as_secs_f64() * 1e6))
            .collect();
        println!("slowest (mean): {}", top.join(", "));
    }
    Ok(())
}
