//! The terms and phrases of a query being built, and the words it marks.

use crate::analysis::Analyzed;
use crate::lexicon::{Lexicon, WordId};
use crate::profile::Work;
use crate::snippet::Marks;
use std::collections::HashMap;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

/// For each term of the index, one bit per field number that has it.
#[derive(Debug, Default)]
pub struct Presence {
    /// Term → the fields that have it.
    pub terms: HashMap<Box<str>, u32>,
}

/// Marks for snippets, and the words matching the query word being built.
pub(super) struct Marker<'a> {
    lexicon: &'a Lexicon,
    marks: Marks,
    current: Vec<WordId>,
}

impl<'a> Marker<'a> {
    /// Nothing marked yet.
    pub(super) fn new(lexicon: &'a Lexicon) -> Marker<'a> {
        Marker {
            lexicon,
            marks: Marks::new(lexicon.len()),
            current: Vec::new(),
        }
    }

    /// The marks for snippets.
    pub(super) fn into_marks(self) -> Marks {
        self.marks
    }

    /// Marks a word.
    pub(super) fn set(&mut self, id: WordId) {
        self.marks.set(id);
        self.current.push(id);
    }

    /// Marks words.
    pub(super) fn set_all(&mut self, ids: &[WordId]) {
        self.marks.set_all(ids);
        self.current.extend_from_slice(ids);
    }

    /// Marks the words with this stem, and the compounds with a part with this stem (in
    /// snippets only if the part is long enough to be seen as one; they always count as
    /// matching the query word).
    pub(super) fn stem(&mut self, stem: &str) {
        let lexicon = self.lexicon;
        if let Some(s) = lexicon.stems.get(stem) {
            self.set_all(&lexicon.stem_words[s as usize]);
            if let Some(compounds) = lexicon.part_words.get(&s) {
                if Lexicon::markable_part(stem) {
                    self.set_all(compounds);
                } else {
                    self.current.extend_from_slice(compounds);
                }
            }
        }
    }

    /// The words marked since the last call, sorted.
    pub(super) fn take(&mut self) -> Vec<WordId> {
        let mut out = std::mem::take(&mut self.current);
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Weighted terms with duplicates merged, and phrases; terms that a field does not have are
/// dropped.
pub(super) struct Clauses<'a> {
    presence: &'a Presence,
    terms: Vec<(Field, String, f32)>,
    phrases: Vec<Box<dyn Query>>,
}

/// True if `field` has `term` according to `presence`.
fn has(presence: &Presence, field: Field, term: &str) -> bool {
    presence
        .terms
        .get(term)
        .is_some_and(|bits| bits & (1 << field.field_id()) != 0)
}

impl<'a> Clauses<'a> {
    /// No clauses yet.
    pub(super) fn new(presence: &'a Presence) -> Clauses<'a> {
        Clauses {
            presence,
            terms: Vec::new(),
            phrases: Vec::new(),
        }
    }

    /// A term in one field; added to the weight of the same term if it is already there.
    pub(super) fn term(&mut self, field: Field, text: &str, weight: f32) {
        if !has(self.presence, field, text) {
            return;
        }
        // A query has a few dozen terms: a scan is cheaper than hashing.
        match self
            .terms
            .iter_mut()
            .find(|(f, t, _)| *f == field && t == text)
        {
            Some(found) => found.2 += weight,
            None => self.terms.push((field, text.to_string(), weight)),
        }
    }

    /// A phrase of analyzed tokens in one field (a term if there is one token).
    pub(super) fn phrase(&mut self, field: Field, tokens: &[Analyzed], weight: f32, slop: u32) {
        match tokens {
            [] => {}
            [one] => self.term(field, &one.text, weight),
            many => {
                if !many.iter().all(|t| has(self.presence, field, &t.text)) {
                    return;
                }
                let first = many[0].position;
                let terms = many
                    .iter()
                    .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
                    .collect();
                let q = PhraseQuery::new_with_offset_and_slop(terms, slop);
                self.phrases
                    .push(Box::new(BoostQuery::new(Box::new(q), weight)));
            }
        }
    }

    /// The terms as one flat union (which tantivy scores with block-max WAND), and the
    /// phrases as another, if there are any.
    pub(super) fn into_queries(self, work: &mut Work) -> (Box<dyn Query>, Option<Box<dyn Query>>) {
        work.term_clauses = self.terms.len();
        work.phrase_clauses = self.phrases.len();
        let terms: Vec<Box<dyn Query>> = self
            .terms
            .into_iter()
            .map(|(field, text, weight)| {
                let q = TermQuery::new(
                    Term::from_field_text(field, &text),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(q), weight)) as Box<dyn Query>
            })
            .collect();
        let phrases = (!self.phrases.is_empty())
            .then(|| Box::new(BooleanQuery::union(self.phrases)) as Box<dyn Query>);
        (Box::new(BooleanQuery::union(terms)), phrases)
    }
}
