//! Loading the layers into one merged [`Site`]: the national base (SUMMARY.md against the files
//! on disk, every page, the register of sources, the support numbers), then a municipality's
//! overlay (its own pages placed in the navigation, replaced pages, local blocks, its own
//! sources), then the checks that need the whole merged site. All problems are collected before
//! returning, each naming the file it comes from.

use crate::block::{self, LocalBlock};
use crate::drift::drift_problem;
use crate::files::{self, PublishedFile};
use crate::front_matter::Placement;
use crate::layer::{Layer, Layers, Origin};
use crate::links::{check_block, check_page, check_variant, linked_files};
use crate::numbers::SupportLines;
use crate::page::{Page, Replaced};
use crate::problem::Problem;
use crate::readability;
use crate::sources::Register;
use crate::summary::{Summary, SummaryEntry};
use crate::variant::{self, Variant, looks_like_variant};
use crate::version::drift;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use time::Date;

/// The whole parsed, merged site.
#[derive(Debug, Clone)]
pub struct Site {
    /// The layers it was loaded from.
    pub layers: Layers,
    /// The navigation: SUMMARY.md with the municipality's own pages placed in it.
    pub summary: Summary,
    /// Every page, in navigation order.
    pub pages: Vec<Page>,
    /// The verified support numbers (national only).
    pub numbers: SupportLines,
    /// The register of sources (national, plus the overlay's).
    pub sources: Register,
    /// Files that pages link to (images, PDFs), published next to the pages.
    pub files: Vec<PublishedFile>,
}

/// A site that loaded without errors, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The site.
    pub site: Site,
    /// Problems that do not stop a build (e.g. an overdue review).
    pub warnings: Vec<Problem>,
}

/// Why content could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or folder could not be read at all.
    #[error("{}: kan inte läsas: {source}", path.display())]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The content has errors; the list holds every error and warning, sorted by file and line.
    #[error("innehållet har {} fel", .0.iter().filter(|p| p.is_error()).count())]
    Invalid(Vec<Problem>),
}

/// Files in `content/` that are not pages.
const NOT_PAGES: [&str; 2] = ["SUMMARY.md", "404.md"];

/// The glossary page; its headings explain abbreviations for every page.
pub const GLOSSARY: &str = "ord-och-begrepp.md";

