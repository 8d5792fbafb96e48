//! Turning what the reader typed into a tantivy query, programmatically: the text is split
//! into words by our own tokenization, so query syntax (`"`, `:`, `*`, `(`, `-`, `AND`) is
//! just text and can never make a query fail. tantivy's `QueryParser` is never used.
//!
//! For each word, the query ORs: exact words, Swedish stems, folded stems (å → a), compound
//! parts, a prefix for the last word while typing, and – for words the index does not know,
//! or when the whole query finds little – typo matches. Synonyms add OR'd phrases, and
//! several words add a bonus for appearing next to each other.
//!
//! Typo matching uses tantivy's Levenshtein automaton (`FuzzyTermQuery::automaton`, with
//! transpositions costing one) to find the index's own words near the typed one, and then
//! searches those words with ordinary term queries. A plain `FuzzyTermQuery` would score every
//! match with the same constant, so a typo in a rare, decisive word ("kvinor") could not
//! outweigh a common word spelt right.

use crate::analysis::{Analyzed, Analyzers, fold, words};
use crate::compound::Decompounder;
use crate::error::SearchError;
use crate::fuzzy::max_distance;
use crate::profile::{Stage, Stopwatch};
use crate::schema::{Fields, boost};
use crate::synonyms::Synonyms;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// How many index words a misspelt word may stand for.
const MAX_CORRECTIONS: usize = 3;

/// What the reader typed, split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// All words, lowercased, in order.
    pub words: Vec<String>,
    /// The words that carry meaning (not stop words); all words if every word is a stop word.
    pub content: Vec<String>,
    /// True when the last word is still being typed (no trailing space).
    pub prefix_last: bool,
}

impl Parsed {
    /// Splits a query.
    pub fn new(query: &str, analyzers: &mut Analyzers) -> Parsed {
        let words: Vec<String> = words(query).into_iter().map(|(_, w)| w).collect();
        let mut content: Vec<String> = words
            .iter()
            .filter(|w| !analyzers.swedish(w).is_empty())
            .cloned()
            .collect();
        if content.is_empty() {
            content = words.clone();
        }
        let prefix_last = !words.is_empty() && !query.ends_with(char::is_whitespace);
        Parsed {
            words,
            content,
            prefix_last,
        }
    }

    /// True if `word` is the last word of the query and is matched as a prefix.
    pub fn is_prefix(&self, word: &str) -> bool {
        self.prefix_last && self.words.last().is_some_and(|l| l == word)
    }
}

/// What a search looks for in the text, for highlighting.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    /// Exact lowercased words.
    pub exact: Vec<String>,
    /// Swedish stems (also of synonyms).
    pub stems: Vec<String>,
    /// Folded stems.
    pub folded: Vec<String>,
    /// Stems that may appear inside a compound.
    pub parts: Vec<String>,
    /// Lowercased and folded prefixes of the last word.
    pub prefixes: Vec<String>,
    /// Words matched with typos, with the allowed distance.
    pub fuzzy: Vec<(String, u8)>,
}

/// The tools a query needs.
pub struct Builder<'a> {
    /// The fields.
    pub fields: &'a Fields,
    /// The analyzers (a private copy).
    pub analyzers: &'a mut Analyzers,
    /// The compound dictionary.
    pub decompounder: &'a Decompounder,
    /// The synonyms.
    pub synonyms: &'a Synonyms,
    /// For term statistics (which words the index knows).
    pub searcher: &'a Searcher,
    /// Charges time to the stages.
    pub stopwatch: &'a mut Stopwatch,
}

fn term_query(field: Field, text: &str, weight: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(q), weight))
}

/// A phrase (or one term) of analyzed tokens in one field.
fn phrase_query(
    field: Field,
    tokens: &[Analyzed],
    weight: f32,
    slop: u32,
) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [one] => Some(term_query(field, &one.text, weight)),
        many => {
            let first = many[0].position;
            let terms = many
                .iter()
                .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
                .collect();
            let q = PhraseQuery::new_with_offset_and_slop(terms, slop);
            Some(Box::new(BoostQuery::new(Box::new(q), weight)))
        }
    }
}

