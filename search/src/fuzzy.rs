//! Typo tolerance: how far a word may be from an indexed word, and the distance itself.

/// The edit distance allowed for a word: none below 5 letters, 1 from 5, 2 from 9.
/// A transposition ("kvinonr") counts as one edit.
pub fn max_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The longest word (in characters) that [`distance`] compares; longer words are never
/// within any limit of each other.
pub const MAX_CHARS: usize = 64;

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters each cost one. Stops early and returns `limit + 1` when the distance
/// is certainly above `limit`. Works on the stack: no allocation.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let mut ab = ['\0'; MAX_CHARS];
    let mut bb = ['\0'; MAX_CHARS];
    let (Some(n), Some(m)) = (fill(a, &mut ab), fill(b, &mut bb)) else {
        return limit + 1;
    };
    let (a, b) = (&ab[..n], &bb[..m]);
    if n.abs_diff(m) > limit {
        return limit + 1;
    }
    // Three rolling rows: i-2, i-1 and i.
    let mut rows = [[0usize; MAX_CHARS + 1]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return limit + 1;
        }
    }
    rows[n % 3][m]
}

/// Copies the characters of `s` into `out`; `None` if there are more than [`MAX_CHARS`].
fn fill(s: &str, out: &mut [char; MAX_CHARS]) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *out.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
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
        assert_eq!(distance("bornahos", "barnahus", 3), 2);
        assert_eq!(distance("", "ab", 3), 2);
        assert_eq!(distance("samma", "samma", 0), 0);
    }

    #[test]
    fn words_too_long_to_compare_are_never_close() {
        let long = "a".repeat(MAX_CHARS + 1);
        assert_eq!(distance(&long, &long, 2), 3);
        let edge = "a".repeat(MAX_CHARS);
        assert_eq!(distance(&edge, &edge, 2), 0);
    }
}
