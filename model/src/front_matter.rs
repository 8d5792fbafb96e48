//! TOML front matter between `+++` lines: split off once, parsed into typed fields, validated.

use crate::audience::Audience;
use crate::problem::{Problem, line_of};
use crate::version::{ChangeNote, ContentHash, Stamp, Version};
use serde::Deserialize;
use std::path::Path;
use time::{Date, Month};
use toml::Spanned;
use toml::value::Datetime;

/// The validated front matter of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// The page title (rendered as the page's H1).
    pub title: String,
    /// One sentence, at most [`FrontMatter::SUMMARY_MAX`] characters.
    pub summary: String,
    /// Who the page is for; never empty.
    pub audience: Vec<Audience>,
    /// Words people search for.
    pub tags: Vec<String>,
    /// The role or unit that keeps the page up to date.
    pub owner: String,
    /// When the page was last reviewed.
    pub reviewed: Date,
    /// When the page must be reviewed again (default: `reviewed` + 12 months).
    pub next_review: Date,
    /// Where the facts on the page come from: ids in the register of sources
    /// (`data/kallor.toml`).
    pub sources: Vec<String>,
    /// Sources still written inline in the old format (transitional).
    pub legacy_sources: Vec<LegacySource>,
    /// Related pages, as content paths (`barn/barnahus.md`).
    pub related: Vec<String>,
    /// Open questions for the page's owner; never shown to readers.
    pub review_notes: Vec<String>,
    /// What changed and when, newest or oldest first as written.
    pub changes: Vec<ChangeNote>,
    /// Where a municipality's own page goes in the navigation (overlay pages only).
    pub placement: Option<Placement>,
    /// Why a municipality replaces a national page (overlay pages only).
    pub replaces: Option<String>,
    /// The version of the text this one was written against (replacing pages, variants).
    pub based_on: Option<Stamp>,
    /// 1-based file lines of some keys, so later checks can point at them.
    pub lines: KeyLines,
}

/// Where an added page goes in the navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// As the next sibling of this page (a content path).
    After(String),
    /// As the last child of this page.
    Under(String),
}

impl Placement {
    /// The page the placement refers to.
    pub fn target(&self) -> &str {
        match self {
            Placement::After(p) | Placement::Under(p) => p,
        }
    }
}

/// File lines of front matter keys used by checks that run after parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    /// The opening `+++`.
    pub start: usize,
    /// `owner`.
    pub owner: usize,
    /// `summary`.
    pub summary: usize,
    /// `next_review` (or `reviewed` when it is derived).
    pub next_review: usize,
    /// One line per entry of `sources`.
    pub sources: Vec<usize>,
    /// One line per entry of `related`.
    pub related: Vec<usize>,
    /// `placement`, `replaces` or `based_on`, when present.
    pub placement: usize,
    /// `based_on`, when present.
    pub based_on: usize,
}

impl FrontMatter {
    /// The longest allowed summary, in characters.
    pub const SUMMARY_MAX: usize = 200;
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Spanned<String>,
    summary: Spanned<String>,
    audience: Spanned<Vec<Audience>>,
    tags: Vec<String>,
    owner: Spanned<String>,
    reviewed: Spanned<Datetime>,
    next_review: Option<Spanned<Datetime>>,
    sources: Spanned<Vec<Spanned<RawSourceRef>>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    review_notes: Vec<String>,
    #[serde(default)]
    changes: Vec<Spanned<RawChange>>,
    placement: Option<Spanned<RawPlacement>>,
    replaces: Option<Spanned<String>>,
    based_on: Option<Spanned<RawStamp>>,
}

/// An entry of `sources`: an id in the register, or (until every page is converted) the old
/// inline form `{ title, url }`.
#[derive(Deserialize, PartialEq)]
#[serde(untagged)]
enum RawSourceRef {
    Id(String),
    Legacy(LegacySource),
}

/// A source written inline in the old format, before the register existed. Transitional: `check`
/// warns about every page that still uses it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacySource {
    /// The title as written ("Anmäla oro för barn – Socialstyrelsen").
    pub title: String,
    /// The URL.
    pub url: String,
}

/// A change note as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChange {
    date: Datetime,
    note: String,
    #[serde(default)]
    significant: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlacement {
    after: Option<String>,
    under: Option<String>,
}