impl Builder<'_> {
    /// True if the index has the word in some form (exact, stemmed, folded or as a part).
    fn known(&mut self, word: &str) -> bool {
        let f = *self.fields;
        let mut terms = vec![
            Term::from_field_text(f.body_exact, word),
            Term::from_field_text(f.title_exact, word),
            Term::from_field_text(f.heading_exact, word),
        ];
        for t in self.analyzers.folded(word) {
            terms.push(Term::from_field_text(f.folded_body, &t.text));
            terms.push(Term::from_field_text(f.folded_head, &t.text));
        }
        for t in self.analyzers.swedish(word) {
            terms.push(Term::from_field_text(f.parts, &t.text));
        }
        terms
            .iter()
            .any(|t| self.searcher.doc_freq(t).is_ok_and(|n| n > 0))
    }

    /// The query for `parsed`. With `fuzzy_all`, every long enough word also matches typos;
    /// otherwise only words the index does not know.
    pub fn build(
        &mut self,
        parsed: &Parsed,
        fuzzy_all: bool,
    ) -> Result<(Box<dyn Query>, Wanted), SearchError> {
        let f = *self.fields;
        let mut wanted = Wanted::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &parsed.content {
            let mut alts: Vec<Box<dyn Query>> = Vec::new();
            // Exact words.
            alts.push(term_query(f.title_exact, word, boost::TITLE * boost::EXACT));
            alts.push(term_query(
                f.heading_exact,
                word,
                boost::HEADING * boost::EXACT,
            ));
            alts.push(term_query(f.body_exact, word, boost::BODY * boost::EXACT));
            wanted.exact.push(word.clone());
            // Swedish stems.
            for t in self.analyzers.swedish(word) {
                for (field, w) in f.swedish() {
                    alts.push(term_query(field, &t.text, w));
                }
                alts.push(term_query(f.parts, &t.text, boost::PARTS));
                if t.text.chars().count() >= crate::compound::MIN_PART {
                    wanted.parts.push(t.text.clone());
                }
                wanted.stems.push(t.text);
            }
            // Folded stems.
            for t in self.analyzers.folded(word) {
                alts.push(term_query(
                    f.folded_head,
                    &t.text,
                    boost::TITLE * boost::FOLDED,
                ));
                alts.push(term_query(
                    f.folded_body,
                    &t.text,
                    boost::BODY * boost::FOLDED,
                ));
                wanted.folded.push(t.text);
            }
            // Compound parts of the word itself.
            self.stopwatch.lap(Stage::Build);
            let split = self.decompounder.split(word);
            self.stopwatch.lap(Stage::Compounds);
            if let Some(parts) = split {
                for part in parts {
                    for t in self.analyzers.swedish(&part) {
                        alts.push(term_query(f.parts, &t.text, boost::PARTS));
                        alts.push(term_query(f.body, &t.text, boost::PARTS));
                        wanted.parts.push(t.text.clone());
                        wanted.stems.push(t.text);
                    }
                }
            }
            // The word being typed.
            if parsed.is_prefix(word) && word.chars().count() >= 2 {
                let folded = fold(word);
                for (field, text, w) in [
                    (f.title_exact, word.as_str(), boost::TITLE),
                    (f.heading_exact, word.as_str(), boost::HEADING),
                    (f.body_exact, word.as_str(), boost::BODY),
                    (f.folded_head, folded.as_str(), boost::TITLE * boost::FOLDED),
                    (f.folded_body, folded.as_str(), boost::BODY * boost::FOLDED),
                ] {
                    let q = FuzzyTermQuery::new_prefix(Term::from_field_text(field, text), 0, true);
                    alts.push(Box::new(BoostQuery::new(Box::new(q), w * boost::PREFIX)));
                }
                wanted.prefixes.push(word.clone());
                wanted.prefixes.push(folded);
            }
            // Typos: the index's own words within the allowed distance (transpositions
            // count as one) are searched like typed words, with a lower weight.
            // (Not for a word being typed whose prefix already matches.)
            let typing = parsed.is_prefix(word);
            let distance = max_distance(word);
            self.stopwatch.lap(Stage::Build);
            let known = distance == 0 || fuzzy_all || self.known(word);
            self.stopwatch.lap(Stage::Typos);
            let has_prefix =
                distance > 0 && !fuzzy_all && !known && typing && self.has_prefix(word)?;
            self.stopwatch.lap(Stage::Prefixes);
            if distance > 0 && (fuzzy_all || !(known || has_prefix)) {
                for fix in self.corrections(f.body_exact, word, distance)? {
                    for (field, w) in [
                        (f.title_exact, boost::TITLE),
                        (f.heading_exact, boost::HEADING),
                        (f.body_exact, boost::BODY),
                    ] {
                        alts.push(term_query(field, &fix, w * boost::FUZZY));
                    }
                    for t in self.analyzers.swedish(&fix) {
                        for (field, w) in [
                            (f.title, boost::TITLE),
                            (f.heading, boost::HEADING),
                            (f.tags, boost::TAGS),
                        ] {
                            alts.push(term_query(field, &t.text, w * boost::FUZZY));
                        }
                        wanted.stems.push(t.text);
                    }
                    wanted.exact.push(fix);
                }
                let folded = fold(word);
                for fix in self.corrections(f.folded_body, &folded, distance)? {
                    for (field, w) in [(f.folded_head, boost::TITLE), (f.folded_body, boost::BODY)]
                    {
                        alts.push(term_query(field, &fix, w * boost::FOLDED * boost::FUZZY));
                    }
                    wanted.folded.push(fix);
                }
                wanted.fuzzy.push((word.clone(), distance));
                self.stopwatch.lap(Stage::Typos);
            }
            clauses.push((Occur::Should, Box::new(BooleanQuery::union(alts))));
        }
        self.stopwatch.lap(Stage::Build);
        // Synonyms: OR'd phrases with a slightly lower weight.
        for expansion in self.synonyms.expand(&parsed.words) {
            let tokens = self.analyzers.swedish(&expansion.text);
            for t in &tokens {
                wanted.stems.push(t.text.clone());
            }
            let exact: Vec<String> = words(&expansion.text)
                .into_iter()
                .map(|(_, w)| w)
                .filter(|w| !self.analyzers.swedish(w).is_empty())
                .collect();
            wanted.exact.extend(exact);
            let mut alts: Vec<Box<dyn Query>> = Vec::new();
            for (field, w) in f.swedish() {
                alts.extend(phrase_query(field, &tokens, w * boost::SYNONYM, 0));
            }
            // Words of the expansion may stand for several of the reader's words: count it
            // once per replaced word so a synonym can compete with the typed words.
            let weight = expansion.words.len().max(1) as f32;
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(BooleanQuery::union(alts)), weight)),
            ));
        }
        self.stopwatch.lap(Stage::Synonyms);
        // Words next to each other.
        if parsed.content.len() >= 2 {
            let text = parsed.words.join(" ");
            let tokens = self.analyzers.folded(&text);
            for (field, w) in [
                (f.folded_head, boost::HEADING),
                (f.folded_body, boost::BODY),
            ] {
                if let Some(q) = phrase_query(field, &tokens, w * boost::PHRASE, 1) {
                    clauses.push((Occur::Should, q));
                }
            }
        }
        Ok((Box::new(BooleanQuery::new(clauses)), wanted))
    }

    /// True if some exact word of the text starts with `prefix`.
    fn has_prefix(&self, prefix: &str) -> Result<bool, SearchError> {
        for segment in self.searcher.segment_readers() {
            for field in [self.fields.body_exact, self.fields.heading_exact] {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()
                    .map_err(|e| SearchError::Index(e.into()))?;
                if stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The most frequent terms of `field` within `distance` of `word` (at most
    /// [`MAX_CORRECTIONS`]), found by running tantivy's Levenshtein automaton over the term
    /// dictionary.
    fn corrections(
        &self,
        field: Field,
        word: &str,
        distance: u8,
    ) -> Result<Vec<String>, SearchError> {
        let mut found: Vec<(u32, String)> = Vec::new();
        for segment in self.searcher.segment_readers() {
            let automaton = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true)
                .automaton()?;
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .search(automaton)
                .into_stream()
                .map_err(|e| SearchError::Index(e.into()))?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let n = stream.value().doc_freq;
                match found.iter_mut().find(|(_, t)| t == term) {
                    Some((total, _)) => *total += n,
                    None => found.push((n, term.to_string())),
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(found
            .into_iter()
            .filter(|(_, t)| t != word)
            .take(MAX_CORRECTIONS)
            .map(|(_, t)| t)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_dropped_unless_that_is_all() {
        let mut a = Analyzers::default();
        let p = Parsed::new("vald i nara relation", &mut a);
        assert_eq!(p.content, ["vald", "nara", "relation"]);
        let p = Parsed::new("och i", &mut a);
        assert_eq!(p.content, ["och", "i"]);
    }

    #[test]
    fn the_last_word_is_a_prefix_only_without_a_trailing_space() {
        let mut a = Analyzers::default();
        assert!(Parsed::new("orosanm", &mut a).is_prefix("orosanm"));
        assert!(!Parsed::new("orosanm ", &mut a).is_prefix("orosanm"));
    }

    #[test]
    fn query_syntax_is_text() {
        let mut a = Analyzers::default();
        let p = Parsed::new("\"kontakt:förbud\" AND (våld* -heder", &mut a);
        assert_eq!(p.words, ["kontakt", "förbud", "and", "våld", "heder"]);
    }
}
