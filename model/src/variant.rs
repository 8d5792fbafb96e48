//! Language variants of a page: **lättläst svenska**, **English**, and any language later.
//!
//! A variant is a file next to its Swedish page with the language code before `.md`:
//! `hjalp/index.lattlast.md`, `hjalp/index.en.md`, `hjalp/index.ar.md`. It has its own front
//! matter and records the version of the Swedish page it was written from (`based_on`); when the
//! Swedish page changes, `check` warns at the variant's `based_on` line (the same drift rule as
//! for a municipality's local texts, from [`crate::drift`]).
//!
//! Lättläst and English are published as soon as they pass `check`. A variant in any other
//! language is published only when its front matter names who reviewed the translation
//! (`reviewed_by`, a role, never a person's name).

use crate::front_matter::{self, RawChange, RawStamp, swedish_toml_error, to_date};
use crate::numbers::SupportLines;
use crate::outline::Outline;
use crate::problem::{Problem, line_of};
use crate::shortcode::expand_plain_in;
use crate::version::{ChangeNote, ContentHash, Stamp};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use time::Date;
use toml::Spanned;
use toml::value::Datetime;

/// Writing direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Persian, Hebrew, Urdu …).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn attr(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A language a variant can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language {
    /// The code in file names and URLs: `lattlast`, `en`, `ar`.
    pub code: &'static str,
}

/// Languages with a name and a direction; a variant's code must be one of them.
const KNOWN: [(&str, &str, &str, Direction); 12] = [
    ("lattlast", "sv", "Lättläst", Direction::Ltr),
    ("en", "en", "English", Direction::Ltr),
    ("ar", "ar", "العربية", Direction::Rtl),
    ("fa", "fa", "فارسی", Direction::Rtl),
    ("so", "so", "Soomaali", Direction::Ltr),
    ("ti", "ti", "ትግርኛ", Direction::Ltr),
    ("uk", "uk", "Українська", Direction::Ltr),
    ("tr", "tr", "Türkçe", Direction::Ltr),
    ("ku", "ku", "Kurdî", Direction::Ltr),
    ("ckb", "ckb", "کوردی", Direction::Rtl),
    ("es", "es", "Español", Direction::Ltr),
    ("fi", "fi", "Suomi", Direction::Ltr),
];

impl Language {
    /// The language with this file/URL code.
    pub fn from_code(code: &str) -> Option<Language> {
        KNOWN
            .iter()
            .find(|(c, ..)| *c == code)
            .map(|(c, ..)| Language { code: c })
    }

    fn entry(self) -> (&'static str, &'static str, &'static str, Direction) {
        KNOWN
            .iter()
            .copied()
            .find(|(c, ..)| *c == self.code)
            .unwrap_or(("sv", "sv", "Svenska", Direction::Ltr))
    }

    /// The `lang` attribute (`sv` for lättläst svenska).
    pub fn html_lang(self) -> &'static str {
        self.entry().1
    }

    /// The language's name in itself, as shown on the link to the variant.
    pub fn native_name(self) -> &'static str {
        self.entry().2
    }

    /// The writing direction.
    pub fn direction(self) -> Direction {
        self.entry().3
    }

    /// True for easy-to-read Swedish.
    pub fn is_easy_swedish(self) -> bool {
        self.code == "lattlast"
    }

    /// True for the variants published without a named reviewer: lättläst and English.
    pub fn needs_reviewer(self) -> bool {
        !matches!(self.code, "lattlast" | "en")
    }

    /// The URL prefix of the language's pages: `/en`, `/lattlast`.
    pub fn prefix(self) -> String {
        format!("/{}", self.code)
    }
}

