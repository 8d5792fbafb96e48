//! Attempts and the results that wait for the participant's name.

use super::{Store, from_unix, to_u32, to_unix};
use crate::error::Error;
use crate::random::Token;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

/// One attempt at a module: which module and version it showed and the seed of its option
/// order. Its id is the quiz form's hidden CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The random id.
    pub id: Token,
    /// The module's id.
    pub module_id: String,
    /// The module's version when the form was shown.
    pub module_version: u32,
    /// The seed of the option order (see [`crate::Shuffle`]).
    pub seed: u64,
    /// When the form was shown.
    pub created: OffsetDateTime,
    /// When it was submitted and graded; `None` while open.
    pub submitted: Option<OffsetDateTime>,
}

/// A passed result waiting for the participant's name, keyed by a random token that the
/// name form carries. It holds the score only, never the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The random token.
    pub token: Token,
    /// The module's id.
    pub module_id: String,
    /// The module's version.
    pub module_version: u32,
    /// Right answers.
    pub correct: u32,
    /// Questions.
    pub total: u32,
    /// When the attempt was graded.
    pub created: OffsetDateTime,
}

/// What [`Store::finish_attempt`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// The attempt is now submitted; with a passed score, the result waiting for a name.
    Recorded(Option<Pending>),
    /// The attempt had already been submitted (a resent form); nothing was written.
    AlreadySubmitted,
    /// There is no such attempt (never made, or deleted by retention).
    Unknown,
}

impl Store {
    /// Records a new attempt with a fresh random id.
    pub fn create_attempt(
        &self,
        module_id: &str,
        module_version: u32,
        seed: u64,
        now: OffsetDateTime,
    ) -> Result<Attempt, Error> {
        let attempt = Attempt {
            id: Token::generate()?,
            module_id: module_id.to_string(),
            module_version,
            seed,
            created: now,
            submitted: None,
        };
        self.with(|c| {
            c.execute(
                "INSERT INTO attempts (id, module_id, module_version, seed, created)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    attempt.id.as_str(),
                    attempt.module_id,
                    attempt.module_version,
                    i64::from_ne_bytes(seed.to_ne_bytes()),
                    to_unix(now)
                ],
            )?;
            Ok(())
        })?;
        Ok(attempt)
    }

    /// The attempt with this id.
    pub fn attempt(&self, id: &Token) -> Result<Option<Attempt>, Error> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT id, module_id, module_version, seed, created, submitted
                 FROM attempts WHERE id = ?1",
                [id.as_str()],
                |r| {
                    let seed: i64 = r.get(3)?;
                    let submitted: Option<i64> = r.get(5)?;
                    Ok(Attempt {
                        id: id.clone(),
                        module_id: r.get(1)?,
                        module_version: to_u32(2, r.get(2)?)?,
                        seed: u64::from_ne_bytes(seed.to_ne_bytes()),
                        created: from_unix(4, r.get(4)?)?,
                        submitted: submitted.map(|s| from_unix(5, s)).transpose()?,
                    })
                },
            )
            .optional()?)
        })
    }

    /// Marks the attempt submitted and, when `passed` holds `(correct, total)`, stores the
    /// result to wait for a name, in one transaction. An attempt can be submitted only once.
    pub fn finish_attempt(
        &self,
        id: &Token,
        passed: Option<(u32, u32)>,
        now: OffsetDateTime,
    ) -> Result<Finished, Error> {
        let token = match passed {
            Some(_) => Some(Token::generate()?),
            None => None,
        };
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let found: Option<(String, i64, Option<i64>)> = tx
                .query_row(
                    "SELECT module_id, module_version, submitted FROM attempts WHERE id = ?1",
                    [id.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((module_id, version, submitted)) = found else {
                return Ok(Finished::Unknown);
            };
            if submitted.is_some() {
                return Ok(Finished::AlreadySubmitted);
            }
            tx.execute(
                "UPDATE attempts SET submitted = ?2 WHERE id = ?1",
                params![id.as_str(), to_unix(now)],
            )?;
            let pending = match (passed, token) {
                (Some((correct, total)), Some(token)) => {
                    tx.execute(
                        "INSERT INTO pending (token, module_id, module_version, correct, total, created)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![token.as_str(), module_id, version, correct, total, to_unix(now)],
                    )?;
                    Some(Pending {
                        token,
                        module_id,
                        module_version: to_u32(1, version)?,
                        correct,
                        total,
                        created: now,
                    })
                }
                _ => None,
            };
            tx.commit()?;
            Ok(Finished::Recorded(pending))
        })
    }

    /// The result waiting for a name under this token, if it is not older than `max_age`.
    pub fn pending(
        &self,
        token: &Token,
        max_age: time::Duration,
        now: OffsetDateTime,
    ) -> Result<Option<Pending>, Error> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT module_id, module_version, correct, total, created
                 FROM pending WHERE token = ?1 AND created >= ?2",
                params![token.as_str(), to_unix(now - max_age)],
                |r| {
                    Ok(Pending {
                        token: token.clone(),
                        module_id: r.get(0)?,
                        module_version: to_u32(1, r.get(1)?)?,
                        correct: to_u32(2, r.get(2)?)?,
                        total: to_u32(3, r.get(3)?)?,
                        created: from_unix(4, r.get(4)?)?,
                    })
                },
            )
            .optional()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::random::Token;
    use crate::store::Finished;
    use crate::store::tests::{t0, temp_store};
    use time::Duration;

    #[test]
    fn attempts_round_trip_including_large_seeds() {
        let (_dir, store) = temp_store();
        let a = store
            .create_attempt("grund", 3, u64::MAX - 5, t0())
            .expect("create");
        let b = store.attempt(&a.id).expect("read").expect("exists");
        assert_eq!(a, b);
        assert_eq!(b.seed, u64::MAX - 5);
        let unknown = Token::generate().expect("rng");
        assert_eq!(store.attempt(&unknown).expect("read"), None);
    }

    #[test]
    fn an_attempt_is_submitted_once() {
        let (_dir, store) = temp_store();
        let a = store.create_attempt("grund", 1, 1, t0()).expect("create");
        let later = t0() + Duration::minutes(10);
        assert_eq!(
            store.finish_attempt(&a.id, None, later).expect("finish"),
            Finished::Recorded(None)
        );
        assert_eq!(
            store
                .finish_attempt(&a.id, Some((9, 10)), later)
                .expect("again"),
            Finished::AlreadySubmitted
        );
        let read = store.attempt(&a.id).expect("read").expect("exists");
        assert_eq!(read.submitted, Some(later));
        let unknown = Token::generate().expect("rng");
        assert_eq!(
            store
                .finish_attempt(&unknown, None, later)
                .expect("unknown"),
            Finished::Unknown
        );
    }

    #[test]
    fn a_pass_waits_for_a_name_for_a_limited_time() {
        let (_dir, store) = temp_store();
        let a = store.create_attempt("grund", 2, 1, t0()).expect("create");
        let Finished::Recorded(Some(p)) = store
            .finish_attempt(&a.id, Some((9, 10)), t0())
            .expect("finish")
        else {
            panic!("expected a pending result")
        };
        assert_eq!(
            (p.module_id.as_str(), p.module_version, p.correct, p.total),
            ("grund", 2, 9, 10)
        );
        let hour = Duration::hours(1);
        assert_eq!(
            store
                .pending(&p.token, hour, t0() + Duration::minutes(59))
                .expect("read"),
            Some(p.clone())
        );
        assert_eq!(
            store
                .pending(&p.token, hour, t0() + Duration::minutes(61))
                .expect("read"),
            None
        );
    }
}
