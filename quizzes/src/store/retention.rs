//! Deleting old records: certificates after a configured number of years, the anonymous
//! attempt records of the item statistics after the same number of years (during the month
//! they reach it, as only the month is stored), error reports on pages after a configured
//! number of days, submission nonces once their attempt token has
//! expired, failed admin sign-ins after a day.

use super::db::{Tx, args};
use super::{Store, to_unix};
use crate::error::Error;
use time::{Duration, OffsetDateTime};

/// How many days error reports are kept unless configured otherwise.
pub const DEFAULT_REPORT_DAYS: u16 = 180;

/// How long records are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Certificates older than this many whole years are deleted, and so are the anonymous
    /// attempt records of the month this many years back and earlier.
    pub certificate_years: u16,
    /// How long a quiz form (attempt token) can be submitted.
    pub attempt_max_age: Duration,
    /// How long a passed result (result token) can be turned into a certificate.
    pub pending_max_age: Duration,
    /// Error reports on pages older than this are deleted, dealt with or not.
    pub report_max_age: Duration,
}

impl Default for Retention {
    /// Certificates 3 years, error reports 180 days, attempts 24 hours, results waiting for a
    /// name 2 hours.
    fn default() -> Self {
        Retention {
            certificate_years: 3,
            attempt_max_age: Duration::hours(24),
            pending_max_age: Duration::hours(2),
            report_max_age: Duration::days(DEFAULT_REPORT_DAYS.into()),
        }
    }
}

/// How many rows a retention run deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Certificates.
    pub certificates: usize,
    /// Submission nonces of expired attempts.
    pub submissions: usize,
    /// Anonymous attempt records (item statistics).
    pub attempt_records: usize,
    /// Error reports on pages.
    pub reports: usize,
}

impl Retention {
    /// The oldest issue time a certificate may have at `now`: the same date and time
    /// `certificate_years` earlier (29 February becomes 28 February).
    pub fn certificate_cutoff(&self, now: OffsetDateTime) -> OffsetDateTime {
        let year = now.year() - i32::from(self.certificate_years);
        now.replace_year(year)
            .or_else(|_| now.replace_day(28).and_then(|d| d.replace_year(year)))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

impl Store {
    /// Deletes everything older than `retention` allows, in one transaction.
    pub fn apply_retention(
        &self,
        retention: &Retention,
        now: OffsetDateTime,
    ) -> Result<RetentionReport, Error> {
        self.write(|tx| delete_old(tx, retention, now))
    }

    /// Deletes old records like [`Store::apply_retention`], unless a run has already
    /// started less than `every` ago, here or on another replica sharing the records:
    /// `None` then. The claim and the deletions are one transaction, so a run that fails
    /// leaves the task to the next one, and replicas running at the same moment wait for
    /// each other on the claim's row and find it taken.
    pub fn apply_retention_once(
        &self,
        retention: &Retention,
        now: OffsetDateTime,
        every: Duration,
    ) -> Result<Option<RetentionReport>, Error> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO maintenance (task, last_run) VALUES (?1, 0)
                 ON CONFLICT (task) DO NOTHING",
                args![RETENTION_TASK],
            )?;
            let claimed = tx.execute(
                "UPDATE maintenance SET last_run = ?2 WHERE task = ?1 AND last_run <= ?3",
                args![RETENTION_TASK, to_unix(now), to_unix(now - every)],
            )?;
            if claimed == 0 {
                return Ok(None);
            }
            delete_old(tx, retention, now).map(Some)
        })
    }
}

/// The row in `maintenance` that records the last retention run.
const RETENTION_TASK: &str = "gallring";

