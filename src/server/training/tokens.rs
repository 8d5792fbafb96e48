//! The signed tokens that replace stored attempts and waiting results: a quiz form carries an
//! [`AttemptToken`], a passed result's name form a [`ResultToken`]. Nothing is written until a
//! form is submitted; the nonces make each token usable once (see the store).

use super::super::signing::{Purpose, SigningKey, TokenError};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use vagvisare_quizzes::Token;

/// A quiz attempt: which module and version the form showed, the seed of its question draw
/// and option order ([`vagvisare_quizzes::Draw::new`]), when it was shown and a random nonce.
/// The submission re-creates the draw from the seed, so the token need not list the questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptToken {
    /// The module's id.
    pub m: String,
    /// The module's version.
    pub v: u32,
    /// The seed of the question draw and option order.
    pub s: u64,
    /// When the form was shown (Unix seconds).
    pub t: i64,
    /// The random nonce: the "submitted once" key.
    pub n: String,
}

/// A passed result waiting for a name: module, version, score and a nonce that the
/// certificate remembers (one certificate per result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultToken {
    /// The module's id.
    pub m: String,
    /// The module's version.
    pub v: u32,
    /// Right answers.
    pub c: u32,
    /// Questions.
    pub q: u32,
    /// The random nonce.
    pub n: String,
}

impl AttemptToken {
    /// A new attempt at `module` version `version`, shown at `now`.
    pub fn new(
        module: &str,
        version: u32,
        now: OffsetDateTime,
    ) -> Result<AttemptToken, vagvisare_quizzes::Error> {
        Ok(AttemptToken {
            m: module.to_string(),
            v: version,
            s: vagvisare_quizzes::random_seed()?,
            t: now.unix_timestamp(),
            n: Token::generate()?.to_string(),
        })
    }

    /// Signed, valid for `max_age` from when it was shown.
    pub fn sign(&self, key: &SigningKey, max_age: Duration) -> String {
        let shown =
            OffsetDateTime::from_unix_timestamp(self.t).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        key.sign(Purpose::Attempt, self, shown + max_age)
    }

    /// The attempt in a submitted form, if signed by `key` and not expired.
    pub fn verify(
        key: &SigningKey,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<AttemptToken, TokenError> {
        key.verify(Purpose::Attempt, text, now)
    }

    /// When the token stops being accepted (and its nonce can be forgotten).
    pub fn expires(&self, max_age: Duration) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.t).unwrap_or(OffsetDateTime::UNIX_EPOCH) + max_age
    }
}

impl ResultToken {
    /// Signed, valid until `now + max_age`.
    pub fn sign(&self, key: &SigningKey, now: OffsetDateTime, max_age: Duration) -> String {
        key.sign(Purpose::Result, self, now + max_age)
    }

    /// The result in a name form, if signed by `key` and not expired.
    pub fn verify(
        key: &SigningKey,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<ResultToken, TokenError> {
        key.verify(Purpose::Result, text, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempt_tokens_expire_and_are_not_results() {
        let key = SigningKey::random().expect("key");
        let now = OffsetDateTime::now_utc();
        let a = AttemptToken::new("grundkurs", 3, now).expect("token");
        let text = a.sign(&key, Duration::hours(24));
        assert_eq!(AttemptToken::verify(&key, &text, now), Ok(a.clone()));
        assert_eq!(
            AttemptToken::verify(&key, &text, now + Duration::hours(25)),
            Err(TokenError::Expired)
        );
        assert_eq!(
            ResultToken::verify(&key, &text, now),
            Err(TokenError::WrongPurpose)
        );
        assert_ne!(
            AttemptToken::new("grundkurs", 3, now).expect("token").n,
            a.n
        );
    }
}