/// A stamp as written: `{ version = 2026-11-23, hash = "…" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStamp {
    version: Datetime,
    hash: Option<String>,
}

/// Parses change notes; problems go to `problems`.
pub(crate) fn changes(
    path: &Path,
    raw: Vec<Spanned<RawChange>>,
    line_at: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Problem>,
) -> Vec<ChangeNote> {
    let mut out = Vec::new();
    for spanned in raw {
        let line = line_at(spanned.span().start);
        let c = spanned.into_inner();
        let Some(date) = to_date(&c.date) else {
            problems.push(Problem::error(
                path,
                line,
                "ändringens \"date\" ska vara ett datum som 2026-11-23",
            ));
            continue;
        };
        let note = c.note.trim().to_string();
        if note.is_empty() {
            problems.push(Problem::error(
                path,
                line,
                "ändringens \"note\" får inte vara tom: skriv en mening om vad som ändrades",
            ));
            continue;
        }
        out.push(ChangeNote {
            date,
            note,
            significant: c.significant,
            line,
        });
    }
    out
}

/// Parses a stamp; a problem goes to `problems`.
pub(crate) fn stamp(
    path: &Path,
    raw: &Spanned<RawStamp>,
    line_at: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Problem>,
) -> Option<Stamp> {
    let line = line_at(raw.span().start);
    let inner = raw.get_ref();
    let Some(date) = to_date(&inner.version) else {
        problems.push(Problem::error(
            path,
            line,
            "\"based_on\": version ska vara ett datum som 2026-11-23",
        ));
        return None;
    };
    let hash = match &inner.hash {
        None => None,
        Some(h) => match ContentHash::parse(h) {
            Some(h) => Some(h),
            None => {
                problems.push(Problem::error(
                    path,
                    line,
                    format!("\"based_on\": hash \"{h}\" ska vara 16 tecken 0–9 och a–f (kör vagvisare reviewed för att fylla i den)"),
                ));
                return None;
            }
        },
    };
    Some(Stamp {
        version: Version(date),
        hash,
    })
}

