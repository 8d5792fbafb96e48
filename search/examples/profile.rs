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
use vagvisare_search::{Index, Relevance, Request, SYNONYMS_FILE, Stage, Synonyms, sections_of};

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

fn main() -> Result<(), Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?;
    let generated = std::env::args().any(|a| a == "--generated");
    let today = time::OffsetDateTime::now_utc().date();
    let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(root), today)?;
    let mut sections = sections_of(&loaded.site);
    if generated {
        let base = sections.clone();
        sections = (0..10_000)
            .map(|i| {
                let s = &base[(i * 7919) % base.len()];
                vagvisare_search::SectionDoc {
                    title: format!("{} {}", s.title, i / base.len() + 1),
                    url: format!("{}?v={i}", s.url),
                    body: format!("{} {}", s.body, base[(i * 31) % base.len()].body),
                    ..s.clone()
                }
            })
            .collect();
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
    println!("{} sections", index.len());
    for (name, queries) in [("relevance set", relevance), ("as-you-type", typing)] {
        let rounds = 50;
        let mut sum = [Duration::ZERO; Stage::ALL.len()];
        let mut json = Duration::ZERO;
        let mut total = Duration::ZERO;
        let mut n = 0u32;
        for _ in 0..rounds {
            for (q, audience) in &queries {
                let start = Instant::now();
                let (results, timings) = index.profile(&Request {
                    query: q,
                    audience: *audience,
                    limit: 10,
                })?;
                total += start.elapsed();
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
        let mean = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
        println!(
            "\n== {name}: {} queries × {rounds}, mean {:.1} µs per search",
            queries.len(),
            mean(total)
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
    }
    Ok(())
}
