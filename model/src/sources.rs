//! The register of sources (`data/kallor.toml`): every law, provision, document and web page
//! that pages cite, once, with a deep URL and the date it was checked. Pages cite by id, in front
//! matter (`sources = ["brb-4-4a"]`) or inline (`{{källa:brb-4-4a}}`).
//!
//! Law references are structured (SFS number, law, chapter, section, paragraph, point) and
//! rendered the standard Swedish way, "4 kap. 4 a § andra stycket brottsbalken (1962:700)",
//! linked to the law's official text: when a law moves, one entry changes.

use crate::front_matter::{swedish_toml_error, to_date};
use crate::layer::Origin;
use crate::problem::{Problem, line_of};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use time::Date;
use toml::Spanned;
use toml::value::Datetime;

/// The register's file inside a layer.
pub const REGISTER_FILE: &str = "data/kallor.toml";

/// How long a source may go unchecked before `check` warns, in months.
pub const CHECK_MONTHS: u8 = 12;

/// A law: its name, SFS number and official text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    /// The name as in running text: "brottsbalken", "lagen om kontaktförbud".
    pub name: String,
    /// The SFS number, e.g. `1962:700`.
    pub sfs: String,
    /// The law's official text.
    pub url: String,
    /// When the URL and the text were last compared.
    pub checked: Date,
    /// Other names pages use, e.g. `LVU` (matched as whole words).
    pub aliases: Vec<String>,
    /// False when `url` is not the law's official text (riksdagen.se or Regeringskansliet) but
    /// the best page found until it is: listed among the sources to improve.
    pub deep: bool,
}

impl Law {
    /// "brottsbalken (1962:700)"; "lagen (1988:688) om kontaktförbud".
    pub fn citation(&self) -> String {
        match self.name.strip_prefix("lagen ") {
            Some(rest) => format!("lagen ({}) {rest}", self.sfs),
            None => format!("{} ({})", self.name, self.sfs),
        }
    }
}

/// A place in a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    /// The id of the [`Law`].
    pub law: String,
    /// The chapter, for laws with chapters ("4").
    pub chapter: Option<String>,
    /// The section ("4 a").
    pub section: String,
    /// The paragraph (stycke), 1-based.
    pub paragraph: Option<u8>,
    /// The point (punkt).
    pub point: Option<u16>,
}

impl Provision {
    /// "4 kap. 4 a § andra stycket 10 p." without the law's name.
    pub fn place(&self) -> String {
        let mut out = String::new();
        if let Some(c) = &self.chapter {
            out.push_str(&format!("{c} kap. "));
        }
        out.push_str(&format!("{} §", self.section));
        if let Some(p) = self.paragraph {
            out.push(' ');
            out.push_str(&ordinal_paragraph(p));
        }
        if let Some(p) = self.point {
            out.push_str(&format!(" {p} p."));
        }
        out
    }
}

fn ordinal_paragraph(n: u8) -> String {
    const WORDS: [&str; 10] = [
        "första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde",
        "tionde",
    ];
    match WORDS.get(usize::from(n).wrapping_sub(1)) {
        Some(w) => format!("{w} stycket"),
        None => format!("{n} st."),
    }
}

/// A document or web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its title.
    pub title: String,
    /// Who published it ("Socialstyrelsen").
    pub publisher: String,
    /// Where it is; `None` only for a municipality's internal documents.
    pub url: Option<String>,
    /// When it was last checked.
    pub checked: Date,
    /// False when no deep URL was found and `url` is the publisher's nearest section page.
    pub deep: bool,
}

/// What a register entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A whole law.
    Law(Law),
    /// A provision of a law.
    Provision(Provision),
    /// A document or web page.
    Document(Document),
}

/// One entry of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id pages cite.
    pub id: String,
    /// What it is.
    pub kind: SourceKind,
    /// Which layer's register it is in.
    pub origin: Origin,
    /// The register file.
    pub file: PathBuf,
    /// 1-based line of the entry.
    pub line: usize,
}

/// All sources of a site (the national register, plus the overlay's when there is one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    entries: BTreeMap<String, Source>,
}

