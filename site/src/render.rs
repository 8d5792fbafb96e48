//! HTML that the preprocessor puts around and into each page: the rendered front matter and
//! the shortcodes. Built with maud, so every value is escaped.

use crate::options::SiteOptions;
use maud::{Markup, PreEscaped, html};
use time::Date;
use vagvisare_model::{Audience, Page, Shortcode, Site, SupportLine, shortcodes};

/// HTML-escapes text.
pub fn escape(text: &str) -> String {
    html! { (text) }.into_string()
}

/// A date in Swedish, e.g. "23 november 2026".
pub fn swedish_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let month = MONTHS[usize::from(u8::from(date.month())) - 1];
    format!("{} {month} {}", date.day(), date.year())
}

/// The page as Markdown for mdBook: rendered front matter, the body with shortcodes
/// expanded, and the closing block with sources, related pages and the review line.
pub(crate) fn page_markdown(page: &Page, site: &Site, options: &SiteOptions) -> String {
    let body = expand_shortcodes(&page.body, site, options);
    format!(
        "{}\n\n{}\n\n{}\n",
        page_header(page, site, options).into_string(),
        body.trim_end(),
        page_footer(page, site).into_string()
    )
}

/// Pages with at least this many sections get a "På den här sidan" list.
const TOC_MIN_SECTIONS: usize = 3;

/// The chain of parent chapters in SUMMARY.md, outermost first.
fn parents<'a>(page: &Page, site: &'a Site) -> Vec<&'a Page> {
    let entries = &site.summary.entries;
    let Some(index) = entries.iter().position(|e| e.path == page.path) else {
        return Vec::new();
    };
    let mut depth = entries[index].depth;
    let mut chain = Vec::new();
    for entry in entries[..index].iter().rev() {
        if entry.depth < depth {
            depth = entry.depth;
            chain.extend(site.page(&entry.path));
        }
    }
    chain.reverse();
    chain
}

fn page_header(page: &Page, site: &Site, options: &SiteOptions) -> Markup {
    let front = &page.front;
    let urgent = front.audience.contains(&Audience::Allman);
    let sections: Vec<_> = page
        .outline
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .collect();
    let parents = parents(page, site);
    html! {
        @if page.path != "index.md" {
            nav.brodsmulor aria-label="Du är här" {
                ol {
                    li { a href="/" { "Start" } }
                    @for p in &parents { li { a href=(p.url()) { (p.front.title) } } }
                    li aria-current="page" { (front.title) }
                }
            }
        }
        header.sidhuvud-sida {
            h1 { (front.title) }
            p.sammanfattning { (front.summary) }
            ul.malgrupper aria-label="Sidan är skriven för" {
                @for a in &front.audience { li { (a.label()) } }
            }
            @if page.review_overdue(options.today) {
                p.forsenad role="note" {
                    "Sidan skulle ha granskats senast " (swedish_date(front.next_review))
                    ". Kontrollera uppgifterna innan du använder dem."
                }
            }
            @if urgent {
                aside.akut aria-label="Akut hjälp" {
                    p {
                        strong { "Är du i fara nu? " }
                        "Ring " (number(site.numbers.get("nodnummer"))) ". "
                        "Kvinnofridslinjen svarar dygnet runt: "
                        (number(site.numbers.get("kvinnofridslinjen"))) "."
                    }
                }
            }
            @if sections.len() >= TOC_MIN_SECTIONS {
                nav.pa-sidan aria-labelledby="pa-sidan" {
                    h2 #pa-sidan { "På den här sidan" }
                    ul { @for h in &sections { li { a href={ "#" (h.id) } { (h.text) } } } }
                }
            }
        }
    }
}

fn page_footer(page: &Page, site: &Site) -> Markup {
    let front = &page.front;
    let related: Vec<&Page> = front.related.iter().filter_map(|p| site.page(p)).collect();
    html! {
        footer.sidfot-sida {
            @if !related.is_empty() {
                nav.relaterat aria-labelledby="las-ocksa" {
                    h2 #las-ocksa { "Läs också" }
                    ul {
                        @for r in &related {
                            li { a href=(r.url()) { (r.front.title) } " – " (r.front.summary) }
                        }
                    }
                }
            }
            section.kallor aria-labelledby="kallor" {
                h2 #kallor { "Källor" }
                ul {
                    @for s in &front.sources {
                        li { a href=(s.url) rel="noreferrer" { (s.title) } span.url { " (" (s.url) ")" } }
                    }
                }
            }
            p.granskad {
                "Granskad " time datetime=(front.reviewed.to_string()) { (swedish_date(front.reviewed)) }
                " av " (front.owner) ". Nästa granskning senast "
                time datetime=(front.next_review.to_string()) { (swedish_date(front.next_review)) } "."
            }
        }
    }
}

/// A phone number as a `tel:` link; empty if the id is unknown (`check` reports that).
fn number(line: Option<&SupportLine>) -> Markup {
    match line {
        Some(l) => html! { a.telefon href=(l.tel_uri()) { (l.number) } },
        None => html! {},
    }
}

fn support_lines(site: &Site) -> Markup {
    html! {
        ul.stodlinjer {
            @for l in &site.numbers.lines {
                li {
                    p.namn { (l.name) }
                    p.nummer { (number(Some(l))) }
                    p { (l.who) }
                    @if let Some(h) = &l.hours { p { (h) } }
                    @if let Some(n) = &l.note { p.notis { (n) } }
                    @if let Some(u) = &l.url { p { a href=(u) rel="noreferrer" { "Webbplats: " (u.trim_start_matches("https://").trim_end_matches('/')) } } }
                }
            }
        }
        p.granskad {
            "Numren kontrollerades " time datetime=(site.numbers.checked.to_string()) { (swedish_date(site.numbers.checked)) } "."
        }
    }
}

fn local_contacts(options: &SiteOptions) -> Markup {
    if options.contacts.is_empty() {
        return html! {};
    }
    html! {
        ul.kontakter {
            @for c in &options.contacts {
                li {
                    p.namn { strong { (c.name) } }
                    @if let Some(d) = &c.description { p { (d) } }
                    @if let Some(p) = &c.phone {
                        p { "Telefon: " a.telefon href=(tel_uri(p)) { (p) } }
                    }
                    @if let Some(h) = &c.hours { p { (h) } }
                    @if let Some(u) = &c.url { p { a href=(u) rel="noreferrer" { (u) } } }
                }
            }
        }
    }
}

fn tel_uri(number: &str) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// Replaces shortcodes with HTML. Block shortcodes stand on their own line in the Markdown and
/// become one-line HTML blocks.
pub(crate) fn expand_shortcodes(text: &str, site: &Site, options: &SiteOptions) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, code) in shortcodes(text) {
        out.push_str(&text[last..range.start]);
        let html: Markup = match code {
            Shortcode::Number(id) => number(site.numbers.get(&id)),
            Shortcode::SupportLines => support_lines(site),
            Shortcode::LocalContacts => local_contacts(options),
            Shortcode::Municipality => html! { (options.municipality) },
            Shortcode::Unknown(_) => PreEscaped(String::new()),
        };
        out.push_str(&html.into_string());
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_swedish() {
        assert_eq!(swedish_date(date!(2026 - 11 - 03)), "3 november 2026");
    }

    #[test]
    fn escapes_and_formats_tel_uris() {
        assert_eq!(escape("<a & b>"), "&lt;a &amp; b&gt;");
        assert_eq!(tel_uri("+46 8-123 45"), "tel:+46812345");
    }
}
