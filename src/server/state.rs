//! Shared state for handlers.

use super::static_files::StaticSite;
use super::training::Training;
use std::path::Path;
use std::sync::Arc;
use vagvisare_site::Shell;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The built site, in memory.
    pub files: Arc<StaticSite>,
    /// The layout for server-rendered pages.
    pub shell: Arc<Shell>,
    /// Training modules and records; `None` serves the site without training (404).
    pub training: Option<Arc<Training>>,
    /// The search index; `None` serves the site without search (404).
    pub search: Option<Arc<vagvisare_search::Index>>,
}

impl AppState {
    /// State for the built site in `site_dir`, already loaded into `files`.
    pub fn new(site_dir: &Path, files: Arc<StaticSite>) -> anyhow::Result<AppState> {
        Ok(AppState {
            files,
            shell: Arc::new(Shell::load(site_dir)?),
            training: None,
            search: None,
        })
    }

    /// The same state with search switched on.
    pub fn with_search(mut self, index: Arc<vagvisare_search::Index>) -> AppState {
        self.search = Some(index);
        self
    }

    /// The same state with training switched on.
    pub fn with_training(mut self, training: Arc<Training>) -> AppState {
        self.training = Some(training);
        self
    }
}