impl Register {
    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.entries.get(id)
    }

    /// Every entry, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.entries.values()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the register is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The law an entry is or belongs to.
    pub fn law_of<'a>(&'a self, source: &'a Source) -> Option<(&'a str, &'a Law)> {
        match &source.kind {
            SourceKind::Law(l) => Some((source.id.as_str(), l)),
            SourceKind::Provision(p) => match self.get(&p.law).map(|s| &s.kind) {
                Some(SourceKind::Law(l)) => Some((p.law.as_str(), l)),
                _ => None,
            },
            SourceKind::Document(_) => None,
        }
    }

    /// The full reference as shown in a page's list of sources:
    /// "4 kap. 4 a § brottsbalken (1962:700)", "Anmäla oro för barn – Socialstyrelsen".
    pub fn label(&self, source: &Source) -> String {
        match &source.kind {
            SourceKind::Law(l) => l.citation(),
            SourceKind::Provision(p) => match self.law_of(source) {
                Some((_, law)) => format!("{} {}", p.place(), law.citation()),
                None => p.place(),
            },
            SourceKind::Document(d) if d.publisher.is_empty() => d.title.clone(),
            SourceKind::Document(d) => format!("{} – {}", d.title, d.publisher),
        }
    }

    /// The short form for inline citations: "4 kap. 4 a § brottsbalken", "Socialstyrelsen".
    pub fn short_label(&self, source: &Source) -> String {
        match &source.kind {
            SourceKind::Law(l) => l.name.clone(),
            SourceKind::Provision(p) => match self.law_of(source) {
                Some((_, law)) => format!("{} {}", p.place(), law.name),
                None => p.place(),
            },
            SourceKind::Document(d) => d.publisher.clone(),
        }
    }

    /// Where the entry links: a law's and a provision's official text, a document's URL.
    pub fn url<'a>(&'a self, source: &'a Source) -> Option<&'a str> {
        match &source.kind {
            SourceKind::Document(d) => d.url.as_deref(),
            _ => self.law_of(source).map(|(_, l)| l.url.as_str()),
        }
    }

    /// When the entry was last checked (a provision: its law's date).
    pub fn checked(&self, source: &Source) -> Option<Date> {
        match &source.kind {
            SourceKind::Document(d) => Some(d.checked),
            _ => self.law_of(source).map(|(_, l)| l.checked),
        }
    }

    /// Entries to improve (`deep = false`): a document whose URL is only the publisher's
    /// nearest section page, or a law whose URL is not its official text.
    pub fn shallow(&self) -> impl Iterator<Item = &Source> {
        self.iter().filter(|s| match &s.kind {
            SourceKind::Document(d) => !d.deep,
            SourceKind::Law(l) => !l.deep,
            SourceKind::Provision(_) => false,
        })
    }

    /// The laws, by id.
    pub fn laws(&self) -> impl Iterator<Item = (&str, &Law)> {
        self.iter().filter_map(|s| match &s.kind {
            SourceKind::Law(l) => Some((s.id.as_str(), l)),
            _ => None,
        })
    }

    /// Parses one layer's register and adds it. Problems: syntax, unknown keys, bad ids and
    /// dates, duplicate ids (also across layers), provisions of unknown laws, front-page URLs,
    /// internal documents outside an overlay. A missing file is an empty register.
    pub(crate) fn add_file(
        &mut self,
        path: &Path,
        text: &str,
        origin: Origin,
    ) -> Result<(), Vec<Problem>> {
        let raw: RawRegister = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![Problem::error(
                path,
                line,
                swedish_register_error(e.message()),
            )]
        })?;
        let mut problems = Vec::new();
        let mut added = Vec::new();
        for spanned in raw.law {
            let line = line_of(text, spanned.span().start);
            let law = spanned.into_inner();
            let checked = date_or(&law.checked, path, line, &mut problems);
            check_url(&law.url, law.deep == Some(false), path, line, &mut problems);
            if !valid_sfs(&law.sfs) {
                problems.push(Problem::error(
                    path,
                    line,
                    format!(
                        "\"sfs\" ska vara ett SFS-nummer som 1962:700, inte \"{}\"",
                        law.sfs
                    ),
                ));
            }
            if law.name.trim().is_empty() {
                problems.push(Problem::error(path, line, "\"name\" får inte vara tomt"));
            }
            if let Some(checked) = checked {
                added.push((
                    law.id,
                    line,
                    SourceKind::Law(Law {
                        name: law.name.trim().to_string(),
                        sfs: law.sfs,
                        url: law.url,
                        checked,
                        aliases: law.aliases,
                        deep: law.deep.unwrap_or(true),
                    }),
                ));
            }
        }
        for spanned in raw.source {
            let line = line_of(text, spanned.span().start);
            let raw = spanned.into_inner();
            match raw.into_kind(path, line, origin, &mut problems) {
                Some((id, kind)) => added.push((id, line, kind)),
                None => continue,
            }
        }
        for (id, line, kind) in added {
            if !valid_id(&id) {
                problems.push(Problem::error(
                    path,
                    line,
                    format!("id \"{id}\" får bara ha små bokstäver a–z, siffror och bindestreck"),
                ));
                continue;
            }
            if let Some(earlier) = self.entries.get(&id) {
                problems.push(Problem::error(
                    path,
                    line,
                    format!(
                        "id \"{id}\" finns redan i {}:{}",
                        earlier.file.display(),
                        earlier.line
                    ),
                ));
                continue;
            }
            self.entries.insert(
                id.clone(),
                Source {
                    id,
                    kind,
                    origin,
                    file: path.to_path_buf(),
                    line,
                },
            );
        }
        for source in self.entries.values() {
            if let SourceKind::Provision(p) = &source.kind
                && source.file == path
                && !matches!(
                    self.entries.get(&p.law).map(|s| &s.kind),
                    Some(SourceKind::Law(_))
                )
            {
                problems.push(Problem::error(
                    path,
                    source.line,
                    format!(
                        "\"law\" pekar på \"{}\", som inte är en lag i registret",
                        p.law
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Adds a source written inline in the old format as a document entry and returns its id
    /// (transitional, until every page cites the register). A front-page URL is marked as not
    /// deep instead of being an error.
    pub(crate) fn add_legacy(
        &mut self,
        title: &str,
        url: &str,
        checked: Date,
        file: &Path,
        line: usize,
    ) -> String {
        let id = format!("gammal-{}", crate::version::ContentHash::of(&[url, title]));
        let (title, publisher) = title
            .rsplit_once(" – ")
            .map_or((title, ""), |(t, p)| (t, p));
        let deep = !url
            .strip_prefix("https://")
            .map(|rest| is_front_page(&rest[rest.find(['/', '?', '#']).unwrap_or(rest.len())..]))
            .unwrap_or(true);
        self.entries.entry(id.clone()).or_insert_with(|| Source {
            id: id.clone(),
            kind: SourceKind::Document(Document {
                title: title.trim().to_string(),
                publisher: publisher.trim().to_string(),
                url: Some(url.to_string()),
                checked,
                deep,
            }),
            origin: Origin::National,
            file: file.to_path_buf(),
            line,
        });
        id
    }

    /// Warnings for entries not checked within [`CHECK_MONTHS`] before `today`.
    pub(crate) fn stale(&self, today: Date) -> Vec<Problem> {
        self.iter()
            .filter(|s| !matches!(s.kind, SourceKind::Provision(_)))
            .filter(|s| !s.id.starts_with("gammal-"))
            .filter_map(|s| {
                let checked = self.checked(s)?;
                let due = add_months(checked, CHECK_MONTHS);
                (today > due).then(|| {
                    Problem::warning(
                        &s.file,
                        s.line,
                        format!(
                            "källan \"{}\" kontrollerades senast {checked}: kontrollera adressen och texten igen",
                            s.id
                        ),
                    )
                })
            })
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    #[serde(default)]
    law: Vec<Spanned<RawLaw>>,
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    id: String,
    name: String,
    sfs: String,
    url: String,
    checked: Datetime,
    #[serde(default)]
    aliases: Vec<String>,
    deep: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    // A provision.
    law: Option<String>,
    chapter: Option<String>,
    section: Option<String>,
    paragraph: Option<u8>,
    point: Option<u16>,
    // A document.
    title: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    checked: Option<Datetime>,
    deep: Option<bool>,
    internal: Option<bool>,
}

impl RawSource {
    fn into_kind(
        self,
        path: &Path,
        line: usize,
        origin: Origin,
        problems: &mut Vec<Problem>,
    ) -> Option<(String, SourceKind)> {
        let mut err = |m: String| problems.push(Problem::error(path, line, m));
        if let Some(law) = self.law {
            let document_keys = [
                self.title.is_some(),
                self.publisher.is_some(),
                self.url.is_some(),
                self.checked.is_some(),
                self.deep.is_some(),
                self.internal.is_some(),
            ];
            if document_keys.iter().any(|&k| k) {
                err(format!(
                    "\"{}\" är en lagregel (law): den ärver adress och datum från lagen och får inte ha title, publisher, url, checked, deep eller internal",
                    self.id
                ));
                return None;
            }
            let Some(section) = self.section.filter(|s| !s.trim().is_empty()) else {
                err(format!("\"{}\": en lagregel måste ha \"section\"", self.id));
                return None;
            };
            if self.paragraph == Some(0) {
                err(format!("\"{}\": \"paragraph\" börjar på 1", self.id));
                return None;
            }
            return Some((
                self.id,
                SourceKind::Provision(Provision {
                    law,
                    chapter: self.chapter.map(|c| c.trim().to_string()),
                    section: section.trim().to_string(),
                    paragraph: self.paragraph,
                    point: self.point,
                }),
            ));
        }
        if self.chapter.is_some()
            || self.section.is_some()
            || self.paragraph.is_some()
            || self.point.is_some()
        {
            err(format!(
                "\"{}\": chapter, section, paragraph och point hör till en lagregel och kräver \"law\"",
                self.id
            ));
            return None;
        }
        let (Some(title), Some(publisher), Some(checked)) =
            (self.title, self.publisher, self.checked)
        else {
            err(format!(
                "\"{}\" måste ha title, publisher och checked (eller law och section för en lagregel)",
                self.id
            ));
            return None;
        };
        let checked = match to_date(&checked) {
            Some(d) => d,
            None => {
                err("\"checked\" ska vara ett datum som 2026-11-23".into());
                return None;
            }
        };
        let internal = self.internal.unwrap_or(false);
        let deep = self.deep.unwrap_or(true);
        match (&self.url, internal) {
            (Some(_), true) => {
                err(format!(
                    "\"{}\" är internt (internal = true) och ska inte ha \"url\"",
                    self.id
                ));
                return None;
            }
            (None, false) => {
                err(format!(
                    "\"{}\" saknar \"url\" (bara en kommuns interna dokument får sakna adress)",
                    self.id
                ));
                return None;
            }
            (None, true) if origin == Origin::National => {
                err(format!(
                    "\"{}\": internal = true är bara tillåtet i en kommuns eget register; nationella källor ska vara offentliga",
                    self.id
                ));
                return None;
            }
            (Some(url), false) => check_url(url, !deep, path, line, problems),
            (None, true) => {}
        }
        if title.trim().is_empty() || publisher.trim().is_empty() {
            problems.push(Problem::error(
                path,
                line,
                format!("\"{}\": title och publisher får inte vara tomma", self.id),
            ));
            return None;
        }
        Some((
            self.id,
            SourceKind::Document(Document {
                title: title.trim().to_string(),
                publisher: publisher.trim().to_string(),
                url: self.url,
                checked,
                deep,
            }),
        ))
    }
}

fn date_or(
    value: &Datetime,
    path: &Path,
    line: usize,
    problems: &mut Vec<Problem>,
) -> Option<Date> {
    let date = to_date(value);
    if date.is_none() {
        problems.push(Problem::error(
            path,
            line,
            "\"checked\" ska vara ett datum som 2026-11-23",
        ));
    }
    date
}

/// Adds an error unless `url` is an `https://` address of a page deeper than a site's front page
/// (a front page is allowed when the entry says `deep = false`).
fn check_url(url: &str, shallow_ok: bool, path: &Path, line: usize, problems: &mut Vec<Problem>) {
    let Some(rest) = url.strip_prefix("https://") else {
        problems.push(Problem::error(
            path,
            line,
            format!("adressen \"{url}\" måste börja med https://"),
        ));
        return;
    };
    let (host, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    if host.is_empty() || !host.contains('.') {
        problems.push(Problem::error(
            path,
            line,
            format!("adressen \"{url}\" saknar en webbplats"),
        ));
        return;
    }
    if is_front_page(tail) && !shallow_ok {
        problems.push(Problem::error(
            path,
            line,
            format!(
                "adressen \"{url}\" är bara webbplatsens startsida: länka till den exakta sidan eller dokumentet, eller skriv deep = false om ingen sådan adress finns"
            ),
        ));
    }
}

/// True for the path part of a site's front page: empty, `/`, or a bare language folder.
pub(crate) fn is_front_page(tail: &str) -> bool {
    let path = tail.split(['?', '#']).next().unwrap_or("");
    matches!(
        path.trim_end_matches('/'),
        "" | "/sv" | "/en" | "/sv-se" | "/index.html"
    )
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_sfs(sfs: &str) -> bool {
    let Some((year, number)) = sfs.split_once(':') else {
        return false;
    };
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// `date` plus `months` months (the day clamped to the month's length).
pub(crate) fn add_months(date: Date, months: u8) -> Date {
    let total = i32::from(u8::from(date.month())) - 1 + i32::from(months);
    let year = date.year() + total / 12;
    let month = time::Month::try_from((total % 12 + 1) as u8).unwrap_or(time::Month::January);
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

fn swedish_register_error(message: &str) -> String {
    let message = message.trim();
    if message.starts_with("unknown field") {
        let field = message.split('`').nth(1).unwrap_or_default();
        return format!(
            "okänt fält \"{field}\" (en lag har id, name, sfs, url, checked, aliases, deep; en källa har id och antingen law, chapter, section, paragraph, point eller title, publisher, url, checked, deep, internal)"
        );
    }
    swedish_toml_error(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const GOOD: &str = r#"
[[law]]
id = "brb"
name = "brottsbalken"
sfs = "1962:700"
url = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/brottsbalk-1962700_sfs-1962-700/"
checked = 2026-12-01
aliases = ["BrB"]

[[law]]
id = "kontaktforbud"
name = "lagen om kontaktförbud"
sfs = "1988:688"
url = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/lag-1988688-om-kontaktforbud_sfs-1988-688/"
checked = 2025-01-01

[[source]]
id = "brb-4-4a"
law = "brb"
chapter = "4"
section = "4 a"
paragraph = 2

[[source]]
id = "brb-29-2"
law = "brb"
chapter = "29"
section = "2"
point = 10

[[source]]
id = "kf-1a"
law = "kontaktforbud"
section = "1 a"

[[source]]
id = "sos-oro"
title = "Anmäla oro för barn"
publisher = "Socialstyrelsen"
url = "https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/barn-och-unga/anmala-oro/"
checked = 2026-12-01

[[source]]
id = "kg"
title = "Kunskapsguiden"
publisher = "Socialstyrelsen"
url = "https://kunskapsguiden.se/"
checked = 2026-12-01
deep = false
"#;

    fn load(text: &str, origin: Origin) -> Result<Register, Vec<Problem>> {
        let mut r = Register::default();
        r.add_file(Path::new("data/kallor.toml"), text, origin)?;
        Ok(r)
    }

    fn errors(text: &str, origin: Origin) -> Vec<String> {
        load(text, origin)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn renders_law_references_the_swedish_way() {
        let r = load(GOOD, Origin::National).expect("valid");
        let label = |id: &str| r.label(r.get(id).expect("id"));
        assert_eq!(
            label("brb-4-4a"),
            "4 kap. 4 a § andra stycket brottsbalken (1962:700)"
        );
        assert_eq!(
            label("brb-29-2"),
            "29 kap. 2 § 10 p. brottsbalken (1962:700)"
        );
        assert_eq!(label("kf-1a"), "1 a § lagen (1988:688) om kontaktförbud");
        assert_eq!(label("kontaktforbud"), "lagen (1988:688) om kontaktförbud");
        assert_eq!(label("sos-oro"), "Anmäla oro för barn – Socialstyrelsen");
        let s = r.get("brb-4-4a").expect("id");
        assert_eq!(r.short_label(s), "4 kap. 4 a § andra stycket brottsbalken");
        assert!(r.url(s).is_some_and(|u| u.contains("brottsbalk")));
        assert_eq!(r.shallow().count(), 1);
        assert_eq!(r.laws().count(), 2);
        assert_eq!(r.get("kf-1a").expect("id").line, 31);
    }

    #[test]
    fn warns_about_sources_not_checked_for_a_year() {
        let r = load(GOOD, Origin::National).expect("valid");
        let stale = r.stale(date!(2026 - 12 - 01));
        assert_eq!(stale.len(), 1);
        assert_eq!(
            stale[0].to_string(),
            "data/kallor.toml:10: varning: källan \"kontaktforbud\" kontrollerades senast 2025-01-01: kontrollera adressen och texten igen"
        );
    }

    #[test]
    fn front_pages_need_deep_false() {
        let text = "[[source]]\nid = \"a\"\ntitle = \"T\"\npublisher = \"P\"\nurl = \"https://www.riksdagen.se/\"\nchecked = 2026-12-01\n";
        assert_eq!(
            errors(text, Origin::National),
            [
                "data/kallor.toml:1: adressen \"https://www.riksdagen.se/\" är bara webbplatsens startsida: länka till den exakta sidan eller dokumentet, eller skriv deep = false om ingen sådan adress finns"
            ]
        );
        for front in ["https://a.se", "https://a.se/sv/", "https://a.se/?x=1"] {
            assert!(
                is_front_page(front.trim_start_matches("https://a.se")),
                "{front}"
            );
        }
        assert!(!is_front_page("/sv/rad/"));
    }

    #[test]
    fn reports_unknown_laws_duplicates_and_bad_values() {
        let text = "[[source]]\nid = \"x\"\nlaw = \"okand\"\nsection = \"1\"\n\n[[source]]\nid = \"x\"\nlaw = \"okand\"\nsection = \"2\"\n";
        let e = errors(text, Origin::National);
        assert_eq!(
            e,
            [
                "data/kallor.toml:6: id \"x\" finns redan i data/kallor.toml:1",
                "data/kallor.toml:1: \"law\" pekar på \"okand\", som inte är en lag i registret",
            ]
        );
        let text = "[[law]]\nid = \"Brb\"\nname = \"b\"\nsfs = \"1962-700\"\nurl = \"http://a.se/x\"\nchecked = 2026-12-01\n";
        let e = errors(text, Origin::National);
        assert_eq!(e.len(), 3, "{e:?}");
        let text = "[[source]]\nid = \"a\"\ntitel = \"T\"\n";
        assert!(
            errors(text, Origin::National)[0]
                .starts_with("data/kallor.toml:3: okänt fält \"titel\"")
        );
    }

    #[test]
    fn internal_documents_only_in_an_overlay() {
        let text = "[[source]]\nid = \"rutin\"\ntitle = \"Intern rutin\"\npublisher = \"Socialförvaltningen\"\nchecked = 2026-12-01\ninternal = true\n";
        assert!(
            errors(text, Origin::National)[0].contains("bara tillåtet i en kommuns eget register")
        );
        let r = load(text, Origin::Local).expect("valid in an overlay");
        assert_eq!(r.url(r.get("rutin").expect("id")), None);
        let text =
            "[[source]]\nid = \"rutin\"\ntitle = \"T\"\npublisher = \"P\"\nchecked = 2026-12-01\n";
        assert!(errors(text, Origin::Local)[0].contains("saknar \"url\""));
    }

    #[test]
    fn months_are_added_within_the_month() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 12 - 01), 12), date!(2027 - 12 - 01));
        assert_eq!(add_months(date!(2026 - 11 - 15), 3), date!(2027 - 02 - 15));
    }
}
