//! The Vägvisaren static site.
//!
//! Renders the content model ([`vagvisare_model::Site`]) to HTML with mdBook 0.5 used as a
//! library: an in-process preprocessor replaces each chapter's raw text with the page body from
//! the model, framed by the rendered front matter (summary, audiences, review notice, sources,
//! related pages), and a Swedish theme supplies the layout with the quick exit and the search
//! box. [`Shell`] gives server-rendered pages (search results, training) the same layout.
//!
//! A build also writes gzip and brotli variants of every text file ([`CompressCache`] keeps
//! them by content hash, so unchanged files are not compressed again) and a [`Manifest`] of
//! the files it wrote, which is all the server serves.
//!
//! mdBook's `anyhow` errors stay inside this crate; callers see [`BuildError`].

mod build;
mod changes;
mod compress;
mod fingerprint;
mod manifest;
mod options;
mod preprocessor;
mod render;
mod report_form;
mod shell;
mod theme;
mod ui;
mod variant;

pub use build::{BuildError, BuildReport, BuildTarget, build};
pub use changes::{Change, significant_changes};
pub use compress::{CompressCache, CompressStats, Encoding, sha256_hex};
pub use fingerprint::fingerprint;
pub use manifest::{MANIFEST_FILE, Manifest, ManifestError, ManifestFile, content_type};
pub use options::{Contact, SiteOptions};
pub use render::{escape, swedish_date};
pub use report_form::{
    FEEDBACK_ACTION, FIELD_ANSWER, FIELD_CONTACT, FIELD_PAGE, FIELD_SUGGESTION, FIELD_TRAP,
    FIELD_WHAT, REPORT_ACTION, REPORT_CONTACT_MAX, REPORT_TEXT_MAX,
};
pub use shell::{Shell, ShellError};
pub use ui::{ENGLISH, NavLink, SWEDISH, SearchWords, Ui, ui};