fn read(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl Site {
    /// Loads and checks the layers. `today` decides which reviews are overdue.
    pub fn load(layers: &Layers, today: Date) -> Result<Loaded, LoadError> {
        let mut problems = Vec::new();
        let national = &layers.national;

        let numbers_file = national.numbers();
        let numbers = match SupportLines::parse(&numbers_file, &read(&numbers_file)?) {
            Ok(n) => n,
            Err(p) => return Err(LoadError::Invalid(p)),
        };

        let mut sources = Register::default();
        for (origin, layer) in layers.all() {
            let file = layer.register();
            if file.is_file()
                && let Err(p) = sources.add_file(&file, &read(&file)?, origin)
            {
                problems.extend(p);
            }
        }

        let (summary, mut pages, mut published) = load_national(national, &numbers, &mut problems)?;
        let mut summary = summary;

        if let Some(overlay) = &layers.overlay {
            let local = load_overlay(&overlay.layer, &numbers, &mut problems)?;
            published.extend(local.files.iter().map(|f| (Origin::Local, f.clone())));
            merge_overlay(local, &mut summary, &mut pages, &mut problems);
        }

        for (_, layer) in layers.all() {
            let variants = load_variants(layer, &numbers, &mut problems)?;
            attach_variants(variants, &mut pages, &mut problems);
        }

        register_legacy_sources(&mut sources, &mut pages, &mut problems);

        // Published files: what pages link to, per layer.
        let mut files = Vec::new();
        for (origin, layer) in layers.all() {
            let linked = linked_files(pages.iter().filter(|p| p.origin == origin));
            let other: BTreeSet<String> = published
                .iter()
                .filter(|(o, _)| *o == origin)
                .map(|(_, f)| f.clone())
                .collect();
            let (ok, found) = files::check_other(&layer.content(), &other, &linked);
            files.extend(ok);
            problems.extend(found);
        }

        let by_path: HashMap<&str, &Page> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
        let glossary = by_path.get(GLOSSARY).copied();
        for page in &pages {
            let content = match page.origin {
                Origin::National => national.content(),
                Origin::Local => layers
                    .overlay
                    .as_ref()
                    .map_or_else(|| national.content(), |o| o.layer.content()),
            };
            problems.extend(check_page(
                page, &by_path, &content, &numbers, &sources, today,
            ));
            problems.extend(readability::check(page, glossary));
            for block in &page.blocks {
                problems.extend(check_block(block, page, &by_path, &sources, today));
                problems.extend(readability::check_block(block, page));
            }
            for variant in &page.variants {
                problems.extend(check_variant(
                    variant, page, &by_path, &content, &numbers, &sources,
                ));
                problems.extend(readability::check_variant(variant));
                if let Some(d) = drift(&variant.based_on, &page.stamp(), &page.front.changes) {
                    problems.push(drift_problem(
                        &variant.file,
                        variant.lines.based_on,
                        "den svenska sidan",
                        page,
                        &d,
                    ));
                }
                if !variant.published() {
                    problems.push(Problem::warning(
                        &variant.file,
                        variant.lines.reviewed_by,
                        format!(
                            "språkversionen ({}) publiceras inte förrän reviewed_by säger vem som har granskat översättningen (en roll, inte ett namn)",
                            variant.language.native_name()
                        ),
                    ));
                }
            }
        }
        problems.extend(sources.stale(today));
        problems.extend(english_numbers(&pages, &numbers, &numbers_file));

        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        problems.dedup();
        if problems.iter().any(Problem::is_error) {
            return Err(LoadError::Invalid(problems));
        }
        Ok(Loaded {
            site: Site {
                layers: layers.clone(),
                summary,
                pages,
                numbers,
                sources,
                files,
            },
            warnings: problems,
        })
    }

    /// Finds a page by its content path.
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    /// For every cited register id, the pages that cite it (in their text or in a local block).
    pub fn citations(&self) -> std::collections::BTreeMap<String, Vec<&Page>> {
        let mut out: std::collections::BTreeMap<String, Vec<&Page>> = Default::default();
        for page in &self.pages {
            let ids = page
                .cited_sources()
                .into_iter()
                .chain(page.blocks.iter().flat_map(LocalBlock::cited_sources));
            for id in ids {
                let list = out.entry(id).or_default();
                if !list.iter().any(|p| p.path == page.path) {
                    list.push(page);
                }
            }
        }
        out
    }

    /// The municipality's name when the site has an overlay.
    pub fn municipality(&self) -> Option<&str> {
        self.layers
            .overlay
            .as_ref()
            .map(|o| o.municipality.as_str())
    }

    /// The `404.md` page's file (from the national base).
    pub fn not_found_file(&self) -> PathBuf {
        self.layers.national.content().join("404.md")
    }
}

/// English pages show the support lines in English: every line then needs `who_en` (and
/// `hours_en`/`note_en` where it has hours or a note), written from the Swedish text only.
fn english_numbers(pages: &[Page], numbers: &SupportLines, file: &Path) -> Vec<Problem> {
    let english = pages
        .iter()
        .flat_map(|p| &p.variants)
        .any(|v| v.language.code == "en");
    if !english {
        return Vec::new();
    }
    let text = std::fs::read_to_string(file).unwrap_or_default();
    numbers
        .lines
        .iter()
        .filter_map(|l| {
            let missing: Vec<&str> = [
                ("who_en", l.who_en.is_none()),
                ("hours_en", l.hours.is_some() && l.hours_en.is_none()),
                ("note_en", l.note.is_some() && l.note_en.is_none()),
            ]
            .into_iter()
            .filter_map(|(k, m)| m.then_some(k))
            .collect();
            if missing.is_empty() {
                return None;
            }
            let needle = format!("id = \"{}\"", l.id);
            let line = text
                .lines()
                .position(|t| t.trim() == needle)
                .map_or(1, |i| i + 1);
            Some(Problem::error(
                file,
                line,
                format!(
                    "\"{}\" saknar {} för de engelska sidorna (skriv bara det som den svenska texten säger)",
                    l.id,
                    missing.join(", ")
                ),
            ))
        })
        .collect()
}

/// The language variants in a layer's `content/` (`sida.en.md` next to `sida.md`).
fn load_variants(
    layer: &Layer,
    numbers: &SupportLines,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Variant>, LoadError> {
    let content = layer.content();
    let found = files::scan(&content, &NOT_PAGES)?;
    let mut out = Vec::new();
    for path in found.markdown.iter().filter(|p| looks_like_variant(p)) {
        let file = content.join(path);
        let Some((of, language)) = variant::split_path(path) else {
            problems.push(Problem::error(
                &file,
                1,
                "okänd språkkod i filnamnet: en språkversion heter sida.lattlast.md, sida.en.md eller sida.<språkkod>.md",
            ));
            continue;
        };
        match variant::parse(path, of, language, &file, &read(&file)?, numbers) {
            Ok(v) => out.push(v),
            Err(p) => problems.extend(p),
        }
    }
    Ok(out)
}

/// Puts each variant on its Swedish page.
fn attach_variants(variants: Vec<Variant>, pages: &mut [Page], problems: &mut Vec<Problem>) {
    for v in variants {
        let Some(page) = pages.iter_mut().find(|p| p.path == v.of) else {
            problems.push(Problem::error(
                &v.file,
                1,
                format!(
                    "det finns ingen svensk sida \"{}\" som det här är en språkversion av",
                    v.of
                ),
            ));
            continue;
        };
        if let Some(existing) = page.variant(v.language) {
            problems.push(Problem::error(
                &v.file,
                1,
                format!(
                    "sidan har redan en språkversion på {}: {}",
                    v.language.native_name(),
                    existing.file.display()
                ),
            ));
            continue;
        }
        page.variants.push(v);
    }
}

/// Moves sources written inline in the old format into the register (transitional) and warns
/// once per page.
fn register_legacy_sources(
    sources: &mut Register,
    pages: &mut [Page],
    problems: &mut Vec<Problem>,
) {
    for page in pages.iter_mut() {
        if page.front.legacy_sources.is_empty() {
            continue;
        }
        problems.push(Problem::warning(
            &page.file,
            page.front.lines.start,
            "källorna står i det gamla formatet { title, url }: lägg dem i data/kallor.toml med en djuplänk och hänvisa med id",
        ));
        for legacy in std::mem::take(&mut page.front.legacy_sources) {
            let id = sources.add_legacy(
                &legacy.title,
                &legacy.url,
                page.front.reviewed,
                &page.file,
                page.front.lines.start,
            );
            if !page.front.sources.contains(&id) {
                page.front.sources.push(id);
                page.front.lines.sources.push(page.front.lines.start);
            }
        }
    }
}

type NationalParts = (Summary, Vec<Page>, Vec<(Origin, String)>);

/// SUMMARY.md and every national page, in SUMMARY order; the non-page files of `content/`.
fn load_national(
    layer: &Layer,
    numbers: &SupportLines,
    problems: &mut Vec<Problem>,
) -> Result<NationalParts, LoadError> {
    let content = layer.content();
    let summary_file = content.join("SUMMARY.md");
    let (summary, summary_problems) = Summary::parse(&summary_file, &read(&summary_file)?);
    problems.extend(summary_problems);

    let found = files::scan(&content, &NOT_PAGES)?;
    let not_found = content.join("404.md");
    if !not_found.is_file() {
        problems.push(Problem::error(
            &not_found,
            1,
            "sidan som visas när en adress inte finns saknas (skapa 404.md)",
        ));
    }
    let mut listed = BTreeSet::new();
    for entry in &summary.entries {
        if !listed.insert(entry.path.as_str()) {
            problems.push(Problem::error(
                &summary_file,
                entry.line,
                format!("\"{}\" står mer än en gång", entry.path),
            ));
        } else if !found.markdown.contains(&entry.path) {
            problems.push(Problem::error(
                &summary_file,
                entry.line,
                format!("\"{}\" finns inte", entry.path),
            ));
        }
    }

    let mut parsed: HashMap<String, Page> = HashMap::new();
    for path in found.markdown.iter().filter(|p| !looks_like_variant(p)) {
        let file = content.join(path);
        if !listed.contains(path.as_str()) {
            problems.push(Problem::error(
                &file,
                1,
                "sidan finns inte i SUMMARY.md (lägg till den eller ta bort filen)",
            ));
        }
        match Page::parse(
            path.clone(),
            &file,
            &read(&file)?,
            numbers,
            Origin::National,
        ) {
            Ok(page) => {
                let line = page.front.lines.placement.max(page.front.lines.based_on);
                if page.front.placement.is_some()
                    || page.front.replaces.is_some()
                    || page.front.based_on.is_some()
                {
                    problems.push(Problem::error(
                        &file,
                        line,
                        "placement, replaces och based_on hör till en kommuns egna sidor, inte till den nationella basen",
                    ));
                }
                parsed.insert(path.clone(), page);
            }
            Err(p) => problems.extend(p),
        }
    }

    let mut seen = BTreeSet::new();
    let pages: Vec<Page> = summary
        .entries
        .iter()
        .filter(|e| seen.insert(e.path.as_str()))
        .filter_map(|e| parsed.remove(&e.path))
        .collect();
    let other = found
        .other
        .into_iter()
        .map(|f| (Origin::National, f))
        .collect();
    Ok((summary, pages, other))
}

/// What an overlay brings before it is merged.
struct LocalParts {
    pages: Vec<Page>,
    blocks: Vec<LocalBlock>,
    files: Vec<String>,
}

fn load_overlay(
    layer: &Layer,
    numbers: &SupportLines,
    problems: &mut Vec<Problem>,
) -> Result<LocalParts, LoadError> {
    let content = layer.content();
    for (rel, what) in [
        (
            "content/SUMMARY.md",
            "en kommuns overlay har ingen egen SUMMARY.md: ange var varje egen sida hör hemma med placement = { after = \"…\" } eller { under = \"…\" }",
        ),
        (
            "content/404.md",
            "sidan 404.md kommer från den nationella basen och kan inte ersättas",
        ),
        (
            "data/stodlinjer.toml",
            "de nationella stödnumren kan inte ändras i en kommuns overlay: lägg kommunens egna kontakter under [[contacts]] i vagvisare.toml",
        ),
    ] {
        let file = layer.join(rel);
        if file.exists() {
            problems.push(Problem::error(&file, 1, what));
        }
    }
    let found = files::scan(&content, &NOT_PAGES)?;
    let mut pages = Vec::new();
    for path in found.markdown.iter().filter(|p| !looks_like_variant(p)) {
        let file = content.join(path);
        match Page::parse(path.clone(), &file, &read(&file)?, numbers, Origin::Local) {
            Ok(page) => pages.push(page),
            Err(p) => problems.extend(p),
        }
    }
    let block_dir = layer.blocks();
    let found_blocks = files::scan(&block_dir, &[])?;
    for other in &found_blocks.other {
        problems.push(Problem::error(
            &block_dir.join(other),
            1,
            "i blocks/ får bara lokala block (.md) ligga",
        ));
    }
    let mut blocks = Vec::new();
    for rel in &found_blocks.markdown {
        let file = block_dir.join(rel);
        match block::parse(rel, &file, &read(&file)?, numbers) {
            Ok(b) => blocks.push(b),
            Err(p) => problems.extend(p),
        }
    }
    Ok(LocalParts {
        pages,
        blocks,
        files: found.other.into_iter().collect(),
    })
}

/// Puts the overlay's pages and blocks into the national site.
fn merge_overlay(
    local: LocalParts,
    summary: &mut Summary,
    pages: &mut Vec<Page>,
    problems: &mut Vec<Problem>,
) {
    let mut added = Vec::new();
    for mut page in local.pages {
        let line = page.front.lines.placement.max(1);
        if !page.places.is_empty() {
            let (_, at) = &page.places[0];
            problems.push(Problem::error(
                &page.file,
                *at,
                "{{lokalt:…}} hör hemma i nationella sidor; skriv kommunens text direkt på den egna sidan",
            ));
        }
        match pages.iter().position(|p| p.path == page.path) {
            Some(i) => {
                let national = &pages[i];
                let Some(reason) = page.front.replaces.clone() else {
                    problems.push(Problem::error(
                        &page.file,
                        page.front.lines.start,
                        format!(
                            "det finns redan en nationell sida \"{}\": döp om den egna sidan, eller skriv replaces = \"varför kommunen ersätter sidan\" och based_on för att ersätta den",
                            page.path
                        ),
                    ));
                    continue;
                };
                if page.front.placement.is_some() {
                    problems.push(Problem::error(
                        &page.file,
                        line,
                        "en sida som ersätter en nationell sida behåller dess plats: ta bort placement",
                    ));
                }
                match &page.front.based_on {
                    None => problems.push(Problem::error(
                        &page.file,
                        line,
                        "\"based_on\" saknas: skriv vilken version av den nationella sidan den egna sidan bygger på, eller kör vagvisare reviewed på filen",
                    )),
                    Some(recorded) => {
                        if let Some(d) = drift(recorded, &national.stamp(), &national.front.changes)
                        {
                            problems.push(drift_problem(
                                &page.file,
                                page.front.lines.based_on,
                                "den nationella sidan",
                                national,
                                &d,
                            ));
                        }
                    }
                }
                page.replaced = Some(Replaced {
                    reason,
                    national_title: national.front.title.clone(),
                    national_owner: national.front.owner.clone(),
                    national: national.stamp(),
                });
                pages[i] = page;
            }
            None => {
                if page.front.replaces.is_some() || page.front.based_on.is_some() {
                    problems.push(Problem::error(
                        &page.file,
                        line,
                        format!(
                            "\"replaces\" och \"based_on\" gäller bara en sida som ersätter en nationell sida, och det finns ingen nationell sida \"{}\" (den kan ha tagits bort eller flyttats)",
                            page.path
                        ),
                    ));
                    continue;
                }
                added.push(page);
            }
        }
    }

    place_pages(added, summary, pages, problems);

    for block in local.blocks {
        let Some(page) = pages.iter_mut().find(|p| p.path == block.page) else {
            problems.push(Problem::error(
                &block.file,
                1,
                format!(
                    "det finns ingen nationell sida \"{}\" för blocket (sidan kan ha flyttats eller tagits bort)",
                    block.page
                ),
            ));
            continue;
        };
        if page.origin == Origin::Local {
            problems.push(Problem::error(
                &block.file,
                1,
                format!(
                    "\"{}\" är kommunens egen sida: skriv texten direkt på sidan i stället för i ett block",
                    block.page
                ),
            ));
            continue;
        }
        if !page.places.iter().any(|(name, _)| *name == block.place) {
            let declared: Vec<&str> = page.places.iter().map(|(n, _)| n.as_str()).collect();
            problems.push(Problem::error(
                &block.file,
                1,
                format!(
                    "sidan \"{}\" har ingen plats \"{}\" för lokal text ({})",
                    block.page,
                    block.place,
                    if declared.is_empty() {
                        "sidan har inga platser".to_string()
                    } else {
                        format!("platser: {}", declared.join(", "))
                    }
                ),
            ));
            continue;
        }
        if let Some(d) = drift(&block.based_on, &page.stamp(), &page.front.changes) {
            problems.push(drift_problem(
                &block.file,
                block.lines.based_on,
                "den nationella sidan",
                page,
                &d,
            ));
        }
        page.blocks.push(block);
    }
}

/// Inserts the overlay's own pages into the navigation where their `placement` says. A page may
/// be placed after or under another local page; placements are resolved in rounds.
fn place_pages(
    mut waiting: Vec<Page>,
    summary: &mut Summary,
    pages: &mut Vec<Page>,
    problems: &mut Vec<Problem>,
) {
    loop {
        let before = waiting.len();
        let mut still = Vec::new();
        for page in waiting {
            let Some(placement) = page.front.placement.clone() else {
                problems.push(Problem::error(
                    &page.file,
                    page.front.lines.start,
                    "kommunens egen sida behöver en plats i menyn: skriv placement = { after = \"sida.md\" } eller placement = { under = \"sida.md\" }",
                ));
                continue;
            };
            let entries = &summary.entries;
            let Some(at) = entries.iter().position(|e| e.path == placement.target()) else {
                still.push(page);
                continue;
            };
            let target = &entries[at];
            let depth = match placement {
                Placement::After(_) => target.depth,
                Placement::Under(_) => target.depth + 1,
            };
            let mut end = at + 1;
            while end < entries.len() && entries[end].depth > target.depth {
                end += 1;
            }
            let entry = SummaryEntry {
                title: page.front.title.clone(),
                path: page.path.clone(),
                depth,
                part: target.part.clone(),
                line: page.front.lines.placement,
            };
            summary.entries.insert(end, entry);
            pages.push(page);
        }
        if still.is_empty() {
            break;
        }
        if still.len() == before {
            for page in still {
                let target = page
                    .front
                    .placement
                    .as_ref()
                    .map_or("", Placement::target)
                    .to_string();
                problems.push(Problem::error(
                    &page.file,
                    page.front.lines.placement,
                    format!("\"placement\" pekar på \"{target}\", som inte finns i menyn"),
                ));
            }
            break;
        }
        waiting = still;
    }
    // Pages in navigation order.
    let order: HashMap<&str, usize> = summary
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.path.as_str(), i))
        .collect();
    let mut keyed: Vec<(usize, Page)> = std::mem::take(pages)
        .into_iter()
        .map(|p| (order.get(p.path.as_str()).copied().unwrap_or(usize::MAX), p))
        .collect();
    keyed.sort_by_key(|(i, _)| *i);
    *pages = keyed.into_iter().map(|(_, p)| p).collect();
}
