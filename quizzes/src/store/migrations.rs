//! Versioned schema migrations, tracked with `PRAGMA user_version`.

use crate::error::Error;
use rusqlite::{Connection, TransactionBehavior};

/// Migration `i` brings the schema from version `i` to `i + 1`. Never edit a released
/// migration: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: attempts, results waiting for a name, certificates.
    "CREATE TABLE attempts (
         id             TEXT PRIMARY KEY,
         module_id      TEXT NOT NULL,
         module_version INTEGER NOT NULL,
         seed           INTEGER NOT NULL,
         created        INTEGER NOT NULL,
         submitted      INTEGER
     ) STRICT;
     CREATE INDEX attempts_created ON attempts (created);

     CREATE TABLE pending (
         token          TEXT PRIMARY KEY,
         module_id      TEXT NOT NULL,
         module_version INTEGER NOT NULL,
         correct        INTEGER NOT NULL,
         total          INTEGER NOT NULL,
         created        INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX pending_created ON pending (created);

     CREATE TABLE certificates (
         code           TEXT PRIMARY KEY,
         name           TEXT NOT NULL,
         unit           TEXT,
         module_id      TEXT NOT NULL,
         module_version INTEGER NOT NULL,
         correct        INTEGER NOT NULL,
         total          INTEGER NOT NULL,
         passed         INTEGER NOT NULL CHECK (passed IN (0, 1)),
         issued         INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX certificates_issued ON certificates (issued);
     CREATE INDEX certificates_module_unit ON certificates (module_id, unit);",
    // 2: nothing is written before a submission. Attempts and results waiting for a name are
    // signed tokens in the forms; only the "submitted once" nonces are stored (until the
    // attempt token expires), and a certificate remembers the nonce of the result it was
    // issued for, so that re-posting the name form shows the same certificate. Failed admin
    // sign-ins are counted here so that the global lockout holds across replicas.
    "DROP TABLE attempts;
     DROP TABLE pending;

     CREATE TABLE submissions (
         nonce          TEXT PRIMARY KEY,
         expires        INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX submissions_expires ON submissions (expires);

     ALTER TABLE certificates ADD COLUMN result_nonce TEXT;
     CREATE UNIQUE INDEX certificates_result_nonce ON certificates (result_nonce);

     CREATE TABLE admin_failures (
         at             INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX admin_failures_at ON admin_failures (at);",
    // 3 (editorial loop): error reports on pages, with the page, its owner and layer, and
    // no sender other than a contact given by choice; "did you find what you needed?" as
    // counts per page and month only.
    "CREATE TABLE page_reports (
         id             INTEGER PRIMARY KEY,
         page           TEXT NOT NULL,
         title          TEXT NOT NULL,
         owner          TEXT NOT NULL,
         layer          TEXT NOT NULL CHECK (layer IN ('nationell', 'lokal')),
         what           TEXT NOT NULL,
         suggestion     TEXT,
         contact        TEXT,
         created        INTEGER NOT NULL,
         done           INTEGER
     ) STRICT;
     CREATE INDEX page_reports_created ON page_reports (created);
     CREATE INDEX page_reports_open ON page_reports (done, page);

     CREATE TABLE page_feedback (
         page           TEXT NOT NULL,
         month          TEXT NOT NULL,
         yes            INTEGER NOT NULL DEFAULT 0,
         no             INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (page, month)
     ) STRICT;",
];

/// The schema version this program writes.
pub(super) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies the migrations the file lacks, each in its own transaction together with the new
/// `user_version`, so a crash leaves the file at a whole version.
pub(super) fn run(conn: &mut Connection) -> Result<(), Error> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > latest() {
        return Err(Error::NewerDatabase {
            path: std::path::PathBuf::new(),
            found,
            known: latest(),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn new_file_gets_the_latest_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        drop(Store::open(&path).expect("open"));
        let conn = Connection::open(&path).expect("open");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, latest());
        // Reopening does not re-run anything.
        drop(conn);
        drop(Store::open(&path).expect("reopen"));
    }

    #[test]
    fn version_1_files_are_migrated_and_keep_their_certificates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(MIGRATIONS[0]).expect("v1");
        tx.pragma_update(None, "user_version", 1).expect("version");
        tx.execute_batch(
            "INSERT INTO attempts VALUES ('a', 'grund', 1, 7, 0, NULL);
             INSERT INTO certificates VALUES
                 ('7K3M-Q9TX-2HCR-W4PN-8FJD', 'Kim', NULL, 'grund', 1, 9, 10, 1, 1700000000);",
        )
        .expect("rows");
        tx.commit().expect("commit");
        drop(conn);
        let store = Store::open(&path).expect("migrate");
        let code = crate::CertificateCode::parse("7K3M-Q9TX-2HCR-W4PN-8FJD").expect("code");
        assert_eq!(
            store.certificate(&code).expect("read").map(|c| c.name),
            Some("Kim".into())
        );
        let tables: Vec<String> = store
            .with(|c| {
                let mut stmt =
                    c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
                let names = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                Ok(names)
            })
            .expect("tables");
        assert_eq!(
            tables,
            [
                "admin_failures",
                "certificates",
                "page_feedback",
                "page_reports",
                "submissions"
            ]
        );
    }

    #[test]
    fn version_2_files_get_reports_and_feedback_and_keep_their_records() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(MIGRATIONS[0]).expect("v1");
        tx.execute_batch(MIGRATIONS[1]).expect("v2");
        tx.pragma_update(None, "user_version", 2).expect("version");
        tx.execute_batch("INSERT INTO submissions VALUES ('kvar', 4102444800);")
            .expect("rows");
        tx.commit().expect("commit");
        drop(conn);
        let store = Store::open(&path).expect("migrate");
        assert!(
            !store
                .record_submission("kvar", time::OffsetDateTime::UNIX_EPOCH)
                .expect("kept"),
            "the old nonce is still there"
        );
        assert_eq!(store.page_report_count().expect("reports"), 0);
        assert!(store.feedback_counts().expect("feedback").is_empty());
    }

    #[test]
    fn newer_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        let conn = Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("set");
        drop(conn);
        let err = Store::open(&path).expect_err("newer");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: databasen har version 99 men programmet känner bara till version {}: uppdatera programmet",
                path.display(),
                latest()
            )
        );
    }
}
