//! Language variants on the site: each published variant is its own page under its language's
//! prefix (`/en/hjalp/`, `/lattlast/rattigheter/tolk.html`), rendered by mdBook in a book of
//! its own with the site's words in that language ([`crate::ui`]). Every page links to its
//! other versions, visibly (in each version's own language and name) and in the head
//! (`hreflang` alternates); the start page of a language lists all its pages.

use crate::options::SiteOptions;
use crate::render::{change_list, expand_shortcodes, number, parents, source_list};
use crate::ui::ui;
use maud::{Markup, html};
use std::collections::BTreeSet;
use vagvisare_model::{Audience, Language, Page, Site, Variant};

/// The languages that have at least one published variant, in a stable order.
pub(crate) fn languages(site: &Site) -> Vec<Language> {
    let set: BTreeSet<Language> = site
        .pages
        .iter()
        .flat_map(|p| p.published_variants())
        .map(|v| v.language)
        .collect();
    set.into_iter().collect()
}

/// The `hreflang` value: the language's tag, with lättläst marked as its own kind of Swedish.
pub(crate) fn hreflang(language: Option<Language>) -> &'static str {
    match language {
        None => "sv",
        Some(l) if l.is_easy_swedish() => "sv-x-lattlast",
        Some(l) => l.html_lang(),
    }
}

