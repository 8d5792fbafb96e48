//! In-process search benchmark (see BENCHMARKS.md). Builds the index from the bundled content
//! and from a generated corpus of 10,000 sections, then prints build times, relevance
//! (recall@1, recall@3, MRR@10, overall and per audience) and query latency for three query
//! sets: the relevance set, as-you-type queries (the last word a 1–4 letter prefix) and the
//! worst queries we know of.
//!
//! ```text
//! cargo run --release -p vagvisare-search --example bench
//! cargo run --release -p vagvisare-search --example bench -- --corpus bundled --rounds 50
//! cargo run --release -p vagvisare-search --example bench -- --export target/search-bench
//! ```
//!
//! Options: `--cases FILE` (default `search/relevance.toml`), `--corpus bundled|generated|both`,
//! `--rounds N` (how often the relevance set runs per corpus, default 200; the as-you-type set
//! runs a quarter as often), `--sets relevance,as-you-type,worst` (which sets), `--export DIR`
//! (writes the bundled sections and the cases as JSON for the elasticlunr and Pagefind
//! comparisons in `search/bench/`, then exits).
//!
//! The example uses only `Index::from_sections`, `Index::search` and the loaders, and reads the
//! cases file itself, so the same file builds against older versions of the crate: that is how
//! BENCHMARKS.md compares before and after in one run. Lines starting with `RESULT` are
//! machine-readable (`search/bench/medians.py` takes the median of several runs).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vagvisare_model::Audience;
use vagvisare_search::{Index, Request, SYNONYMS_FILE, SectionDoc, Synonyms, sections_of};

/// Sections in the generated corpus.
const GENERATED: usize = 10_000;
/// How many hits count for MRR.
const MRR_DEPTH: usize = 10;

type Error = Box<dyn std::error::Error>;

#[derive(Debug, Deserialize)]
struct CasesFile {
    fall: Vec<Case>,
}

/// A relevance case, read leniently (unknown keys are ignored) so that any version of the
/// file works.
#[derive(Debug, Clone, Deserialize)]
struct Case {
    q: String,
    url: Vec<String>,
    #[serde(default)]
    audience: Option<Audience>,
    #[serde(default)]
    typed_by: Option<Audience>,
    #[serde(default)]
    known_miss: Option<String>,
    #[serde(default)]
    required: bool,
}

struct Options {
    cases: PathBuf,
    corpus: String,
    rounds: usize,
    sets: String,
    export: Option<PathBuf>,
}

fn options(root: &Path) -> Result<Options, Error> {
    let mut o = Options {
        cases: root.join("search/relevance.toml"),
        corpus: "both".into(),
        rounds: 200,
        sets: "relevance,as-you-type,worst".into(),
        export: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag}: value missing"))?;
        match flag.as_str() {
            "--cases" => o.cases = PathBuf::from(value),
            "--corpus" => o.corpus = value,
            "--rounds" => o.rounds = value.parse()?,
            "--sets" => o.sets = value,
            "--export" => o.export = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}").into()),
        }
    }
    Ok(o)
}

fn main() -> Result<(), Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?
        .to_path_buf();
    let o = options(&root)?;
    let today = time::OffsetDateTime::now_utc().date();
    let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(&root), today)?;
    let sections = sections_of(&loaded.site);
    let synonyms = Synonyms::load(&root.join(SYNONYMS_FILE), Path::new(SYNONYMS_FILE))
        .map_err(|e| format!("{e:?}"))?;
    let cases: CasesFile = toml::from_str(&std::fs::read_to_string(&o.cases)?)?;
    let cases = cases.fall;
    if let Some(dir) = &o.export {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("sections.json"), export(&sections))?;
        std::fs::write(dir.join("relevance.json"), export_cases(&cases))?;
        println!(
            "{} sections and {} cases written to {}",
            sections.len(),
            cases.len(),
            dir.display()
        );
        return Ok(());
    }

    println!(
        "machine: {} logical cores; {} cases from {}",
        std::thread::available_parallelism()?.get(),
        cases.len(),
        o.cases.display()
    );
    let mut corpora = Vec::new();
    if o.corpus != "generated" {
        corpora.push(("bundled", sections.clone()));
    }
    if o.corpus != "bundled" {
        corpora.push(("generated", generate(&sections, GENERATED)));
    }
    for (name, corpus) in corpora {
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
        println!("index build: median {:.1} ms of 3", ms(builds[1]),);
        println!("RESULT corpus={name} build_ms={:.1}", ms(builds[1]));
        let sets: Vec<&str> = o.sets.split(',').collect();
        if sets.contains(&"relevance") {
            relevance(name, &index, &cases)?;
            let queries: Vec<(String, Option<Audience>)> =
                cases.iter().map(|c| (c.q.clone(), c.audience)).collect();
            latency(name, "relevance", &index, &queries, o.rounds)?;
        }
        if sets.contains(&"as-you-type") {
            let typing = as_you_type(&cases);
            latency(name, "as-you-type", &index, &typing, (o.rounds / 4).max(1))?;
        }
        if sets.contains(&"worst") {
            worst(name, &index)?;
        }
    }
    Ok(())
}

