//! Certificates: issuing one for a passed result (once per result), and looking one up by code.
//! Each certificate keeps the last day it is valid and the version of every page of the
//! module's reading list it was earned on (in `certificate_pages`).

use super::db::{Row, Tx, args};
use super::{Store, time_at, to_unix};
use crate::code::CertificateCode;
use crate::error::Error;
use time::{Date, OffsetDateTime};

/// A stored certificate. It never holds answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The verification code.
    pub code: CertificateCode,
    /// The name as the participant entered it.
    pub name: String,
    /// The unit (workplace), if given.
    pub unit: Option<String>,
    /// The module's id.
    pub module_id: String,
    /// The module's version at the time.
    pub module_version: u32,
    /// Right answers.
    pub correct: u32,
    /// Questions.
    pub total: u32,
    /// Whether the score met the pass mark.
    pub passed: bool,
    /// When it was issued.
    pub issued: OffsetDateTime,
    /// The last day (Swedish date) it is valid.
    pub valid_until: Date,
    /// The version of each reading-list page it was earned on, in reading-list order (empty
    /// for certificates issued before versions were recorded).
    pub pages: Vec<PageVersion>,
}

/// The version of one content page as a certificate recorded it: the page's version date
/// (latest significant change note, else its review date) and content hash, as the
/// municipality saw it (national text with its local blocks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageVersion {
    /// The content path, e.g. `vald/index.md`.
    pub page: String,
    /// The version date.
    pub version: Date,
    /// The content hash (16 hex digits), when known.
    pub hash: Option<String>,
}

/// What is needed to store a certificate; the code and time are added by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCertificate<'a> {
    /// The name as entered (already checked).
    pub name: &'a str,
    /// The unit, if given.
    pub unit: Option<&'a str>,
    /// The module's id.
    pub module_id: &'a str,
    /// The module's version.
    pub module_version: u32,
    /// Right answers.
    pub correct: u32,
    /// Questions.
    pub total: u32,
    /// Whether the score met the pass mark.
    pub passed: bool,
    /// The last day it is valid (see `Module::valid_until`).
    pub valid_until: Date,
    /// The versions of the reading-list pages it covers.
    pub pages: &'a [PageVersion],
}

/// What [`Store::issue_certificate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issued {
    /// A new certificate.
    New(Certificate),
    /// The result already has a certificate (the name form was sent again): that one.
    Again(Certificate),
}

impl Issued {
    /// The certificate, new or earlier.
    pub fn certificate(&self) -> &Certificate {
        match self {
            Issued::New(c) | Issued::Again(c) => c,
        }
    }
}

/// Retries on the (astronomically unlikely) event that a new code already exists.
const CODE_TRIES: usize = 3;

impl Store {
    /// Stores a certificate with a new random code (not tied to a result).
    pub fn insert_certificate(
        &self,
        new: &NewCertificate<'_>,
        now: OffsetDateTime,
    ) -> Result<Certificate, Error> {
        self.write(|tx| {
            insert(tx, new, None, now)?.ok_or_else(|| Error::Stored {
                column: 0,
                reason: "koden fanns redan".into(),
            })
        })
    }

    /// Issues the certificate for the passed result with `result_nonce`, once: if that result
    /// already has a certificate (the same name form posted again, or a reply lost after the
    /// commit), that certificate is returned unchanged. Two replicas issuing for the same
    /// result at the same moment give one certificate: the second insert conflicts on the
    /// result's nonce, waits for the first to commit and returns its certificate.
    pub fn issue_certificate(
        &self,
        result_nonce: &str,
        new: &NewCertificate<'_>,
        now: OffsetDateTime,
    ) -> Result<Issued, Error> {
        self.write(|tx| {
            if let Some(cert) = by_result(tx, result_nonce)? {
                return Ok(Issued::Again(cert));
            }
            match insert(tx, new, Some(result_nonce), now)? {
                Some(cert) => Ok(Issued::New(cert)),
                None => by_result(tx, result_nonce)?
                    .map(Issued::Again)
                    .ok_or_else(|| Error::Stored {
                        column: 0,
                        reason: "intyget kunde inte sparas".into(),
                    }),
            }
        })
    }

    /// The certificate with this code.
    pub fn certificate(&self, code: &CertificateCode) -> Result<Option<Certificate>, Error> {
        self.read(|tx| one_where(tx, "code", code.as_str()))
    }
}

/// The certificate issued for the result with `nonce`, with its pages.
fn by_result(tx: &mut Tx<'_>, nonce: &str) -> Result<Option<Certificate>, Error> {
    one_where(tx, "result_nonce", nonce)
}