/// The `<link rel="alternate">` lines for a page and all its published variants, the Swedish
/// page first. Absolute when the site's public address is known.
pub(crate) fn alternates(page: &Page, options: &SiteOptions) -> String {
    let base = options
        .public_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/');
    let mut links = vec![(hreflang(None), page.url())];
    links.extend(
        page.published_variants()
            .map(|v| (hreflang(Some(v.language)), v.url())),
    );
    if links.len() == 1 {
        return String::new();
    }
    links
        .into_iter()
        .map(|(lang, url)| {
            html! { link rel="alternate" hreflang=(lang) href={ (base) (url) }; }.into_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The visible links from a page (`current`: `None` for the Swedish one) to its other
/// versions, each in its own language and name.
pub(crate) fn language_links(page: &Page, current: Option<Language>) -> Markup {
    let mut others: Vec<(Option<Language>, String, &'static str)> = Vec::new();
    if current.is_some() {
        others.push((None, page.url(), "Svenska"));
    }
    for v in page.published_variants() {
        if Some(v.language) != current {
            others.push((Some(v.language), v.url(), v.language.native_name()));
        }
    }
    if others.is_empty() {
        return html! {};
    }
    let ui = ui(current);
    html! {
        nav.sprak aria-label=(ui.languages_region) {
            ul {
                @for (language, url, name) in &others {
                    @let lang = language.map_or("sv", |l| l.html_lang());
                    @let dir = language.map_or("ltr", |l| l.direction().attr());
                    li { a href=(url) hreflang=(hreflang(*language)) lang=(lang) dir=(dir) { (name) } }
                }
            }
        }
    }
}

/// The variant as Markdown for mdBook: header, body with shortcodes expanded in the
/// variant's language, and the closing block with related pages, sources and the review line.
pub(crate) fn variant_markdown(
    page: &Page,
    variant: &Variant,
    site: &Site,
    options: &SiteOptions,
) -> String {
    // Local blocks are the municipality's Swedish text: variants do not show them.
    let body = expand_shortcodes(&variant.body, None, site, options, Some(variant.language));
    let index = if page.path == "index.md" {
        all_pages(site, variant.language).into_string()
    } else {
        String::new()
    };
    format!(
        "{}\n\n{}\n\n{index}\n\n{}\n",
        header(page, variant, site).into_string(),
        body.trim_end(),
        footer(page, variant, site).into_string()
    )
}

/// Pages with at least this many sections get an "On this page" list.
const TOC_MIN_SECTIONS: usize = 3;

/// `lang` and `dir` for the site's words on a page in a language without a table of its own
/// (they are then the English words, left to right); `None` when the words are the page's.
fn words_lang(variant: &Variant) -> (Option<&'static str>, Option<&'static str>) {
    let ui = ui(Some(variant.language));
    if ui.lang == variant.language.html_lang() {
        (None, None)
    } else {
        (Some(ui.lang), Some("ltr"))
    }
}

fn header(page: &Page, variant: &Variant, site: &Site) -> Markup {
    let language = variant.language;
    let ui = ui(Some(language));
    let (lang, dir) = words_lang(variant);
    let parents: Vec<&Variant> = parents(page, site)
        .into_iter()
        .filter_map(|p| p.variant(language).filter(|v| v.published()))
        .collect();
    let sections: Vec<_> = variant
        .outline
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .collect();
    let home = format!("{}/", language.prefix());
    html! {
        @if page.path != "index.md" {
            nav.brodsmulor aria-label=(ui.breadcrumbs) {
                ol {
                    li { a href=(home) { (ui.start) } }
                    @for p in &parents { @if p.of != "index.md" { li { a href=(p.url()) { (p.title) } } } }
                    li aria-current="page" { (variant.title) }
                }
            }
        }
        header.sidhuvud-sida {
            h1 { (variant.title) }
            p.sammanfattning { (variant.summary) }
            ul.malgrupper aria-label=(ui.written_for) lang=[lang] dir=[dir] {
                @for a in &page.front.audience { li { (ui.audience(*a)) } }
            }
            (language_links(page, Some(language)))
            p.ursprung.nationell lang=[lang] dir=[dir] { span.ursprung-typ { (ui.national) } " · " (ui.responsible) " " span lang="sv" { (variant.owner) } }
            @if page.front.audience.contains(&Audience::Allman) {
                aside.akut aria-label=(ui.urgent_region) lang=[lang] dir=[dir] {
                    p {
                        strong { (ui.danger_now) " " }
                        (ui.call) " " (number(site.numbers.get("nodnummer"))) ". "
                        (ui.kvinnofrid_always) " "
                        (number(site.numbers.get("kvinnofridslinjen"))) "."
                    }
                }
            }
            @if sections.len() >= TOC_MIN_SECTIONS {
                nav.pa-sidan aria-labelledby="pa-sidan" {
                    h2 #pa-sidan lang=[lang] dir=[dir] { (ui.on_this_page) }
                    ul { @for h in &sections { li { a href={ "#" (h.id) } { (h.text) } } } }
                }
            }
        }
    }
}

fn footer(page: &Page, variant: &Variant, site: &Site) -> Markup {
    let ui = ui(Some(variant.language));
    let (lang, dir) = words_lang(variant);
    let related: Vec<&Variant> = page
        .front
        .related
        .iter()
        .filter_map(|p| site.page(p))
        .filter_map(|p| p.variant(variant.language).filter(|v| v.published()))
        .collect();
    let sources = if variant.sources.is_empty() {
        page.cited_sources()
    } else {
        variant.sources.clone()
    };
    html! {
        footer.sidfot-sida {
            @if !related.is_empty() {
                nav.relaterat aria-labelledby="las-ocksa" {
                    h2 #las-ocksa lang=[lang] dir=[dir] { (ui.read_also) }
                    ul { @for r in &related { li { a href=(r.url()) { (r.title) } " – " (r.summary) } } }
                }
            }
            section.kallor aria-labelledby="kallor" {
                h2 #kallor lang=[lang] dir=[dir] { (ui.sources) }
                div lang="sv" { (source_list(&sources, site)) }
            }
            div lang=[lang] dir=[dir] { (change_list(&variant.changes, variant.reviewed, ui)) }
            p.granskad lang=[lang] dir=[dir] {
                (ui.reviewed) " " time datetime=(variant.reviewed.to_string()) { (ui.date(variant.reviewed)) }
                " " (ui.by) " " span lang="sv" { (variant.owner) } "."
                @if let Some(r) = &variant.reviewed_by {
                    " " (ui.translation_reviewed_by) " " (r) "."
                }
            }
        }
    }
}

/// The list of every published page in `language`, for the language's start page.
fn all_pages(site: &Site, language: Language) -> Markup {
    let ui = ui(Some(language));
    let variants: Vec<&Variant> = site
        .pages
        .iter()
        .filter(|p| p.path != "index.md")
        .filter_map(|p| p.variant(language).filter(|v| v.published()))
        .collect();
    html! {
        section.alla-sidor aria-labelledby="alla-sidor" {
            h2 #alla-sidor { (ui.all_pages) }
            ul { @for v in &variants { li { a href=(v.url()) { (v.title) } " – " (v.summary) } } }
        }
    }
}

/// SUMMARY.md for a language's book: the pages with a published variant in `language`, in the
/// Swedish order, titled in the language. A chapter whose parent has no variant moves up so
/// the nesting stays valid.
pub(crate) fn summary(site: &Site, language: Language) -> String {
    let mut out = String::from("# Vägvisaren\n\n");
    let mut depths: Vec<usize> = Vec::new();
    for entry in &site.summary.entries {
        let Some(v) = site
            .page(&entry.path)
            .and_then(|p| p.variant(language))
            .filter(|v| v.published())
        else {
            continue;
        };
        while depths.last().is_some_and(|&d| d >= entry.depth) {
            depths.pop();
        }
        let level = depths.len();
        depths.push(entry.depth);
        let title = v.title.replace(['[', ']'], "");
        out.push_str(&format!(
            "{}- [{title}]({})\n",
            "  ".repeat(level),
            entry.path
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vagvisare_model::Paths;

    /// The variants fixture: a page with lättläst, English and Arabic versions.
    fn fixture() -> Site {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/variants");
        Site::load(&Paths::under(&root), time::macros::date!(2026 - 12 - 01))
            .expect("the fixture loads")
            .site
    }

    fn options(public_url: Option<&str>) -> SiteOptions {
        SiteOptions {
            municipality: "Exempelstad".into(),
            neutral_url: "https://www.smhi.se/".into(),
            contacts: Vec::new(),
            today: time::macros::date!(2026 - 12 - 01),
            public_url: public_url.map(str::to_string),
            page_feedback: false,
        }
    }

    #[test]
    fn alternates_name_every_version_swedish_first() {
        let site = fixture();
        let page = site.page("stod.md").expect("page");
        let links = alternates(page, &options(None));
        let lines: Vec<&str> = links.lines().collect();
        assert_eq!(lines.len(), 4, "{links}");
        assert_eq!(
            lines[0],
            "<link rel=\"alternate\" hreflang=\"sv\" href=\"/stod.html\">"
        );
        assert!(links.contains("hreflang=\"ar\" href=\"/ar/stod.html\""));
        let absolute = alternates(page, &options(Some("https://vagvisaren.exempelstad.se/")));
        assert!(absolute.contains("href=\"https://vagvisaren.exempelstad.se/en/stod.html\""));
        assert_eq!(
            languages(&site).iter().map(|l| l.code).collect::<Vec<_>>(),
            ["ar", "en", "lattlast"]
        );
    }

    #[test]
    fn a_language_book_lists_its_pages_in_swedish_order() {
        let site = fixture();
        let en = Language::from_code("en").expect("en");
        let ar = Language::from_code("ar").expect("ar");
        let summary_en = summary(&site, en);
        assert!(
            summary_en.contains("- [Start for testing](index.md)"),
            "{summary_en}"
        );
        assert!(summary_en.contains("[Support from social services](stod.md)"));
        // Arabic has only the one page: it stands at the top level.
        assert_eq!(
            summary(&site, ar),
            "# Vägvisaren\n\n- [الدعم من الخدمات الاجتماعية](stod.md)\n"
        );
        let links = language_links(site.page("stod.md").expect("page"), Some(ar)).into_string();
        assert!(
            links.contains("lang=\"sv\" dir=\"ltr\">Svenska</a>"),
            "{links}"
        );
        assert!(!links.contains("العربية"), "no link to the page itself");
    }

    #[test]
    fn hreflang_marks_lattlast_apart() {
        assert_eq!(hreflang(None), "sv");
        assert_eq!(hreflang(Language::from_code("en")), "en");
        assert_eq!(hreflang(Language::from_code("lattlast")), "sv-x-lattlast");
        assert_eq!(hreflang(Language::from_code("ar")), "ar");
    }
}
