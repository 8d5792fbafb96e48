//! Finding and ordering the best sections for a plan.
//!
//! tantivy scores the words' terms (a flat union of term queries) and, separately, the
//! adjacency of the words in titles and headings; synonym phrases come from a table built
//! with the index. The best sections of each are scored by all of them. How many sections
//! match in all is counted from the sections' word lists, not by scoring every match. The best
//! sections are then reranked by what a reader expects first ([`Index::rerank`]).

use super::Index;
use crate::error::SearchError;
use crate::lexicon::WordId;
use crate::profile::{Stage, Stopwatch, Work};
use crate::query::Plan;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use tantivy::query::{EnableScoring, Weight};
use tantivy::{DocId, Score, Searcher, TERMINATED};
use vagvisare_model::Audience;

/// How many of tantivy's best sections are reranked.
pub const RERANK_DEPTH: usize = 30;
/// How strongly covering more of the query's words counts: the score is multiplied by the
/// covered share to this power (a section with two of three words keeps 44 %).
const COVERAGE_POWER: i32 = 2;
/// At most this many sections of one page come before the sections of other pages: the first
/// screen shows several pages rather than every section of one (the page's other sections
/// follow, in order).
const PER_PAGE: usize = 1;
/// A glossary entry's score is multiplied by this: a guidance page on the same topic comes
/// first (see BENCHMARKS.md, "Glossary or guidance page").
pub const GLOSSARY_FACTOR: f32 = 0.7;

/// A candidate in [`Best`]: ordered by score, and among equal scores the later document is
/// the lesser (so it goes first).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry(Score, DocId);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
    }
}

/// The best `k` (score, document) pairs seen, with tantivy's tie rule (documents arrive in
/// order and a later one must score strictly higher, so the earlier document wins ties).
struct Best {
    k: usize,
    heap: BinaryHeap<Reverse<Entry>>,
}

impl Best {
    fn new(k: usize) -> Best {
        Best {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    /// The score a document must beat to get in.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Reverse(worst)) if self.heap.len() >= self.k => worst.0,
            _ => Score::MIN,
        }
    }

    /// Offers a document; returns the new threshold.
    fn offer(&mut self, doc: DocId, score: Score) -> Score {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(Entry(score, doc)));
        } else if score > self.threshold() {
            self.heap.pop();
            self.heap.push(Reverse(Entry(score, doc)));
        }
        self.threshold()
    }

    fn into_items(self) -> Vec<(Score, DocId)> {
        self.heap
            .into_iter()
            .map(|Reverse(Entry(score, doc))| (score, doc))
            .collect()
    }
}

impl Index {
    /// The section numbers of the best `depth` sections for `plan`, with their scores (terms,
    /// adjacency and synonym phrases added up), best first.
    ///
    /// The terms and the adjacency phrase are scored by tantivy, every match (block-max WAND
    /// was measured slower with this many terms per query); the synonym phrases come from
    /// the table built with the index. The best sections of each are then scored by all three.
    pub(super) fn top(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        audience: Option<Audience>,
        depth: usize,
        sw: &mut Stopwatch,
        work: &mut Work,
    ) -> Result<Vec<(Score, usize)>, SearchError> {
        work.passes += 1;
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let terms = plan.terms.weight(scoring)?;
        let adjacency = match &plan.adjacency {
            Some(q) => Some(q.weight(scoring)?),
            None => None,
        };
        sw.lap(Stage::Weights);
        let allowed = audience.and_then(|a| self.audience_bits(a));
        let admits = |ord: u32| {
            allowed.is_none_or(|bits| {
                let ord = ord as usize;
                bits.get(ord / 64)
                    .is_some_and(|b| b & (1 << (ord % 64)) != 0)
            })
        };
        // Synonym phrases: scores per section from the table.
        let mut synonyms: HashMap<u32, Score> = HashMap::new();
        for (text, weight) in &plan.synonym_phrases {
            for &(ord, score) in self.phrases.get(text) {
                if admits(ord) {
                    *synonyms.entry(ord).or_default() += weight * score;
                }
            }
        }
        let mut best_synonyms: Vec<(Score, u32)> =
            synonyms.iter().map(|(&ord, &s)| (s, ord)).collect();
        best_synonyms.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best_synonyms.truncate(depth);
        let mut out = Vec::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            let Some(ords) = self.doc_sections.get(seg) else {
                continue;
            };
            let section = |doc: DocId| ords.get(doc as usize).copied().unwrap_or(u32::MAX);
            let best = |weight: &dyn Weight| -> Result<Vec<(Score, DocId)>, SearchError> {
                let mut best = Best::new(depth);
                weight.for_each(reader, &mut |doc, score| {
                    if admits(section(doc)) {
                        best.offer(doc, score);
                    }
                })?;
                Ok(best.into_items())
            };
            let mut found = best(terms.as_ref())?;
            let extra = adjacency.is_some() || !synonyms.is_empty();
            if extra {
                // Score every candidate by all three: seek each scorer to the candidates in
                // order.
                let mut docs: Vec<DocId> = found.iter().map(|f| f.1).collect();
                if let Some(adjacency) = &adjacency {
                    docs.extend(best(adjacency.as_ref())?.into_iter().map(|f| f.1));
                }
                docs.extend(best_synonyms.iter().filter_map(|&(_, ord)| {
                    let &(s, doc) = self.section_docs.get(ord as usize)?;
                    (s as usize == seg).then_some(doc)
                }));
                docs.sort_unstable();
                docs.dedup();
                let mut scores: Vec<Score> = docs
                    .iter()
                    .map(|&doc| synonyms.get(&section(doc)).copied().unwrap_or(0.0))
                    .collect();
                for weight in [Some(&terms), adjacency.as_ref()].into_iter().flatten() {
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    for (doc, score) in docs.iter().zip(scores.iter_mut()) {
                        if scorer.doc() < *doc {
                            scorer.seek(*doc);
                        }
                        if scorer.doc() == TERMINATED {
                            break;
                        }
                        if scorer.doc() == *doc {
                            *score += scorer.score();
                        }
                    }
                }
                found = scores.into_iter().zip(docs).collect();
            }
            out.extend(
                found
                    .into_iter()
                    .map(|(score, doc)| (score, section(doc) as usize))
                    .filter(|(_, ord)| *ord < self.sections.len()),
            );
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out.truncate(depth);
        sw.lap(Stage::Scoring);
        Ok(out)
    }

