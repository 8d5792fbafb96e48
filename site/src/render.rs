//! HTML that the preprocessor puts around and into each page: the rendered front matter and
//! the shortcodes. Built with maud, so every value is escaped.

use crate::options::SiteOptions;
use crate::ui::{Ui, ui};
use maud::{Markup, PreEscaped, html};
use time::Date;
use vagvisare_model::{
    Audience, ChangeNote, Language, LocalBlock, Origin, Page, Shortcode, Site, Source, SourceKind,
    SupportLine, shortcodes,
};

/// HTML-escapes text.
pub fn escape(text: &str) -> String {
    html! { (text) }.into_string()
}

/// A date in Swedish, e.g. "23 november 2026".
pub fn swedish_date(date: Date) -> String {
    crate::ui::SWEDISH.date(date)
}

/// The page as Markdown for mdBook: rendered front matter, the body with shortcodes
/// expanded, the closing block with sources, related pages and the review line, and the forms
/// for reporting an error (and, when on, "Hittade du det du behövde?").
pub(crate) fn page_markdown(page: &Page, site: &Site, options: &SiteOptions) -> String {
    let body = expand_shortcodes(&page.body, Some(page), site, options, None);
    format!(
        "{}\n\n{}\n\n{}\n\n{}\n",
        page_header(page, site, options).into_string(),
        body.trim_end(),
        page_footer(page, site).into_string(),
        crate::report_form::page_forms(page, options.page_feedback).into_string()
    )
}

/// Pages with at least this many sections get a "På den här sidan" list.
const TOC_MIN_SECTIONS: usize = 3;

/// The chain of parent chapters in SUMMARY.md, outermost first.
pub(crate) fn parents<'a>(page: &Page, site: &'a Site) -> Vec<&'a Page> {
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

/// The page's `##` sections for "På den här sidan", with the headings of the municipality's
/// local blocks in the places where they are shown.
fn toc_entries(page: &Page, options: &SiteOptions) -> Vec<(String, String)> {
    let mut entries: Vec<(usize, String, String)> = page
        .outline
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| (h.line, h.id.clone(), h.text.clone()))
        .collect();
    for (place, line) in &page.places {
        if let Some(block) = page.block(place) {
            entries.push((
                *line,
                format!("{}-rubrik", block.anchor()),
                block.heading(&options.municipality),
            ));
        }
    }
    entries.sort_by_key(|(line, ..)| *line);
    entries
        .into_iter()
        .map(|(_, id, text)| (id, text))
        .collect()
}

fn page_header(page: &Page, site: &Site, options: &SiteOptions) -> Markup {
    let front = &page.front;
    let urgent = front.audience.contains(&Audience::Allman);
    let sections = toc_entries(page, options);
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
            (crate::variant::language_links(page, None))
            (origin_line(page, options))
            @if let Some(r) = &page.replaced {
                aside.ersatt role="note" aria-label="Kommunens egen version" {
                    p {
                        "Det här är " (options.municipality) "s egen version av sidan. Den ersätter den nationella sidan \""
                        (r.national_title) "\" (ansvarig: " (r.national_owner) "). Skäl: " (r.reason)
                    }
                }
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
                    ul { @for (id, text) in &sections { li { a href={ "#" (id) } { (text) } } } }
                }
            }
        }
    }
}

/// Who the text is from: national guidance or the municipality's own, and who owns it.
fn origin_line(page: &Page, options: &SiteOptions) -> Markup {
    match page.origin {
        Origin::National => html! {
            p.ursprung.nationell { span.ursprung-typ { "Nationell vägledning" } " · Ansvarig: " (page.front.owner) }
        },
        Origin::Local => html! {
            p.ursprung.lokalt { span.ursprung-typ { (options.municipality) "s egen text" } " · Ansvarig: " (page.front.owner) }
        },
    }
}

/// A list of cited sources, each linked to its deep address (internal documents as text).
pub(crate) fn source_list(ids: &[String], site: &Site) -> Markup {
    html! {
        ul {
            @for id in ids {
                @if let Some(s) = site.sources.get(id) {
                    li { (source_item(s, site)) }
                }
            }
        }
    }
}

fn source_item(source: &Source, site: &Site) -> Markup {
    let label = site.sources.label(source);
    match site.sources.url(source) {
        Some(url) => html! {
            a href=(url) rel="noreferrer" { (label) }
            span.url { " (" (url) ")" }
        },
        None => html! { (label) span.url { " (internt dokument)" } },
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
                (source_list(&page.cited_sources(), site))
            }
            (change_list(&front.changes, front.reviewed, &crate::ui::SWEDISH))
            p.granskad {
                "Granskad " time datetime=(front.reviewed.to_string()) { (swedish_date(front.reviewed)) }
                " av " (front.owner) ". Nästa granskning senast "
                time datetime=(front.next_review.to_string()) { (swedish_date(front.next_review)) } "."
            }
        }
    }
}

