//! The public relevance set (`search/relevance.toml`): queries as each audience types them, each
//! with the pages or sections that answer it. Used by the relevance test, by the benchmarks and
//! by the comparisons with mdBook's elasticlunr and with Pagefind.
//!
//! A target URL without `#` names a page and accepts any of its sections; with `#` it accepts
//! only that section. Cases marked `known_miss` are ones the search does not answer yet: they
//! count in every figure like the others, so a threshold can never hide them.

use crate::index::{Index, Request};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use vagvisare_model::Audience;

/// How many top hits count as "found" for recall@3 (the first screen of suggestions).
pub const TOP: usize = 3;
/// How many hits count for the mean reciprocal rank.
pub const MRR_DEPTH: usize = 10;

/// Why the relevance file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RelevanceError {
    /// Not readable.
    #[error("{}: kan inte läsas: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not valid.
    #[error("{}: {source}", path.display())]
    Toml {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: toml::de::Error,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    fall: Vec<Case>,
}

/// One query and its answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The query as typed.
    pub q: String,
    /// Who types it.
    pub typed_by: Audience,
    /// The answers: pages (any of their sections) or sections (`/page.html#anchor`).
    pub url: Vec<String>,
    /// An audience filter, if the case tests one.
    #[serde(default)]
    pub audience: Option<Audience>,
    /// What the case tests (typo, folding, synonym …).
    pub why: String,
    /// A must-pass case (the issue's own examples).
    #[serde(default)]
    pub required: bool,
    /// Why the search does not answer this case yet, if it does not.
    #[serde(default)]
    pub known_miss: Option<String>,
}

impl Case {
    /// True if `url` (a hit) answers the case.
    pub fn accepts(&self, url: &str) -> bool {
        let page = url.split('#').next().unwrap_or(url);
        self.url
            .iter()
            .any(|t| if t.contains('#') { t == url } else { t == page })
    }

    /// The 1-based rank of the first hit that answers the case.
    pub fn rank(&self, urls: &[String]) -> Option<usize> {
        urls.iter().position(|u| self.accepts(u)).map(|i| i + 1)
    }
}

/// The whole set.
#[derive(Debug, Clone)]
pub struct Relevance {
    /// The cases in file order.
    pub cases: Vec<Case>,
}

/// How one case went.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// The rank of the first answer within [`MRR_DEPTH`] hits.
    pub rank: Option<usize>,
    /// The URLs returned, best first (at most [`MRR_DEPTH`]).
    pub got: Vec<String>,
}

impl Outcome {
    /// True if an answer is among the first [`TOP`] hits.
    pub fn found(&self) -> bool {
        self.rank.is_some_and(|r| r <= TOP)
    }
}

/// Recall at one and three and the mean reciprocal rank over some cases.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    /// Cases.
    pub n: usize,
    /// Cases answered by the first hit.
    pub at1: usize,
    /// Cases answered within the first three hits.
    pub at3: usize,
    /// Sum of 1/rank within [`MRR_DEPTH`].
    reciprocal: f64,
}

impl Metrics {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.at1 += usize::from(r == 1);
            self.at3 += usize::from(r <= TOP);
            if r <= MRR_DEPTH {
                self.reciprocal += 1.0 / r as f64;
            }
        }
    }

    fn ratio(&self, x: f64) -> f64 {
        if self.n == 0 { 0.0 } else { x / self.n as f64 }
    }

    /// Recall at one.
    pub fn recall1(&self) -> f64 {
        self.ratio(self.at1 as f64)
    }

    /// Recall at three.
    pub fn recall3(&self) -> f64 {
        self.ratio(self.at3 as f64)
    }

    /// Mean reciprocal rank at ten.
    pub fn mrr(&self) -> f64 {
        self.ratio(self.reciprocal)
    }
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "recall@1 {:.3} ({}/{}), recall@3 {:.3} ({}/{}), MRR@10 {:.3}",
            self.recall1(),
            self.at1,
            self.n,
            self.recall3(),
            self.at3,
            self.n,
            self.mrr()
        )
    }
}

