//! Report queries for the admin page and its CSV, always in bounded pieces: a page of the
//! list, or the next batch after a cursor, so that a million certificates never sit in memory.

use super::certificates::{COLUMNS, Certificate, row};
use super::{Store, to_unix};
use crate::code::CertificateCode;
use crate::error::Error;
use rusqlite::params;
use time::OffsetDateTime;

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
    /// Passed certificates per module and unit, ordered by module id then unit (no unit last),
    /// at most `limit` rows.
    pub fn completions(&self, limit: usize) -> Result<Vec<CompletionCount>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT module_id, unit, COUNT(*) FROM certificates WHERE passed = 1
                 GROUP BY module_id, unit
                 ORDER BY module_id, unit IS NULL, unit
                 LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit_sql(limit)], |r| {
                let count: i64 = r.get(2)?;
                Ok(CompletionCount {
                    module_id: r.get(0)?,
                    unit: r.get(1)?,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// How many certificates there are.
    pub fn certificate_count(&self) -> Result<u64, Error> {
        self.with(|c| {
            let n: i64 = c.query_row("SELECT COUNT(*) FROM certificates", [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// Certificates newest first, skipping `offset` and returning at most `limit`.
    pub fn certificates_page(&self, offset: u64, limit: usize) -> Result<Vec<Certificate>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM certificates ORDER BY issued DESC, code LIMIT ?1 OFFSET ?2"
            ))?;
            let rows = stmt.query_map(
                params![limit_sql(limit), i64::try_from(offset).unwrap_or(i64::MAX)],
                row,
            )?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// The next at most `limit` certificates (newest first) after `cursor`, or from the start.
    /// Uses the (issued, code) order, so each batch is an index range, not a growing offset.
    pub fn certificates_after(
        &self,
        cursor: Option<&ReportCursor>,
        limit: usize,
    ) -> Result<Vec<Certificate>, Error> {
        self.with(|c| match cursor {
            None => {
                let mut stmt = c.prepare(&format!(
                    "SELECT {COLUMNS} FROM certificates ORDER BY issued DESC, code LIMIT ?1"
                ))?;
                let rows = stmt.query_map([limit_sql(limit)], row)?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            Some(cur) => {
                let mut stmt = c.prepare(&format!(
                    "SELECT {COLUMNS} FROM certificates
                     WHERE issued < ?1 OR (issued = ?1 AND code > ?2)
                     ORDER BY issued DESC, code LIMIT ?3"
                ))?;
                let rows = stmt.query_map(
                    params![to_unix(cur.issued), cur.code.as_str(), limit_sql(limit)],
                    row,
                )?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
        })
    }
}

fn limit_sql(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewCertificate;
    use crate::store::tests::{t0, temp_store};
    use time::Duration;

    fn add(store: &Store, module: &str, unit: Option<&str>, minutes: i64) {
        store
            .insert_certificate(
                &NewCertificate {
                    name: "N",
                    unit,
                    module_id: module,
                    module_version: 1,
                    correct: 8,
                    total: 10,
                    passed: true,
                },
                t0() + Duration::minutes(minutes),
            )
            .expect("insert");
    }

    #[test]
    fn completions_are_counted_per_module_and_unit() {
        let (_dir, store) = temp_store();
        add(&store, "skola", Some("Norra skolan"), 1);
        add(&store, "grund", None, 2);
        add(&store, "grund", Some("Socialtjänsten"), 3);
        add(&store, "grund", Some("Socialtjänsten"), 4);
        add(&store, "grund", Some("Bostadsbolaget"), 5);
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

    #[test]
    fn certificates_are_listed_newest_first_in_pages_and_batches() {
        let (_dir, store) = temp_store();
        add(&store, "a", None, 1);
        add(&store, "b", None, 2);
        for _ in 0..3 {
            add(&store, "c", None, 3); // three with the same time: ordered by code
        }
        let ids = |certs: Vec<Certificate>| -> Vec<String> {
            certs.into_iter().map(|c| c.module_id).collect()
        };
        assert_eq!(store.certificate_count().expect("count"), 5);
        assert_eq!(
            ids(store.certificates_page(0, 2).expect("page")),
            ["c", "c"]
        );
        assert_eq!(
            ids(store.certificates_page(3, 2).expect("page")),
            ["b", "a"]
        );
        assert!(store.certificates_page(5, 2).expect("page").is_empty());
        let mut all = Vec::new();
        let mut cursor = None;
        loop {
            let batch = store.certificates_after(cursor.as_ref(), 2).expect("batch");
            let Some(last) = batch.last() else { break };
            cursor = Some(ReportCursor::after(last));
            all.extend(batch);
        }
        assert_eq!(all, store.certificates_page(0, 10).expect("all"));
        assert_eq!(store.completions(1).expect("limited").len(), 1);
    }
}