/// "Senast ändrad" and a text's change notes, newest first; significant ones are marked.
pub(crate) fn change_list(changes: &[ChangeNote], reviewed: Date, ui: &Ui) -> Markup {
    let mut changes: Vec<_> = changes.iter().collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.date));
    let last = changes.first().map_or(reviewed, |c| c.date);
    html! {
        p.senast-andrad {
            (ui.last_changed) " " time datetime=(last.to_string()) { (ui.date(last)) } "."
        }
        @if !changes.is_empty() {
            details.andringar-sida {
                summary { (ui.changes) }
                ul {
                    @for c in &changes {
                        li {
                            time datetime=(c.date.to_string()) { (ui.date(c.date)) } ": " (c.note)
                            @if c.significant { " " strong.viktig { (ui.significant) } }
                        }
                    }
                }
            }
        }
    }
}

/// A phone number as a `tel:` link; empty if the id is unknown (`check` reports that).
pub(crate) fn number(line: Option<&SupportLine>) -> Markup {
    match line {
        Some(l) => html! { a.telefon href=(l.tel_uri()) { (l.number) } },
        None => html! {},
    }
}

/// Every support line, in English on English pages (the `*_en` texts of
/// `data/stodlinjer.toml`; `check` makes sure they are there).
fn support_lines(site: &Site, language: Option<Language>) -> Markup {
    let ui = ui(language);
    let english = language.is_some_and(|l| l.html_lang() != "sv");
    let pick = |sv: &Option<String>, en: &Option<String>| -> Option<String> {
        if english {
            en.clone().or_else(|| sv.clone())
        } else {
            sv.clone()
        }
    };
    html! {
        ul.stodlinjer {
            @for l in &site.numbers.lines {
                @let who = if english { l.who_en.clone().unwrap_or_else(|| l.who.clone()) } else { l.who.clone() };
                li {
                    p.namn lang=[english.then_some("sv")] { (l.name) }
                    p.nummer { (number(Some(l))) }
                    p { (who) }
                    @if let Some(h) = pick(&l.hours, &l.hours_en) { p { (h) } }
                    @if let Some(n) = pick(&l.note, &l.note_en) { p.notis { (n) } }
                    @if let Some(u) = &l.url { p { a href=(u) rel="noreferrer" { (ui.website) " " (u.trim_start_matches("https://").trim_end_matches('/')) } } }
                }
            }
        }
        p.granskad {
            (ui.numbers_checked) " " time datetime=(site.numbers.checked.to_string()) { (ui.date(site.numbers.checked)) } "."
        }
    }
}

fn local_contacts(options: &SiteOptions, language: Option<Language>) -> Markup {
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
                        p { (ui(language).phone) " " a.telefon href=(tel_uri(p)) { (p) } }
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

/// Replaces shortcodes with HTML, with the site's words in `language` (`None`: Swedish).
/// Block shortcodes stand on their own line in the Markdown and become one-line HTML blocks.
pub(crate) fn expand_shortcodes(
    text: &str,
    page: Option<&Page>,
    site: &Site,
    options: &SiteOptions,
    language: Option<Language>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, code) in shortcodes(text) {
        out.push_str(&text[last..range.start]);
        let html: Markup = match code {
            Shortcode::Number(id) => number(site.numbers.get(&id)),
            Shortcode::SupportLines => support_lines(site, language),
            Shortcode::LocalContacts => local_contacts(options, language),
            Shortcode::Municipality => html! { (options.municipality) },
            Shortcode::Source(id) => inline_citation(&id, site),
            Shortcode::Local(place) => match page.and_then(|p| p.block(&place)) {
                Some(block) => local_block(block, page, site, options),
                None => PreEscaped(String::new()),
            },
            Shortcode::SourceRegister => source_register(site),
            Shortcode::Unknown(_) => PreEscaped(String::new()),
        };
        out.push_str(&html.into_string());
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// An inline citation: the short reference in brackets, linked to the source.
fn inline_citation(id: &str, site: &Site) -> Markup {
    let Some(source) = site.sources.get(id) else {
        return PreEscaped(String::new());
    };
    let short = site.sources.short_label(source);
    let full = site.sources.label(source);
    match site.sources.url(source) {
        Some(url) => html! {
            span.kalla { "(" a href=(url) rel="noreferrer" title=(full) { (short) } ")" }
        },
        None => html! { span.kalla { "(" (short) ")" } },
    }
}

/// A municipality's text for a place in a national page, under its own heading with its owner
/// and review date. The Markdown is rendered here (not by mdBook) so its headings cannot shift
/// the national page's anchors.
fn local_block(
    block: &LocalBlock,
    page: Option<&Page>,
    site: &Site,
    options: &SiteOptions,
) -> Markup {
    let heading = block.heading(&options.municipality);
    // "Routine" where the place holds the municipality's way of working; "text" elsewhere
    // (contacts, agreements).
    let kind = if block.place == "sa-gor-vi" {
        "s egen rutin"
    } else {
        "s egen text"
    };
    let anchor = block.anchor();
    let body = markdown_to_html(&expand_shortcodes(&block.body, page, site, options, None));
    // The section is one HTML block in the page's Markdown: a blank line would end it.
    let body: String = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let sources = block.cited_sources();
    html! {
        section.lokalt id=(anchor) aria-labelledby=(format!("{anchor}-rubrik")) {
            h2 id=(format!("{anchor}-rubrik")) { (heading) }
            p.ursprung.lokalt {
                span.ursprung-typ { (options.municipality) (kind) }
                " · Ansvarig: " (block.owner)
                " · Granskad " time datetime=(block.reviewed.to_string()) { (swedish_date(block.reviewed)) }
            }
            @if block.review_overdue(options.today) {
                p.forsenad role="note" {
                    "Texten skulle ha granskats senast " (swedish_date(block.next_review))
                    ". Kontrollera uppgifterna innan du använder dem."
                }
            }
            div.lokalt-text { (PreEscaped(body)) }
            @if !sources.is_empty() {
                details.lokalt-kallor {
                    summary { "Källor för kommunens text" }
                    (source_list(&sources, site))
                }
            }
        }
    }
}

/// Renders a local block's Markdown with the options mdBook uses. Relative links to pages
/// (`../a.md#x`) become links to the rendered pages (`../a.html#x`), as mdBook does for pages.
fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    let events = Parser::new_ext(markdown, opts).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = rewrite_md_link(&dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(dest),
                title,
                id,
            })
        }
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

