//! Local blocks: a municipality's own text inside a national page.
//!
//! A national page declares named places with `{{lokalt:NAMN}}`. A municipality's overlay fills
//! a place with a file `blocks/<page path without .md>/<NAMN>.md`, for example
//! `blocks/rutiner/fraga-om-vald/sa-gor-vi.md` for `{{lokalt:sa-gor-vi}}` on
//! `rutiner/fraga-om-vald.md`. The block has its own owner (the municipality's unit), review date
//! and the version of the national page it was written against (`based_on`). A place without a
//! block shows nothing: the national text stands alone.

use crate::front_matter::{self, RawChange, RawStamp, swedish_toml_error, to_date};
use crate::numbers::SupportLines;
use crate::outline::Outline;
use crate::problem::Problem;
use crate::shortcode::expand_plain;
use crate::version::{ChangeNote, ContentHash, Stamp, Version, version_of};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use time::Date;
use toml::Spanned;
use toml::value::Datetime;

/// A municipality's text for one place in a national page.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalBlock {
    /// The place's name, as in `{{lokalt:NAMN}}`.
    pub place: String,
    /// The content path of the national page.
    pub page: String,
    /// The block's file.
    pub file: PathBuf,
    /// The heading shown above the text; `None` means "Så gör vi i <kommun>".
    pub title: Option<String>,
    /// The municipality's unit that keeps the text up to date.
    pub owner: String,
    /// When it was last reviewed.
    pub reviewed: Date,
    /// When it must be reviewed again.
    pub next_review: Date,
    /// Ids in the register of sources (the overlay's or the national one).
    pub sources: Vec<String>,
    /// Change notes.
    pub changes: Vec<ChangeNote>,
    /// Open questions for the owner.
    pub review_notes: Vec<String>,
    /// The national page's version when the block was written or last reviewed against it.
    pub based_on: Stamp,
    /// The Markdown text, shortcodes left in place.
    pub body: String,
    /// The 1-based file line where the body starts.
    pub body_line: usize,
    /// The body's outline (shortcodes expanded to plain text).
    pub outline: Outline,
    /// The hash of the block's own text.
    pub hash: ContentHash,
    /// 1-based lines of keys: opening `+++`, `owner`, `next_review`/`reviewed`, `based_on`,
    /// and one per source.
    pub lines: BlockLines,
}

/// Lines of a block's front matter keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockLines {
    /// The opening `+++`.
    pub start: usize,
    /// `owner`.
    pub owner: usize,
    /// `next_review`, or `reviewed` when it is derived.
    pub next_review: usize,
    /// `based_on`.
    pub based_on: usize,
    /// One per entry of `sources`.
    pub sources: Vec<usize>,
}

impl LocalBlock {
    /// The block's own version (its latest significant change, or its review date).
    pub fn version(&self) -> Version {
        version_of(&self.changes, self.reviewed)
    }

