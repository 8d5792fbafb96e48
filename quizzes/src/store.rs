//! The SQLite records: the "submitted once" nonces of quiz attempts, certificates, failed admin
//! sign-ins, error reports on pages and "did you find what you needed?" counts, report queries
//! and retention. All SQL in the crate lives in this module and its
//! children, so another database (PostgreSQL) could be added behind the same methods later.
//!
//! Nothing is written when a form is shown: attempts and passed results travel as signed
//! tokens in the forms (made by the server), and the first write is the submission.
//!
//! What is stored is the minimum: a certificate holds the code, the name and unit as entered,
//! the module id and version, the score, whether it passed, when, until when it is valid, the
//! version of each reading-list page it covers, and the random nonce of the result it was
//! issued for. A submission holds only a random nonce and when it expires. For the item
//! statistics, each submitted attempt leaves an anonymous record (module, version, month, score,
//! passed, and per asked question right or not and the chosen options) with nothing that links
//! it to a person or a certificate. An error report holds the page, its owner and layer, the
//! text and, only if the sender gave one, a contact. No IP addresses are stored anywhere.

mod admin;
mod certificates;
pub(crate) mod db;
mod feedback;
mod item_records;
mod migrations;
mod page_reports;
mod person;
#[cfg(test)]
mod postgres_tests;
mod report;
mod retention;
mod submissions;

pub use certificates::{Certificate, Issued, NewCertificate, PageVersion};
pub use db::{PgOptions, valid_schema};
pub use feedback::{FeedbackCount, feedback_month};
pub use item_records::{AttemptRecord, ItemRecord};
pub use page_reports::{NewPageReport, PageReport, ReportLayer};
pub use report::{CompletionCount, ReportCursor, ReportFilter};
pub use retention::{DEFAULT_REPORT_DAYS, Retention, RetentionReport};

use crate::error::Error;
use db::{Backend, Row, Tx};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use time::OffsetDateTime;

/// The database file's name inside the data folder.
pub const FILE_NAME: &str = "utbildning.sqlite3";

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A handle to the training records, in an SQLite file (one machine) or in a PostgreSQL
/// schema (several replicas). Methods block: call them from `spawn_blocking`.
///
/// SQLite: one connection is shared behind a mutex; several `Store`s (or processes) may open
/// the same file, and SQLite's WAL mode and busy timeout keep them consistent. PostgreSQL: a
/// pool of connections to one municipality's schema; every replica opens its own.
#[derive(Debug)]
pub struct Store {
    backend: Backend,
    /// The file, or the PostgreSQL URL and schema, for messages.
    place: PathBuf,
}

impl Store {
    /// Opens (and on first use creates) `utbildning.sqlite3` in `data_dir`, creating the folder
    /// if needed, and brings the schema up to date.
    pub fn open_in(data_dir: &Path) -> Result<Store, Error> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::DataDir {
            path: data_dir.to_path_buf(),
            reason: crate::error::io_swedish(&e),
        })?;
        Store::open(&data_dir.join(FILE_NAME))
    }

    /// Opens (and creates) the database file at `path` and runs pending migrations. Errors
    /// name the file and say what to do, in Swedish.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let open = || -> Result<Connection, Error> {
            let mut conn = Connection::open(path)?;
            configure(&conn)?;
            migrations::run(&mut conn)?;
            Ok(conn)
        };
        let conn = open().map_err(|e| e.at(path))?;
        Ok(Store {
            backend: Backend::Sqlite(Mutex::new(conn)),
            place: path.to_path_buf(),
        })
    }

    /// The records of one municipality in a PostgreSQL schema. Nothing connects yet: the
    /// first use connects and brings the schema up to date (under an advisory lock, so
    /// replicas starting together migrate once), and a database that is down only makes
    /// the calls that need it fail with [`Error::Unavailable`] until it is back. A URL that
    /// cannot be parsed, holds a password, or a bad schema name is an error here.
    pub fn postgres(options: &PgOptions) -> Result<Store, Error> {
        let pool = db::PgPool::new(options)?;
        Ok(Store {
            place: PathBuf::from(&pool.place),
            backend: Backend::Postgres(pool),
        })
    }

    /// Whether the records are in PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// The database file, or the PostgreSQL URL and schema.
    pub fn path(&self) -> &Path {
        &self.place
    }

    /// Checks that the database answers (connecting and migrating first if needed):
    /// for `/healthz` and for start-up messages.
    pub fn ping(&self) -> Result<(), Error> {
        match &self.backend {
            Backend::Sqlite(_) => self.read(|tx| tx.query_one("SELECT 1", &[]).map(drop)),
            Backend::Postgres(pool) => pool.check(),
        }
    }

    /// Runs `f` in a read transaction.
    fn read<T>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, Error>) -> Result<T, Error> {
        self.backend.transaction(false, f)
    }

    /// Runs `f` in a write transaction, committed when `f` returns `Ok`. A panic in another
    /// thread while it held SQLite's lock does not block the records for good: its
    /// transaction was rolled back when it was dropped during the unwinding.
    fn write<T>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, Error>) -> Result<T, Error> {
        self.backend.transaction(true, f)
    }

    /// The SQLite connection, for tests that look at the file itself.
    #[cfg(test)]
    fn sqlite<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, Error>) -> Result<T, Error> {
        match &self.backend {
            Backend::Sqlite(conn) => f(&mut conn
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)),
            Backend::Postgres(_) => panic!("not SQLite"),
        }
    }
}

