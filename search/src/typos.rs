//! A typo dictionary built once with the index (symmetric delete): every folded word of the
//! corpus is stored under each string that remains when up to [`MAX_EDITS`] of its letters are
//! deleted. A misspelt query word is found by deleting up to the allowed distance from it and
//! looking those strings up: two words within distance *d* (insertions, deletions,
//! substitutions and swapped neighbours) always share a string made by at most *d* deletions
//! from each. The few candidates are then checked with the real distance.
//!
//! This replaces walking the term dictionary with a Levenshtein automaton per query (whose
//! construction alone cost tens of microseconds for two edits) and the "did you mean" scan over
//! the whole vocabulary.
//!
//! Strings are stored as 64-bit hashes: a collision can only add a candidate, which the
//! distance check then rejects.

use crate::fuzzy::distance;
use crate::lexicon::Interner;

/// The most edits the dictionary can find.
pub const MAX_EDITS: usize = 2;
/// Words shorter than this are not in the dictionary (no typo is looked for below five
/// letters, and a five-letter word is at most one edit from a four-letter one).
pub const MIN_CHARS: usize = 4;
/// Words longer than this are neither in the dictionary nor corrected: no Swedish word in the
/// content is this long, and the deletions of a word grow with the square of its length.
pub const MAX_CHARS: usize = 30;
/// The most candidates checked per word (a bound for words near very many others).
pub const MAX_CANDIDATES: usize = 256;

/// A word of the dictionary within the distance asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The folded form (a number in the lexicon's forms).
    pub form: u32,
    /// Its distance from the query word.
    pub distance: u8,
}

/// What a lookup cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LookupWork {
    /// Deletion strings made from the query word and looked up.
    pub deletes: usize,
    /// Candidates checked with the real distance.
    pub checked: usize,
}

/// Bits of the hash that index the directory.
const DIRECTORY_BITS: u32 = 16;

/// The dictionary.
#[derive(Debug, Default)]
pub struct TypoDictionary {
    /// (hash of a deletion string, form), sorted.
    entries: Vec<(u64, u32)>,
    /// For each value of the hash's top [`DIRECTORY_BITS`] bits, where its entries start (and
    /// at the end, the number of entries): a lookup reads one short run instead of binary
    /// searching the whole list.
    directory: Vec<u32>,
}

impl TypoDictionary {
    /// Stores every form of `forms` with [`MIN_CHARS`]–[`MAX_CHARS`] letters.
    pub fn build(forms: &Interner) -> TypoDictionary {
        let mut entries = Vec::new();
        let mut hashes = Vec::new();
        let mut chars = Vec::new();
        for form in 0..forms.len() as u32 {
            chars.clear();
            chars.extend(forms.text(form).chars());
            if !(MIN_CHARS..=MAX_CHARS).contains(&chars.len()) {
                continue;
            }
            hashes.clear();
            deletions(&chars, MAX_EDITS, &mut hashes);
            hashes.sort_unstable();
            hashes.dedup();
            entries.extend(hashes.iter().map(|&h| (h, form)));
        }
        entries.sort_unstable();
        let buckets = 1usize << DIRECTORY_BITS;
        let mut directory = Vec::with_capacity(buckets + 1);
        let mut at = 0;
        for b in 0..buckets as u64 {
            at += entries[at..].partition_point(|&(h, _)| h >> (64 - DIRECTORY_BITS) < b);
            directory.push(at as u32);
        }
        directory.push(entries.len() as u32);
        TypoDictionary { entries, directory }
    }

    /// The forms stored under hash `h`.
    fn get(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let b = (h >> (64 - DIRECTORY_BITS)) as usize;
        let (from, to) = match (self.directory.get(b), self.directory.get(b + 1)) {
            (Some(&f), Some(&t)) => (f as usize, t as usize),
            _ => (0, 0),
        };
        let run = self.entries.get(from..to).unwrap_or_default();
        let start = run.partition_point(|&(e, _)| e < h);
        run[start..]
            .iter()
            .take_while(move |&&(e, _)| e == h)
            .map(|&(_, f)| f)
    }

