//! The anonymous attempt records behind the item statistics: per submitted attempt the module,
//! its version, the month, the score and whether it passed, and per asked question whether it
//! was right and which options were chosen. Nothing links a record to a person or a
//! certificate: no name, unit, code, nonce, address or exact time, and the row id is random
//! (not a sequence), so the order of the rows does not follow the order of the certificates.

use super::db::{Tx, args};
use super::{Store, to_unix};
use crate::error::Error;
use crate::grading::Outcome;
use crate::item_stats::{AttemptTotals, ItemAnswer};
use crate::module::Module;
use time::OffsetDateTime;

/// Options are stored as a bit set; a module question has at most 10 (see the loader).
const MAX_STORED_OPTIONS: usize = 63;

/// What is stored about one submitted attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    /// The module's id.
    pub module_id: String,
    /// The module's version the attempt was made on.
    pub module_version: u32,
    /// Right answers.
    pub correct: u32,
    /// Questions asked.
    pub total: u32,
    /// Whether the attempt passed.
    pub passed: bool,
    /// One entry per asked question.
    pub items: Vec<ItemRecord>,
}

/// What is stored about one asked question of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    /// The question's id in the module.
    pub question_id: String,
    /// Whether the answer was right.
    pub right: bool,
    /// The chosen options as written indices.
    pub chosen: Vec<usize>,
}

impl ItemRecord {
    /// A record of question `question_id`.
    pub fn new(question_id: &str, right: bool, chosen: &[usize]) -> ItemRecord {
        ItemRecord {
            question_id: question_id.to_string(),
            right,
            chosen: chosen.to_vec(),
        }
    }
}

impl AttemptRecord {
    /// The record of a graded attempt at `module`.
    pub fn from_outcome(module: &Module, outcome: &Outcome) -> AttemptRecord {
        AttemptRecord {
            module_id: module.id.clone(),
            module_version: module.version,
            correct: u32::try_from(outcome.correct).unwrap_or(u32::MAX),
            total: u32::try_from(outcome.total).unwrap_or(u32::MAX),
            passed: outcome.passed,
            items: outcome
                .results
                .iter()
                .filter_map(|r| {
                    let q = module.questions.get(r.question)?;
                    Some(ItemRecord::new(&q.id, r.right, &r.chosen))
                })
                .collect(),
        }
    }
}

/// `YYYYMM`, the only time stored with a record.
fn month(at: OffsetDateTime) -> i64 {
    i64::from(at.year()) * 100 + i64::from(u8::from(at.month()))
}

/// The chosen options as a bit set (bit i = written option i).
fn mask(chosen: &[usize]) -> i64 {
    chosen
        .iter()
        .filter(|&&i| i < MAX_STORED_OPTIONS)
        .fold(0i64, |m, &i| m | (1i64 << i))
}

fn unmask(mask: i64) -> Vec<usize> {
    (0..MAX_STORED_OPTIONS)
        .filter(|&i| mask & (1i64 << i) != 0)
        .collect()
}

impl Store {
    /// Records that the attempt with `nonce` has been submitted (the "submitted once" guard,
    /// kept until `expires`) and, the first time only, stores its anonymous `record` in the
    /// same transaction. `false` if the attempt was already submitted (nothing is stored).
    pub fn submit_attempt(
        &self,
        nonce: &str,
        expires: OffsetDateTime,
        record: &AttemptRecord,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let id = random_id()?;
        self.write(|tx| {
            let inserted = tx.execute(
                "INSERT INTO submissions (nonce, expires) VALUES (?1, ?2)
                 ON CONFLICT (nonce) DO NOTHING",
                args![nonce, to_unix(expires)],
            )?;
            if inserted != 1 {
                return Ok(false);
            }
            insert_record(tx, id, record, month(now))?;
            Ok(true)
        })
    }

    /// How many attempts of `module_id` version `version` are stored and how many passed.
    pub fn attempt_totals(&self, module_id: &str, version: u32) -> Result<AttemptTotals, Error> {
        self.read(|tx| {
            let r = tx.query_one(
                "SELECT COUNT(*), CAST(COALESCE(SUM(passed), 0) AS BIGINT) FROM item_attempts
                 WHERE module_id = ?1 AND module_version = ?2",
                args![module_id, version],
            )?;
            Ok(AttemptTotals {
                attempts: r.get(0)?,
                passed: r.get(1)?,
            })
        })
    }

