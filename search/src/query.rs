//! Turning what the reader typed into a tantivy query, programmatically: the text is split
//! into words by our own tokenization, so query syntax (`"`, `:`, `*`, `(`, `-`, `AND`) is
//! just text and can never make a query fail. tantivy's `QueryParser` is never used.
//!
//! For each word, the query ORs: exact words, Swedish stems, folded stems (å → a), compound
//! parts, the most used completions of the last word while it is being typed, and – for words
//! the index does not know, or when the whole query finds little – typo corrections. Synonyms
//! add OR'd phrases, and several words add a bonus for appearing next to each other.
//!
//! Everything that can be looked up is looked up in structures built with the index (the
//! [`Lexicon`], the typo dictionary, the completion tables), so building a query costs a few
//! hash lookups per word. Identical terms are merged (their weights add up, which scores the
//! same as repeating them). The work is bounded: at most [`MAX_WORDS`] words, typo corrections
//! for at most [`MAX_TYPO_WORDS`] of them, [`MAX_CORRECTIONS`] corrections and [`COMPLETIONS`]
//! completions each.

mod clauses;
mod parse;

pub use clauses::Presence;
pub use parse::{Parsed, QueryWord};

use crate::analysis::{Analyzers, fold, words};
use crate::compound::Decompounder;
use crate::fuzzy::max_distance;
use crate::lexicon::{Lexicon, WordId};
use crate::prefix::{Completions, PrefixWork};
use crate::profile::{Stage, Stopwatch, Work};
use crate::schema::{Fields, boost};
use crate::snippet::Marks;
use crate::synonyms::Synonyms;
use crate::typos::{LookupWork, TypoDictionary};
use clauses::{Clauses, Marker};
use tantivy::query::Query;

/// The most words of a query that are searched for; the rest are ignored. A question in a
/// full sentence has fewer.
pub const MAX_WORDS: usize = 16;
/// The most words of a query that get typo corrections.
pub const MAX_TYPO_WORDS: usize = 4;
/// How many index words a misspelt word may stand for.
pub const MAX_CORRECTIONS: usize = 3;
/// How many completions the word being typed gets.
pub const COMPLETIONS: usize = 5;
/// Words longer than this (bytes) are ignored: the analyzers drop them from the index too.
pub const MAX_WORD_BYTES: usize = 60;
/// The most words marked in snippets per typo (all corrections within the distance).
const MAX_TYPO_MARKS: usize = 16;

/// Which words of a query get typo corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typos {
    /// Words the corpus does not know (except a word being typed that has completions).
    Unknown,
    /// Every word long enough (the retry when there are few hits).
    All,
    /// None: for an index that only counts its matches for the total.
    Off,
}

/// The read-only structures a query is built from.
pub struct Tools<'a> {
    /// The fields.
    pub fields: &'a Fields,
    /// The vocabulary.
    pub lexicon: &'a Lexicon,
    /// Typo corrections.
    pub typos: &'a TypoDictionary,
    /// Completions of words as written.
    pub exact_completions: &'a Completions,
    /// Completions of folded words (forms).
    pub folded_completions: &'a Completions,
    /// Splits unknown compounds.
    pub decompounder: &'a Decompounder,
    /// The synonyms.
    pub synonyms: &'a Synonyms,
    /// Which fields have each term: terms a field does not have are left out of the query,
    /// which saves their dictionary lookups and score set-up.
    pub presence: &'a Presence,
}

/// A query ready to run, and what its snippets mark.
pub struct Plan {
    /// The words' terms in every field, weighted: a flat union of term queries.
    pub terms: Box<dyn Query>,
    /// The bonus for the query's words next to each other in a title or heading.
    pub adjacency: Option<Box<dyn Query>>,
    /// Synonyms of several words, with their weights: their matches are scored once when the
    /// index is built (see `index::phrases`).
    pub synonym_phrases: Vec<(String, f32)>,
    /// The words to mark in snippets.
    pub marks: Marks,
    /// For each word that carries meaning, the corpus words that match it in any form
    /// (sorted): a section "covers" the query word if it has one of them.
    pub covers: Vec<Vec<WordId>>,
    /// How many typo corrections it has.
    pub corrections: usize,
}

