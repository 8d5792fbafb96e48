//! The "submitted once" guard of quiz attempts: the attempt token's random nonce, stored when
//! the attempt is submitted and kept until the token would have expired anyway.

use super::db::args;
use super::{Store, to_unix};
use crate::error::Error;
use time::OffsetDateTime;

impl Store {
    /// Records that the attempt with `nonce` has been submitted; `false` if it already was
    /// (a resent form). The row is kept until `expires`, when the token itself is refused.
    pub fn record_submission(&self, nonce: &str, expires: OffsetDateTime) -> Result<bool, Error> {
        self.write(|tx| {
            let inserted = tx.execute(
                "INSERT INTO submissions (nonce, expires) VALUES (?1, ?2)
                 ON CONFLICT (nonce) DO NOTHING",
                args![nonce, to_unix(expires)],
            )?;
            Ok(inserted == 1)
        })
    }

    /// How many submissions are remembered (for tests and monitoring).
    pub fn submission_count(&self) -> Result<u64, Error> {
        self.read(|tx| {
            tx.query_one("SELECT COUNT(*) FROM submissions", &[])?
                .get(0)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{on_both, t0};

    on_both! {
        fn an_attempt_is_submitted_once(store) {
            assert!(store.record_submission("abc", t0()).expect("first"));
            assert!(!store.record_submission("abc", t0()).expect("again"));
            assert!(store.record_submission("abd", t0()).expect("other"));
            assert_eq!(store.submission_count().expect("count"), 2);
        }
    }
}