/// The rank (1-based) of the first hit that a case accepts: a target with `#` must match the
/// section exactly, a target without names a page and accepts any of its sections.
fn rank(case: &Case, urls: &[String]) -> Option<usize> {
    urls.iter()
        .position(|u| {
            case.url.iter().any(|t| {
                if t.contains('#') {
                    t == u
                } else {
                    u.split('#').next() == Some(t.as_str())
                }
            })
        })
        .map(|i| i + 1)
}

#[derive(Default)]
struct Tally {
    n: usize,
    at1: usize,
    at3: usize,
    rr: f64,
}

impl Tally {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.at1 += usize::from(r == 1);
            self.at3 += usize::from(r <= 3);
            if r <= MRR_DEPTH {
                self.rr += 1.0 / r as f64;
            }
        }
    }

    fn line(&self) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "n={} recall1={:.3} recall3={:.3} mrr10={:.3} found1={} found3={}",
            self.n,
            self.at1 as f64 / n,
            self.at3 as f64 / n,
            self.rr / n,
            self.at1,
            self.at3
        )
    }
}

fn relevance(corpus: &str, index: &Index, cases: &[Case]) -> Result<(), Error> {
    let mut all = Tally::default();
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for case in cases {
        let r = index.search(&Request {
            query: &case.q,
            audience: case.audience,
            limit: MRR_DEPTH,
            language: None,
        })?;
        let urls: Vec<String> = r.hits.iter().map(|h| original_url(&h.url)).collect();
        let rank = rank(case, &urls);
        all.add(rank);
        let who = case.typed_by.map_or("-", |a| a.key()).to_string();
        by.entry(who).or_default().add(rank);
        if rank.is_none_or(|r| r > 3) {
            misses.push(format!(
                "  miss{} {:?}: rank {}, top3 {:?}",
                if case.known_miss.is_some() {
                    " (known)"
                } else {
                    ""
                },
                case.q,
                rank.map_or("-".to_string(), |r| r.to_string()),
                &urls[..urls.len().min(3)]
            ));
        }
    }
    let required = cases.iter().filter(|c| c.required).count();
    println!("relevance: {}", all.line());
    println!("RESULT corpus={corpus} relevance=all {}", all.line());
    for (who, t) in &by {
        println!("  typed by {who}: {}", t.line());
        println!("RESULT corpus={corpus} relevance={who} {}", t.line());
    }
    println!("  ({required} required cases; misses at 3:)");
    for m in misses {
        println!("{m}");
    }
    Ok(())
}

/// For each case, the query as typed so far: the earlier words and the first 1–4 letters of
/// the last one, without a trailing space.
fn as_you_type(cases: &[Case]) -> Vec<(String, Option<Audience>)> {
    let mut out = Vec::new();
    for case in cases {
        let q = case.q.trim_end();
        let (head, last) = match q.rfind(' ') {
            Some(i) => (&q[..=i], &q[i + 1..]),
            None => ("", q),
        };
        for n in 1..=4 {
            if let Some((i, _)) = last.char_indices().nth(n) {
                out.push((format!("{head}{}", &last[..i]), case.audience));
            } else if n == last.chars().count() {
                out.push((format!("{head}{last}"), case.audience));
            }
        }
    }
    out
}

fn latency(
    corpus: &str,
    set: &str,
    index: &Index,
    queries: &[(String, Option<Audience>)],
    rounds: usize,
) -> Result<(), Error> {
    let mut times = Vec::with_capacity(rounds * queries.len());
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    for round in 0..rounds {
        for (q, audience) in queries {
            let start = Instant::now();
            let r = index.search(&Request {
                query: q,
                audience: *audience,
                limit: 10,
                language: None,
            })?;
            let took = start.elapsed();
            std::hint::black_box(r);
            times.push(took);
            if round == rounds - 1 {
                slowest.push((took, q));
            }
        }
    }
    times.sort();
    slowest.sort();
    let top: Vec<String> = slowest
        .iter()
        .rev()
        .take(3)
        .map(|(d, q)| format!("{q:?} {:.0} µs", us(*d)))
        .collect();
    println!(
        "{set}: {} searches (limit 10, snippets): p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs; slowest {}",
        times.len(),
        us(percentile(&times, 0.50)),
        us(percentile(&times, 0.90)),
        us(percentile(&times, 0.99)),
        us(times[times.len() - 1]),
        top.join(", ")
    );
    println!(
        "RESULT corpus={corpus} latency={set} p50_us={:.1} p90_us={:.1} p99_us={:.1} max_us={:.1}",
        us(percentile(&times, 0.50)),
        us(percentile(&times, 0.90)),
        us(percentile(&times, 0.99)),
        us(times[times.len() - 1]),
    );
    // The same queries, each run `repeat` times in a row: its median is its service time.
    // The median leaves out the runs during which other processes held the CPU, which on this
    // shared machine dominate the tail of the wall-clock times above.
    let repeat = 11;
    let mut medians = Vec::with_capacity(queries.len());
    for (q, audience) in queries {
        let mut runs = Vec::with_capacity(repeat);
        for _ in 0..repeat {
            let start = Instant::now();
            std::hint::black_box(index.search(&Request {
                query: q,
                audience: *audience,
                limit: 10,
                language: None,
            })?);
            runs.push(start.elapsed());
        }
        runs.sort();
        medians.push(runs[repeat / 2]);
    }
    medians.sort();
    println!(
        "{set}, median of {repeat} runs per query: p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        us(percentile(&medians, 0.50)),
        us(percentile(&medians, 0.90)),
        us(percentile(&medians, 0.99)),
        us(medians[medians.len() - 1]),
    );
    println!(
        "RESULT corpus={corpus} median={set} p50_us={:.1} p90_us={:.1} p99_us={:.1} max_us={:.1}",
        us(percentile(&medians, 0.50)),
        us(percentile(&medians, 0.90)),
        us(percentile(&medians, 0.99)),
        us(medians[medians.len() - 1]),
    );
    Ok(())
}

