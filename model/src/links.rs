//! Cross-page checks: internal links and `#anchors`, `related` targets, cited sources (known
//! ids, and a page that names a law must cite it), shortcodes and review dates.

use crate::block::LocalBlock;
use crate::layer::Origin;
use crate::numbers::SupportLines;
use crate::outline::Outline;
use crate::page::Page;
use crate::problem::{Problem, line_of};
use crate::shortcode::{Shortcode, shortcodes};
use crate::sources::Register;
use crate::summary::normalize;
use crate::variant::{Language, Variant};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use time::Date;

/// URL paths served by the server rather than by the static site; pages may link to them.
pub const SERVER_ROUTES: [&str; 3] = ["/sok", "/utbildning/", "/api/search"];

/// Checks one page against all pages. `pages` maps content paths to pages.
pub(crate) fn check_page(
    page: &Page,
    pages: &HashMap<&str, &Page>,
    content_dir: &Path,
    numbers: &SupportLines,
    sources: &Register,
    today: Date,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = page.file.as_path();
    let dir = page.path.rsplit_once('/').map_or("", |(d, _)| d);

    for link in &page.outline.links {
        if let Some(message) = check_link(&link.dest, dir, page, pages, Some(content_dir)) {
            problems.push(Problem::error(file, link.line, message));
        }
    }

    for (line, related) in page.front.lines.related.iter().zip(&page.front.related) {
        if related == &page.path {
            problems.push(Problem::error(
                file,
                *line,
                "\"related\" pekar på sidan själv",
            ));
        } else if !pages.contains_key(related.as_str()) {
            problems.push(Problem::error(
                file,
                *line,
                format!("\"related\" pekar på \"{related}\", som inte finns i SUMMARY.md"),
            ));
        }
    }

    problems.extend(check_sources(
        file,
        &page.front.sources,
        &page.front.lines.sources,
        &page.body,
        page.body_line,
        &page.outline,
        page.origin,
        sources,
    ));

    for (range, code) in shortcodes(&page.body) {
        let line = page.body_line + line_of(&page.body, range.start) - 1;
        match code {
            Shortcode::Number(id) if numbers.get(&id).is_none() => {
                problems.push(Problem::error(
                    file,
                    line,
                    format!("okänt nummer \"{id}\" (se data/stodlinjer.toml)"),
                ));
            }
            Shortcode::Local(_) | Shortcode::SourceRegister
                if !alone_on_line(&page.body, range.clone()) =>
            {
                problems.push(Problem::error(
                    file,
                    line,
                    "kortkoden ska stå ensam på en egen rad (den blir ett eget avsnitt på sidan)",
                ))
            }
            Shortcode::Local(name) if !valid_place(&name) => problems.push(Problem::error(
                file,
                line,
                format!(
                    "platsen \"{name}\" i {{{{lokalt:…}}}} får bara ha små bokstäver a–z, siffror och bindestreck"
                ),
            )),
            Shortcode::Unknown(name) => problems.push(Problem::error(
                file,
                line,
                format!("okänd kortkod \"{{{{{name}}}}}\""),
            )),
            _ => {}
        }
    }
    let mut places = BTreeSet::new();
    for (name, line) in &page.places {
        if !places.insert(name) {
            problems.push(Problem::error(
                file,
                *line,
                format!("platsen \"{name}\" finns redan på sidan"),
            ));
        }
    }

    if page.review_overdue(today) {
        problems.push(Problem::warning(
            file,
            page.front.lines.next_review,
            format!(
                "sidan skulle ha granskats senast {}",
                page.front.next_review
            ),
        ));
    }
    problems
}

/// Checks a local block: its links (relative to the national page it is shown on), its sources
/// and its review date.
pub(crate) fn check_block(
    block: &LocalBlock,
    page: &Page,
    pages: &HashMap<&str, &Page>,
    sources: &Register,
    today: Date,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = block.file.as_path();
    let dir = page.path.rsplit_once('/').map_or("", |(d, _)| d);
    for link in &block.outline.links {
        if let Some(message) = check_link(&link.dest, dir, page, pages, None) {
            problems.push(Problem::error(file, link.line, message));
        }
    }
    problems.extend(check_sources(
        file,
        &block.sources,
        &block.lines.sources,
        &block.body,
        block.body_line,
        &block.outline,
        Origin::Local,
        sources,
    ));
    for (range, code) in shortcodes(&block.body) {
        let line = block.body_line + line_of(&block.body, range.start) - 1;
        if matches!(
            code,
            Shortcode::Unknown(_) | Shortcode::Local(_) | Shortcode::SourceRegister
        ) {
            problems.push(Problem::error(
                file,
                line,
                "kortkoden kan inte användas i ett lokalt block",
            ));
        }
    }
    if block.review_overdue(today) {
        problems.push(Problem::warning(
            file,
            block.lines.next_review,
            format!("blocket skulle ha granskats senast {}", block.next_review),
        ));
    }
    problems
}

