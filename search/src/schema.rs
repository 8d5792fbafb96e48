//! The fields of a section document and their weights.

use crate::analysis::{EXACT, FOLDED, SWEDISH};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Field weights: title > heading > summary/tags > body.
pub mod boost {
    /// Page title.
    pub const TITLE: f32 = 4.0;
    /// Section heading.
    pub const HEADING: f32 = 3.0;
    /// Page summary.
    pub const SUMMARY: f32 = 1.5;
    /// Page tags.
    pub const TAGS: f32 = 2.0;
    /// Section text.
    pub const BODY: f32 = 1.0;
    /// Exact words, relative to stemmed ones.
    pub const EXACT: f32 = 1.5;
    /// Folded words (å → a), relative to stemmed ones.
    pub const FOLDED: f32 = 0.8;
    /// Compound parts, relative to stemmed words.
    pub const PARTS: f32 = 0.5;
    /// As-you-type prefixes of the last word (a constant score, like typos).
    pub const PREFIX: f32 = 1.5;
    /// Typo matches (index words close to an unknown query word), relative to exact words.
    pub const FUZZY: f32 = 0.7;
    /// Another stem of the same word ("anmälan" for "anmäla"), relative to the stem.
    pub const VARIANT: f32 = 0.8;
    /// Synonyms, relative to the words typed.
    pub const SYNONYM: f32 = 0.8;
    /// Bonus for the query's words next to each other.
    pub const PHRASE: f32 = 1.0;
}

/// The fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Page title, Swedish analysis.
    pub title: Field,
    /// Page title, exact words.
    pub title_exact: Field,
    /// Section heading, Swedish analysis.
    pub heading: Field,
    /// Section heading, exact words.
    pub heading_exact: Field,
    /// Page summary.
    pub summary: Field,
    /// Page tags.
    pub tags: Field,
    /// Section text, Swedish analysis.
    pub body: Field,
    /// Section text, exact words.
    pub body_exact: Field,
    /// Title and heading, folded.
    pub folded_head: Field,
    /// Summary, tags and text, folded.
    pub folded_body: Field,
    /// All text with compounds split into their parts.
    pub parts: Field,
    /// Audience keys (filter).
    pub audience: Field,
    /// The section's number in the index's section list.
    pub ord: Field,
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

impl Fields {
    /// The schema and its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let fields = Fields {
            title: b.add_text_field("title", text(SWEDISH)),
            title_exact: b.add_text_field("title_exact", text(EXACT)),
            heading: b.add_text_field("heading", text(SWEDISH)),
            heading_exact: b.add_text_field("heading_exact", text(EXACT)),
            summary: b.add_text_field("summary", text(SWEDISH)),
            tags: b.add_text_field("tags", text(SWEDISH)),
            body: b.add_text_field("body", text(SWEDISH)),
            body_exact: b.add_text_field("body_exact", text(EXACT)),
            folded_head: b.add_text_field("folded_head", text(FOLDED)),
            folded_body: b.add_text_field("folded_body", text(FOLDED)),
            parts: b.add_text_field("parts", text(SWEDISH)),
            audience: b.add_text_field("audience", STRING),
            ord: b.add_u64_field("ord", FAST),
        };
        (b.build(), fields)
    }

    /// Every text field that queries search (not the audience filter).
    pub fn text(&self) -> [Field; 11] {
        [
            self.title,
            self.title_exact,
            self.heading,
            self.heading_exact,
            self.summary,
            self.tags,
            self.body,
            self.body_exact,
            self.folded_head,
            self.folded_body,
            self.parts,
        ]
    }

    /// The fields with Swedish analysis and their weights, title first.
    pub fn swedish(&self) -> [(Field, f32); 5] {
        [
            (self.title, boost::TITLE),
            (self.heading, boost::HEADING),
            (self.summary, boost::SUMMARY),
            (self.tags, boost::TAGS),
            (self.body, boost::BODY),
        ]
    }
}
