//! Error reports on content pages ("Rapportera ett fel på sidan"): what is wrong, an optional
//! suggestion and, only if the sender chooses to give one, a contact. Each report keeps the
//! page, its title, its owner and its layer as they were when it was sent, so the list still
//! makes sense after the page moves. Nothing about the sender is stored (no address).

use super::db::{Row, args};
use super::{Store, time_at, to_unix};
use crate::error::Error;
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

    fn parse(column: usize, text: &str) -> Result<ReportLayer, Error> {
        match text {
            "nationell" => Ok(ReportLayer::National),
            "lokal" => Ok(ReportLayer::Local),
            other => Err(Error::Stored {
                column,
                reason: format!("okänt lager \"{other}\""),
            }),
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

fn read(r: &Row) -> Result<PageReport, Error> {
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
        created: time_at(r, 8)?,
        done: match r.get::<Option<i64>>(9)? {
            Some(_) => Some(time_at(r, 9)?),
            None => None,
        },
    })
}

impl Store {
    /// Stores a report sent at `now`; returns its number.
    pub fn insert_page_report(
        &self,
        report: &NewPageReport,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        self.write(|tx| {
            tx.query_one(
                "INSERT INTO page_reports (page, title, owner, layer, what, suggestion, contact, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                args![
                    report.page,
                    report.title,
                    report.owner,
                    report.layer.as_str(),
                    report.what,
                    report.suggestion,
                    report.contact,
                    to_unix(now)
                ],
            )?
            .get(0)
        })
    }

    /// Open reports, at most `limit`: national text first, then by owner, page and time.
    pub fn open_page_reports(&self, limit: usize) -> Result<Vec<PageReport>, Error> {
        self.read(|tx| {
            tx.query(
                &format!(
                    "SELECT {COLUMNS} FROM page_reports WHERE done IS NULL
                     ORDER BY layer DESC, owner, page, created, id LIMIT ?1"
                ),
                args![limit],
            )?
            .iter()
            .map(read)
            .collect()
        })
    }

    /// Every report (open and done), oldest first, at most `limit` (for the CSV).
    pub fn all_page_reports(&self, limit: usize) -> Result<Vec<PageReport>, Error> {
        self.read(|tx| {
            tx.query(
                &format!("SELECT {COLUMNS} FROM page_reports ORDER BY created, id LIMIT ?1"),
                args![limit],
            )?
            .iter()
            .map(read)
            .collect()
        })
    }

    /// One report by number.
    pub fn page_report(&self, id: i64) -> Result<Option<PageReport>, Error> {
        self.read(|tx| {
            tx.query_opt(
                &format!("SELECT {COLUMNS} FROM page_reports WHERE id = ?1"),
                args![id],
            )?
            .map(|r| read(&r))
            .transpose()
        })
    }

    /// Marks report `id` as dealt with at `now`; `false` when there is no such open report.
    pub fn mark_page_report_done(&self, id: i64, now: OffsetDateTime) -> Result<bool, Error> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE page_reports SET done = ?2 WHERE id = ?1 AND done IS NULL",
                args![id, to_unix(now)],
            )?;
            Ok(n == 1)
        })
    }

    /// Open reports per page (content path → count).
    pub fn open_page_report_counts(&self) -> Result<Vec<(String, u64)>, Error> {
        self.read(|tx| {
            tx.query(
                "SELECT page, COUNT(*) FROM page_reports WHERE done IS NULL GROUP BY page",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
        })
    }

    /// How many reports are stored (open and done).
    pub fn page_report_count(&self) -> Result<u64, Error> {
        self.read(|tx| {
            tx.query_one("SELECT COUNT(*) FROM page_reports", &[])?
                .get(0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{on_both, t0};
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

    on_both! {
        fn reports_are_stored_listed_and_marked_done(store) {
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
}