/// The certificate whose unique `column` (a fixed name, never input) is `value`, with its pages.
fn one_where(tx: &mut Tx<'_>, column: &str, value: &str) -> Result<Option<Certificate>, Error> {
    let rows: Vec<Row> = tx
        .query_opt(
            &format!("SELECT {COLUMNS} FROM certificates WHERE {column} = ?1"),
            args![value],
        )?
        .into_iter()
        .collect();
    Ok(certificates(tx, &rows)?.pop())
}

/// The columns [`row`] reads, in order.
pub(super) const COLUMNS: &str =
    "code, name, unit, module_id, module_version, correct, total, passed, issued, valid_until";

/// Certificates from rows selected with [`COLUMNS`], with their pages.
pub(super) fn certificates(tx: &mut Tx<'_>, rows: &[Row]) -> Result<Vec<Certificate>, Error> {
    let mut certs = rows.iter().map(row).collect::<Result<Vec<_>, _>>()?;
    with_pages(tx, &mut certs)?;
    Ok(certs)
}

/// Fills in the recorded page versions of `certs` (one indexed lookup each).
pub(super) fn with_pages(tx: &mut Tx<'_>, certs: &mut [Certificate]) -> Result<(), Error> {
    for cert in certs {
        let rows = tx.query(
            "SELECT page, version, hash FROM certificate_pages WHERE code = ?1 ORDER BY ordinal",
            args![cert.code.as_str()],
        )?;
        cert.pages = rows
            .iter()
            .map(|r| {
                Ok(PageVersion {
                    page: r.get(0)?,
                    version: parse_date(1, &r.get::<String>(1)?)?,
                    hash: r.get(2)?,
                })
            })
            .collect::<Result<_, Error>>()?;
    }
    Ok(())
}

/// `YYYY-MM-DD`, as dates are stored.
const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// A date as stored.
pub(super) fn date_text(date: Date) -> String {
    date.format(DATE).unwrap_or_default()
}

/// A stored date back; a corrupt value is an error for that column.
fn parse_date(column: usize, text: &str) -> Result<Date, Error> {
    Date::parse(text, DATE).map_err(|e| Error::Stored {
        column,
        reason: e.to_string(),
    })
}

/// Reads a certificate from a row selected with [`COLUMNS`].
pub(super) fn row(r: &Row) -> Result<Certificate, Error> {
    let code: String = r.get(0)?;
    let code = CertificateCode::parse(&code).ok_or_else(|| Error::Stored {
        column: 0,
        reason: "ogiltig intygskod i databasen".into(),
    })?;
    let issued = time_at(r, 8)?;
    // Rows written without a validity (by hand, or before it was recorded) count the default.
    let valid_until = match r.get::<Option<String>>(9)? {
        Some(text) => parse_date(9, &text)?,
        None => crate::module::add_months(
            crate::date::swedish_time(issued).date(),
            crate::loader::DEFAULT_VALID_MONTHS,
        ),
    };
    Ok(Certificate {
        code,
        name: r.get(1)?,
        unit: r.get(2)?,
        module_id: r.get(3)?,
        module_version: r.get(4)?,
        correct: r.get(5)?,
        total: r.get(6)?,
        passed: r.get(7)?,
        issued,
        valid_until,
        pages: Vec::new(),
    })
}

