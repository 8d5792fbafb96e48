//! Which content versions a certificate covers: at issue, the seen stamp (national text with
//! the municipality's local blocks) of every page in the module's reading list; later, which
//! of those pages have changed significantly since, by the content model's one comparison
//! ([`vagvisare_model::drift`], the same as for local blocks and language variants).

use crate::modules::PageLinks;
use vagvisare_model::{ContentHash, Drift, Stamp, Version, drift};
use vagvisare_quizzes::{Certificate, Module, PageVersion};

/// The version of each page of `module`'s reading list (each page once, in reading order).
pub fn reading_pages(links: &PageLinks, module: &Module) -> Vec<PageVersion> {
    let mut pages: Vec<PageVersion> = Vec::new();
    for source in &module.reading {
        if pages.iter().any(|p| p.page == source.page) {
            continue;
        }
        let Some(link) = links.get(&source.page) else {
            continue; // `check` refuses modules with unknown pages
        };
        pages.push(PageVersion {
            page: source.page.clone(),
            version: link.seen.version.0,
            hash: link.seen.hash.as_ref().map(|h| h.as_str().to_string()),
        });
    }
    pages
}

/// A reading-list page that has changed significantly since a certificate was issued.
#[derive(Debug, Clone)]
pub struct Changed {
    /// The content path.
    pub page: String,
    /// The page's title now.
    pub title: String,
    /// Where it is served.
    pub url: String,
    /// What changed since (the significant change notes).
    pub drift: Drift,
}

/// The pages of `cert`'s reading list with a significant change after the recorded version.
/// A page that no longer exists is not listed (there is nothing newer to read).
pub fn changed_pages(links: &PageLinks, cert: &Certificate) -> Vec<Changed> {
    cert.pages
        .iter()
        .filter_map(|recorded| {
            let link = links.get(&recorded.page)?;
            let stamp = Stamp {
                version: Version(recorded.version),
                hash: recorded.hash.as_deref().and_then(ContentHash::parse),
            };
            let d = drift(&stamp, &link.seen, &link.changes)?;
            d.is_significant().then(|| Changed {
                page: recorded.page.clone(),
                title: link.title.clone(),
                url: link.url.clone(),
                drift: d,
            })
        })
        .collect()
}

/// The title of a recorded page, or its path when it is gone.
pub fn page_title<'a>(links: &'a PageLinks, page: &'a str) -> &'a str {
    links.get(page).map_or(page, |l| l.title.as_str())
}