fn delete_old(
    tx: &mut Tx<'_>,
    retention: &Retention,
    now: OffsetDateTime,
) -> Result<RetentionReport, Error> {
    let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let certificates = tx.execute(
        "DELETE FROM certificates WHERE issued < ?1",
        args![to_unix(retention.certificate_cutoff(now))],
    )?;
    let attempt_records = super::item_records::delete_until(tx, retention.certificate_cutoff(now))?;
    let submissions = tx.execute(
        "DELETE FROM submissions WHERE expires < ?1",
        args![to_unix(now)],
    )?;
    let reports = tx.execute(
        "DELETE FROM page_reports WHERE created < ?1",
        args![to_unix(now - retention.report_max_age)],
    )?;
    tx.execute(
        "DELETE FROM admin_failures WHERE at < ?1",
        args![to_unix(now - Duration::days(1))],
    )?;
    Ok(RetentionReport {
        certificates: count(certificates),
        submissions: count(submissions),
        attempt_records: count(attempt_records),
        reports: count(reports),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewCertificate;
    use crate::store::tests::{on_both, temp_store};
    use time::macros::datetime;

    fn cert(store: &Store, at: OffsetDateTime) {
        store
            .insert_certificate(
                &NewCertificate {
                    name: "N",
                    unit: None,
                    module_id: "m",
                    module_version: 1,
                    correct: 1,
                    total: 1,
                    passed: true,
                    valid_until: time::macros::date!(2028 - 03 - 01),
                    pages: &[],
                },
                at,
            )
            .expect("insert");
    }

    #[test]
    fn cutoff_is_calendar_years() {
        let r = Retention {
            certificate_years: 3,
            ..Retention::default()
        };
        assert_eq!(
            r.certificate_cutoff(datetime!(2026-05-10 12:00 UTC)),
            datetime!(2023-05-10 12:00 UTC)
        );
        assert_eq!(
            r.certificate_cutoff(datetime!(2028-02-29 12:00 UTC)),
            datetime!(2025-02-28 12:00 UTC)
        );
    }

    on_both! {
        fn deletes_old_certificates_and_expired_submissions(store) {
            let now = datetime!(2026-05-10 12:00 UTC);
            cert(store, datetime!(2023-05-10 11:59 UTC)); // just over 3 years
            cert(store, datetime!(2023-05-10 12:01 UTC)); // just under
            store
                .record_submission("old", now - Duration::minutes(1))
                .expect("old");
            store
                .record_submission("fresh", now + Duration::hours(1))
                .expect("fresh");
            let report = store
                .apply_retention(&Retention::default(), now)
                .expect("retention");
            assert_eq!(
                report,
                RetentionReport {
                    certificates: 1,
                    submissions: 1,
                    attempt_records: 0,
                    reports: 0,
                }
            );
            assert_eq!(store.certificate_count().expect("count"), 1);
            assert!(store.record_submission("old", now).expect("forgotten"));
            assert!(!store.record_submission("fresh", now).expect("kept"));
            // Running again deletes nothing more.
            assert_eq!(
                store
                    .apply_retention(&Retention::default(), now)
                    .expect("again"),
                RetentionReport::default()
            );
        }
    }

    #[test]
    fn deletes_attempt_records_during_the_month_they_reach_the_retention() {
        let (_dir, store) = temp_store();
        let record = crate::AttemptRecord {
            module_id: "m".into(),
            module_version: 1,
            correct: 1,
            total: 1,
            passed: true,
            items: vec![crate::ItemRecord::new("a", true, &[0])],
        };
        let expires = datetime!(2030-01-01 0:00 UTC);
        for (nonce, at) in [
            ("apr", datetime!(2023-04-30 23:00 UTC)),
            ("may", datetime!(2023-05-31 12:00 UTC)),
            ("jun", datetime!(2023-06-01 00:00 UTC)),
        ] {
            assert!(
                store
                    .submit_attempt(nonce, expires, &record, at)
                    .expect("submit")
            );
        }
        let now = datetime!(2026-05-10 12:00 UTC);
        let report = store
            .apply_retention(&Retention::default(), now)
            .expect("retention");
        // The cut-off is 2023-05-10: April and May 2023 go, June stays.
        assert_eq!(report.attempt_records, 2);
        assert_eq!(store.attempt_record_count().expect("count"), 1);
        let answers: i64 = store
            .sqlite(|c| Ok(c.query_row("SELECT COUNT(*) FROM item_answers", [], |r| r.get(0))?))
            .expect("answers");
        assert_eq!(answers, 1, "answers go with their attempts");
    }

    #[test]
    fn deletes_error_reports_older_than_the_configured_days() {
        use crate::store::{NewPageReport, ReportLayer};
        let (_dir, store) = temp_store();
        let now = datetime!(2026-05-10 12:00 UTC);
        let retention = Retention {
            report_max_age: Duration::days(30),
            ..Retention::default()
        };
        let report = NewPageReport {
            page: "a.md",
            title: "A",
            owner: "Ägare",
            layer: ReportLayer::National,
            what: "Fel",
            suggestion: None,
            contact: Some("ag@example.se"),
        };
        let old = store
            .insert_page_report(&report, now - Duration::days(31))
            .expect("old");
        let done_old = store
            .insert_page_report(&report, now - Duration::days(40))
            .expect("done");
        store.mark_page_report_done(done_old, now).expect("mark");
        let fresh = store
            .insert_page_report(&report, now - Duration::days(29))
            .expect("fresh");
        let r = store.apply_retention(&retention, now).expect("retention");
        assert_eq!(r.reports, 2);
        assert!(store.page_report(old).expect("read").is_none());
        assert!(store.page_report(fresh).expect("read").is_some());
    }
}
