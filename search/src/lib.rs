//! Swedish full-text search over Vägvisaren's sections.
//!
//! The index is built in memory at start-up from the same parsed content model the site uses
//! ([`vagvisare_model::Site`]); nothing is parsed twice and nothing is written to disk. One
//! document per section (a page split at its headings) carries the page title, the section
//! heading, the text, the summary, the tags, the audiences and the URL with the anchor the site
//! renders.
//!
//! Words are matched exactly, by Swedish stem, ASCII-folded (for foreign keyboards), by
//! compound part (see [`Decompounder`]), through editors' synonyms ([`Synonyms`],
//! `search/synonyms.toml`), as a prefix while typing and – when little is found – with typos.
//! Queries are built in code from our own tokenization, so no input is query syntax.
//!
//! Everything that does not depend on the query is prepared when the index is built (the
//! analysed vocabulary, a symmetric-delete typo dictionary, completion tables, the sections'
//! words for snippets and counting, synonym phrase scores), and the work a query may cause is
//! bounded ([`MAX_WORDS`], [`MAX_TYPO_WORDS`] …) and counted in [`Results::work`].
//!
//! The crate never logs or stores queries.

mod analysis;
mod compound;
mod error;
mod fuzzy;
mod index;
mod lexicon;
mod prefix;
mod profile;
mod query;
mod relevance;
mod schema;
mod section;
mod snippet;
mod synonyms;
mod typos;

#[cfg(test)]
mod test_support;

pub use analysis::{EXACT, FOLDED, SWEDISH, Stemming};
pub use compound::Decompounder;
pub use error::SearchError;
pub use fuzzy::{distance, max_distance};
pub use index::{Hit, Index, MAX_LIMIT, Request, Results};
pub use profile::{Stage, Timings, Work};
pub use query::{MAX_TYPO_WORDS, MAX_WORDS};
pub use relevance::{Case, MRR_DEPTH, Metrics, Outcome, Relevance, RelevanceError, Report, TOP};
pub use section::{SectionDoc, sections_of, variant_sections};
pub use snippet::escape_into;
pub use synonyms::{SYNONYMS_FILE, Synonyms};
