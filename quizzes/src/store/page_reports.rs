//! Error reports on content pages ("Rapportera ett fel på sidan"): what is wrong, an optional
//! suggestion and, only if the sender chooses to give one, a contact. Each report keeps the
//! page, its title, its owner and its layer as they were when it was sent, so the list still
//! makes sense after the page moves. Nothing about the sender is stored (no address).

use super::{Store, from_unix, to_unix};
use crate::error::Error;
use rusqlite::{OptionalExtension, Row, params};
use time::OffsetDateTime;

/// Which layer a reported page comes from: national text is forwarded to the national
/// editors, local text goes to the municipality's own owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportLayer {
    /// The national base.
    National,
    /// The municipality's overlay (its own page, or a page replacing a national one).
    Local,
}

impl ReportLayer {
    /// The stored and exported name: `nationell` or `lokal`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportLayer::National => "nationell",
            ReportLayer::Local => "lokal",
        }
    }

    fn parse(column: usize, text: &str) -> Result<ReportLayer, rusqlite::Error> {
        match text {
            "nationell" => Ok(ReportLayer::National),
            "lokal" => Ok(ReportLayer::Local),
            other => Err(rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                format!("okänt lager \"{other}\"").into(),
            )),
        }
    }
}

/// A report to store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewPageReport<'a> {
    /// The page's content path, e.g. `barn/orosanmalan.md`.
    pub page: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// The page's owner (a role or unit).
    pub owner: &'a str,
    /// The page's layer.
    pub layer: ReportLayer,
    /// What is wrong (required).
    pub what: &'a str,
    /// A suggestion, if given.
    pub suggestion: Option<&'a str>,
    /// A contact, if the sender chose to give one.
    pub contact: Option<&'a str>,
}

/// A stored report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    /// The report's number.
    pub id: i64,
    /// The page's content path.
    pub page: String,
    /// The page's title when the report was sent.
    pub title: String,
    /// The page's owner when the report was sent.
    pub owner: String,
    /// The page's layer.
    pub layer: ReportLayer,
    /// What is wrong.
    pub what: String,
    /// The suggestion, if any.
    pub suggestion: Option<String>,
    /// The contact, if any.
    pub contact: Option<String>,
    /// When it was sent.
    pub created: OffsetDateTime,
    /// When it was marked as dealt with; `None` while open.
    pub done: Option<OffsetDateTime>,
}

const COLUMNS: &str = "id, page, title, owner, layer, what, suggestion, contact, created, done";

fn read(r: &Row) -> Result<PageReport, rusqlite::Error> {
    let layer: String = r.get(4)?;
    Ok(PageReport {
        id: r.get(0)?,
        page: r.get(1)?,
        title: r.get(2)?,
        owner: r.get(3)?,
        layer: ReportLayer::parse(4, &layer)?,
        what: r.get(5)?,
        suggestion: r.get(6)?,
        contact: r.get(7)?,
        created: from_unix(8, r.get(8)?)?,
        done: r
            .get::<_, Option<i64>>(9)?
            .map(|t| from_unix(9, t))
            .transpose()?,
    })
}

impl Store {
    /// Stores a report sent at `now`; returns its number.
    pub fn insert_page_report(
        &self,
        report: &NewPageReport,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        self.with(|c| {
            c.execute(
                "INSERT INTO page_reports (page, title, owner, layer, what, suggestion, contact, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    report.page,
                    report.title,
                    report.owner,
                    report.layer.as_str(),
                    report.what,
                    report.suggestion,
                    report.contact,
                    to_unix(now)
                ],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Open reports, at most `limit`: national text first, then by owner, page and time.
    pub fn open_page_reports(&self, limit: usize) -> Result<Vec<PageReport>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM page_reports WHERE done IS NULL
                 ORDER BY layer DESC, owner, page, created, id LIMIT ?1"
            ))?;
            let rows = stmt
                .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], read)?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
    }

    /// Every report (open and done), oldest first, at most `limit` (for the CSV).
    pub fn all_page_reports(&self, limit: usize) -> Result<Vec<PageReport>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM page_reports ORDER BY created, id LIMIT ?1"
            ))?;
            let rows = stmt
                .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], read)?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
    }

    /// One report by number.
    pub fn page_report(&self, id: i64) -> Result<Option<PageReport>, Error> {
        self.with(|c| {
            Ok(c.query_row(
                &format!("SELECT {COLUMNS} FROM page_reports WHERE id = ?1"),
                [id],
                read,
            )
            .optional()?)
        })
    }

    /// Marks report `id` as dealt with at `now`; `false` when there is no such open report.
    pub fn mark_page_report_done(&self, id: i64, now: OffsetDateTime) -> Result<bool, Error> {
        self.with(|c| {
            let n = c.execute(
                "UPDATE page_reports SET done = ?2 WHERE id = ?1 AND done IS NULL",
                params![id, to_unix(now)],
            )?;
            Ok(n == 1)
        })
    }

    /// Open reports per page (content path → count).
    pub fn open_page_report_counts(&self) -> Result<Vec<(String, u64)>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT page, COUNT(*) FROM page_reports WHERE done IS NULL GROUP BY page",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                    ))
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
    }

    /// How many reports are stored (open and done).
    pub fn page_report_count(&self) -> Result<u64, Error> {
        self.with(|c| {
            let n: i64 = c.query_row("SELECT COUNT(*) FROM page_reports", [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{t0, temp_store};
    use time::Duration;

    fn report<'a>(page: &'a str, layer: ReportLayer, what: &'a str) -> NewPageReport<'a> {
        NewPageReport {
            page,
            title: "Titel",
            owner: if layer == ReportLayer::Local {
                "Socialtjänsten i Ort"
            } else {
                "Nationell redaktion"
            },
            layer,
            what,
            suggestion: Some("Skriv så här"),
            contact: None,
        }
    }

    #[test]
    fn reports_are_stored_listed_and_marked_done() {
        let (_dir, store) = temp_store();
        let a = store
            .insert_page_report(&report("a.md", ReportLayer::Local, "Fel nummer"), t0())
            .expect("a");
        let b = store
            .insert_page_report(
                &report("b.md", ReportLayer::National, "Gammal lag"),
                t0() + Duration::minutes(1),
            )
            .expect("b");
        let open = store.open_page_reports(100).expect("open");
        assert_eq!(
            open.iter().map(|r| r.id).collect::<Vec<_>>(),
            [b, a],
            "national first"
        );
        assert_eq!(open[1].suggestion.as_deref(), Some("Skriv så här"));
        assert_eq!(open[1].created, t0());
        assert!(store.mark_page_report_done(a, t0()).expect("done"));
        assert!(!store.mark_page_report_done(a, t0()).expect("twice"));
        assert!(!store.mark_page_report_done(999, t0()).expect("missing"));
        assert_eq!(store.open_page_reports(100).expect("open").len(), 1);
        assert_eq!(
            store.page_report(a).expect("read").and_then(|r| r.done),
            Some(t0())
        );
        assert_eq!(store.all_page_reports(100).expect("all").len(), 2);
        assert_eq!(
            store.open_page_report_counts().expect("counts"),
            [("b.md".to_string(), 1)]
        );
        assert_eq!(store.page_report_count().expect("count"), 2);
    }
}
