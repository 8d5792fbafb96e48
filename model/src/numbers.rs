//! The verified support numbers (`data/stodlinjer.toml`): the only phone numbers pages may show.

use crate::front_matter::{swedish_toml_error, to_date};
use crate::problem::{Problem, line_of};
use serde::Deserialize;
use std::path::Path;
use time::Date;
use toml::Spanned;
use toml::value::Datetime;

/// One support line or emergency number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportLine {
    /// Stable id used in `{{nummer:ID}}`.
    pub id: String,
    /// The service's name.
    pub name: String,
    /// The number exactly as it is written, e.g. `020-50 50 50`.
    pub number: String,
    /// Who the line is for.
    pub who: String,
    /// When it answers, only where a source verifies it.
    #[serde(default)]
    pub hours: Option<String>,
    /// A caveat, e.g. that a pilot line must be checked.
    #[serde(default)]
    pub note: Option<String>,
    /// The service's own website.
    #[serde(default)]
    pub url: Option<String>,
    /// `who` in English, for English pages: says only what the Swedish text says.
    #[serde(default)]
    pub who_en: Option<String>,
    /// `hours` in English.
    #[serde(default)]
    pub hours_en: Option<String>,
    /// `note` in English.
    #[serde(default)]
    pub note_en: Option<String>,
}

impl SupportLine {
    /// The number as a `tel:` URI (digits only).
    pub fn tel_uri(&self) -> String {
        let digits: String = self.number.chars().filter(char::is_ascii_digit).collect();
        format!("tel:{digits}")
    }
}

/// The whole verified list with the date it was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportLines {
    /// When the numbers were last compared with their sources.
    pub checked: Date,
    /// The lines in display order.
    pub lines: Vec<SupportLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    checked: Spanned<Datetime>,
    line: Vec<Spanned<SupportLine>>,
}

impl SupportLines {
    /// Finds a line by id.
    pub fn get(&self, id: &str) -> Option<&SupportLine> {
        self.lines.iter().find(|l| l.id == id)
    }

    /// Every number with only its digits, to compare with numbers found in rendered pages.
    pub fn digit_forms(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| l.number.chars().filter(char::is_ascii_digit).collect())
            .collect()
    }

    /// Parses the data file.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<SupportLines, Vec<Problem>> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![Problem::error(path, line, swedish_toml_error(e.message()))]
        })?;
        let mut problems = Vec::new();
        let checked = to_date(raw.checked.get_ref());
        if checked.is_none() {
            problems.push(Problem::error(
                path,
                line_of(text, raw.checked.span().start),
                "\"checked\" ska vara ett datum som 2026-11-23",
            ));
        }
        let mut lines: Vec<SupportLine> = Vec::new();
        for spanned in raw.line {
            let at = line_of(text, spanned.span().start);
            let line = spanned.into_inner();
            if lines.iter().any(|l| l.id == line.id) {
                problems.push(Problem::error(
                    path,
                    at,
                    format!("id \"{}\" finns redan", line.id),
                ));
            }
            if !line.number.chars().any(|c| c.is_ascii_digit()) {
                problems.push(Problem::error(path, at, "\"number\" saknar siffror"));
            }
            if line
                .url
                .as_ref()
                .is_some_and(|u| !u.starts_with("https://"))
            {
                problems.push(Problem::error(path, at, "\"url\" måste börja med https://"));
            }
            lines.push(line);
        }
        match checked {
            Some(checked) if problems.is_empty() => Ok(SupportLines { checked, lines }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_finds_lines() {
        let text = "checked = 2026-11-23\n[[line]]\nid = \"a\"\nname = \"A\"\nnumber = \"020-50 50 50\"\nwho = \"W\"\n";
        let l = SupportLines::parse(Path::new("s.toml"), text).expect("valid");
        assert_eq!(
            l.get("a").map(|l| l.tel_uri()),
            Some("tel:020505050".into())
        );
        assert_eq!(l.digit_forms(), vec!["020505050"]);
    }

    #[test]
    fn rejects_duplicates_and_unknown_keys() {
        let one = "[[line]]\nid = \"a\"\nname = \"A\"\nnumber = \"1\"\nwho = \"W\"\n";
        let text = format!("checked = 2026-11-23\n{one}{one}");
        let e = SupportLines::parse(Path::new("s.toml"), &text).expect_err("dup");
        assert_eq!(e[0].to_string(), "s.toml:7: id \"a\" finns redan");
        let text = format!("checked = 2026-11-23\n{one}phone = \"x\"\n");
        let e = SupportLines::parse(Path::new("s.toml"), &text).expect_err("unknown");
        assert!(
            e[0].to_string()
                .starts_with("s.toml:7: okänt fält \"phone\"")
        );
    }
}
