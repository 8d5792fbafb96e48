//! Synonyms and abbreviations from `search/synonyms.toml`, maintained by content editors.
//!
//! Two kinds of entries:
//!
//! ```toml
//! # Two-way: a search for any of the words also searches for the others.
//! [[grupp]]
//! ord = ["HRV", "hedersrelaterat våld och förtryck"]
//!
//! # One-way: a search for "fran" also searches for "till", but not the other way round.
//! [[envag]]
//! fran = "kvarskrivning"
//! till = ["skyddad folkbokföring"]
//! ```
//!
//! They are applied at query time: when the query contains an entry's words (compared
//! lowercased and ASCII-folded, so "vald" matches "våld"), each alternative is added as an
//! OR'd phrase with a slightly lower boost than the words the reader typed.

use crate::analysis::{fold, words};
use crate::error::SearchError;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The file, relative to the project root.
pub const SYNONYMS_FILE: &str = "search/synonyms.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    grupp: Vec<RawGroup>,
    #[serde(default)]
    envag: Vec<RawOneWay>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    ord: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOneWay {
    fran: Spanned<String>,
    till: Spanned<Vec<String>>,
}

/// One rule: when the query contains `from`, also search for each of `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The words to look for, lowercased and folded.
    pub from: Vec<String>,
    /// The alternatives, as written in the file.
    pub to: Vec<String>,
}

/// The loaded rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    rules: Vec<Rule>,
}

/// An alternative found for part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// Which query words (by index) the alternative replaces.
    pub words: std::ops::Range<usize>,
    /// The alternative text.
    pub text: String,
}

impl Synonyms {
    /// Reads and validates the file at `path`; messages name `shown` (e.g.
    /// `search/synonyms.toml`) and the line. A missing file means no synonyms (a project
    /// without search tuning, like the test fixtures), not an error.
    pub fn load(path: &Path, shown: &Path) -> Result<Synonyms, Vec<SearchError>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Synonyms::default()),
            Err(e) => {
                return Err(vec![SearchError::Synonyms {
                    path: shown.to_path_buf(),
                    line: 1,
                    message: format!("kan inte läsas: {e}"),
                }]);
            }
        };
        Synonyms::parse(&text, shown)
    }

    /// Parses the file's text. Every problem is reported, each with its line.
    pub fn parse(text: &str, shown: &Path) -> Result<Synonyms, Vec<SearchError>> {
        let error = |line: usize, message: String| SearchError::Synonyms {
            path: shown.to_path_buf(),
            line,
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![error(line, swedish_toml_message(e.message()))]
        })?;
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        for group in &raw.grupp {
            let line = line_of(text, group.ord.span().start);
            let entries = group.ord.get_ref();
            if entries.len() < 2 {
                problems.push(error(line, "en grupp behöver minst två ord".into()));
                continue;
            }
            if let Some(bad) = entries.iter().find(|e| key(e).is_empty()) {
                problems.push(error(line, format!("\"{bad}\" innehåller inga bokstäver")));
                continue;
            }
            for (i, from) in entries.iter().enumerate() {
                rules.push(Rule {
                    from: key(from),
                    to: entries
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, t)| t.clone())
                        .collect(),
                });
            }
        }
        for one in &raw.envag {
            let line = line_of(text, one.fran.span().start);
            let from = key(one.fran.get_ref());
            let to = one.till.get_ref();
            if from.is_empty() {
                problems.push(error(line, "\"fran\" innehåller inga bokstäver".into()));
            } else if to.is_empty() || to.iter().any(|t| key(t).is_empty()) {
                let line = line_of(text, one.till.span().start);
                problems.push(error(line, "\"till\" behöver minst ett ord".into()));
            } else {
                rules.push(Rule {
                    from,
                    to: to.clone(),
                });
            }
        }
        if problems.is_empty() {
            Ok(Synonyms { rules })
        } else {
            Err(problems)
        }
    }

    /// These rules followed by `more`: a municipality's own synonyms added to the national
    /// ones. Both sets apply; a local rule never removes a national one.
    pub fn with(mut self, more: Synonyms) -> Synonyms {
        for rule in more.rules {
            if !self.rules.contains(&rule) {
                self.rules.push(rule);
            }
        }
        self
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The alternatives for a query given as its lowercased words.
    pub fn expand(&self, query_words: &[String]) -> Vec<Expansion> {
        let folded: Vec<String> = query_words.iter().map(|w| fold(w)).collect();
        let mut out = Vec::new();
        for rule in &self.rules {
            let n = rule.from.len();
            if n == 0 || n > folded.len() {
                continue;
            }
            for start in 0..=folded.len() - n {
                if folded[start..start + n] == rule.from[..] {
                    for to in &rule.to {
                        let e = Expansion {
                            words: start..start + n,
                            text: to.clone(),
                        };
                        if !out.contains(&e) {
                            out.push(e);
                        }
                    }
                }
            }
        }
        out
    }
}