    /// The sections of an audience, one bit per section number.
    fn audience_bits(&self, audience: Audience) -> Option<&[u64]> {
        self.audiences
            .iter()
            .find(|(a, _)| *a == audience)
            .map(|(_, bits)| bits.as_slice())
    }

    /// How many sections have any of the plan's words in any form (and are for `audience`):
    /// the union of the words' section lists, as bits.
    pub(super) fn count(&self, plan: &Plan, audience: Option<Audience>) -> usize {
        let mut bits = vec![0u64; self.sections.len().div_ceil(64)];
        let mut words: Vec<WordId> = plan.covers.iter().flatten().copied().collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            for &ord in self.word_sections.get(w as usize).map_or(&[][..], |s| s) {
                bits[ord as usize / 64] |= 1 << (ord % 64);
            }
        }
        if let Some(allowed) = audience.and_then(|a| self.audience_bits(a)) {
            for (b, a) in bits.iter_mut().zip(allowed) {
                *b &= a;
            }
        }
        bits.iter().map(|b| b.count_ones() as usize).sum()
    }

    /// Orders the best sections by what a reader expects first, and keeps `limit`:
    /// - a section that covers more of the query's words (in any form: exact, stem, folded,
    ///   compound part, completion, correction, synonym) beats one that repeats a single word
    ///   in a heavily weighted field: the score is multiplied by the square of the share of
    ///   the words that can be found at all which the section covers;
    /// - a glossary entry ranks after a guidance page on the same topic ([`GLOSSARY_FACTOR`]);
    /// - at most [`PER_PAGE`] sections of a page come before other pages' sections.
    ///
    /// Returns (score, section number), best first.
    pub(super) fn rerank(
        &self,
        top: Vec<(Score, usize)>,
        plan: &Plan,
        limit: usize,
    ) -> Vec<(Score, usize)> {
        let findable: Vec<&Vec<WordId>> = plan.covers.iter().filter(|c| !c.is_empty()).collect();
        let mut out = Vec::with_capacity(top.len());
        for (score, ord) in top {
            let (Some(section), Some(bag)) = (self.sections.get(ord), self.bags.get(ord)) else {
                continue;
            };
            let mut score = score;
            if findable.len() > 1 {
                let covered = findable.iter().filter(|c| intersects(c, bag)).count();
                score *= (covered as f32 / findable.len() as f32).powi(COVERAGE_POWER);
            }
            if section.glossary {
                score *= GLOSSARY_FACTOR;
            }
            out.push((score, ord));
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let (mut first, mut later) = (Vec::new(), Vec::new());
        for (score, ord) in out {
            let page = self.sections[ord].url.split('#').next().unwrap_or("");
            let n = seen.entry(page).or_default();
            *n += 1;
            if *n <= PER_PAGE {
                first.push((score, ord));
            } else {
                later.push((score, ord));
            }
        }
        first.extend(later);
        first.truncate(limit);
        first
    }
}

/// True if two sorted lists share an element.
fn intersects(a: &[WordId], b: &[WordId]) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().any(|x| large.binary_search(x).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_keeps_the_top_k_and_earlier_documents_win_ties() {
        let mut best = Best::new(2);
        assert_eq!(best.offer(1, 1.0), Score::MIN);
        assert_eq!(best.offer(2, 3.0), 1.0);
        assert_eq!(best.offer(3, 2.0), 2.0);
        assert_eq!(best.offer(4, 2.0), 2.0, "a tie does not replace");
        let mut items = best.into_items();
        items.sort_by_key(|i| i.1);
        assert_eq!(items, [(3.0, 2), (2.0, 3)]);
    }

    #[test]
    fn intersection_of_sorted_lists() {
        assert!(intersects(&[1, 5, 9], &[2, 3, 9]));
        assert!(!intersects(&[1, 5], &[2, 3, 4, 6]));
        assert!(!intersects(&[], &[1]));
    }
}
