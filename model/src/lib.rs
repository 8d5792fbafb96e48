//! The content model of Vägvisaren.
//!
//! This crate owns the one parse of `content/`: `SUMMARY.md`, every page's TOML front matter,
//! each page's outline (headings with the anchors mdBook renders, links, sections and text
//! blocks) and the verified support numbers in `data/stodlinjer.toml`. Everything downstream –
//! the mdBook site, the search index, the quiz source links and `vagvisare check` – reads
//! [`Site`] and never parses content again.
//!
//! Problems are collected, not thrown: [`Site::load`] reports every error and warning it finds,
//! each as `path:line: message` in Swedish.

mod audience;
mod front_matter;
mod links;
mod numbers;
mod outline;
mod page;
mod problem;
mod readability;
mod shortcode;
mod site;
mod summary;

pub use audience::Audience;
pub use front_matter::{FrontMatter, Source};
pub use numbers::{SupportLine, SupportLines};
pub use outline::{Block, BlockKind, Heading, Link, Outline, Section, heading_id};
pub use page::Page;
pub use problem::{Problem, Severity};
pub use readability::{Readability, lix};
pub use shortcode::{Shortcode, expand_plain, shortcodes};
pub use site::{LoadError, Loaded, Paths, Site};
pub use summary::{Summary, SummaryEntry};
