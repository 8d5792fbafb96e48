//! Typo tolerance: how far a word may be from an indexed word, the distance itself (for
//! snippets and spelling suggestions) and the "did you mean" suggestion.

use std::collections::HashMap;

/// The edit distance allowed for a word: none below 5 letters, 1 from 5, 2 from 9.
/// A transposition ("kvinonr") counts as one edit.
pub fn max_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters each cost one. Stops early and returns `limit + 1` when the distance
/// is certainly above `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = rows[i][0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return limit + 1;
        }
    }
    rows[a.len()][b.len()]
}

/// The most frequent known word closest to `word` (distance 1 for 4+ letters, 2 for 6+,
/// 3 for 10+), or `None`. Known words are the corpus vocabulary with counts.
pub fn suggest<'a>(word: &str, vocabulary: &'a HashMap<String, u32>) -> Option<&'a str> {
    if vocabulary.contains_key(word) {
        return None;
    }
    let limit = match word.chars().count() {
        0..=3 => return None,
        4..=5 => 1,
        6..=9 => 2,
        _ => 3,
    };
    vocabulary
        .iter()
        .filter(|(w, _)| w.chars().count() >= 3)
        .filter_map(|(w, n)| {
            let d = distance(word, w, limit);
            (d <= limit).then_some((d, std::cmp::Reverse(*n), w.as_str()))
        })
        .min()
        .map(|(_, _, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_follow_word_length() {
        assert_eq!(max_distance("våld"), 0);
        assert_eq!(max_distance("kvinor"), 1);
        assert_eq!(max_distance("våldsutsata"), 2);
    }

    #[test]
    fn transpositions_count_as_one() {
        assert_eq!(distance("kvinnor", "kvinonr", 3), 1);
        assert_eq!(distance("kvinor", "kvinnor", 3), 1);
        assert_eq!(distance("våldsutsata", "våldsutsatta", 3), 1);
        assert_eq!(distance("abc", "xyzabc", 2), 3);
    }

    #[test]
    fn suggests_the_closest_frequent_word() {
        let vocab: HashMap<String, u32> = [("barnahus", 5), ("barnahusen", 1), ("polis", 9)]
            .into_iter()
            .map(|(w, n)| (w.to_string(), n))
            .collect();
        assert_eq!(suggest("bornahos", &vocab), Some("barnahus"));
        assert_eq!(suggest("barnahus", &vocab), None);
        assert_eq!(suggest("xyzzyxyzzy", &vocab), None);
    }
}
