//! Synonyms of several words ("skyddade personuppgifter" for "skyddad identitet") are phrases.
//! The synonyms file is fixed while the server runs, so each phrase is searched once, when
//! the index is built: for every section it occurs in, its score in the Swedish fields,
//! weighted like the fields. A query then adds these scores instead of running phrase
//! queries, which on a large corpus cost more than all of the query's terms together.

use crate::analysis::{Analyzed, Analyzers};
use crate::error::SearchError;
use crate::schema::Fields;
use crate::synonyms::Synonyms;
use std::collections::HashMap;
use tantivy::query::{EnableScoring, PhraseQuery, Query};
use tantivy::{IndexReader, Term};

/// For each phrase of the synonyms, the sections it occurs in (by number) with its weighted
/// score, sorted by section.
#[derive(Debug, Default)]
pub struct PhraseTable {
    lists: HashMap<Box<str>, Box<[(u32, f32)]>>,
}

impl PhraseTable {
    /// Searches every alternative of several words once.
    pub fn build(
        reader: &IndexReader,
        fields: &Fields,
        synonyms: &Synonyms,
        analyzers: &mut Analyzers,
        doc_sections: &[Vec<u32>],
    ) -> Result<PhraseTable, SearchError> {
        let searcher = reader.searcher();
        let mut lists = HashMap::new();
        for text in synonyms.rules().iter().flat_map(|r| &r.to) {
            if lists.contains_key(text.as_str()) {
                continue;
            }
            let tokens = analyzers.swedish(text);
            if tokens.len() < 2 {
                continue;
            }
            let mut scores: HashMap<u32, f32> = HashMap::new();
            for (field, weight) in fields.swedish() {
                let query = phrase(field, &tokens);
                let w = query.weight(EnableScoring::enabled_from_searcher(&searcher))?;
                for (seg, reader) in searcher.segment_readers().iter().enumerate() {
                    let Some(ords) = doc_sections.get(seg) else {
                        continue;
                    };
                    w.for_each(reader, &mut |doc, score| {
                        if let Some(&ord) = ords.get(doc as usize) {
                            *scores.entry(ord).or_default() += weight * score;
                        }
                    })?;
                }
            }
            let mut list: Vec<(u32, f32)> = scores.into_iter().collect();
            list.sort_unstable_by_key(|e| e.0);
            lists.insert(text.as_str().into(), list.into_boxed_slice());
        }
        Ok(PhraseTable { lists })
    }

    /// The sections a phrase occurs in, with its score; empty for an unknown phrase.
    pub fn get(&self, text: &str) -> &[(u32, f32)] {
        self.lists.get(text).map_or(&[], |l| l)
    }
}

/// The phrase of analyzed tokens in one field, positions as in the text.
fn phrase(field: tantivy::schema::Field, tokens: &[Analyzed]) -> PhraseQuery {
    let first = tokens.first().map_or(0, |t| t.position);
    PhraseQuery::new_with_offset(
        tokens
            .iter()
            .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
            .collect(),
    )
}
