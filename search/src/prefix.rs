//! Completions for the word being typed, found without walking the term dictionary: the
//! words of the corpus sorted once, with the most used completions of every prefix of up to
//! [`TABLE_CHARS`] letters stored in a table. Longer prefixes are looked up by binary search
//! and read in order, at most [`MAX_SCAN`] words.

use std::collections::HashMap;

/// Prefixes up to this many letters have their completions stored.
pub const TABLE_CHARS: usize = 4;
/// The most words read for a longer prefix.
pub const MAX_SCAN: usize = 512;

/// What a completion lookup cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrefixWork {
    /// Table lookups.
    pub table: usize,
    /// Words read in sorted order.
    pub scanned: usize,
}

/// Sorted words (by text) and their best completions.
#[derive(Debug, Default)]
pub struct Completions {
    /// (text, frequency, item), sorted by text.
    sorted: Vec<(Box<str>, u32, u32)>,
    /// Prefix → the most frequent items starting with it, most frequent first.
    table: HashMap<Box<str>, Box<[u32]>>,
    /// How many completions are kept per prefix.
    keep: usize,
}

impl Completions {
    /// Indexes `items` (text, frequency, item) and keeps the `keep` most frequent completions
    /// of each short prefix.
    pub fn build(
        items: impl IntoIterator<Item = (Box<str>, u32, u32)>,
        keep: usize,
    ) -> Completions {
        let mut sorted: Vec<(Box<str>, u32, u32)> = items.into_iter().collect();
        sorted.sort_unstable();
        let mut best: HashMap<Box<str>, Vec<(u32, u32)>> = HashMap::new();
        for (text, freq, item) in &sorted {
            let ends = text.char_indices().skip(1).map(|(i, _)| i);
            for end in ends.chain([text.len()]).take(TABLE_CHARS) {
                let list = best.entry(text[..end].into()).or_default();
                list.push((*freq, *item));
                if list.len() > keep * 4 {
                    prune(list, keep);
                }
            }
        }
        let table = best
            .into_iter()
            .map(|(prefix, mut list)| {
                prune(&mut list, keep);
                (prefix, list.into_iter().map(|(_, i)| i).collect())
            })
            .collect();
        Completions {
            sorted,
            table,
            keep,
        }
    }

    /// The most frequent items whose text starts with `prefix` (at most `keep`, the number the
    /// dictionary was built with), most frequent first.
    pub fn complete(&self, prefix: &str, work: &mut PrefixWork) -> Vec<u32> {
        if prefix.is_empty() {
            return Vec::new();
        }
        if prefix.chars().count() <= TABLE_CHARS {
            work.table += 1;
            return self
                .table
                .get(prefix)
                .map(|l| l.to_vec())
                .unwrap_or_default();
        }
        let start = self
            .sorted
            .partition_point(|(text, _, _)| text.as_ref() < prefix);
        let mut found: Vec<(u32, u32)> = Vec::new();
        for (text, freq, item) in self.sorted[start..].iter().take(MAX_SCAN) {
            if !text.starts_with(prefix) {
                break;
            }
            work.scanned += 1;
            found.push((*freq, *item));
        }
        prune(&mut found, self.keep);
        found.into_iter().map(|(_, i)| i).collect()
    }
}

/// Keeps the `keep` most frequent, most frequent first (ties: the earlier item).
fn prune(list: &mut Vec<(u32, u32)>, keep: usize) {
    list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    list.truncate(keep);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completions() -> Completions {
        let words = [
            ("orosanmälan", 9),
            ("orosanmälningar", 2),
            ("oro", 20),
            ("orolig", 5),
            ("kontaktförbud", 7),
            ("kontakt", 30),
            ("kontaktperson", 4),
        ];
        Completions::build(
            words
                .iter()
                .enumerate()
                .map(|(i, (w, f))| ((*w).into(), *f, i as u32)),
            2,
        )
    }

    /// The table and the sorted scan give what a scan of every word gives.
    #[test]
    fn short_and_long_prefixes_find_the_most_frequent_completions() {
        let c = completions();
        let mut work = PrefixWork::default();
        assert_eq!(c.complete("o", &mut work), [2, 0]);
        assert_eq!(c.complete("oros", &mut work), [0, 1]);
        assert_eq!(
            work,
            PrefixWork {
                table: 2,
                scanned: 0
            }
        );
        assert_eq!(c.complete("orosa", &mut work), [0, 1]);
        assert_eq!(c.complete("kontaktf", &mut work), [4]);
        assert_eq!(c.complete("kontakt", &mut work), [5, 4]);
        assert!(c.complete("x", &mut work).is_empty());
        assert!(c.complete("xyzzyx", &mut work).is_empty());
        assert!(work.scanned <= 2 + 1 + 3, "{work:?}");
        // Multi-byte letters count as one.
        let c = Completions::build([("åäöx".into(), 1, 7)], 2);
        assert_eq!(c.complete("åäö", &mut work), [7]);
        assert_eq!(c.complete("åäöx", &mut work), [7]);
    }

    #[test]
    fn long_prefixes_read_a_bounded_number_of_words() {
        let items = (0..2000).map(|i| (format!("abcdef{i:05}").into_boxed_str(), i, i));
        let c = Completions::build(items, 3);
        let mut work = PrefixWork::default();
        let got = c.complete("abcdef", &mut work);
        assert_eq!(got.len(), 3);
        assert_eq!(work.scanned, MAX_SCAN);
    }
}
