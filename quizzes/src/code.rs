//! Certificate verification codes: 100 random bits from the OS as 20 base32 characters in
//! groups of four, e.g. `7K3M-Q9TX-2HCR-W4PN-8FJD`.

use crate::error::Error;
use crate::random::{ALPHABET, random_chars};
use std::fmt;

/// Characters in a code (20 × 5 = 100 random bits).
const CHARS: usize = 20;
/// Characters per group.
const GROUP: usize = 4;

/// The code printed on a certificate and used to verify it at `/utbildning/intyg/<code>`.
/// Always held in canonical form: uppercase, grouped with `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateCode(String);

impl CertificateCode {
    /// A new random code.
    pub fn generate() -> Result<CertificateCode, Error> {
        Ok(CertificateCode(group(&random_chars(CHARS)?)))
    }

    /// Reads a code as a person may type it: any case, with or without dashes or spaces, and
    /// with O, I and L read as 0, 1 and 1 (Crockford). Anything else is `None`.
    pub fn parse(text: &str) -> Option<CertificateCode> {
        let mut chars = String::with_capacity(CHARS);
        for c in text.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return None,
            };
            if chars.len() == CHARS {
                return None;
            }
            chars.push(c);
        }
        (chars.len() == CHARS).then(|| CertificateCode(group(&chars)))
    }

    /// The canonical text, e.g. `7K3M-Q9TX-2HCR-W4PN-8FJD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CertificateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn group(chars: &str) -> String {
    let mut out = String::with_capacity(chars.len() + chars.len() / GROUP);
    for (i, c) in chars.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_grouped_and_distinct() {
        let a = CertificateCode::generate().expect("rng");
        let b = CertificateCode::generate().expect("rng");
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 24);
        let groups: Vec<&str> = a.as_str().split('-').collect();
        assert_eq!(groups.len(), 5);
        assert!(groups.iter().all(|g| g.len() == 4));
        assert_eq!(CertificateCode::parse(a.as_str()), Some(a));
    }

    #[test]
    fn parse_forgives_how_people_type() {
        let canonical = "7K3M-Q9TX-2HCR-W4PN-8FJD";
        for typed in [
            canonical,
            "7k3m-q9tx-2hcr-w4pn-8fjd",
            "7K3MQ9TX2HCRW4PN8FJD",
            "7K3M Q9TX 2HCR W4PN 8FJD",
        ] {
            assert_eq!(
                CertificateCode::parse(typed).map(|c| c.to_string()),
                Some(canonical.to_string()),
                "{typed}"
            );
        }
        assert_eq!(
            CertificateCode::parse("OIL0-0000-0000-0000-0000").map(|c| c.to_string()),
            Some("0110-0000-0000-0000-0000".to_string())
        );
    }

    #[test]
    fn parse_rejects_wrong_length_and_letters() {
        assert_eq!(CertificateCode::parse("7K3M-Q9TX"), None);
        assert_eq!(CertificateCode::parse("7K3M-Q9TX-2HCR-W4PN-8FJD-A"), None);
        assert_eq!(CertificateCode::parse("UK3M-Q9TX-2HCR-W4PN-8FJD"), None);
        assert_eq!(CertificateCode::parse("7K3M-Q9TX-2HCR-W4PN-8FJÅ"), None);
        assert_eq!(CertificateCode::parse(""), None);
    }
}