    /// Calls `f` with the attempt's score and each stored answer of `module_id` version
    /// `version`, one row at a time (for [`crate::ItemStatsBuilder::add`]).
    pub fn for_each_item_answer(
        &self,
        module_id: &str,
        version: u32,
        mut f: impl FnMut(u32, ItemAnswer<'_>),
    ) -> Result<(), Error> {
        self.read(|tx| {
            tx.for_each(
                "SELECT a.correct, i.question_id, i.is_right, i.chosen
                 FROM item_answers i JOIN item_attempts a ON a.id = i.attempt
                 WHERE a.module_id = ?1 AND a.module_version = ?2",
                args![module_id, version],
                |row| {
                    let score: u32 = row.get(0)?;
                    let question_id: String = row.get(1)?;
                    let right: bool = row.get(2)?;
                    let chosen = unmask(row.get(3)?);
                    f(
                        score,
                        ItemAnswer {
                            question_id: &question_id,
                            right,
                            chosen: &chosen,
                        },
                    );
                    Ok(())
                },
            )
        })
    }

    /// How many attempt records are stored in all (for tests and monitoring).
    pub fn attempt_record_count(&self) -> Result<u64, Error> {
        self.read(|tx| {
            tx.query_one("SELECT COUNT(*) FROM item_attempts", &[])?
                .get(0)
        })
    }
}

/// Deletes the records of the month of `cutoff` and earlier, so that none is kept longer than
/// the retention; returns how many attempts were deleted (their answers go with them).
pub(super) fn delete_until(tx: &mut Tx<'_>, cutoff: OffsetDateTime) -> Result<u64, Error> {
    tx.execute(
        "DELETE FROM item_answers WHERE attempt IN
             (SELECT id FROM item_attempts WHERE month <= ?1)",
        args![month(cutoff)],
    )?;
    tx.execute(
        "DELETE FROM item_attempts WHERE month <= ?1",
        args![month(cutoff)],
    )
}

fn insert_record(tx: &mut Tx<'_>, id: i64, r: &AttemptRecord, month: i64) -> Result<(), Error> {
    // A random id that is already taken (about 1 in 2^63) gets a fresh one.
    let mut id = id;
    while tx
        .query_opt("SELECT 1 FROM item_attempts WHERE id = ?1", args![id])?
        .is_some()
    {
        id = random_id()?;
    }
    tx.execute(
        "INSERT INTO item_attempts (id, module_id, module_version, month, correct, total, passed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
            id,
            &r.module_id,
            r.module_version,
            month,
            r.correct,
            r.total,
            r.passed
        ],
    )?;
    for item in &r.items {
        tx.execute(
            "INSERT INTO item_answers (attempt, question_id, is_right, chosen)
             VALUES (?1, ?2, ?3, ?4)",
            args![id, &item.question_id, item.right, mask(&item.chosen)],
        )?;
    }
    Ok(())
}

