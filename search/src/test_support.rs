//! Shared test helpers: the bundled content's index, built once per test run.

use crate::{Index, SYNONYMS_FILE, Synonyms};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the search crate is in the workspace")
        .to_path_buf()
}

/// The index of the bundled content with the bundled synonyms.
pub fn bundled_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let root = repo();
        let today = time::Date::from_calendar_date(2026, time::Month::January, 1).expect("date");
        let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(&root), today)
            .expect("bundled content loads");
        let synonyms =
            Synonyms::load(&root.join(SYNONYMS_FILE), Path::new(SYNONYMS_FILE)).expect("synonyms");
        Index::build(&loaded.site, synonyms).expect("index")
    })
}
