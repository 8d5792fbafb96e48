//! The public relevance set (`search/relevance.toml`): queries staff really type, each with
//! the sections that must be among the first three hits. Used by the relevance test, by the
//! benchmark and by the comparison with mdBook's built-in search.

use crate::index::{Index, Request};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use vagvisare_model::Audience;

/// How many top hits count.
pub const TOP: usize = 3;

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

/// One query and the sections that must be in the top three.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The query as typed.
    pub q: String,
    /// Accepted URLs (`/page.html#section`); one of them must be in the top three.
    pub url: Vec<String>,
    /// An audience filter, if the case tests one.
    #[serde(default)]
    pub audience: Option<Audience>,
    /// What the case tests (typo, folding, synonym …).
    pub why: String,
    /// A must-pass case (the issue's own examples).
    #[serde(default)]
    pub required: bool,
}

/// The whole set.
#[derive(Debug, Clone)]
pub struct Relevance {
    /// The cases in file order.
    pub cases: Vec<Case>,
}

/// A case that missed, with what came instead.
#[derive(Debug, Clone)]
pub struct Miss {
    /// The case.
    pub case: Case,
    /// The top URLs returned.
    pub got: Vec<String>,
}

/// The outcome of running the set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Cases with an accepted URL in the top three.
    pub found: usize,
    /// All cases.
    pub total: usize,
    /// The misses.
    pub misses: Vec<Miss>,
}

impl Report {
    /// Recall at three.
    pub fn recall(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        self.found as f64 / self.total as f64
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

    /// Runs every case through `search`, which returns the URLs of the hits best first.
    pub fn run(&self, mut search: impl FnMut(&Case) -> Vec<String>) -> Report {
        let mut report = Report {
            total: self.cases.len(),
            ..Report::default()
        };
        for case in &self.cases {
            let got: Vec<String> = search(case).into_iter().take(TOP).collect();
            if got.iter().any(|u| case.url.contains(u)) {
                report.found += 1;
            } else {
                report.misses.push(Miss {
                    case: case.clone(),
                    got,
                });
            }
        }
        report
    }

    /// Runs every case through `index` (top three hits, the case's audience filter); `url`
    /// maps a hit's URL before comparing (e.g. a generated section back to its original).
    pub fn run_index(&self, index: &Index, url: impl Fn(&str) -> String) -> Report {
        self.run(|case| {
            index
                .search(&Request {
                    query: &case.q,
                    audience: case.audience,
                    limit: TOP,
                })
                .map(|r| r.hits.iter().map(|h| url(&h.url)).collect())
                .unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Index, Synonyms};

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the search crate is in the workspace")
            .to_path_buf()
    }

    #[test]
    fn recall_at_three_on_the_bundled_content() {
        let root = repo();
        let today = time::Date::from_calendar_date(2026, time::Month::January, 1).expect("date");
        let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(&root), today)
            .expect("bundled content loads");
        let synonyms = Synonyms::load(
            &root.join(crate::SYNONYMS_FILE),
            Path::new(crate::SYNONYMS_FILE),
        )
        .expect("synonyms");
        let index = Index::build(&loaded.site, synonyms).expect("index");
        let set = Relevance::load(&root.join("search/relevance.toml")).expect("relevance set");
        assert!(set.cases.len() >= 40);
        let report = set.run_index(&index, str::to_string);
        for miss in &report.misses {
            println!(
                "MISS {:?} ({}): want {:?}, got {:?}",
                miss.case.q, miss.case.why, miss.case.url, miss.got
            );
        }
        println!(
            "recall@3 = {}/{} = {:.3}",
            report.found,
            report.total,
            report.recall()
        );
        let required: Vec<_> = report.misses.iter().filter(|m| m.case.required).collect();
        assert!(required.is_empty(), "required queries missed: {required:?}");
        assert!(
            report.recall() >= 0.9,
            "recall@3 {:.3} < 0.9",
            report.recall()
        );
    }
}