fn rewrite_md_link(dest: &str) -> String {
    if dest.contains("://") || dest.starts_with('/') || dest.starts_with("mailto:") {
        return dest.to_string();
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path = match path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => path.to_string(),
    };
    match anchor {
        Some(a) => format!("{path}#{a}"),
        None => path,
    }
}

/// The whole register: laws with their provisions, then documents and pages, each with the
/// date it was checked and the pages that cite it, so an editor can see what a change touches.
fn source_register(site: &Site) -> Markup {
    let cited = site.citations();
    let users = |id: &str| cited.get(id).cloned().unwrap_or_default();
    let laws: Vec<&Source> = site
        .sources
        .iter()
        .filter(|s| matches!(s.kind, SourceKind::Law(_)))
        .collect();
    let documents: Vec<&Source> = site
        .sources
        .iter()
        .filter(|s| matches!(s.kind, SourceKind::Document(_)))
        .collect();
    let shallow = site.sources.shallow().count();
    let row = |s: &Source| {
        let pages = users(&s.id);
        let checked = site.sources.checked(s);
        let shallow = match &s.kind {
            SourceKind::Document(d) => !d.deep,
            SourceKind::Law(l) => !l.deep,
            SourceKind::Provision(_) => false,
        };
        html! {
            li.kallregister-post id=(format!("kalla-{}", s.id)) {
                @if matches!(s.kind, SourceKind::Provision(_)) {
                    @match site.sources.url(s) {
                        Some(url) => a href=(url) rel="noreferrer" { (site.sources.label(s)) },
                        None => (site.sources.label(s)),
                    }
                } @else {
                    (source_item(s, site))
                }
                @if shallow { " " span.markering { "Att förbättra: länken går inte direkt till källan" } }
                @if let (Some(c), false) = (checked, matches!(s.kind, SourceKind::Provision(_))) {
                    " " span.kontrollerad { "Kontrollerad " time datetime=(c.to_string()) { (swedish_date(c)) } }
                }
                @if pages.is_empty() {
                    p.anvands { "Ingen sida hänvisar till källan." }
                } @else {
                    p.anvands {
                        "Används på: "
                        @for (i, p) in pages.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(p.url()) { (p.front.title) }
                        }
                    }
                }
            }
        }
    };
    html! {
        div.kallregister {
            p {
                "Registret har " (site.sources.len()) " källor. "
                @if shallow > 0 {
                    (shallow) " av dem saknar ännu en länk direkt till lagtexten eller den exakta sidan. De är markerade nedan."
                }
            }
            h2 #lagar { "Lagar och paragrafer" }
            ul.kallregister-lista {
                @for law in &laws {
                    (row(law))
                    @let provisions: Vec<&Source> = site.sources.iter().filter(|p| matches!(&p.kind, SourceKind::Provision(pr) if pr.law == law.id)).collect();
                    @if !provisions.is_empty() {
                        li.kallregister-paragrafer {
                            ul { @for p in &provisions { (row(p)) } }
                        }
                    }
                }
            }
            h2 #dokument { "Dokument och webbsidor" }
            ul.kallregister-lista {
                @for d in &documents { (row(d)) }
            }
        }
    }
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
    fn block_links_to_pages_are_rewritten() {
        assert_eq!(rewrite_md_link("../a/b.md#x"), "../a/b.html#x");
        assert_eq!(rewrite_md_link("https://a.se/b.md"), "https://a.se/b.md");
        assert_eq!(rewrite_md_link("#x"), "#x");
        let html = markdown_to_html("Se [rutinen](../rutiner/a.md#steg).\n\n## Rubrik\n");
        assert!(html.contains("href=\"../rutiner/a.html#steg\""), "{html}");
        assert!(html.contains("<h2>Rubrik</h2>"), "{html}");
    }

    #[test]
    fn escapes_and_formats_tel_uris() {
        assert_eq!(escape("<a & b>"), "&lt;a &amp; b&gt;");
        assert_eq!(tel_uri("+46 8-123 45"), "tel:+46812345");
    }
}