/// The outcome of running the set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every case, in file order.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The figures over all cases (known misses included).
    pub fn metrics(&self) -> Metrics {
        let mut m = Metrics::default();
        for o in &self.outcomes {
            m.add(o.rank);
        }
        m
    }

    /// The figures per audience that types the queries.
    pub fn by_audience(&self) -> BTreeMap<Audience, Metrics> {
        let mut out: BTreeMap<Audience, Metrics> = BTreeMap::new();
        for o in &self.outcomes {
            out.entry(o.case.typed_by).or_default().add(o.rank);
        }
        out
    }

    /// Cases without an answer in the first three hits.
    pub fn misses(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.found())
    }
}

impl Relevance {
    /// Reads the file.
    pub fn load(path: &Path) -> Result<Relevance, RelevanceError> {
        let text = std::fs::read_to_string(path).map_err(|source| RelevanceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let raw: RawFile = toml::from_str(&text).map_err(|source| RelevanceError::Toml {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Relevance { cases: raw.fall })
    }

    /// Target URLs that no indexed section has: `(query, url)`. A page target needs some
    /// section of the page, a section target that exact section.
    pub fn unknown_targets<'a>(&'a self, index: &Index) -> Vec<(&'a str, &'a str)> {
        let sections: HashSet<&str> = index.sections().iter().map(|s| s.url.as_str()).collect();
        let pages: HashSet<&str> = sections
            .iter()
            .map(|u| u.split('#').next().unwrap_or(u))
            .collect();
        let mut out = Vec::new();
        for case in &self.cases {
            for url in &case.url {
                let known = if url.contains('#') {
                    sections.contains(url.as_str())
                } else {
                    pages.contains(url.as_str())
                };
                if !known {
                    out.push((case.q.as_str(), url.as_str()));
                }
            }
        }
        out
    }

    /// Runs every case through `search`, which returns the URLs of the hits best first.
    pub fn run(&self, mut search: impl FnMut(&Case) -> Vec<String>) -> Report {
        let outcomes = self
            .cases
            .iter()
            .map(|case| {
                let got: Vec<String> = search(case).into_iter().take(MRR_DEPTH).collect();
                Outcome {
                    rank: case.rank(&got),
                    case: case.clone(),
                    got,
                }
            })
            .collect();
        Report { outcomes }
    }

    /// Runs every case through `index` (the first [`MRR_DEPTH`] hits, with the case's audience
    /// filter); `url` maps a hit's URL before comparing (e.g. a generated section back to the
    /// one it was made from).
    pub fn run_index(&self, index: &Index, url: impl Fn(&str) -> String) -> Report {
        self.run(|case| {
            index
                .search(&Request {
                    query: &case.q,
                    audience: case.audience,
                    limit: MRR_DEPTH,
                    language: None,
                })
                .map(|r| r.hits.iter().map(|h| url(&h.url)).collect())
                .unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{bundled_index, repo};

    #[test]
    fn page_targets_accept_any_section_and_section_targets_only_themselves() {
        let case = Case {
            q: "x".into(),
            typed_by: Audience::Allman,
            url: vec!["/a.html".into(), "/b.html#två".into()],
            audience: None,
            why: String::new(),
            required: false,
            known_miss: None,
        };
        assert!(case.accepts("/a.html"));
        assert!(case.accepts("/a.html#något"));
        assert!(case.accepts("/b.html#två"));
        assert!(!case.accepts("/b.html"));
        assert!(!case.accepts("/b.html#tre"));
        assert!(!case.accepts("/a.htmlx"));
        let got = ["/c.html", "/b.html#tre", "/a.html#x"].map(String::from);
        assert_eq!(case.rank(&got), Some(3));
    }

    #[test]
    fn metrics_count_ranks() {
        let mut m = Metrics::default();
        for rank in [Some(1), Some(2), Some(4), None] {
            m.add(rank);
        }
        assert_eq!((m.n, m.at1, m.at3), (4, 1, 2));
        assert!((m.mrr() - (1.0 + 0.5 + 0.25) / 4.0).abs() < 1e-9);
    }

    /// The rule for a topic with both a glossary entry and a guidance page (see
    /// BENCHMARKS.md): the guidance page comes first; the glossary entry follows it and is not
    /// dropped. Checked for every glossary entry whose term is a page title (or begins one) in
    /// the bundled content, so new pairs are covered as they are written.
    #[test]
    fn a_guidance_page_comes_before_its_glossary_entry() {
        let index = bundled_index();
        let sections = index.sections();
        let mut pairs = 0;
        for entry in sections.iter().filter(|s| s.glossary) {
            let Some(term) = &entry.heading else { continue };
            let term_lower = term.to_lowercase();
            let pages: Vec<&str> = sections
                .iter()
                .filter(|s| !s.glossary && s.heading.is_none())
                .filter(|s| {
                    let title = s.title.to_lowercase();
                    title == term_lower || title.starts_with(&format!("{term_lower} "))
                })
                .map(|s| s.url.as_str())
                .collect();
            if pages.is_empty() {
                continue;
            }
            pairs += 1;
            let hits = index
                .search(&Request {
                    query: &format!("{term} "),
                    audience: None,
                    limit: crate::MAX_LIMIT,
                    language: None,
                })
                .expect("search")
                .hits;
            let first = hits.first().map(|h| h.url.split('#').next().unwrap_or(""));
            assert!(
                first.is_some_and(|u| pages.contains(&u)),
                "{term}: the guidance page {pages:?} first, got {:?}",
                hits.iter().map(|h| &h.url).collect::<Vec<_>>()
            );
            assert!(
                hits.iter().any(|h| h.url == entry.url),
                "{term}: the glossary entry {} is among the hits",
                entry.url
            );
        }
        assert!(pairs >= 10, "only {pairs} glossary terms with a page");
    }

    #[test]
    fn relevance_on_the_bundled_content() {
        let index = bundled_index();
        let set = Relevance::load(&repo().join("search/relevance.toml")).expect("relevance set");
        assert!(set.cases.len() >= 150, "at least 150 cases");
        let unknown = set.unknown_targets(index);
        assert!(
            unknown.is_empty(),
            "targets that are not pages or sections today (content/SUMMARY.md): {unknown:?}"
        );
        let report = set.run_index(index, str::to_string);
        for miss in report.misses() {
            println!(
                "MISS{} {:?} ({}, {}): rank {:?}, want {:?}, got {:?}",
                if miss.case.known_miss.is_some() {
                    " (known)"
                } else {
                    ""
                },
                miss.case.q,
                miss.case.typed_by,
                miss.case.why,
                miss.rank,
                miss.case.url,
                &miss.got[..miss.got.len().min(TOP)]
            );
        }
        for o in report.outcomes.iter().filter(|o| o.found()) {
            if let Some(why) = &o.case.known_miss {
                println!(
                    "NOW FOUND {:?} (marked known_miss: {why}): remove the mark",
                    o.case.q
                );
            }
        }
        let m = report.metrics();
        println!("all: {m}");
        for (audience, m) in report.by_audience() {
            println!("{audience}: {m}");
        }
        let required: Vec<_> = report
            .misses()
            .filter(|o| o.case.required)
            .map(|o| &o.case.q)
            .collect();
        assert!(required.is_empty(), "required queries missed: {required:?}");
        let unmarked: Vec<_> = report
            .misses()
            .filter(|o| o.case.known_miss.is_none())
            .map(|o| &o.case.q)
            .collect();
        assert!(
            unmarked.is_empty(),
            "new misses (fix the search, or mark them known_miss with a reason): {unmarked:?}"
        );
        assert!(m.recall1() >= 0.85, "recall@1 {:.3} < 0.85", m.recall1());
        assert!(m.recall3() >= 0.95, "recall@3 {:.3} < 0.95", m.recall3());
    }
}
