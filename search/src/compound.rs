//! Splitting Swedish compounds ("kontaktförbud" → "kontakt förbud") so that a search for a
//! part ("förbud", "våld") reaches the compound, and a search for the compound reaches text
//! that uses the parts ("förbud att kontakta").
//!
//! The dictionary is derived from the corpus itself, so editors maintain nothing: every word
//! of the content with at least [`MIN_PART`] letters that occurs at least [`MIN_COUNT`] times
//! becomes a known part. A word is split when it is *fully* covered by known parts, optionally
//! joined by the Swedish linking letters `s` or `e` ("våld·s·utsatta", "heder·s·relaterat");
//! among the possible splits the one with the fewest parts wins, so known longer parts are
//! kept whole. Words that cannot be covered are left alone, which keeps false splits rare.
//!
//! The parts go into their own, lower-weighted field (see `schema`), analyzed with the
//! Swedish stemmer like the main fields. Queries are split the same way at search time.
//! (tantivy's `SplitCompoundWords` does the same dictionary covering but has no linking
//! letters and splits only at index time, so we split the text before it reaches tantivy.)

use std::collections::{HashMap, HashSet};

/// The shortest word that counts as a compound part.
pub const MIN_PART: usize = 4;
/// How often a word must occur in the corpus to count as a part.
pub const MIN_COUNT: u32 = 2;
/// Letters that may join two parts.
const LINKS: [char; 2] = ['s', 'e'];
/// The longest word that is split, in characters.
pub const MAX_CHARS: usize = 48;

/// A dictionary of compound parts.
#[derive(Debug, Clone, Default)]
pub struct Decompounder {
    parts: HashSet<String>,
    /// The longest part, in characters.
    longest: usize,
}

impl Decompounder {
    /// Builds the dictionary from word counts (lowercased words → occurrences).
    pub fn from_counts(counts: &HashMap<String, u32>) -> Decompounder {
        Decompounder::from_parts(
            counts
                .iter()
                .filter(|(w, n)| **n >= MIN_COUNT && w.chars().count() >= MIN_PART)
                .filter(|(w, _)| w.chars().all(char::is_alphabetic))
                .map(|(w, _)| w.clone()),
        )
    }

    /// Builds the dictionary from a list of parts (for tests and tools).
    pub fn from_parts<I: IntoIterator<Item = S>, S: Into<String>>(parts: I) -> Decompounder {
        let parts: HashSet<String> = parts.into_iter().map(Into::into).collect();
        let longest = parts.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        Decompounder { parts, longest }
    }

    /// The parts of a lowercased word, or `None` if it is not a compound of known parts.
    /// Words longer than [`MAX_CHARS`] are never split (the work grows with the square of the
    /// length), and no candidate part is longer than the longest known part.
    pub fn split(&self, word: &str) -> Option<Vec<String>> {
        // bounds[i]: the byte offset of the i-th character (and the length at the end).
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        let n = bounds.len() - 1;
        if !(2 * MIN_PART..=MAX_CHARS).contains(&n) {
            return None;
        }
        let link = |i: usize| LINKS.iter().any(|l| word[bounds[i]..].starts_with(*l));
        // count[i]: the fewest parts covering the first i characters; back[i]: (start of the
        // last part, end of the part before it – one less than the start when a linking letter
        // joins them).
        let mut count: Vec<usize> = vec![usize::MAX; n + 1];
        let mut back: Vec<(usize, usize)> = vec![(0, 0); n + 1];
        count[0] = 0;
        for end in MIN_PART..=n {
            let first = end.saturating_sub(self.longest);
            for start in first..=end - MIN_PART {
                let from = if count[start] != usize::MAX {
                    start
                } else if start > 1 && link(start - 1) && count[start - 1] != usize::MAX {
                    start - 1
                } else {
                    continue;
                };
                let parts = count[from] + 1;
                if parts >= count[end] {
                    continue;
                }
                if self.parts.contains(&word[bounds[start]..bounds[end]]) {
                    count[end] = parts;
                    back[end] = (start, from);
                }
            }
        }
        if count[n] < 2 || count[n] == usize::MAX {
            return None;
        }
        let mut out = Vec::new();
        let mut end = n;
        while end > 0 {
            let (start, from) = back[end];
            out.push(word[bounds[start]..bounds[end]].to_string());
            end = from;
        }
        out.reverse();
        Some(out)
    }

    /// The text with every splittable word replaced by its parts (other words kept).
    pub fn parts_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (_, word) in crate::analysis::words(text) {
            if !out.is_empty() {
                out.push(' ');
            }
            match self.split(&word) {
                Some(parts) => out.push_str(&parts.join(" ")),
                None => out.push_str(&word),
            }
        }
        out
    }

    /// How many parts the dictionary knows.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// True if the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Decompounder {
        Decompounder::from_parts([
            "kontakt",
            "förbud",
            "våld",
            "utsatta",
            "heder",
            "relaterat",
            "barn",
            "frid",
            "brott",
            "barnfrid",
        ])
    }

    #[test]
    fn splits_plain_compounds() {
        assert_eq!(
            dict().split("kontaktförbud").expect("splits"),
            ["kontakt", "förbud"]
        );
    }

    #[test]
    fn splits_at_linking_letters() {
        assert_eq!(
            dict().split("våldsutsatta").expect("splits"),
            ["våld", "utsatta"]
        );
        assert_eq!(
            dict().split("hedersrelaterat").expect("splits"),
            ["heder", "relaterat"]
        );
    }

    #[test]
    fn prefers_fewer_parts() {
        assert_eq!(
            dict().split("barnfridsbrott").expect("splits"),
            ["barnfrid", "brott"]
        );
    }

    #[test]
    fn leaves_words_that_are_not_covered() {
        assert_eq!(dict().split("kontaktperson"), None);
        assert_eq!(dict().split("våld"), None);
    }

    #[test]
    fn very_long_words_are_not_split() {
        let word = "kontakt".repeat(7);
        assert_eq!(word.chars().count(), 49);
        assert_eq!(dict().split(&word), None);
        let word = "kontakt".repeat(6);
        assert_eq!(dict().split(&word).map(|p| p.len()), Some(6));
    }

    #[test]
    fn dictionary_comes_from_frequent_words() {
        let counts: HashMap<String, u32> =
            [("kontakt", 3), ("förbud", 2), ("ovanlig", 1), ("och", 9)]
                .into_iter()
                .map(|(w, n)| (w.to_string(), n))
                .collect();
        let d = Decompounder::from_counts(&counts);
        assert_eq!(d.len(), 2);
        assert!(d.split("kontaktförbud").is_some());
        assert_eq!(
            d.parts_text("Ett kontaktförbud gäller"),
            "ett kontakt förbud gäller"
        );
    }
}
