//! The search crate's one error type.

use std::path::PathBuf;

/// What can go wrong when building or querying the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The synonyms file is invalid; `path:line: message` in Swedish.
    #[error("{}:{line}: {message}", path.display())]
    Synonyms {
        /// The file as shown to the user.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong, in Swedish.
        message: String,
    },
    /// tantivy failed (a bug or resource problem on our side, not the reader's input).
    #[error("sökindexet: {0}")]
    Index(#[from] tantivy::TantivyError),
}