/// The worst queries we know of (see BENCHMARKS.md), each run 20 times; prints the median and
/// the maximum.
fn worst(corpus: &str, index: &Index) -> Result<(), Error> {
    for (name, q) in worst_queries() {
        let mut times = Vec::new();
        for _ in 0..20 {
            let start = Instant::now();
            let r = index.search(&Request {
                query: &q,
                audience: None,
                limit: 10,
                language: None,
            })?;
            times.push(start.elapsed());
            std::hint::black_box(r);
        }
        times.sort();
        println!(
            "worst {name} ({} chars): median {:.0} µs, max {:.0} µs",
            q.chars().count(),
            us(times[times.len() / 2]),
            us(times[times.len() - 1])
        );
        println!(
            "RESULT corpus={corpus} worst={name} median_us={:.1} max_us={:.1}",
            us(times[times.len() / 2]),
            us(times[times.len() - 1])
        );
    }
    Ok(())
}

/// Named pathological queries, made with a fixed seed.
fn worst_queries() -> Vec<(&'static str, String)> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyzåäö".chars().collect();
    let mut word = |rng: &mut Rng, n: usize, alphabet: &[char]| -> String {
        (0..n)
            .map(|_| alphabet[rng.next() % alphabet.len()])
            .collect()
    };
    let digits: Vec<char> = "0123456789".chars().collect();
    let words = |rng: &mut Rng,
                 count: usize,
                 len: usize,
                 alphabet: &[char],
                 word: &mut dyn FnMut(&mut Rng, usize, &[char]) -> String| {
        (0..count)
            .map(|_| word(rng, len, alphabet))
            .collect::<Vec<_>>()
            .join(" ")
    };
    vec![
        ("20x9-letters", words(&mut rng, 20, 9, &letters, &mut word)),
        ("18x10-letters", words(&mut rng, 18, 10, &letters, &mut word)),
        ("40x4-letters", words(&mut rng, 40, 4, &letters, &mut word)),
        ("20x9-digits", words(&mut rng, 20, 9, &digits, &mut word)),
        ("200x12-letters", words(&mut rng, 200, 12, &letters, &mut word)),
        ("10000xa", "a".repeat(10_000)),
        ("200xa", "a".repeat(200)),
        ("66x2-letter-prefixes", {
            let two: Vec<String> = (0..66).map(|i| {
                let a = letters[i % 26];
                let b = letters[(i * 7 + 3) % 26];
                format!("{a}{b}")
            }).collect();
            two.join(" ")
        }),
        ("typos-of-long-words", "våldsutsattaa hedersrelateradt könsstympnig brottsskadeerstättning normaliseringsprocesen skyddadeperonuppgifter orosanmälningar kontaktförbudett målsägandebiträdde barnfridsbrottt uppfostringsresorr".to_string()),
        ("common-words-and-prefix", "våld barn skydd stöd hjälp polis anmälan skola hyresvärd socialtjänsten kvinnor heder kontakt s".to_string()),
        ("synonyms", "hrv vnr lvu sol brb fgm soc kvarskrivning besöksförbud tvångsgifte kvinnojour anmälningsplikt".to_string()),
    ]
}

/// The URL of the bundled section a generated one was made from.
fn original_url(url: &str) -> String {
    url.split("?v=").next().unwrap_or(url).to_string()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000_000.0
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
fn export_cases(cases: &[Case]) -> String {
    let items: Vec<String> = cases
        .iter()
        .map(|c| {
            let urls: Vec<String> = c.url.iter().map(|u| esc(u)).collect();
            format!(
                "{{\"q\":{},\"url\":[{}],\"audience\":{},\"typed_by\":{},\"known_miss\":{},\"required\":{}}}",
                esc(&c.q),
                urls.join(","),
                c.audience.map_or("null".to_string(), |a| esc(a.key())),
                c.typed_by.map_or("null".to_string(), |a| esc(a.key())),
                c.known_miss.is_some(),
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
