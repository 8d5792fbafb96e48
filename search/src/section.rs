//! The unit of search: one section of one page, taken from the content model.

use vagvisare_model::{Audience, GLOSSARY, Language, Origin, Outline, Site};

/// One section: a page split at its headings.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionDoc {
    /// The page title.
    pub title: String,
    /// The section heading; `None` for the text before the first heading.
    pub heading: Option<String>,
    /// The page URL with `#anchor` (the anchor the site renders), or without for the intro.
    pub url: String,
    /// The page summary.
    pub summary: String,
    /// The page tags.
    pub tags: Vec<String>,
    /// The page's audiences.
    pub audience: Vec<Audience>,
    /// The section's plain text.
    pub body: String,
    /// National guidance, or the municipality's own text (a local page or a local block).
    pub origin: Origin,
    /// True for an entry of the glossary ("Ord och begrepp"), which ranks after a guidance
    /// page on the same topic.
    pub glossary: bool,
    /// The section's language: `None` for Swedish, else the page variant's language
    /// (lättläst, English …).
    pub language: Option<Language>,
}

/// Every section of every page, in SUMMARY order. Headings with no text of their own (the
/// glossary's letter headings, a `##` directly followed by `###`) are left out: their
/// subsections carry the content.
pub fn sections_of(site: &Site) -> Vec<SectionDoc> {
    let mut out = Vec::new();
    for page in &site.pages {
        let url = page.url();
        for section in page
            .outline
            .sections
            .iter()
            .filter(|s| !s.text.trim().is_empty())
        {
            out.push(SectionDoc {
                title: page.front.title.clone(),
                heading: section.heading.as_ref().map(|h| h.text.clone()),
                url: match &section.heading {
                    Some(h) => format!("{url}#{}", h.id),
                    None => url.clone(),
                },
                summary: page.front.summary.clone(),
                tags: page.front.tags.clone(),
                audience: page.front.audience.clone(),
                body: section.text.clone(),
                origin: page.origin,
                glossary: page.path == GLOSSARY,
                language: None,
            });
        }
        // A national page's local blocks: one section each, under the heading the page shows,
        // so a search for a local routine lands on the municipality's own text.
        let municipality = site.municipality().unwrap_or("kommunen");
        for block in &page.blocks {
            let outline = Outline::parse(&block.body, block.body_line);
            let body = outline
                .sections
                .iter()
                .flat_map(|s| {
                    s.heading
                        .iter()
                        .map(|h| h.text.as_str())
                        .chain([s.text.as_str()])
                })
                .filter(|t| !t.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            if body.is_empty() {
                continue;
            }
            out.push(SectionDoc {
                title: page.front.title.clone(),
                heading: Some(block.heading(municipality)),
                url: format!("{url}#{}", block.anchor()),
                summary: page.front.summary.clone(),
                tags: page.front.tags.clone(),
                audience: page.front.audience.clone(),
                body,
                origin: Origin::Local,
                glossary: false,
                language: None,
            });
        }
    }
    out
}

/// Every section of every published variant in `language`, in SUMMARY order, with the
/// Swedish page's audiences (so the audience filter works the same in every language).
pub fn variant_sections(site: &Site, language: Language) -> Vec<SectionDoc> {
    let mut out = Vec::new();
    for page in &site.pages {
        let Some(variant) = page.variant(language).filter(|v| v.published()) else {
            continue;
        };
        let url = variant.url();
        for section in variant
            .outline
            .sections
            .iter()
            .filter(|s| !s.text.trim().is_empty())
        {
            out.push(SectionDoc {
                title: variant.title.clone(),
                heading: section.heading.as_ref().map(|h| h.text.clone()),
                url: match &section.heading {
                    Some(h) => format!("{url}#{}", h.id),
                    None => url.clone(),
                },
                summary: variant.summary.clone(),
                tags: variant.tags.clone(),
                audience: page.front.audience.clone(),
                body: section.text.clone(),
                origin: page.origin,
                glossary: false,
                language: Some(language),
            });
        }
    }
    out
}
