//! Cross-page checks: internal links and `#anchors`, `related` targets, source URLs,
//! shortcodes and review dates.

use crate::numbers::SupportLines;
use crate::page::Page;
use crate::problem::{Problem, line_of};
use crate::shortcode::{Shortcode, shortcodes};
use crate::summary::normalize;
use std::collections::HashMap;
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
    today: Date,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = page.file.as_path();
    let dir = page.path.rsplit_once('/').map_or("", |(d, _)| d);

    for link in &page.outline.links {
        if let Some(message) = check_link(&link.dest, dir, page, pages, content_dir) {
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

    for (line, source) in page.front.lines.sources.iter().zip(&page.front.sources) {
        if !source.url.starts_with("https://") || source.url.len() <= "https://".len() {
            problems.push(Problem::error(
                file,
                *line,
                format!("källan \"{}\" måste ha en https-adress", source.title),
            ));
        }
    }

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
            Shortcode::Unknown(name) => problems.push(Problem::error(
                file,
                line,
                format!("okänd kortkod \"{{{{{name}}}}}\""),
            )),
            _ => {}
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

fn check_link(
    dest: &str,
    dir: &str,
    page: &Page,
    pages: &HashMap<&str, &Page>,
    content_dir: &Path,
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
            if content_dir.join(&path).is_file() {
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
    match anchor {
        Some(a) if !a.is_empty() && !target_page.outline.has_anchor(a) => Some(format!(
            "länken \"{dest}\" pekar på ankaret \"#{a}\", som inte finns på {}",
            target_page.path
        )),
        _ => None,
    }
}