    /// How many (deletion, word) entries are stored.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The forms within `max` edits of `word` (folded, lowercased), closest first; `forms`
    /// gives their text for the distance check. At most [`MAX_CANDIDATES`] are checked.
    pub fn lookup(
        &self,
        word: &str,
        max: usize,
        forms: &Interner,
        work: &mut LookupWork,
    ) -> Vec<Candidate> {
        let max = max.min(MAX_EDITS);
        let chars: Vec<char> = word.chars().collect();
        if max == 0 || chars.len() > MAX_CHARS || chars.len() + max < MIN_CHARS {
            return Vec::new();
        }
        let mut hashes = Vec::new();
        deletions(&chars, max, &mut hashes);
        hashes.sort_unstable();
        hashes.dedup();
        work.deletes += hashes.len();
        let mut seen: Vec<u32> = Vec::new();
        for h in hashes {
            seen.extend(self.get(h));
        }
        seen.sort_unstable();
        seen.dedup();
        let mut out = Vec::new();
        for form in seen.into_iter().take(MAX_CANDIDATES) {
            work.checked += 1;
            let d = distance(word, forms.text(form), max);
            if d <= max {
                out.push(Candidate {
                    form,
                    distance: d as u8,
                });
            }
        }
        out.sort_by_key(|c| (c.distance, c.form));
        out
    }
}

/// Pushes the hashes of `chars` with every set of up to `max` positions deleted (including
/// none).
fn deletions(chars: &[char], max: usize, out: &mut Vec<u64>) {
    let n = chars.len();
    out.push(hash(chars, &[]));
    if max >= 1 {
        for i in 0..n {
            out.push(hash(chars, &[i]));
        }
    }
    if max >= 2 {
        for i in 0..n {
            for j in i + 1..n {
                out.push(hash(chars, &[i, j]));
            }
        }
    }
}

/// FNV-1a over the characters, skipping the positions in `skip` (sorted).
fn hash(chars: &[char], skip: &[usize]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, c) in chars.iter().enumerate() {
        if skip.contains(&i) {
            continue;
        }
        for b in (*c as u32).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    // The length keeps "ab" with one deletion apart from "ab" as written.
    h ^ ((chars.len() - skip.len()) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary(words: &[&str]) -> (Interner, TypoDictionary) {
        let mut forms = Interner::default();
        for w in words {
            forms.intern(w);
        }
        let d = TypoDictionary::build(&forms);
        (forms, d)
    }

    fn found(words: &[&str], query: &str, max: usize) -> Vec<(String, u8)> {
        let (forms, d) = dictionary(words);
        d.lookup(query, max, &forms, &mut LookupWork::default())
            .into_iter()
            .map(|c| (forms.text(c.form).to_string(), c.distance))
            .collect()
    }

    /// Every word the brute-force distance finds, the dictionary finds: insertions,
    /// deletions, substitutions and swaps, one and two of them.
    #[test]
    fn finds_the_same_words_as_the_distance_itself() {
        let words = [
            "kvinnor",
            "kvinna",
            "våldsutsatta",
            "normaliseringsprocessen",
            "brottsskadeersattning",
            "kontroll",
            "kontor",
            "barnahus",
            "boende",
            "bonde",
            "skyddat",
            "uppfostringsresa",
            "tolk",
        ];
        let queries = [
            "kvinor",
            "kvinonr",
            "våldsutsata",
            "normaliseringsprocesen",
            "brotsskadeersattning",
            "kontorll",
            "bornahos",
            "bonde",
            "skydat",
            "uppfostrinsresa",
            "tolx",
            "xyzzyxyzzy",
        ];
        for q in queries {
            for max in 1..=2 {
                let mut want: Vec<(String, u8)> = words
                    .iter()
                    .filter_map(|w| {
                        let d = distance(q, w, max);
                        (d <= max && w.chars().count() >= MIN_CHARS)
                            .then(|| (w.to_string(), d as u8))
                    })
                    .collect();
                want.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
                let mut got = found(&words, q, max);
                got.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
                assert_eq!(got, want, "{q} within {max}");
            }
        }
    }

    #[test]
    fn closest_first_and_bounded_work() {
        let got = found(&["kontroll", "kontor", "kontrollen"], "kontorll", 2);
        assert_eq!(got[0], ("kontroll".to_string(), 1));
        let (forms, d) = dictionary(&["barnahus"]);
        let mut work = LookupWork::default();
        assert!(d.lookup(&"a".repeat(31), 2, &forms, &mut work).is_empty());
        assert_eq!(work.deletes, 0, "too long: nothing looked up");
        d.lookup("barnahuset", 2, &forms, &mut work);
        // 1 + 10 + 45 deletion strings at most, fewer where letters repeat.
        assert!(work.deletes <= 56 && work.deletes > 40, "{work:?}");
        assert!(work.checked <= MAX_CANDIDATES);
    }
}