    /// The heading shown above the block: its own title, or "Så gör vi i <kommun>".
    pub fn heading(&self, municipality: &str) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| format!("Så gör vi i {municipality}"))
    }

    /// The anchor of the block in the rendered page.
    pub fn anchor(&self) -> String {
        format!("lokalt-{}", self.place)
    }

    /// The ids the block cites (front matter, then inline), without repeats.
    pub fn cited_sources(&self) -> Vec<String> {
        let mut ids = self.sources.clone();
        for (id, _) in crate::links::inline_citations(&self.body, self.body_line) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// True when `today` is past the block's review date.
    pub fn review_overdue(&self, today: Date) -> bool {
        today > self.next_review
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    title: Option<String>,
    owner: Spanned<String>,
    reviewed: Spanned<Datetime>,
    next_review: Option<Spanned<Datetime>>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    changes: Vec<Spanned<RawChange>>,
    #[serde(default)]
    review_notes: Vec<String>,
    based_on: Option<Spanned<RawStamp>>,
}

const FIELDS: &str =
    "title, owner, reviewed, next_review, sources, changes, review_notes, based_on";

/// Where a block file belongs: `blocks/a/b/place.md` → page `a/b.md`, place `place`.
pub(crate) fn target_of(rel: &str) -> Option<(String, String)> {
    let stem = rel.strip_suffix(".md")?;
    let (page, place) = stem.rsplit_once('/')?;
    Some((format!("{page}.md"), place.to_string()))
}

/// Parses a block file. `rel` is its path under `blocks/`.
pub(crate) fn parse(
    rel: &str,
    file: &Path,
    text: &str,
    numbers: &SupportLines,
) -> Result<LocalBlock, Vec<Problem>> {
    let Some((page, place)) = target_of(rel) else {
        return Err(vec![Problem::error(
            file,
            1,
            "ett lokalt block ska ligga i blocks/<sidans sökväg utan .md>/<platsens namn>.md",
        )]);
    };
    let split = front_matter::split(file, text).map_err(|p| vec![p])?;
    let line_at = |offset: usize| split.toml_line + crate::problem::line_of(split.toml, offset) - 1;
    let raw: RawBlock = toml::from_str(split.toml).map_err(|e| {
        let line = e.span().map_or(1, |s| line_at(s.start));
        let message = swedish_toml_error(e.message());
        let message = match message.split_once("(tillåtna: ") {
            Some((head, _)) if message.starts_with("okänt fält") => {
                format!("{head}(tillåtna i ett lokalt block: {FIELDS})")
            }
            _ => message,
        };
        vec![Problem::error(file, line, message)]
    })?;
    let mut problems = Vec::new();
    let owner = raw.owner.get_ref().trim().to_string();
    if owner.is_empty() {
        problems.push(Problem::error(
            file,
            line_at(raw.owner.span().start),
            "\"owner\" får inte vara tomt: skriv kommunens enhet som ansvarar för texten",
        ));
    }
    let reviewed = to_date(raw.reviewed.get_ref());
    if reviewed.is_none() {
        problems.push(Problem::error(
            file,
            line_at(raw.reviewed.span().start),
            "\"reviewed\" ska vara ett datum som 2026-11-23",
        ));
    }
    let next_review = match &raw.next_review {
        None => None,
        Some(n) => match to_date(n.get_ref()) {
            Some(d) => Some(d),
            None => {
                problems.push(Problem::error(
                    file,
                    line_at(n.span().start),
                    "\"next_review\" ska vara ett datum som 2026-11-23",
                ));
                None
            }
        },
    };
    let changes = front_matter::changes(file, raw.changes, &line_at, &mut problems);
    let based_on = match &raw.based_on {
        Some(b) => front_matter::stamp(file, b, &line_at, &mut problems),
        None => {
            problems.push(Problem::error(
                file,
                split.toml_line,
                "\"based_on\" saknas: skriv vilken version av den nationella sidan texten bygger på, eller kör vagvisare reviewed på filen",
            ));
            None
        }
    };
    if split.body.trim().is_empty() {
        problems.push(Problem::error(
            file,
            split.body_line,
            "blocket har ingen text",
        ));
    }
    let (Some(reviewed), Some(based_on), true) = (reviewed, based_on, problems.is_empty()) else {
        return Err(problems);
    };
    let next_review = next_review.unwrap_or_else(|| crate::sources::add_months(reviewed, 12));
    let outline = Outline::parse(&expand_plain(split.body, numbers), split.body_line);
    let title = raw
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let hash = ContentHash::of(&[title.as_deref().unwrap_or(""), split.body]);
    Ok(LocalBlock {
        place,
        page,
        file: file.to_path_buf(),
        title,
        owner,
        reviewed,
        next_review,
        lines: BlockLines {
            start: split.toml_line - 1,
            owner: line_at(raw.owner.span().start),
            next_review: raw
                .next_review
                .as_ref()
                .map_or(line_at(raw.reviewed.span().start), |n| {
                    line_at(n.span().start)
                }),
            based_on: raw
                .based_on
                .as_ref()
                .map_or(split.toml_line, |b| line_at(b.span().start)),
            sources: raw
                .sources
                .iter()
                .map(|s| line_at(s.span().start))
                .collect(),
        },
        sources: raw
            .sources
            .into_iter()
            .map(|s| s.into_inner().trim().to_string())
            .collect(),
        changes,
        review_notes: raw.review_notes,
        based_on,
        body: split.body.to_string(),
        body_line: split.body_line,
        outline,
        hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers() -> SupportLines {
        SupportLines {
            checked: time::macros::date!(2026 - 11 - 23),
            lines: Vec::new(),
        }
    }

    #[test]
    fn places_come_from_the_path() {
        assert_eq!(
            target_of("rutiner/fraga-om-vald/sa-gor-vi.md"),
            Some(("rutiner/fraga-om-vald.md".into(), "sa-gor-vi".into()))
        );
        assert_eq!(target_of("ensam.md"), None);
    }

    #[test]
    fn parses_a_block() {
        let text = "+++\nowner = \"Enheten för våld i nära relationer\"\nreviewed = 2026-11-30\nbased_on = { version = 2026-11-23, hash = \"0123456789abcdef\" }\n+++\nHos oss ringer du mottagningen.\n";
        let b = parse(
            "rutiner/fraga-om-vald/sa-gor-vi.md",
            Path::new("blocks/rutiner/fraga-om-vald/sa-gor-vi.md"),
            text,
            &numbers(),
        )
        .expect("valid");
        assert_eq!(b.page, "rutiner/fraga-om-vald.md");
        assert_eq!(b.place, "sa-gor-vi");
        assert_eq!(b.body_line, 6);
        assert_eq!(b.lines.based_on, 4);
        assert_eq!(b.anchor(), "lokalt-sa-gor-vi");
        assert_eq!(b.version(), Version(time::macros::date!(2026 - 11 - 30)));
    }

    #[test]
    fn reports_missing_based_on_and_unknown_keys() {
        let file = Path::new("blocks/a/b.md");
        let text = "+++\nowner = \"Enheten\"\nreviewed = 2026-11-30\n+++\nText.\n";
        let e = parse("a/b.md", file, text, &numbers()).expect_err("no based_on");
        assert!(
            e[0].to_string()
                .starts_with("blocks/a/b.md:2: \"based_on\" saknas"),
            "{}",
            e[0]
        );
        let text = "+++\nowner = \"Enheten\"\naudience = []\n+++\nText.\n";
        let e = parse("a/b.md", file, text, &numbers()).expect_err("unknown");
        assert_eq!(
            e[0].to_string(),
            format!(
                "blocks/a/b.md:3: okänt fält \"audience\" (tillåtna i ett lokalt block: {FIELDS})"
            )
        );
    }
}