/// A language variant of a Swedish page.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The language.
    pub language: Language,
    /// The Swedish page's content path (`hjalp/index.md`).
    pub of: String,
    /// The variant's own content path (`hjalp/index.en.md`).
    pub path: String,
    /// The file.
    pub file: PathBuf,
    /// The title in the variant's language.
    pub title: String,
    /// The summary in the variant's language.
    pub summary: String,
    /// Words people search for in the variant's language.
    pub tags: Vec<String>,
    /// Who keeps it up to date (a role).
    pub owner: String,
    /// Who reviewed the translation (a role); required for languages other than lättläst and
    /// English before the variant is published.
    pub reviewed_by: Option<String>,
    /// When it was last reviewed.
    pub reviewed: Date,
    /// The version of the Swedish page it was written from.
    pub based_on: Stamp,
    /// Sources (register ids); empty means "the Swedish page's sources".
    pub sources: Vec<String>,
    /// Change notes.
    pub changes: Vec<ChangeNote>,
    /// Open questions for the owner.
    pub review_notes: Vec<String>,
    /// The Markdown body, shortcodes left in place.
    pub body: String,
    /// The 1-based line where the body starts.
    pub body_line: usize,
    /// The body's outline.
    pub outline: Outline,
    /// The hash of the variant's text.
    pub hash: ContentHash,
    /// Lines of keys: opening `+++`, `owner`, `based_on`, `reviewed_by`, one per source.
    pub lines: VariantLines,
}

/// Lines of a variant's front matter keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantLines {
    /// The opening `+++`.
    pub start: usize,
    /// `owner`.
    pub owner: usize,
    /// `based_on`.
    pub based_on: usize,
    /// `reviewed_by`, or the opening line when it is missing.
    pub reviewed_by: usize,
    /// One per entry of `sources`.
    pub sources: Vec<usize>,
}

impl Variant {
    /// True when the variant is published: lättläst and English always, other languages when
    /// a reviewer is named.
    pub fn published(&self) -> bool {
        !self.language.needs_reviewer() || self.reviewed_by.is_some()
    }

    /// The URL the variant is served at: `/en/hjalp/`, `/lattlast/barn/barnahus.html`.
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.language.prefix(),
            crate::page::url_of(&self.of)
        )
    }
}

/// Splits `hjalp/index.en.md` into the Swedish page `hjalp/index.md` and the code `en`, when
/// the part before `.md` is a known language.
pub(crate) fn split_path(path: &str) -> Option<(String, Language)> {
    let stem = path.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || base.ends_with('/') {
        return None;
    }
    Some((format!("{base}.md"), Language::from_code(code)?))
}

/// True when `path` looks like a variant (`name.xx.md`), known language or not.
pub(crate) fn looks_like_variant(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md")
        .is_some_and(|stem| stem.contains('.'))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    title: Spanned<String>,
    summary: Spanned<String>,
    #[serde(default)]
    tags: Vec<String>,
    owner: Spanned<String>,
    reviewed_by: Option<Spanned<String>>,
    reviewed: Spanned<Datetime>,
    based_on: Option<Spanned<RawStamp>>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    changes: Vec<Spanned<RawChange>>,
    #[serde(default)]
    review_notes: Vec<String>,
}

const FIELDS: &str =
    "title, summary, tags, owner, reviewed_by, reviewed, based_on, sources, changes, review_notes";

