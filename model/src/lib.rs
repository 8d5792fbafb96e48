//! The content model of Vägvisaren.
//!
//! This crate owns the one parse of the content: `SUMMARY.md`, every page's TOML front matter,
//! each page's outline (headings with the anchors mdBook renders, links, sections and text
//! blocks), the register of sources (`data/kallor.toml`) and the verified support numbers in
//! `data/stodlinjer.toml`. Everything downstream – the mdBook site, the search index, the quiz
//! source links and `vagvisare check` – reads [`Site`] and never parses content again.
//!
//! A site is made of layers ([`Layers`]): the national base and, for a municipality, its overlay
//! with its own pages, local blocks inside national pages and its own sources. [`Site::load`]
//! merges them into one site in which everything knows its [`Origin`].
//!
//! Problems are collected, not thrown: [`Site::load`] reports every error and warning it finds,
//! each as `path:line: message` in Swedish, naming the file (national or local) it comes from.

mod audience;
mod block;
mod drift;
mod files;
mod front_matter;
mod layer;
mod links;
mod numbers;
mod outline;
mod owners;
mod page;
mod problem;
mod readability;
mod shortcode;
mod site;
mod sources;
mod summary;
mod variant;
mod version;

pub use audience::Audience;
pub use block::LocalBlock;
pub use drift::drift_problem;
pub use files::{PUBLISHED_EXTENSIONS, PublishedFile};
pub use front_matter::{FrontMatter, Placement, set_based_on};
/// The layers to load; `Paths::under(root)` loads the national base alone.
pub use layer::Layers as Paths;
pub use layer::{Layer, Layers, Origin, Overlay};
pub use numbers::{SupportLine, SupportLines};
pub use outline::{Block, BlockKind, Heading, Link, Outline, Section, heading_id};
pub use owners::{DUE_SOON_DAYS, OwnedText, ReviewState, owned_texts, sort_by_urgency};
pub use page::{Page, Replaced};
pub use problem::{Problem, Severity};
pub use readability::{EASY_AVERAGE_WORDS, EASY_LIX, EASY_SENTENCE_WORDS, Readability, lix};
pub use shortcode::{Shortcode, expand_plain, expand_plain_in, shortcodes};
pub use site::{GLOSSARY, LoadError, Loaded, Site};
pub use sources::{Document, Law, Provision, Register, Source, SourceKind};
pub use summary::{Summary, SummaryEntry};
pub use variant::{Direction, Language, Variant};
pub use version::{ChangeNote, ContentHash, Drift, Stamp, Version, drift, version_of};