fn random_id() -> Result<i64, Error> {
    Ok(i64::from_ne_bytes(
        crate::random::random_seed()?.to_ne_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item_stats::ItemStatsBuilder;
    use crate::store::tests::{on_both, t0, temp_store};

    fn record(correct: u32, passed: bool, items: &[(&str, bool, &[usize])]) -> AttemptRecord {
        AttemptRecord {
            module_id: "m".into(),
            module_version: 1,
            correct,
            total: 2,
            passed,
            items: items
                .iter()
                .map(|(q, r, c)| ItemRecord::new(q, *r, c))
                .collect(),
        }
    }

    on_both! {
        fn stored_once_per_nonce_and_read_back(store) {
            let r = record(2, true, &[("a", true, &[1]), ("b", true, &[0, 2])]);
            assert!(store.submit_attempt("n1", t0(), &r, t0()).expect("first"));
            assert!(!store.submit_attempt("n1", t0(), &r, t0()).expect("again"));
            let other = record(0, false, &[("a", false, &[0])]);
            assert!(store.submit_attempt("n2", t0(), &other, t0()).expect("n2"));
            assert_eq!(store.attempt_record_count().expect("count"), 2);
            assert_eq!(store.submission_count().expect("nonces"), 2);
            assert_eq!(
                store.attempt_totals("m", 1).expect("totals"),
                AttemptTotals {
                    attempts: 2,
                    passed: 1
                }
            );
            assert_eq!(
                store.attempt_totals("m", 2).expect("other version"),
                AttemptTotals::default()
            );
            let mut rows = Vec::new();
            store
                .for_each_item_answer("m", 1, |score, a| {
                    rows.push((score, a.question_id.to_string(), a.right, a.chosen.to_vec()));
                })
                .expect("rows");
            rows.sort();
            assert_eq!(
                rows,
                vec![
                    (0, "a".into(), false, vec![0]),
                    (2, "a".into(), true, vec![1]),
                    (2, "b".into(), true, vec![0, 2]),
                ]
            );
        }
    }

    #[test]
    fn a_record_holds_nothing_about_the_person_or_the_time() {
        let (_dir, store) = temp_store();
        let r = record(1, false, &[("a", true, &[1])]);
        store
            .submit_attempt("hemlig-nonce", t0(), &r, t0())
            .expect("submit");
        let columns: Vec<String> = store
            .sqlite(|c| {
                let mut stmt = c.prepare(
                    "SELECT name FROM pragma_table_info('item_attempts')
                     UNION ALL SELECT name FROM pragma_table_info('item_answers')",
                )?;
                let names = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                Ok(names)
            })
            .expect("columns");
        assert_eq!(
            columns,
            [
                "id",
                "module_id",
                "module_version",
                "month",
                "correct",
                "total",
                "passed",
                "attempt",
                "question_id",
                "is_right",
                "chosen"
            ]
        );
        let stored_month: i64 = store
            .sqlite(|c| Ok(c.query_row("SELECT month FROM item_attempts", [], |r| r.get(0))?))
            .expect("month");
        assert_eq!(stored_month, 202603);
    }

    on_both! {
        fn records_feed_the_statistics(store) {
            let m = crate::test_support::module(
                vec![crate::test_support::numbered(
                    "a",
                    "g",
                    crate::Kind::Single,
                    3,
                    &[1],
                )],
                &["g"],
                1,
            );
            for i in 0..10 {
                let right = i % 2 == 0;
                let r = record(
                    u32::from(right),
                    right,
                    &[("a", right, if right { &[1] } else { &[0] })],
                );
                store
                    .submit_attempt(&format!("n{i}"), t0(), &r, t0())
                    .expect("submit");
            }
            let mut b = ItemStatsBuilder::new(&m);
            store
                .for_each_item_answer("m", 1, |s, a| b.add(s, a))
                .expect("rows");
            let stats = b.finish(store.attempt_totals("m", 1).expect("totals"));
            assert_eq!(stats.totals.attempts, 10);
            let f = stats.questions[0].figures.as_ref().expect("n = 10");
            assert_eq!(f.chosen, vec![5, 5, 0]);
            assert!((f.facility - 0.5).abs() < 1e-12);
        }
    }

    #[test]
    fn the_record_of_a_graded_attempt() {
        let m = crate::grading::tests::sample();
        let written = vec![vec![1], vec![2], vec![0]];
        let answers = crate::Answers::from_written(&m, &written).expect("valid");
        let outcome = crate::grade(&m, &answers);
        let r = AttemptRecord::from_outcome(&m, &outcome);
        assert_eq!(
            r,
            AttemptRecord {
                module_id: "m".into(),
                module_version: 1,
                correct: 2,
                total: 3,
                passed: true,
                items: vec![
                    ItemRecord::new("a", true, &[1]),
                    ItemRecord::new("b", false, &[2]),
                    ItemRecord::new("c", true, &[0]),
                ],
            }
        );
    }

    #[test]
    fn option_masks_round_trip() {
        assert_eq!(unmask(mask(&[])), Vec::<usize>::new());
        assert_eq!(unmask(mask(&[0, 2, 9])), vec![0, 2, 9]);
        assert_eq!(month(t0()), 202603);
    }
}