/// The files (not pages) that pages link to, as content paths.
pub(crate) fn linked_files<'a>(pages: impl Iterator<Item = &'a Page>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for page in pages {
        let dir = page.path.rsplit_once('/').map_or("", |(d, _)| d);
        for link in &page.outline.links {
            let dest = link.dest.split(['#', '?']).next().unwrap_or("");
            if dest.is_empty() || dest.contains(':') || dest.starts_with('/') {
                continue;
            }
            let path = normalize(&if dir.is_empty() {
                dest.to_string()
            } else {
                format!("{dir}/{dest}")
            });
            if !path.ends_with(".md") && !path.ends_with(".html") {
                out.insert(path);
            }
        }
    }
    out
}

/// True when nothing but whitespace stands before and after `range` on its line.
fn alone_on_line(text: &str, range: std::ops::Range<usize>) -> bool {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    text[start..range.start].trim().is_empty() && text[range.end..end].trim().is_empty()
}

fn valid_place(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The ids a text cites inline with `{{källa:ID}}`, with their file lines.
pub(crate) fn inline_citations(body: &str, body_line: usize) -> Vec<(String, usize)> {
    shortcodes(body)
        .into_iter()
        .filter_map(|(range, code)| match code {
            Shortcode::Source(id) => Some((id, body_line + line_of(body, range.start) - 1)),
            _ => None,
        })
        .collect()
}

/// Cited ids must exist (an overlay's text may cite its own register and the national one; a
/// national text only the national one), and a text that names a law must cite it.
#[allow(clippy::too_many_arguments)]
fn check_sources(
    file: &Path,
    front: &[String],
    front_lines: &[usize],
    body: &str,
    body_line: usize,
    outline: &Outline,
    origin: Origin,
    sources: &Register,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let inline = inline_citations(body, body_line);
    let cited = front
        .iter()
        .zip(front_lines.iter().copied())
        .map(|(id, line)| (id.clone(), line))
        .chain(inline);
    let mut laws_cited = BTreeSet::new();
    for (id, line) in cited {
        match sources.get(&id) {
            None => problems.push(Problem::error(
                file,
                line,
                format!("okänd källa \"{id}\" (finns inte i data/kallor.toml)"),
            )),
            Some(s) if s.origin == Origin::Local && origin == Origin::National => {
                problems.push(Problem::error(
                    file,
                    line,
                    format!("källan \"{id}\" finns bara i kommunens register"),
                ));
            }
            Some(s) => {
                if let Some((law, _)) = sources.law_of(s) {
                    laws_cited.insert(law.to_string());
                }
            }
        }
    }
    for (law_id, law) in sources.laws() {
        if laws_cited.contains(law_id) {
            continue;
        }
        if let Some(line) = names_law(outline, &law.name, &law.aliases) {
            problems.push(Problem::error(
                file,
                line,
                format!(
                    "texten nämner {} men hänvisar inte till lagen: lägg till \"{law_id}\" eller en av dess paragrafer i sources, eller {{{{källa:…}}}} vid meningen",
                    law.name
                ),
            ));
        }
    }
    problems
}

/// The line of the first text block that names a law by its name (any case, also inflected:
/// "brottsbalkens") or an alias (as a whole word, case as written: "LVU").
fn names_law(outline: &Outline, name: &str, aliases: &[String]) -> Option<usize> {
    let name = name.to_lowercase();
    outline.blocks.iter().find_map(|block| {
        let text = block.text.to_lowercase();
        let by_name = !name.is_empty() && text.contains(&name);
        let by_alias = aliases.iter().any(|alias| {
            block
                .text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| !w.is_empty() && w == alias)
        });
        (by_name || by_alias).then_some(block.line)
    })
}

