//! Certificates: issuing one for a passed result (once per result), and looking one up by code.

use super::{Store, from_unix, to_u32, to_unix};
use crate::code::CertificateCode;
use crate::error::Error;
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

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
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let cert = insert(&tx, new, None, now)?;
            tx.commit()?;
            Ok(cert)
        })
    }

    /// Issues the certificate for the passed result with `result_nonce`, once: if that result
    /// already has a certificate (the same name form posted again, or a reply lost after the
    /// commit), that certificate is returned unchanged.
    pub fn issue_certificate(
        &self,
        result_nonce: &str,
        new: &NewCertificate<'_>,
        now: OffsetDateTime,
    ) -> Result<Issued, Error> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let earlier = tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM certificates WHERE result_nonce = ?1"),
                    [result_nonce],
                    row,
                )
                .optional()?;
            if let Some(cert) = earlier {
                return Ok(Issued::Again(cert));
            }
            let cert = insert(&tx, new, Some(result_nonce), now)?;
            tx.commit()?;
            Ok(Issued::New(cert))
        })
    }

    /// The certificate with this code.
    pub fn certificate(&self, code: &CertificateCode) -> Result<Option<Certificate>, Error> {
        self.with(|c| {
            Ok(c.query_row(
                &format!("SELECT {COLUMNS} FROM certificates WHERE code = ?1"),
                [code.as_str()],
                row,
            )
            .optional()?)
        })
    }
}

/// The columns [`row`] reads, in order.
pub(super) const COLUMNS: &str =
    "code, name, unit, module_id, module_version, correct, total, passed, issued";

/// Reads a certificate from a row selected with [`COLUMNS`].
pub(super) fn row(r: &rusqlite::Row<'_>) -> Result<Certificate, rusqlite::Error> {
    let code: String = r.get(0)?;
    let code = CertificateCode::parse(&code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            "ogiltig intygskod i databasen".into(),
        )
    })?;
    Ok(Certificate {
        code,
        name: r.get(1)?,
        unit: r.get(2)?,
        module_id: r.get(3)?,
        module_version: to_u32(4, r.get(4)?)?,
        correct: to_u32(5, r.get(5)?)?,
        total: to_u32(6, r.get(6)?)?,
        passed: r.get(7)?,
        issued: from_unix(8, r.get(8)?)?,
    })
}

fn insert(
    conn: &Connection,
    new: &NewCertificate<'_>,
    result_nonce: Option<&str>,
    now: OffsetDateTime,
) -> Result<Certificate, Error> {
    let mut tries = 0;
    loop {
        tries += 1;
        let code = CertificateCode::generate()?;
        let result = conn.execute(
            "INSERT INTO certificates
                 (code, name, unit, module_id, module_version, correct, total, passed, issued,
                  result_nonce)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                code.as_str(),
                new.name,
                new.unit,
                new.module_id,
                new.module_version,
                new.correct,
                new.total,
                new.passed,
                to_unix(now),
                result_nonce
            ],
        );
        match result {
            Ok(_) => {
                return Ok(Certificate {
                    code,
                    name: new.name.to_string(),
                    unit: new.unit.map(str::to_string),
                    module_id: new.module_id.to_string(),
                    module_version: new.module_version,
                    correct: new.correct,
                    total: new.total,
                    passed: new.passed,
                    issued: now,
                });
            }
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation && tries < CODE_TRIES => {}
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{t0, temp_store};
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
        }
    }

    #[test]
    fn certificates_round_trip() {
        let (_dir, store) = temp_store();
        let c = store
            .insert_certificate(&new_cert("Åsa Öberg", Some("Enhet Ä"), "grund"), t0())
            .expect("insert");
        assert_eq!(store.certificate(&c.code).expect("read"), Some(c.clone()));
        let other = CertificateCode::generate().expect("rng");
        assert_eq!(store.certificate(&other).expect("read"), None);
    }

    #[test]
    fn a_result_gives_one_certificate_and_shows_it_again() {
        let (_dir, store) = temp_store();
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

    #[test]
    fn certificate_rows_hold_no_answers() {
        let (_dir, store) = temp_store();
        let columns: Vec<String> = store
            .with(|c| {
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
                "result_nonce"
            ]
        );
    }
}
