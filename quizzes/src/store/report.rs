//! Report queries for the admin page and its CSV, always in bounded pieces: a page of the
//! list, or the next batch after a cursor, so that a million certificates never sit in memory.

use super::certificates::{COLUMNS, Certificate, certificates, date_text};
use super::db::args;
use super::{Store, to_unix};
use crate::code::CertificateCode;
use crate::error::Error;
use time::{Date, OffsetDateTime};

/// Which certificates a report shows: all, or those of one module and/or one unit (as
/// entered). Checked by the caller (a known module id, a valid unit).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// Only this module.
    pub module: Option<String>,
    /// Only this unit.
    pub unit: Option<String>,
}

/// The filter as an SQL condition on `certificates` with parameters `?1` (module) and `?2`
/// (unit); NULL matches everything.
const FILTER: &str =
    "(CAST(?1 AS TEXT) IS NULL OR module_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR unit = ?2)";

/// Where the previous batch of [`Store::certificates_after`] ended (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCursor {
    issued: OffsetDateTime,
    code: CertificateCode,
}

impl ReportCursor {
    /// The position just after `cert`.
    pub fn after(cert: &Certificate) -> ReportCursor {
        ReportCursor {
            issued: cert.issued,
            code: cert.code.clone(),
        }
    }
}

/// How many passed certificates a module has for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionCount {
    /// The module's id.
    pub module_id: String,
    /// The unit as entered; `None` for certificates without one.
    pub unit: Option<String>,
    /// Passed certificates.
    pub count: u64,
}

impl Store {
    /// Passed certificates per module and unit (units sorted, no unit last), at most `limit`
    /// groups.
    pub fn completions(&self, limit: usize) -> Result<Vec<CompletionCount>, Error> {
        self.read(|tx| {
            tx.query(
                "SELECT module_id, unit, COUNT(*) FROM certificates WHERE passed = 1
                 GROUP BY module_id, unit
                 ORDER BY module_id, unit IS NULL, unit
                 LIMIT ?1",
                args![limit],
            )?
            .iter()
            .map(|r| {
                Ok(CompletionCount {
                    module_id: r.get(0)?,
                    unit: r.get(1)?,
                    count: r.get(2)?,
                })
            })
            .collect()
        })
    }

    /// How many certificates are stored.
    pub fn certificate_count(&self) -> Result<u64, Error> {
        self.read(|tx| {
            tx.query_one("SELECT COUNT(*) FROM certificates", &[])?
                .get(0)
        })
    }

    /// How many certificates match `filter`.
    pub fn count_matching(&self, filter: &ReportFilter) -> Result<u64, Error> {
        self.read(|tx| {
            tx.query_one(
                &format!("SELECT COUNT(*) FROM certificates WHERE {FILTER}"),
                args![&filter.module, &filter.unit],
            )?
            .get(0)
        })
    }

    /// One page of the certificates matching `filter`, newest first.
    pub fn certificates_page(
        &self,
        filter: &ReportFilter,
        offset: u64,
        limit: usize,
    ) -> Result<Vec<Certificate>, Error> {
        self.read(|tx| {
            let rows = tx.query(
                &format!(
                    "SELECT {COLUMNS} FROM certificates WHERE {FILTER}
                     ORDER BY issued DESC, code LIMIT ?3 OFFSET ?4"
                ),
                args![&filter.module, &filter.unit, limit, offset],
            )?;
            certificates(tx, &rows)
        })
    }

    /// The next `limit` certificates matching `filter` after `cursor` (from the newest when
    /// `None`), newest first: for streaming the CSV in batches.
    pub fn certificates_after(
        &self,
        filter: &ReportFilter,
        cursor: Option<&ReportCursor>,
        limit: usize,
    ) -> Result<Vec<Certificate>, Error> {
        self.read(|tx| {
            let rows = match cursor {
                None => tx.query(
                    &format!(
                        "SELECT {COLUMNS} FROM certificates WHERE {FILTER}
                         ORDER BY issued DESC, code LIMIT ?3"
                    ),
                    args![&filter.module, &filter.unit, limit],
                )?,
                Some(cur) => tx.query(
                    &format!(
                        "SELECT {COLUMNS} FROM certificates
                         WHERE {FILTER} AND (issued < ?3 OR (issued = ?3 AND code > ?4))
                         ORDER BY issued DESC, code LIMIT ?5"
                    ),
                    args![
                        &filter.module,
                        &filter.unit,
                        to_unix(cur.issued),
                        cur.code.as_str(),
                        limit
                    ],
                )?,
            };
            certificates(tx, &rows)
        })
    }

