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
                "databasen har version 99 men programmet känner bara till version {}: uppdatera programmet",
                latest()
            )
        );
    }
}
