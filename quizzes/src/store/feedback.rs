//! "Hittade du det du behövde?": yes and no counted per page and month. No free text, no time
//! of day, nothing about the reader: one row per page and month with two numbers.

use super::Store;
use super::db::args;
use crate::error::Error;
use time::OffsetDateTime;

/// The counts of one page in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackCount {
    /// The page's content path.
    pub page: String,
    /// The month, `YYYY-MM` (UTC).
    pub month: String,
    /// "Ja" answers.
    pub yes: u64,
    /// "Nej" answers.
    pub no: u64,
}

/// The month of `t` as stored, `YYYY-MM`.
pub fn feedback_month(t: OffsetDateTime) -> String {
    format!("{:04}-{:02}", t.year(), u8::from(t.month()))
}

impl Store {
    /// Counts one answer for `page` in the month of `now`.
    pub fn record_feedback(&self, page: &str, yes: bool, now: OffsetDateTime) -> Result<(), Error> {
        let (y, n): (i64, i64) = if yes { (1, 0) } else { (0, 1) };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO page_feedback (page, month, yes, no) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (page, month) DO UPDATE
                 SET yes = page_feedback.yes + excluded.yes, no = page_feedback.no + excluded.no",
                args![page, feedback_month(now), y, n],
            )?;
            Ok(())
        })
    }

    /// Every count, by page and month (newest month first).
    pub fn feedback_counts(&self) -> Result<Vec<FeedbackCount>, Error> {
        self.read(|tx| {
            tx.query(
                "SELECT page, month, yes, no FROM page_feedback ORDER BY page, month DESC",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(FeedbackCount {
                    page: r.get(0)?,
                    month: r.get(1)?,
                    yes: r.get(2)?,
                    no: r.get(3)?,
                })
            })
            .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{on_both, t0};
    use time::Duration;

    on_both! {
        fn answers_are_counted_per_page_and_month(store) {
            store.record_feedback("a.md", true, t0()).expect("1");
            store.record_feedback("a.md", true, t0()).expect("2");
            store.record_feedback("a.md", false, t0()).expect("3");
            store
                .record_feedback("a.md", false, t0() + Duration::days(40))
                .expect("4");
            store.record_feedback("b.md", true, t0()).expect("5");
            let counts = store.feedback_counts().expect("counts");
            let row = |page: &str, month: &str, yes, no| FeedbackCount {
                page: page.into(),
                month: month.into(),
                yes,
                no,
            };
            assert_eq!(
                counts,
                [
                    row("a.md", "2026-04", 0, 1),
                    row("a.md", "2026-03", 2, 1),
                    row("b.md", "2026-03", 1, 0)
                ]
            );
        }
    }
}