/// Inserts a certificate with a fresh code; `None` when the result nonce already has one
/// (committed by another connection meanwhile). A code that exists already (about 1 in
/// 2^100) gets a new one.
fn insert(
    tx: &mut Tx<'_>,
    new: &NewCertificate<'_>,
    result_nonce: Option<&str>,
    now: OffsetDateTime,
) -> Result<Option<Certificate>, Error> {
    for _ in 0..CODE_TRIES {
        let code = CertificateCode::generate()?;
        let inserted = tx.execute(
            "INSERT INTO certificates
                 (code, name, unit, module_id, module_version, correct, total, passed, issued,
                  result_nonce, valid_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT DO NOTHING",
            args![
                code.as_str(),
                new.name,
                new.unit,
                new.module_id,
                new.module_version,
                new.correct,
                new.total,
                new.passed,
                to_unix(now),
                result_nonce,
                date_text(new.valid_until)
            ],
        )?;
        if inserted == 0 {
            if let Some(nonce) = result_nonce
                && tx
                    .query_opt(
                        "SELECT 1 FROM certificates WHERE result_nonce = ?1",
                        args![nonce],
                    )?
                    .is_some()
            {
                return Ok(None);
            }
            continue;
        }
        for (i, p) in new.pages.iter().enumerate() {
            tx.execute(
                "INSERT INTO certificate_pages (code, page, version, hash, ordinal)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                args![
                    code.as_str(),
                    p.page.as_str(),
                    date_text(p.version),
                    p.hash.as_deref(),
                    i
                ],
            )?;
        }
        return Ok(Some(Certificate {
            code,
            name: new.name.to_string(),
            unit: new.unit.map(str::to_string),
            module_id: new.module_id.to_string(),
            module_version: new.module_version,
            correct: new.correct,
            total: new.total,
            passed: new.passed,
            issued: now,
            valid_until: new.valid_until,
            pages: new.pages.to_vec(),
        }));
    }
    Err(Error::Stored {
        column: 0,
        reason: "ingen ledig intygskod".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{on_both, t0, temp_store};
    use time::Duration;

    pub(crate) fn new_cert<'a>(
        name: &'a str,
        unit: Option<&'a str>,
        module: &'a str,
    ) -> NewCertificate<'a> {
        NewCertificate {
            name,
            unit,
            module_id: module,
            module_version: 1,
            correct: 9,
            total: 10,
            passed: true,
            valid_until: time::macros::date!(2028 - 03 - 01),
            pages: &[],
        }
    }

    on_both! {
        fn certificates_round_trip(store) {
            let c = store
                .insert_certificate(&new_cert("Åsa Öberg", Some("Enhet Ä"), "grund"), t0())
                .expect("insert");
            assert_eq!(store.certificate(&c.code).expect("read"), Some(c.clone()));
            let other = CertificateCode::generate().expect("rng");
            assert_eq!(store.certificate(&other).expect("read"), None);
        }
    }

    on_both! {
        fn a_result_gives_one_certificate_and_shows_it_again(store) {
            let first = store
                .issue_certificate("r1", &new_cert("Kim", None, "heder"), t0())
                .expect("issue");
            let Issued::New(cert) = first else {
                panic!("new expected")
            };
            assert_eq!(
                (cert.module_id.as_str(), cert.name.as_str()),
                ("heder", "Kim")
            );
            let again = store
                .issue_certificate(
                    "r1",
                    &new_cert("Någon annan", None, "heder"),
                    t0() + Duration::minutes(5),
                )
                .expect("again");
            assert_eq!(
                again,
                Issued::Again(cert.clone()),
                "the same certificate, unchanged"
            );
            let other = store
                .issue_certificate("r2", &new_cert("Kim", None, "heder"), t0())
                .expect("other");
            assert_ne!(other.certificate().code, cert.code);
            assert_eq!(store.certificate_count().expect("count"), 2);
        }
    }

    on_both! {
        fn validity_and_page_versions_are_kept_and_shown_again(store) {
            let pages = [
                PageVersion {
                    page: "vald/index.md".into(),
                    version: time::macros::date!(2026 - 01 - 10),
                    hash: Some("0d9cb4c9489d04b3".into()),
                },
                PageVersion {
                    page: "barn/oro.md".into(),
                    version: time::macros::date!(2025 - 11 - 02),
                    hash: None,
                },
            ];
            let new = NewCertificate {
                valid_until: time::macros::date!(2027 - 03 - 01),
                pages: &pages,
                ..new_cert("Kim", None, "grund")
            };
            let issued = store.issue_certificate("r1", &new, t0()).expect("issue");
            let cert = issued.certificate().clone();
            assert_eq!(cert.pages, pages, "reading-list order");
            assert_eq!(cert.valid_until, time::macros::date!(2027 - 03 - 01));
            assert_eq!(
                store.certificate(&cert.code).expect("read"),
                Some(cert.clone())
            );
            let again = store.issue_certificate("r1", &new, t0()).expect("again");
            assert_eq!(again, Issued::Again(cert));
        }
    }

    #[test]
    fn certificate_rows_hold_no_answers() {
        let (_dir, store) = temp_store();
        let columns: Vec<String> = store
            .sqlite(|c| {
                let mut stmt = c.prepare("SELECT name FROM pragma_table_info('certificates')")?;
                let names = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                Ok(names)
            })
            .expect("columns");
        assert_eq!(
            columns,
            [
                "code",
                "name",
                "unit",
                "module_id",
                "module_version",
                "correct",
                "total",
                "passed",
                "issued",
                "result_nonce",
                "valid_until"
            ]
        );
    }
}
