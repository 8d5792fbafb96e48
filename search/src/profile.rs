//! Where a search spends its time and how much work it does: a stopwatch that the search
//! passes through its stages when asked to ([`crate::Index::profile`]), and that costs nothing
//! otherwise; and counts of the work done ([`Work`], with every result), which is what the
//! tests of pathological queries assert on.

use std::time::{Duration, Instant};

/// The stages of a search, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Splitting the query into words, dropping stop words.
    Parse,
    /// Deciding which words are unknown and finding their typo corrections.
    Typos,
    /// Finding the index words that the word being typed may become.
    Prefixes,
    /// Splitting query words into compound parts.
    Compounds,
    /// Finding synonyms and building their phrases.
    Synonyms,
    /// Everything else in building the query (term queries, weights per field).
    Build,
    /// tantivy: looking up terms and statistics, preparing scorers.
    Weights,
    /// tantivy: scoring and collecting the matching sections.
    Scoring,
    /// Snippets with marked matches for the returned hits.
    Snippets,
    /// "Did you mean" when nothing was found.
    Suggestion,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 10] = [
        Stage::Parse,
        Stage::Typos,
        Stage::Prefixes,
        Stage::Compounds,
        Stage::Synonyms,
        Stage::Build,
        Stage::Weights,
        Stage::Scoring,
        Stage::Snippets,
        Stage::Suggestion,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Typos => "typos",
            Stage::Prefixes => "prefixes",
            Stage::Compounds => "compounds",
            Stage::Synonyms => "synonyms",
            Stage::Build => "build",
            Stage::Weights => "weights",
            Stage::Scoring => "scoring",
            Stage::Snippets => "snippets",
            Stage::Suggestion => "suggestion",
        }
    }
}

/// Time spent per stage in one search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timings {
    stages: [Duration; Stage::ALL.len()],
}

impl Timings {
    /// The time spent in `stage`.
    pub fn get(&self, stage: Stage) -> Duration {
        self.stages[stage as usize]
    }

    /// The total over all stages.
    pub fn total(&self) -> Duration {
        self.stages.iter().sum()
    }
}

/// A stopwatch that charges the time since its last lap to a stage; a no-op when off.
#[derive(Debug)]
pub(crate) struct Stopwatch {
    last: Option<Instant>,
    timings: Timings,
}

impl Stopwatch {
    /// A stopwatch that measures nothing.
    pub(crate) fn off() -> Stopwatch {
        Stopwatch {
            last: None,
            timings: Timings::default(),
        }
    }

    /// A running stopwatch.
    pub(crate) fn on() -> Stopwatch {
        Stopwatch {
            last: Some(Instant::now()),
            timings: Timings::default(),
        }
    }

    /// Charges the time since the last lap to `stage`.
    pub(crate) fn lap(&mut self, stage: Stage) {
        if let Some(last) = self.last {
            let now = Instant::now();
            self.timings.stages[stage as usize] += now - last;
            self.last = Some(now);
        }
    }

    /// What was measured.
    pub(crate) fn timings(self) -> Timings {
        self.timings
    }
}

/// Counts of the work one search did. Every count is bounded by the limits in the crate
/// (`MAX_WORDS`, `MAX_TYPO_WORDS`, the typo dictionary's and the completions' limits …), so
/// no input can make a search do more than a fixed amount of work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Words of the query that were searched for.
    pub words: usize,
    /// Words left out: beyond `MAX_WORDS`, or longer than any indexed word.
    pub words_ignored: usize,
    /// Words looked up in the typo dictionary.
    pub typo_words: usize,
    /// Deletion strings looked up in the typo dictionary.
    pub typo_deletes: usize,
    /// Typo candidates checked with the real distance.
    pub typo_checked: usize,
    /// Index words added as corrections of typos.
    pub corrections: usize,
    /// Completion lookups in the prefix table.
    pub prefix_lookups: usize,
    /// Words read in sorted order for longer prefixes.
    pub prefix_scanned: usize,
    /// Index words added as completions of the word being typed.
    pub completions: usize,
    /// Unknown words tried for compound splitting.
    pub compound_splits: usize,
    /// Synonym alternatives added.
    pub synonyms: usize,
    /// Term queries in the final query (after merging duplicates).
    pub term_clauses: usize,
    /// Phrase queries in the final query.
    pub phrase_clauses: usize,
    /// Searches run on the index (a second one only when few sections match and typos may
    /// help).
    pub passes: usize,
    /// Words looked up for "did you mean".
    pub suggestion_words: usize,
    /// Words of hit texts checked for marks.
    pub snippet_words: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_off_stopwatch_measures_nothing_and_a_running_one_adds_up() {
        let mut off = Stopwatch::off();
        off.lap(Stage::Parse);
        assert_eq!(off.timings().total(), Duration::ZERO);
        let mut on = Stopwatch::on();
        std::thread::sleep(Duration::from_millis(2));
        on.lap(Stage::Scoring);
        on.lap(Stage::Snippets);
        let t = on.timings();
        assert!(t.get(Stage::Scoring) >= Duration::from_millis(2));
        assert_eq!(t.total(), t.get(Stage::Scoring) + t.get(Stage::Snippets));
    }
}