fn check_link(
    dest: &str,
    dir: &str,
    page: &Page,
    pages: &HashMap<&str, &Page>,
    content_dir: Option<&Path>,
) -> Option<String> {
    check_link_in(dest, dir, page, pages, content_dir, None)
}

/// Checks a link from a text in `language` (`None`: Swedish). Anchors are looked up in the
/// target page's variant in that language when it has one, otherwise in the Swedish page.
fn check_link_in(
    dest: &str,
    dir: &str,
    page: &Page,
    pages: &HashMap<&str, &Page>,
    content_dir: Option<&Path>,
    language: Option<Language>,
) -> Option<String> {
    if dest.starts_with("https://") || dest.starts_with("mailto:") || dest.starts_with("tel:") {
        return None;
    }
    if dest.starts_with("http://") {
        return Some(format!("länken \"{dest}\" måste använda https"));
    }
    if dest.contains("://") {
        return Some(format!("okänd sorts länk \"{dest}\""));
    }
    if dest.starts_with('/') {
        if SERVER_ROUTES.iter().any(|r| dest.starts_with(r)) {
            return None;
        }
        return Some(format!(
            "länken \"{dest}\" ska vara relativ och peka på en .md-fil"
        ));
    }
    let (target, anchor) = match dest.split_once('#') {
        Some((t, a)) => (t, Some(a)),
        None => (dest, None),
    };
    let target_page = if target.is_empty() {
        page
    } else {
        let path = normalize(&if dir.is_empty() {
            target.to_string()
        } else {
            format!("{dir}/{target}")
        });
        if !path.ends_with(".md") {
            if path.ends_with(".html") {
                return Some(format!(
                    "länken \"{dest}\" ska peka på .md-filen, inte .html"
                ));
            }
            if content_dir.is_some_and(|c| c.join(&path).is_file()) {
                return None;
            }
            return Some(format!("länken \"{dest}\" pekar på en fil som inte finns"));
        }
        match pages.get(path.as_str()) {
            Some(p) => p,
            None => {
                return Some(format!(
                    "länken \"{dest}\" pekar på en sida som inte finns i SUMMARY.md eller inte kunde läsas"
                ));
            }
        }
    };
    let (outline, shown) = match language.and_then(|l| target_page.variant(l)) {
        Some(v) => (&v.outline, v.path.as_str()),
        None => (&target_page.outline, target_page.path.as_str()),
    };
    match anchor {
        Some(a) if !a.is_empty() && !outline.has_anchor(a) => Some(format!(
            "länken \"{dest}\" pekar på ankaret \"#{a}\", som inte finns på {shown}{}",
            if target_page.replaced.is_some() {
                " (kommunens egen version av sidan saknar rubriken: behåll den eller ändra länken)"
            } else {
                ""
            }
        )),
        _ => None,
    }
}

/// Checks a language variant: links (anchors in the same language where the target has a
/// variant), sources, shortcodes.
pub(crate) fn check_variant(
    variant: &Variant,
    page: &Page,
    pages: &HashMap<&str, &Page>,
    content_dir: &Path,
    numbers: &SupportLines,
    sources: &Register,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = variant.file.as_path();
    let dir = page.path.rsplit_once('/').map_or("", |(d, _)| d);
    for link in &variant.outline.links {
        if let Some(message) = check_link_in(
            &link.dest,
            dir,
            page,
            pages,
            Some(content_dir),
            Some(variant.language),
        ) {
            problems.push(Problem::error(file, link.line, message));
        }
    }
    problems.extend(check_sources(
        file,
        &variant.sources,
        &variant.lines.sources,
        &variant.body,
        variant.body_line,
        &variant.outline,
        page.origin,
        sources,
    ));
    for (range, code) in shortcodes(&variant.body) {
        let line = variant.body_line + line_of(&variant.body, range.start) - 1;
        match code {
            Shortcode::Number(id) if numbers.get(&id).is_none() => {
                problems.push(Problem::error(
                    file,
                    line,
                    format!("okänt nummer \"{id}\" (se data/stodlinjer.toml)"),
                ));
            }
            Shortcode::Unknown(_) | Shortcode::Local(_) | Shortcode::SourceRegister => {
                problems.push(Problem::error(
                    file,
                    line,
                    "kortkoden kan inte användas i en språkversion",
                ));
            }
            _ => {}
        }
    }
    problems
}