    /// Passed certificates matching `filter` whose validity ends before `before`, where the
    /// same person (name and unit) has no later passed certificate of the same module:
    /// the people due for a refresher, soonest first.
    pub fn due_for_refresher(
        &self,
        filter: &ReportFilter,
        before: Date,
        limit: usize,
    ) -> Result<Vec<Certificate>, Error> {
        self.read(|tx| {
            let rows = tx.query(
                &format!(
                    "SELECT {COLUMNS} FROM certificates AS c
                     WHERE {FILTER} AND passed = 1 AND valid_until < ?3
                       AND NOT EXISTS (
                           SELECT 1 FROM certificates AS d
                           WHERE d.passed = 1 AND d.module_id = c.module_id AND d.name = c.name
                             AND d.unit IS NOT DISTINCT FROM c.unit AND d.issued > c.issued)
                     ORDER BY valid_until, code LIMIT ?4"
                ),
                args![&filter.module, &filter.unit, date_text(before), limit],
            )?;
            certificates(tx, &rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewCertificate;
    use crate::store::tests::{on_both, t0};
    use time::Duration;
    use time::macros::date;

    fn add(store: &Store, module: &str, unit: Option<&str>, minutes: i64) {
        add_valid(store, "N", module, unit, minutes, date!(2028 - 03 - 01));
    }

    fn add_valid(
        store: &Store,
        name: &str,
        module: &str,
        unit: Option<&str>,
        minutes: i64,
        valid_until: Date,
    ) -> Certificate {
        store
            .insert_certificate(
                &NewCertificate {
                    name,
                    unit,
                    module_id: module,
                    module_version: 1,
                    correct: 8,
                    total: 10,
                    passed: true,
                    valid_until,
                    pages: &[],
                },
                t0() + Duration::minutes(minutes),
            )
            .expect("insert")
    }

    on_both! {
        fn completions_are_counted_per_module_and_unit(store) {
            add(store, "skola", Some("Norra skolan"), 1);
            add(store, "grund", None, 2);
            add(store, "grund", Some("Socialtjänsten"), 3);
            add(store, "grund", Some("Socialtjänsten"), 4);
            add(store, "grund", Some("Bostadsbolaget"), 5);
            let got: Vec<(String, Option<String>, u64)> = store
                .completions(100)
                .expect("report")
                .into_iter()
                .map(|c| (c.module_id, c.unit, c.count))
                .collect();
            let s = |x: &str| Some(x.to_string());
            assert_eq!(
                got,
                [
                    ("grund".into(), s("Bostadsbolaget"), 1),
                    ("grund".into(), s("Socialtjänsten"), 2),
                    ("grund".into(), None, 1),
                    ("skola".into(), s("Norra skolan"), 1),
                ]
            );
        }
    }

    on_both! {
        fn certificates_are_listed_newest_first_in_pages_and_batches(store) {
            add(store, "a", None, 1);
            add(store, "b", None, 2);
            for _ in 0..3 {
                add(store, "c", None, 3); // three with the same time: ordered by code
            }
            let ids = |certs: Vec<Certificate>| -> Vec<String> {
                certs.into_iter().map(|c| c.module_id).collect()
            };
            assert_eq!(store.certificate_count().expect("count"), 5);
            assert_eq!(
                ids(store.certificates_page(&no_filter(), 0, 2).expect("page")),
                ["c", "c"]
            );
            assert_eq!(
                ids(store.certificates_page(&no_filter(), 3, 2).expect("page")),
                ["b", "a"]
            );
            assert!(
                store
                    .certificates_page(&no_filter(), 5, 2)
                    .expect("page")
                    .is_empty()
            );
            let mut all = Vec::new();
            let mut cursor = None;
            loop {
                let batch = store
                    .certificates_after(&no_filter(), cursor.as_ref(), 2)
                    .expect("batch");
                let Some(last) = batch.last() else { break };
                cursor = Some(ReportCursor::after(last));
                all.extend(batch);
            }
            assert_eq!(
                all,
                store.certificates_page(&no_filter(), 0, 10).expect("all")
            );
            assert_eq!(store.completions(1).expect("limited").len(), 1);
        }
    }

    fn no_filter() -> ReportFilter {
        ReportFilter::default()
    }

    on_both! {
        fn filters_select_by_module_and_unit_in_pages_batches_and_counts(store) {
            add(store, "grund", Some("Syd"), 1);
            add(store, "grund", Some("Norr"), 2);
            add(store, "skola", Some("Syd"), 3);
            add(store, "grund", None, 4);
            let filter = |m: Option<&str>, u: Option<&str>| ReportFilter {
                module: m.map(str::to_string),
                unit: u.map(str::to_string),
            };
            let pick = |f: &ReportFilter| -> Vec<(String, Option<String>)> {
                store
                    .certificates_page(f, 0, 10)
                    .expect("page")
                    .into_iter()
                    .map(|c| (c.module_id, c.unit))
                    .collect()
            };
            let s = |x: &str| Some(x.to_string());
            assert_eq!(
                pick(&filter(Some("grund"), None)),
                [
                    ("grund".into(), None),
                    ("grund".into(), s("Norr")),
                    ("grund".into(), s("Syd"))
                ]
            );
            assert_eq!(
                pick(&filter(None, Some("Syd"))),
                [("skola".into(), s("Syd")), ("grund".into(), s("Syd"))]
            );
            assert_eq!(
                pick(&filter(Some("grund"), Some("Syd"))),
                [("grund".into(), s("Syd"))]
            );
            assert!(pick(&filter(Some("okand"), None)).is_empty());
            assert_eq!(
                store
                    .count_matching(&filter(Some("grund"), None))
                    .expect("n"),
                3
            );
            assert_eq!(store.count_matching(&no_filter()).expect("n"), 4);
            let first = store
                .certificates_after(&filter(None, Some("Syd")), None, 1)
                .expect("batch");
            let rest = store
                .certificates_after(
                    &filter(None, Some("Syd")),
                    first.last().map(ReportCursor::after).as_ref(),
                    10,
                )
                .expect("batch");
            assert_eq!((first.len(), rest.len()), (1, 1));
            assert_eq!(rest[0].module_id, "grund");
        }
    }

    on_both! {
        fn the_refresher_list_skips_people_who_passed_again(store) {
            let soon = date!(2026 - 04 - 01);
            let later = date!(2028 - 03 - 01);
            let expired = add_valid(
                store,
                "Kim",
                "grund",
                Some("Syd"),
                1,
                date!(2026 - 02 - 01),
            );
            add_valid(
                store,
                "Robin",
                "grund",
                Some("Syd"),
                2,
                date!(2026 - 02 - 01),
            );
            add_valid(store, "Robin", "grund", Some("Syd"), 3, later); // passed again
            let expiring = add_valid(store, "Alex", "grund", None, 4, soon);
            add_valid(store, "Sam", "grund", None, 5, later);
            add_valid(
                store,
                "Kim",
                "skola",
                Some("Syd"),
                6,
                date!(2026 - 01 - 01),
            );
            let cutoff = date!(2026 - 04 - 30);
            let due = |f: &ReportFilter| -> Vec<CertificateCode> {
                store
                    .due_for_refresher(f, cutoff, 10)
                    .expect("due")
                    .into_iter()
                    .map(|c| c.code)
                    .collect()
            };
            let grund = ReportFilter {
                module: Some("grund".into()),
                unit: None,
            };
            assert_eq!(due(&grund), [expired.code, expiring.code]);
            assert_eq!(due(&no_filter()).len(), 3);
        }
    }
}