/// The lowercased, folded words of an entry.
fn key(text: &str) -> Vec<String> {
    words(text).into_iter().map(|(_, w)| fold(&w)).collect()
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The TOML parser's message in Swedish where we know it, otherwise quoted.
fn swedish_toml_message(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("okänt fält \"{field}\" (tillåtna: grupp.ord, envag.fran, envag.till)");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("fältet \"{field}\" saknas");
    }
    if message.starts_with("invalid type") {
        return format!("fel typ av värde ({message})");
    }
    format!("ogiltig TOML ({message})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Synonyms, Vec<SearchError>> {
        Synonyms::parse(text, Path::new("search/synonyms.toml"))
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn groups_work_both_ways_and_one_way_rules_one_way() {
        let s = parse(
            "[[grupp]]\nord = [\"HRV\", \"hedersrelaterat våld och förtryck\"]\n\n[[envag]]\nfran = \"kvarskrivning\"\ntill = [\"skyddad folkbokföring\"]\n",
        )
        .expect("valid");
        let q = |q: &str| {
            let w: Vec<String> = words(q).into_iter().map(|(_, w)| w).collect();
            s.expand(&w).into_iter().map(|e| e.text).collect::<Vec<_>>()
        };
        assert_eq!(q("hrv"), ["hedersrelaterat våld och förtryck"]);
        assert_eq!(q("om hedersrelaterat vald och fortryck"), ["HRV"]);
        assert_eq!(q("kvarskrivning"), ["skyddad folkbokföring"]);
        assert!(q("skyddad folkbokföring").is_empty());
    }

    #[test]
    fn bad_toml_names_the_line() {
        assert_eq!(
            messages("[[grupp]]\nord = [\"a\", \"b\"]\n\n[[grupp]]\nord = [\"a\" \"b\"]\n"),
            [
                "search/synonyms.toml:5: ogiltig TOML (missing comma between array elements, expected `,`)"
            ]
        );
    }

    #[test]
    fn unknown_fields_and_short_groups_are_errors_with_lines() {
        let m = messages("[[grupp]]\nord = [\"a\", \"b\"]\nord2 = 1\n");
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("search/synonyms.toml:3: okänt fält \"ord2\""),
            "{m:?}"
        );
        assert_eq!(
            messages(
                "# kommentar\n[[grupp]]\nord = [\"ensam\"]\n\n[[envag]]\nfran = \"x\"\ntill = []\n"
            ),
            [
                "search/synonyms.toml:3: en grupp behöver minst två ord",
                "search/synonyms.toml:7: \"till\" behöver minst ett ord"
            ]
        );
    }

    #[test]
    fn the_bundled_file_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("synonyms.toml");
        let s = Synonyms::load(&path, Path::new(SYNONYMS_FILE)).expect("valid synonyms");
        assert!(s.rules().len() > 10);
    }
}
