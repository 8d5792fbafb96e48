//! The training modules in `quizzes/modules/`, loaded with their sources checked against the
//! content model: every question's `source` and every reading-list entry must be a real page
//! (and heading). Used by `check` and at server start, so both see the same problems.

use std::collections::HashMap;
use std::path::Path;
use vagvisare_model::{Problem, Site};
use vagvisare_quizzes::{Catalog, SourceLookup, Target};

/// Where module files live, relative to the project folder.
pub const MODULES_DIR: &str = "quizzes/modules";

/// Answers the quizzes crate's source lookups from the content model.
pub struct SiteLookup<'a>(pub &'a Site);

impl SourceLookup for SiteLookup<'_> {
    fn lookup(&self, page: &str, anchor: Option<&str>) -> Target {
        match (self.0.page(page), anchor) {
            (None, _) => Target::NoPage,
            (Some(_), None) => Target::Found,
            (Some(p), Some(a)) if p.outline.has_anchor(a) => Target::Found,
            (Some(_), Some(_)) => Target::NoAnchor,
        }
    }
}

/// Loads every module under `root`, checking sources with `lookup` (normally [`SiteLookup`]).
/// A project without `quizzes/modules/` has no modules. Problems come back as the content
/// model's errors, so `check` prints and counts them alike.
pub fn load(root: &Path, lookup: &dyn SourceLookup) -> Result<Catalog, Vec<Problem>> {
    let dir = root.join(MODULES_DIR);
    if !dir.is_dir() {
        return Ok(Catalog::default());
    }
    match vagvisare_quizzes::load_dir(&dir, lookup) {
        Ok(catalog) => Ok(catalog),
        Err(vagvisare_quizzes::Error::Invalid(problems)) => Err(problems
            .into_iter()
            .map(|p| Problem::error(&p.path, p.line, p.message))
            .collect()),
        Err(e) => Err(vec![Problem::error(&dir, 1, e.to_string())]),
    }
}

/// A content page as the training pages link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The page's title.
    pub title: String,
    /// The URL it is served at.
    pub url: String,
    /// Heading id → heading text.
    pub headings: HashMap<String, String>,
}

/// Titles, URLs and heading texts of all pages, by content path, for the reading lists and
/// the "read more" links under each answer.
#[derive(Debug, Clone, Default)]
pub struct PageLinks(HashMap<String, PageLink>);

impl PageLinks {
    /// Collects links for every page of the site.
    pub fn new(site: &Site) -> PageLinks {
        PageLinks(
            site.pages
                .iter()
                .map(|p| {
                    let headings = p
                        .outline
                        .headings
                        .iter()
                        .map(|h| (h.id.clone(), h.text.clone()))
                        .collect();
                    let link = PageLink {
                        title: p.front.title.clone(),
                        url: p.url(),
                        headings,
                    };
                    (p.path.clone(), link)
                })
                .collect(),
        )
    }

    /// The page at a content path.
    pub fn get(&self, path: &str) -> Option<&PageLink> {
        self.0.get(path)
    }

    /// A link target and a label (`Page – Heading`) for a reference; the raw reference when
    /// the page is unknown (which `check` prevents).
    pub fn resolve(&self, source: &vagvisare_quizzes::SourceRef) -> (String, String) {
        let Some(page) = self.get(&source.page) else {
            return (String::new(), source.to_string());
        };
        match &source.anchor {
            Some(anchor) => {
                let label = match page.headings.get(anchor) {
                    Some(h) => format!("{} – {h}", page.title),
                    None => page.title.clone(),
                };
                (format!("{}#{anchor}", page.url), label)
            }
            None => (page.url.clone(), page.title.clone()),
        }
    }
}