/// A page split into front matter and body.
pub(crate) struct Split<'a> {
    pub toml: &'a str,
    /// 1-based line of the first TOML line.
    pub toml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Splits `+++` front matter from the body. The opening `+++` must be the first line.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(Problem::error(
            path,
            1,
            "front matter saknas: sidan ska börja med en rad med +++",
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = line_of(rest, offset + line.len()) + 1;
            return Ok(Split {
                toml,
                toml_line: 2,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(Problem::error(
        path,
        1,
        "front matter avslutas inte: lägg till en rad med +++ efter den",
    ))
}

/// Parses and validates front matter. Returns every problem found.
pub(crate) fn parse(path: &Path, split: &Split<'_>) -> Result<FrontMatter, Vec<Problem>> {
    let line_at = |offset: usize| split.toml_line + line_of(split.toml, offset) - 1;
    let raw: Raw = toml::from_str(split.toml).map_err(|e| {
        let line = e.span().map_or(1, |s| line_at(s.start));
        vec![Problem::error(path, line, swedish_toml_error(e.message()))]
    })?;

    let mut problems = Vec::new();
    let mut text = |field: &Spanned<String>, name: &str| {
        let value = field.get_ref().trim().to_string();
        if value.is_empty() {
            problems.push(Problem::error(
                path,
                line_at(field.span().start),
                format!("\"{name}\" får inte vara tomt"),
            ));
        }
        value
    };
    let title = text(&raw.title, "title");
    let summary = text(&raw.summary, "summary");
    let owner = text(&raw.owner, "owner");

    if summary.chars().count() > FrontMatter::SUMMARY_MAX {
        problems.push(Problem::error(
            path,
            line_at(raw.summary.span().start),
            format!(
                "\"summary\" har {} tecken, högst {} är tillåtet",
                summary.chars().count(),
                FrontMatter::SUMMARY_MAX
            ),
        ));
    }
    if raw.audience.get_ref().is_empty() {
        problems.push(Problem::error(
            path,
            line_at(raw.audience.span().start),
            "\"audience\" måste ha minst en målgrupp",
        ));
    }
    let mut date = |field: &Spanned<Datetime>, name: &str| match to_date(field.get_ref()) {
        Some(d) => Some(d),
        None => {
            problems.push(Problem::error(
                path,
                line_at(field.span().start),
                format!("\"{name}\" ska vara ett datum som 2026-11-23"),
            ));
            None
        }
    };
    let reviewed = date(&raw.reviewed, "reviewed");
    let next_review = raw.next_review.as_ref().map(|d| date(d, "next_review"));
    if raw.sources.get_ref().is_empty() {
        problems.push(Problem::error(
            path,
            line_at(raw.sources.span().start),
            "\"sources\" måste ha minst en källa",
        ));
    }

    let changes = changes(path, raw.changes, &line_at, &mut problems);
    let placement = match raw
        .placement
        .as_ref()
        .map(|p| (line_at(p.span().start), p.get_ref()))
    {
        None => None,
        Some((
            _,
            RawPlacement {
                after: Some(a),
                under: None,
            },
        )) => Some(Placement::After(a.trim().to_string())),
        Some((
            _,
            RawPlacement {
                after: None,
                under: Some(u),
            },
        )) => Some(Placement::Under(u.trim().to_string())),
        Some((line, _)) => {
            problems.push(Problem::error(
                path,
                line,
                "\"placement\" ska ha antingen after = \"sida.md\" eller under = \"sida.md\"",
            ));
            None
        }
    };
    let based_on = raw
        .based_on
        .as_ref()
        .and_then(|b| stamp(path, b, &line_at, &mut problems));
    let replaces = raw
        .replaces
        .as_ref()
        .map(|r| r.get_ref().trim().to_string());
    if let Some(r) = &raw.replaces
        && r.get_ref().trim().is_empty()
    {
        problems.push(Problem::error(
            path,
            line_at(r.span().start),
            "\"replaces\" ska säga varför kommunen ersätter den nationella sidan",
        ));
    }
    for (i, id) in raw.sources.get_ref().iter().enumerate() {
        if raw.sources.get_ref()[..i]
            .iter()
            .any(|e| e.get_ref() == id.get_ref())
        {
            problems.push(Problem::error(
                path,
                line_at(id.span().start),
                "samma källa står två gånger",
            ));
        }
    }

    let reviewed = match reviewed {
        Some(d) => d,
        None => return Err(problems),
    };
    let next_review = match next_review {
        None => add_year(reviewed),
        Some(Some(d)) if d <= reviewed => {
            problems.push(Problem::error(
                path,
                raw.next_review
                    .as_ref()
                    .map_or(1, |d| line_at(d.span().start)),
                "\"next_review\" måste vara senare än \"reviewed\"",
            ));
            d
        }
        Some(Some(d)) => d,
        Some(None) => return Err(problems),
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let lines = KeyLines {
        start: split.toml_line - 1,
        owner: line_at(raw.owner.span().start),
        summary: line_at(raw.summary.span().start),
        next_review: raw
            .next_review
            .as_ref()
            .map_or(line_at(raw.reviewed.span().start), |d| {
                line_at(d.span().start)
            }),
        sources: raw
            .sources
            .get_ref()
            .iter()
            .filter(|s| matches!(s.get_ref(), RawSourceRef::Id(_)))
            .map(|s| line_at(s.span().start))
            .collect(),
        related: raw
            .related
            .iter()
            .map(|r| line_at(r.span().start))
            .collect(),
        placement: raw
            .placement
            .as_ref()
            .map(|p| line_at(p.span().start))
            .or(raw.replaces.as_ref().map(|r| line_at(r.span().start)))
            .unwrap_or(0),
        based_on: raw.based_on.as_ref().map_or(0, |b| line_at(b.span().start)),
    };
    Ok(FrontMatter {
        title,
        summary,
        audience: raw.audience.into_inner(),
        tags: raw.tags,
        owner,
        reviewed,
        next_review,
        sources: raw
            .sources
            .get_ref()
            .iter()
            .filter_map(|s| match s.get_ref() {
                RawSourceRef::Id(id) => Some(id.trim().to_string()),
                RawSourceRef::Legacy(_) => None,
            })
            .collect(),
        legacy_sources: raw
            .sources
            .into_inner()
            .into_iter()
            .filter_map(|s| match s.into_inner() {
                RawSourceRef::Legacy(l) => Some(l),
                RawSourceRef::Id(_) => None,
            })
            .collect(),
        related: raw.related.into_iter().map(Spanned::into_inner).collect(),
        review_notes: raw.review_notes,
        changes,
        placement,
        replaces,
        based_on,
        lines,
    })
}

/// A TOML date (no time, no offset) as a [`Date`].
pub(crate) fn to_date(value: &Datetime) -> Option<Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let d = value.date?;
    Date::from_calendar_date(i32::from(d.year), Month::try_from(d.month).ok()?, d.day).ok()
}

/// One year later; 29 February becomes 28 February.
fn add_year(date: Date) -> Date {
    let year = date.year() + 1;
    date.replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, date.month(), 28))
        .unwrap_or(date)
}

/// Writes `based_on = { version = …, hash = "…" }` into a file's front matter, keeping
/// everything else (comments, order, the body) as it was. Used by `vagvisare reviewed` to mark a
/// local text as reviewed against the current version of the page it builds on.
pub fn set_based_on(path: &Path, text: &str, stamp: &Stamp) -> Result<String, Problem> {
    let split = split(path, text)?;
    let mut doc: toml_edit::DocumentMut =
        split.toml.parse().map_err(|e: toml_edit::TomlError| {
            let line = e
                .span()
                .map_or(1, |s| split.toml_line + line_of(split.toml, s.start) - 1);
            Problem::error(path, line, swedish_toml_error(e.message()))
        })?;
    let date = stamp.version.0;
    let mut table = toml_edit::InlineTable::new();
    table.insert(
        "version",
        toml_edit::Value::from(toml_edit::Datetime {
            date: Some(toml_edit::Date {
                year: u16::try_from(date.year()).unwrap_or(0),
                month: u8::from(date.month()),
                day: date.day(),
            }),
            time: None,
            offset: None,
        }),
    );
    if let Some(hash) = &stamp.hash {
        table.insert("hash", toml_edit::Value::from(hash.as_str()));
    }
    doc["based_on"] = toml_edit::value(table);
    let toml = doc.to_string();
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let newline = if toml.ends_with('\n') { "" } else { "\n" };
    Ok(format!("{bom}+++\n{toml}{newline}+++\n{}", split.body))
}

/// The front matter keys, for messages.
const FIELDS: &str = "title, summary, audience, tags, owner, reviewed, next_review, sources, related, review_notes, changes, placement, replaces, based_on";

/// Translates the messages of toml and serde into Swedish. The toml crate only speaks English,
/// and editors should not have to.
pub(crate) fn swedish_toml_error(message: &str) -> String {
    let message = message.trim();
    let quoted = |m: &str| -> Option<String> {
        let start = m.find('`')?;
        let end = m[start + 1..].find('`')?;
        Some(m[start + 1..start + 1 + end].to_string())
    };
    if message.starts_with("unknown field") {
        let field = quoted(message).unwrap_or_default();
        return format!("okänt fält \"{field}\" (tillåtna: {FIELDS})");
    }
    if message.starts_with("missing field") {
        let field = quoted(message).unwrap_or_default();
        return format!("fältet \"{field}\" saknas");
    }
    if message.starts_with("unknown variant") {
        let value = quoted(message).unwrap_or_default();
        return format!(
            "okänd målgrupp \"{value}\" (tillåtna: personal, nyanstalld, hyresvard, skola, allman)"
        );
    }
    if message.starts_with("invalid type") {
        return format!("fel typ av värde ({message})");
    }
    if message.contains("invalid date") || message.contains("invalid time") {
        return "ogiltigt datum: skriv ett datum som finns, till exempel 2026-11-23".to_string();
    }
    if message.contains("duplicate key") {
        return format!("samma fält står två gånger ({message})");
    }
    format!("ogiltig TOML: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\ntitle = \"T\"\nsummary = \"S.\"\naudience = [\"personal\"]\ntags = []\nowner = \"Enheten\"\nreviewed = 2026-02-28\nsources = [\"k\"]\n+++\nText\n";

    fn parse_str(text: &str) -> Result<FrontMatter, Vec<Problem>> {
        let path = Path::new("a.md");
        let s = split(path, text).map_err(|p| vec![p])?;
        parse(path, &s)
    }

    #[test]
    fn parses_good_front_matter_with_default_next_review() {
        let fm = parse_str(GOOD).expect("valid");
        assert_eq!(fm.title, "T");
        assert_eq!(fm.next_review.to_string(), "2027-02-28");
        assert_eq!(fm.lines.sources, vec![8]);
        assert_eq!(fm.lines.owner, 6);
    }

    #[test]
    fn split_reports_body_line() {
        let s = split(Path::new("a.md"), GOOD).expect("split");
        assert_eq!(s.body_line, 10);
        assert_eq!(s.body, "Text\n");
    }

    fn first_error(text: &str) -> String {
        parse_str(text).expect_err("should fail")[0].to_string()
    }

    #[test]
    fn unknown_key_names_the_line() {
        let text = GOOD.replace("tags = []", "tags = []\naudiance = []");
        assert_eq!(
            first_error(&text),
            format!("a.md:6: okänt fält \"audiance\" (tillåtna: {FIELDS})")
        );
    }

    #[test]
    fn unknown_audience_names_the_line() {
        let text = GOOD.replace("[\"personal\"]", "[\"alla\"]");
        assert!(first_error(&text).starts_with("a.md:4: okänd målgrupp \"alla\""));
    }

    #[test]
    fn missing_key_is_reported() {
        let text = GOOD.replace("owner = \"Enheten\"\n", "");
        assert!(first_error(&text).contains("fältet \"owner\" saknas"));
    }

    #[test]
    fn broken_toml_names_the_line() {
        let text = GOOD.replace("tags = []", "tags = [");
        let e = first_error(&text);
        assert!(
            e.starts_with("a.md:5: ogiltig TOML") || e.starts_with("a.md:6: ogiltig TOML"),
            "{e}"
        );
    }

    #[test]
    fn bad_dates_are_rejected() {
        let text = GOOD.replace("2026-02-28", "\"igår\"");
        assert!(first_error(&text).starts_with("a.md:7: fel typ av värde"));
        let text = GOOD.replace("2026-02-28", "2026-02-30");
        assert!(first_error(&text).starts_with("a.md:7:"));
        let text = GOOD.replace("2026-02-28", "2026-02-28T10:00:00");
        assert_eq!(
            first_error(&text),
            "a.md:7: \"reviewed\" ska vara ett datum som 2026-11-23"
        );
    }

    #[test]
    fn long_summary_and_empty_lists_are_rejected() {
        let long = "x".repeat(201);
        let text = GOOD.replace("\"S.\"", &format!("\"{long}\""));
        assert_eq!(
            first_error(&text),
            "a.md:3: \"summary\" har 201 tecken, högst 200 är tillåtet"
        );
        let text = GOOD
            .replace("[\"personal\"]", "[]")
            .replace("[\"k\"]", "[]");
        let all = parse_str(&text).expect_err("fails");
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn missing_delimiters_are_reported() {
        assert!(first_error("title = 1\n").contains("ska börja med en rad med +++"));
        assert!(first_error("+++\ntitle = 1\n").contains("avslutas inte"));
    }

    #[test]
    fn based_on_is_written_and_the_rest_kept() {
        let text = "+++\n# kommentar\nowner = \"Enheten\"\nbased_on = { version = 2026-01-01 }\n+++\nText {{kommun}}.\n";
        let stamp = Stamp::new(
            Version(time::macros::date!(2026 - 12 - 01)),
            ContentHash::of(&["x"]),
        );
        let out = set_based_on(Path::new("a.md"), text, &stamp).expect("written");
        assert_eq!(
            out,
            format!(
                "+++\n# kommentar\nowner = \"Enheten\"\nbased_on = {{ version = 2026-12-01, hash = \"{}\" }}\n+++\nText {{{{kommun}}}}.\n",
                ContentHash::of(&["x"])
            )
        );
        let added =
            set_based_on(Path::new("a.md"), "+++\nowner = \"E\"\n+++\nT\n", &stamp).expect("added");
        assert!(
            added.contains("based_on = { version = 2026-12-01"),
            "{added}"
        );
        assert!(added.ends_with("+++\nT\n"), "{added}");
    }

    #[test]
    fn next_review_must_follow_reviewed() {
        let text = GOOD.replace("tags = []", "tags = []\nnext_review = 2026-01-01");
        assert!(first_error(&text).contains("måste vara senare"));
    }
}
