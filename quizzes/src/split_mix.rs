//! SplitMix64, the small deterministic generator behind option orders and draws: the same
//! seed must reproduce the same attempt on every machine and in every later version.

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-mixed generator. Not for secrets; the
/// seed itself comes from the OS random number generator.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` by multiply-shift (bias below 2⁻⁶⁰ for the small `n` used here).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        let wide = u128::from(self.next()) * n as u128;
        (wide >> 64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates, walking from the end).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_stream() {
        // Reference values of SplitMix64 seeded with 0.
        let mut r = SplitMix64(0);
        assert_eq!(r.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SplitMix64(9);
        for n in 1..50 {
            assert!(r.below(n) < n);
        }
    }
}
