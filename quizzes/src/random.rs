//! Random values from the operating system: attempt seeds and the opaque tokens that identify
//! attempts and results waiting for a name. Tokens double as the forms' CSRF tokens.

use crate::error::Error;
use std::fmt;

/// Crockford's base32 alphabet: no I, L, O or U, so codes are easy to read aloud and type.
pub(crate) const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a [`Token`]: 26 × 5 = 130 random bits.
const TOKEN_CHARS: usize = 26;

/// An unguessable id (130 bits from the OS), written as 26 lowercase base32 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token(String);

impl Token {
    /// A new random token.
    pub fn generate() -> Result<Token, Error> {
        Ok(Token(random_chars(TOKEN_CHARS)?.to_ascii_lowercase()))
    }

    /// Accepts only the exact form [`Token::generate`] produces; anything else is `None`.
    pub fn parse(text: &str) -> Option<Token> {
        let ok = text.len() == TOKEN_CHARS
            && text
                .bytes()
                .all(|b| ALPHABET.contains(&b.to_ascii_uppercase()) && !b.is_ascii_uppercase());
        ok.then(|| Token(text.to_string()))
    }

    /// The token's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A random seed for an attempt's option order.
pub fn random_seed() -> Result<u64, Error> {
    getrandom::u64().map_err(Error::Random)
}

/// `n` random base32 characters (5 random bits each), uppercase.
pub(crate) fn random_chars(n: usize) -> Result<String, Error> {
    let mut bytes = vec![0u8; (n * 5).div_ceil(8)];
    getrandom::fill(&mut bytes).map_err(Error::Random)?;
    Ok(encode(&bytes, n))
}

/// The first `n` 5-bit groups of `bytes` as base32 characters.
fn encode(bytes: &[u8], n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    let mut input = bytes.iter();
    while out.len() < n {
        if bits < 5 {
            let Some(&b) = input.next() else { break };
            buffer = (buffer << 8) | u32::from(b);
            bits += 8;
        }
        bits -= 5;
        let index = ((buffer >> bits) & 31) as usize;
        out.push(char::from(ALPHABET[index]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_five_bits_per_character() {
        assert_eq!(encode(&[0, 0], 3), "000");
        assert_eq!(encode(&[0xFF, 0xFF], 3), "ZZZ");
        // 0b00001_00010_000011… → 1, 2
        assert_eq!(encode(&[0b0000_1000, 0b1000_0000], 2), "12");
    }

    #[test]
    fn tokens_are_random_and_parse_back() {
        let a = Token::generate().expect("rng");
        let b = Token::generate().expect("rng");
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 26);
        assert_eq!(Token::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.to_string(), a.as_str());
    }

    #[test]
    fn token_parse_rejects_tampering() {
        let a = Token::generate().expect("rng");
        assert_eq!(Token::parse(&a.as_str().to_ascii_uppercase()), None);
        assert_eq!(Token::parse(&a.as_str()[1..]), None);
        assert_eq!(Token::parse(&format!("{}u", &a.as_str()[1..])), None);
        assert_eq!(Token::parse("' or 1=1 --"), None);
        assert_eq!(Token::parse(""), None);
    }

    #[test]
    fn seeds_differ() {
        assert_ne!(random_seed().expect("rng"), random_seed().expect("rng"));
    }
}