/// WAL so readers never block the writer and a killed process loses at most the transaction
/// it was in; `synchronous = FULL` so a committed certificate survives a power cut too.
fn configure(conn: &Connection) -> Result<(), Error> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Seconds since 1970 (UTC), as stored.
fn to_unix(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

/// Column `i` of `row`, a stored time, back as a date-time.
fn time_at(row: &Row, i: usize) -> Result<OffsetDateTime, Error> {
    from_unix(i, row.get(i)?)
}

/// A stored time back as a date-time; a corrupt value is an error for that column.
fn from_unix(column: usize, seconds: i64) -> Result<OffsetDateTime, Error> {
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| Error::Stored {
        column,
        reason: e.to_string(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fresh store in a temporary folder (kept alive by the returned guard).
    pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_in(&dir.path().join("data")).expect("open");
        (dir, store)
    }

    /// A fresh PostgreSQL store in its own schema of the test process's throw-away cluster,
    /// or `None` (said loudly) when PostgreSQL is not installed.
    pub(crate) fn temp_pg_store() -> Option<Store> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let cluster = crate::pg_cluster::PgCluster::shared()?;
        let schema = format!("t_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        Some(
            Store::postgres(&PgOptions {
                url: cluster.url("postgres"),
                password: None,
                schema,
            })
            .expect("postgres store"),
        )
    }

    /// The same test against both databases: `name::sqlite` and `name::postgres` (so that
    /// `cargo test -- postgres` runs every PostgreSQL test). The body gets `store: &Store`.
    macro_rules! on_both {
        ($(fn $name:ident($store:ident) $body:block)*) => {$(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                fn run($store: &$crate::store::Store) $body

                #[test]
                fn sqlite() {
                    let (_dir, store) = $crate::store::tests::temp_store();
                    run(&store);
                }

                #[test]
                fn postgres() {
                    if let Some(store) = $crate::store::tests::temp_pg_store() {
                        run(&store);
                    }
                }
            }
        )*};
    }
    pub(crate) use on_both;

    /// A fixed point in time for tests.
    pub(crate) fn t0() -> OffsetDateTime {
        time::macros::datetime!(2026-03-01 10:00 UTC)
    }

    #[test]
    fn creates_the_data_folder_and_uses_wal() {
        let (dir, store) = temp_store();
        assert!(dir.path().join("data").join(FILE_NAME).is_file());
        let mode: String = store
            .sqlite(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
            .expect("pragma");
        assert_eq!(mode, "wal");
        let sync: i64 = store
            .sqlite(|c| Ok(c.query_row("PRAGMA synchronous", [], |r| r.get(0))?))
            .expect("pragma");
        assert_eq!(sync, 2, "FULL");
    }

    #[test]
    fn data_folder_that_cannot_be_created_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("fil");
        std::fs::write(&file, "x").expect("write");
        let err = Store::open_in(&file.join("data")).expect_err("not a folder");
        assert!(matches!(err, Error::DataDir { .. }), "{err}");
    }

    fn cert<'a>(name: &'a str, module: &'a str) -> NewCertificate<'a> {
        NewCertificate {
            name,
            unit: Some("Enheten"),
            module_id: module,
            module_version: 2,
            correct: 10,
            total: 12,
            passed: true,
            valid_until: time::macros::date!(2028 - 03 - 01),
            pages: &[],
        }
    }

    #[test]
    fn records_survive_reopening_the_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let code = {
            let store = Store::open_in(dir.path()).expect("open");
            let c = store
                .insert_certificate(&cert("Robin", "grund"), t0())
                .expect("insert");
            assert!(store.record_submission("n1", t0()).expect("nonce"));
            c
        };
        let store = Store::open_in(dir.path()).expect("reopen");
        assert_eq!(store.certificate(&code.code).expect("read"), Some(code));
        assert!(!store.record_submission("n1", t0()).expect("nonce"), "kept");
    }

    #[test]
    fn a_panic_while_holding_the_lock_does_not_block_the_store() {
        let (_dir, store) = temp_store();
        let store = std::sync::Arc::new(store);
        let s = std::sync::Arc::clone(&store);
        let panicked = std::thread::spawn(move || {
            let _ = s.sqlite(|c| -> Result<(), Error> {
                let tx = c.transaction()?;
                tx.execute("INSERT INTO submissions VALUES ('half', 1)", [])?;
                panic!("mid-transaction");
            });
        })
        .join();
        assert!(panicked.is_err());
        assert!(store.record_submission("after", t0()).expect("usable"));
        assert!(store.record_submission("half", t0()).expect("rolled back"));
    }

    #[test]
    fn unreadable_files_name_the_path_in_swedish() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, vec![7u8; 8192]).expect("junk");
        let err = Store::open(&path).expect_err("not a database");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: filen är inte en SQLite-databas: återställ den från en säkerhetskopia, eller flytta undan den så skapas en ny, tom databas",
                path.display()
            )
        );
        assert!(std::error::Error::source(&err).is_none(), "said once");
    }

    #[test]
    fn concurrent_inserts_from_threads_sharing_a_store() {
        let (_dir, store) = temp_store();
        let store = std::sync::Arc::new(store);
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let store = std::sync::Arc::clone(&store);
                std::thread::spawn(move || {
                    for i in 0..25 {
                        let name = format!("Person {t}-{i}");
                        store
                            .insert_certificate(&cert(&name, "grund"), t0())
                            .expect("insert");
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("thread");
        }
        assert_eq!(store.certificate_count().expect("count"), 200);
    }

    #[test]
    fn concurrent_writers_with_their_own_connections() {
        let dir = tempfile::tempdir().expect("tempdir");
        drop(Store::open_in(dir.path()).expect("create"));
        let handles: Vec<_> = (0..6)
            .map(|t| {
                let path = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let store = Store::open_in(&path).expect("open");
                    for i in 0..20 {
                        let nonce = format!("attempt-{t}-{i}");
                        assert!(store.record_submission(&nonce, t0()).expect("submit"));
                        let name = format!("Person {t}-{i}");
                        let issued = store
                            .issue_certificate(
                                &format!("result-{t}-{i}"),
                                &cert(&name, "grund"),
                                t0(),
                            )
                            .expect("issue");
                        assert!(matches!(issued, Issued::New(_)));
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("thread");
        }
        let store = Store::open_in(dir.path()).expect("open");
        let all = store
            .certificates_page(&ReportFilter::default(), 0, 1000)
            .expect("list");
        assert_eq!(all.len(), 120);
        let codes: std::collections::HashSet<_> = all.iter().map(|c| c.code.clone()).collect();
        assert_eq!(codes.len(), 120);
        let integrity: String = store
            .sqlite(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
            .expect("check");
        assert_eq!(integrity, "ok");
    }
}