/// Parses a variant file.
pub(crate) fn parse(
    path: &str,
    of: String,
    language: Language,
    file: &Path,
    text: &str,
    numbers: &SupportLines,
) -> Result<Variant, Vec<Problem>> {
    let split = front_matter::split(file, text).map_err(|p| vec![p])?;
    let line_at = |offset: usize| split.toml_line + line_of(split.toml, offset) - 1;
    let raw: RawVariant = toml::from_str(split.toml).map_err(|e| {
        let line = e.span().map_or(1, |s| line_at(s.start));
        let message = swedish_toml_error(e.message());
        let message = match message.split_once("(tillåtna: ") {
            Some((head, _)) if message.starts_with("okänt fält") => {
                format!("{head}(tillåtna i en språkversion: {FIELDS})")
            }
            _ => message,
        };
        vec![Problem::error(file, line, message)]
    })?;
    let mut problems = Vec::new();
    let mut text_field = |f: &Spanned<String>, name: &str| {
        let v = f.get_ref().trim().to_string();
        if v.is_empty() {
            problems.push(Problem::error(
                file,
                line_at(f.span().start),
                format!("\"{name}\" får inte vara tomt"),
            ));
        }
        v
    };
    let title = text_field(&raw.title, "title");
    let summary = text_field(&raw.summary, "summary");
    let owner = text_field(&raw.owner, "owner");
    let reviewed = to_date(raw.reviewed.get_ref());
    if reviewed.is_none() {
        problems.push(Problem::error(
            file,
            line_at(raw.reviewed.span().start),
            "\"reviewed\" ska vara ett datum som 2026-11-23",
        ));
    }
    let changes = front_matter::changes(file, raw.changes, &line_at, &mut problems);
    let based_on = match &raw.based_on {
        Some(b) => front_matter::stamp(file, b, &line_at, &mut problems),
        None => {
            problems.push(Problem::error(
                file,
                split.toml_line,
                "\"based_on\" saknas: skriv vilken version av den svenska sidan översättningen bygger på, eller kör vagvisare reviewed på filen",
            ));
            None
        }
    };
    let reviewed_by = raw
        .reviewed_by
        .as_ref()
        .map(|r| r.get_ref().trim().to_string())
        .filter(|r| !r.is_empty());
    let (Some(reviewed), Some(based_on), true) = (reviewed, based_on, problems.is_empty()) else {
        return Err(problems);
    };
    let outline = Outline::parse(
        &expand_plain_in(split.body, numbers, language),
        split.body_line,
    );
    Ok(Variant {
        language,
        of,
        path: path.to_string(),
        file: file.to_path_buf(),
        hash: ContentHash::of(&[&title, split.body]),
        title,
        summary,
        tags: raw.tags,
        owner,
        lines: VariantLines {
            start: split.toml_line - 1,
            owner: line_at(raw.owner.span().start),
            based_on: raw
                .based_on
                .as_ref()
                .map_or(split.toml_line, |b| line_at(b.span().start)),
            reviewed_by: raw
                .reviewed_by
                .as_ref()
                .map_or(split.toml_line - 1, |r| line_at(r.span().start)),
            sources: raw
                .sources
                .iter()
                .map(|s| line_at(s.span().start))
                .collect(),
        },
        reviewed_by,
        reviewed,
        based_on,
        sources: raw
            .sources
            .into_iter()
            .map(|s| s.into_inner().trim().to_string())
            .collect(),
        changes,
        review_notes: raw.review_notes,
        body: split.body.to_string(),
        body_line: split.body_line,
        outline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_paths() {
        assert_eq!(
            split_path("hjalp/index.en.md"),
            Some(("hjalp/index.md".into(), Language { code: "en" }))
        );
        assert_eq!(
            split_path("a.lattlast.md").map(|(p, l)| (p, l.code)),
            Some(("a.md".into(), "lattlast"))
        );
        assert_eq!(split_path("a.xx.md"), None);
        assert!(looks_like_variant("hjalp/a.xx.md"));
        assert!(!looks_like_variant("hjalp/a.md"));
        assert_eq!(split_path("hjalp/.en.md"), None);
    }

    #[test]
    fn languages_know_their_direction_and_name() {
        let ar = Language::from_code("ar").expect("arabic");
        assert_eq!(ar.direction(), Direction::Rtl);
        assert!(ar.needs_reviewer());
        let ll = Language::from_code("lattlast").expect("lättläst");
        assert_eq!(ll.html_lang(), "sv");
        assert_eq!(ll.native_name(), "Lättläst");
        assert!(!ll.needs_reviewer());
        assert_eq!(ll.prefix(), "/lattlast");
    }

    #[test]
    fn parses_a_variant() {
        let numbers = SupportLines {
            checked: time::macros::date!(2026 - 11 - 23),
            lines: Vec::new(),
        };
        let text = "+++\ntitle = \"Help\"\nsummary = \"Where to get help.\"\nowner = \"Nationella redaktionen\"\nreviewed = 2026-12-01\nbased_on = { version = 2026-11-23 }\n+++\nCall 112.\n";
        let v = parse(
            "hjalp/index.en.md",
            "hjalp/index.md".into(),
            Language::from_code("en").expect("en"),
            Path::new("content/hjalp/index.en.md"),
            text,
            &numbers,
        )
        .expect("valid");
        assert_eq!(v.url(), "/en/hjalp/");
        assert!(v.published());
        assert_eq!(v.lines.based_on, 6);
        let e = parse(
            "a.en.md",
            "a.md".into(),
            Language::from_code("en").expect("en"),
            Path::new("a.en.md"),
            &text.replace("based_on = { version = 2026-11-23 }\n", "audience = []\n"),
            &numbers,
        )
        .expect_err("unknown key");
        assert!(
            e[0].to_string().contains("tillåtna i en språkversion"),
            "{}",
            e[0]
        );
    }
}