impl Tools<'_> {
    /// The query for `parsed`, with typo corrections for the words `typos` names (up to the
    /// limits). `sw` is charged per stage and `work` counts what was done.
    pub fn plan(
        &self,
        parsed: &Parsed,
        typos: Typos,
        analyzers: &mut Analyzers,
        sw: &mut Stopwatch,
        work: &mut Work,
    ) -> Plan {
        let f = *self.fields;
        let lexicon = self.lexicon;
        let mut c = Clauses::new(self.presence);
        let mut marks = Marker::new(lexicon);
        let mut covers = Vec::with_capacity(parsed.content.len());
        let mut synonym_phrases = Vec::new();
        let mut corrections = 0;
        let mut typo_words = 0;
        for &i in &parsed.content {
            let word = &parsed.words[i];
            // Exact words.
            c.term(f.title_exact, &word.text, boost::TITLE * boost::EXACT);
            c.term(f.heading_exact, &word.text, boost::HEADING * boost::EXACT);
            c.term(f.body_exact, &word.text, boost::BODY * boost::EXACT);
            if let Some(id) = word.id {
                marks.set(id);
            }
            // Swedish stems.
            if let Some(stem) = &word.stem {
                for (field, w) in f.swedish() {
                    c.term(field, stem, w);
                }
                c.term(f.parts, stem, boost::PARTS);
                marks.stem(stem);
            }
            for variant in &word.variants {
                for (field, w) in f.swedish() {
                    c.term(field, variant, w * boost::VARIANT);
                }
                marks.stem(variant);
                if let Some(folded) = lexicon.folded_stems.get(&fold(variant)) {
                    marks.set_all(&lexicon.folded_stem_words[folded as usize]);
                }
            }
            // Folded stems.
            if let Some(folded) = &word.folded_stem {
                c.term(f.folded_head, folded, boost::TITLE * boost::FOLDED);
                c.term(f.folded_body, folded, boost::BODY * boost::FOLDED);
                if let Some(s) = lexicon.folded_stems.get(folded) {
                    marks.set_all(&lexicon.folded_stem_words[s as usize]);
                }
            }
            sw.lap(Stage::Build);
            // Compound parts of the word itself.
            for part in self.parts(word, analyzers, work) {
                c.term(f.parts, &part, boost::PARTS);
                c.term(f.body, &part, boost::PARTS);
                marks.stem(&part);
            }
            sw.lap(Stage::Compounds);
            // The word being typed: its most used completions, as if typed. Completions that
            // are forms of the word itself ("förbud" → "förbudet") are already found by its
            // stem, so they add no terms.
            let mut completed = false;
            if parsed.is_prefix(i) && word.text.chars().count() >= 2 {
                let mut pw = PrefixWork::default();
                let own = |stem: Option<u32>, folded: Option<u32>| {
                    stem.is_some_and(|s| word.stem.as_deref() == Some(lexicon.stems.text(s)))
                        || folded.is_some_and(|s| {
                            word.folded_stem.as_deref() == Some(lexicon.folded_stems.text(s))
                        })
                };
                for id in self.exact_completions.complete(&word.text, &mut pw) {
                    let w = lexicon.word(id);
                    if Some(id) != word.id && !own(w.stem, w.folded_stem) {
                        c.term(f.title_exact, &w.text, boost::TITLE * boost::PREFIX);
                        c.term(f.heading_exact, &w.text, boost::HEADING * boost::PREFIX);
                        c.term(f.body_exact, &w.text, boost::BODY * boost::PREFIX);
                        work.completions += 1;
                    }
                    marks.set(id);
                    completed = true;
                }
                for form in self.folded_completions.complete(&word.form, &mut pw) {
                    let Some(&id) = lexicon.form_words[form as usize].first() else {
                        continue;
                    };
                    let w = lexicon.word(id);
                    if let Some(s) = w.folded_stem
                        && !own(w.stem, w.folded_stem)
                    {
                        let folded = lexicon.folded_stems.text(s);
                        let weight = boost::FOLDED * boost::PREFIX;
                        c.term(f.folded_head, folded, boost::TITLE * weight);
                        c.term(f.folded_body, folded, boost::BODY * weight);
                        work.completions += 1;
                        // The folded stem's term matches every word with that stem
                        // ("social" → "sociala"): they all cover the word being typed.
                        marks.set_all(&lexicon.folded_stem_words[s as usize]);
                    }
                    marks.set_all(&lexicon.form_words[form as usize]);
                    completed = true;
                }
                work.prefix_lookups += pw.table;
                work.prefix_scanned += pw.scanned;
            }
            sw.lap(Stage::Prefixes);
            // Typos: the index's own words within the allowed distance (transpositions count
            // as one) are searched like typed words, with a lower weight; not for a word being
            // typed that already has completions.
            let distance = max_distance(&word.text);
            let wanted = match typos {
                Typos::All => true,
                Typos::Off => false,
                Typos::Unknown => {
                    !completed
                        && !lexicon.knows(
                            &word.text,
                            word.stem.as_deref(),
                            word.folded_stem.as_deref(),
                        )
                }
            };
            if wanted && distance > 0 && typo_words < MAX_TYPO_WORDS {
                typo_words += 1;
                corrections += self.corrections(word, distance, &mut c, &mut marks, work);
            }
            covers.push(marks.take());
            sw.lap(Stage::Typos);
        }
        // Synonyms: OR'd phrases with a slightly lower weight.
        let texts = parsed.texts();
        for expansion in self.synonyms.expand(&texts) {
            work.synonyms += 1;
            let tokens = analyzers.swedish(&expansion.text);
            for t in &tokens {
                marks.stem(&t.text);
            }
            for (_, w) in words(&expansion.text) {
                if let Some(id) = lexicon.id(&w) {
                    marks.set(id);
                }
            }
            // The alternative covers the words it replaces.
            let found = marks.take();
            for (k, &i) in parsed.content.iter().enumerate() {
                if expansion.words.contains(&i) {
                    covers[k].extend_from_slice(&found);
                    covers[k].sort_unstable();
                    covers[k].dedup();
                }
            }
            // Words of the expansion may stand for several of the reader's words: count it
            // once per replaced word so a synonym can compete with the typed words.
            let weight = expansion.words.len().max(1) as f32 * boost::SYNONYM;
            if tokens.len() >= 2 {
                synonym_phrases.push((expansion.text, weight));
            } else {
                for (field, w) in f.swedish() {
                    c.phrase(field, &tokens, w * weight, 0);
                }
            }
        }
        sw.lap(Stage::Synonyms);
        // Words next to each other in a title or heading (in the text, the coverage of the
        // words counts instead: a phrase over long texts costs more than it changes).
        if parsed.content.len() >= 2 {
            let tokens = analyzers.folded(&texts.join(" "));
            if tokens.len() >= 2 {
                c.phrase(f.folded_head, &tokens, boost::HEADING * boost::PHRASE, 1);
            }
        }
        let (terms, adjacency) = c.into_queries(work);
        work.phrase_clauses += synonym_phrases.len();
        sw.lap(Stage::Build);
        Plan {
            terms,
            adjacency,
            synonym_phrases,
            marks: marks.into_marks(),
            covers,
            corrections,
        }
    }

    /// The stems of a word's compound parts (from the lexicon for known words).
    fn parts(&self, word: &QueryWord, analyzers: &mut Analyzers, work: &mut Work) -> Vec<String> {
        if let Some(id) = word.id {
            let lexicon = self.lexicon;
            return lexicon
                .word(id)
                .parts
                .iter()
                .map(|&p| lexicon.stems.text(p).to_string())
                .collect();
        }
        work.compound_splits += 1;
        self.decompounder
            .split(&word.text)
            .into_iter()
            .flatten()
            .filter_map(|p| analyzers.swedish(&p).into_iter().next())
            .map(|t| t.text)
            .collect()
    }

    /// Adds the corrections of a misspelt word; returns how many.
    fn corrections(
        &self,
        word: &QueryWord,
        distance: u8,
        c: &mut Clauses,
        marks: &mut Marker,
        work: &mut Work,
    ) -> usize {
        let f = *self.fields;
        let lexicon = self.lexicon;
        let mut lw = LookupWork::default();
        let mut found =
            self.typos
                .lookup(&word.form, usize::from(distance), &lexicon.forms, &mut lw);
        work.typo_words += 1;
        work.typo_deletes += lw.deletes;
        work.typo_checked += lw.checked;
        found.retain(|cand| lexicon.forms.text(cand.form) != word.form);
        for cand in found.iter().take(MAX_TYPO_MARKS) {
            marks.set_all(&lexicon.form_words[cand.form as usize]);
        }
        // Closest first, then the most used.
        found.sort_by_key(|cand| {
            (
                cand.distance,
                std::cmp::Reverse(lexicon.form_df[cand.form as usize]),
            )
        });
        let mut added = 0;
        for cand in found.iter().take(MAX_CORRECTIONS) {
            // The most used word with this form stands for it ("vald" → "våld").
            let Some(&id) = lexicon.form_words[cand.form as usize]
                .iter()
                .max_by_key(|&&id| lexicon.word(id).df)
            else {
                continue;
            };
            let fix = lexicon.word(id);
            for (field, w) in [
                (f.title_exact, boost::TITLE),
                (f.heading_exact, boost::HEADING),
                (f.body_exact, boost::BODY),
            ] {
                c.term(field, &fix.text, w * boost::FUZZY);
            }
            if let Some(s) = fix.stem {
                let stem = lexicon.stems.text(s);
                for (field, w) in [
                    (f.title, boost::TITLE),
                    (f.heading, boost::HEADING),
                    (f.tags, boost::TAGS),
                ] {
                    c.term(field, stem, w * boost::FUZZY);
                }
                marks.stem(stem);
            }
            if let Some(s) = fix.folded_stem {
                let folded = lexicon.folded_stems.text(s);
                for (field, w) in [(f.folded_head, boost::TITLE), (f.folded_body, boost::BODY)] {
                    c.term(field, folded, w * boost::FOLDED * boost::FUZZY);
                }
                marks.set_all(&lexicon.folded_stem_words[s as usize]);
            }
            added += 1;
        }
        work.corrections += added;
        added
    }
}
