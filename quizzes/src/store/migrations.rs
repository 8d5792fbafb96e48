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
    // 3: anonymous attempt records for the item statistics (see `item_records`): no name,
    // unit, certificate code, nonce, address or exact time; the month is `YYYYMM`, the id is
    // random and the chosen options are a bit set of written option indices.
    "CREATE TABLE item_attempts (
         id             INTEGER PRIMARY KEY,
         module_id      TEXT NOT NULL,
         module_version INTEGER NOT NULL,
         month          INTEGER NOT NULL,
         correct        INTEGER NOT NULL,
         total          INTEGER NOT NULL,
         passed         INTEGER NOT NULL CHECK (passed IN (0, 1))
     ) STRICT;
     CREATE INDEX item_attempts_module ON item_attempts (module_id, module_version);
     CREATE INDEX item_attempts_month ON item_attempts (month);

     CREATE TABLE item_answers (
         attempt        INTEGER NOT NULL REFERENCES item_attempts (id) ON DELETE CASCADE,
         question_id    TEXT NOT NULL,
         is_right       INTEGER NOT NULL CHECK (is_right IN (0, 1)),
         chosen         INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX item_answers_attempt ON item_answers (attempt);",
    // 4: certificates that stay true. Each certificate keeps the last day it is valid (the
    // module's `valid_months` after the issue date; earlier certificates get the default 24
    // months) and the version of every page of the module's reading list it was earned on,
    // so that the verification page and the report can say when a page has changed since.
    "ALTER TABLE certificates ADD COLUMN valid_until TEXT;
     UPDATE certificates SET valid_until = date(issued, 'unixepoch', '+24 months');
     CREATE INDEX certificates_valid_until ON certificates (valid_until);

     CREATE TABLE certificate_pages (
         code           TEXT NOT NULL REFERENCES certificates (code) ON DELETE CASCADE,
         page           TEXT NOT NULL,
         version        TEXT NOT NULL,
         hash           TEXT,
         PRIMARY KEY (code, page)
     ) STRICT;",
    // 5 (editorial loop): error reports on pages, with the page, its owner and layer, and
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
    // 6 (PostgreSQL): the pages of a certificate keep their reading-list order in a column
    // (PostgreSQL has no row ids), and `maintenance` records when retention last ran, so
    // that several replicas sharing the records run it once a day between them.
    "ALTER TABLE certificate_pages ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
     UPDATE certificate_pages SET ordinal = rowid;

     CREATE TABLE maintenance (
         task           TEXT PRIMARY KEY,
         last_run       INTEGER NOT NULL
     ) STRICT;",
];

/// PostgreSQL support came with schema version 5: a new PostgreSQL schema starts from this
/// baseline, the same tables as SQLite's version 5 (integers are `BIGINT`, codes and dates
/// compare byte by byte like in SQLite), then takes each later migration in its PostgreSQL
/// form from [`POSTGRES_MIGRATIONS`].
const POSTGRES_BASELINE_VERSION: usize = 5;

/// The tables of version 5, for PostgreSQL.
const POSTGRES_BASELINE: &str = r#"
    CREATE TABLE certificates (
        code           TEXT COLLATE "C" PRIMARY KEY,
        name           TEXT NOT NULL,
        unit           TEXT,
        module_id      TEXT NOT NULL,
        module_version BIGINT NOT NULL,
        correct        BIGINT NOT NULL,
        total          BIGINT NOT NULL,
        passed         BIGINT NOT NULL CHECK (passed IN (0, 1)),
        issued         BIGINT NOT NULL,
        result_nonce   TEXT,
        valid_until    TEXT COLLATE "C"
    );
    CREATE INDEX certificates_issued ON certificates (issued);
    CREATE INDEX certificates_module_unit ON certificates (module_id, unit);
    CREATE UNIQUE INDEX certificates_result_nonce ON certificates (result_nonce);
    CREATE INDEX certificates_valid_until ON certificates (valid_until);

    CREATE TABLE submissions (
        nonce          TEXT PRIMARY KEY,
        expires        BIGINT NOT NULL
    );
    CREATE INDEX submissions_expires ON submissions (expires);

    CREATE TABLE admin_failures (
        at             BIGINT NOT NULL
    );
    CREATE INDEX admin_failures_at ON admin_failures (at);

    CREATE TABLE item_attempts (
        id             BIGINT PRIMARY KEY,
        module_id      TEXT NOT NULL,
        module_version BIGINT NOT NULL,
        month          BIGINT NOT NULL,
        correct        BIGINT NOT NULL,
        total          BIGINT NOT NULL,
        passed         BIGINT NOT NULL CHECK (passed IN (0, 1))
    );
    CREATE INDEX item_attempts_module ON item_attempts (module_id, module_version);
    CREATE INDEX item_attempts_month ON item_attempts (month);

    CREATE TABLE item_answers (
        attempt        BIGINT NOT NULL REFERENCES item_attempts (id) ON DELETE CASCADE,
        question_id    TEXT NOT NULL,
        is_right       BIGINT NOT NULL CHECK (is_right IN (0, 1)),
        chosen         BIGINT NOT NULL
    );
    CREATE INDEX item_answers_attempt ON item_answers (attempt);

    CREATE TABLE certificate_pages (
        code           TEXT COLLATE "C" NOT NULL REFERENCES certificates (code) ON DELETE CASCADE,
        page           TEXT NOT NULL,
        version        TEXT COLLATE "C" NOT NULL,
        hash           TEXT,
        PRIMARY KEY (code, page)
    );

    CREATE TABLE page_reports (
        id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        page           TEXT NOT NULL,
        title          TEXT NOT NULL,
        owner          TEXT NOT NULL,
        layer          TEXT NOT NULL CHECK (layer IN ('nationell', 'lokal')),
        what           TEXT NOT NULL,
        suggestion     TEXT,
        contact        TEXT,
        created        BIGINT NOT NULL,
        done           BIGINT
    );
    CREATE INDEX page_reports_created ON page_reports (created);
    CREATE INDEX page_reports_open ON page_reports (done, page);

    CREATE TABLE page_feedback (
        page           TEXT NOT NULL,
        month          TEXT COLLATE "C" NOT NULL,
        yes            BIGINT NOT NULL DEFAULT 0,
        no             BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (page, month)
    );
"#;

/// The migrations after [`POSTGRES_BASELINE_VERSION`], in their PostgreSQL form: entry `i`
/// is the PostgreSQL form of `MIGRATIONS[POSTGRES_BASELINE_VERSION + i]`.
const POSTGRES_MIGRATIONS: &[&str] = &[
    // 6
    "ALTER TABLE certificate_pages ADD COLUMN ordinal BIGINT NOT NULL DEFAULT 0;

     CREATE TABLE maintenance (
         task           TEXT PRIMARY KEY,
         last_run       BIGINT NOT NULL
     );",
];

// Every migration has its PostgreSQL form.
const _: () = assert!(POSTGRES_BASELINE_VERSION + POSTGRES_MIGRATIONS.len() == MIGRATIONS.len());

/// The advisory lock that serialises migrations: replicas starting at the same time wait
/// for each other, and the second finds the schema up to date.
const MIGRATION_LOCK: i64 = 0x7661_6776_6973_6172; // "vagvisar"

/// Brings `schema` up to date in one transaction under [`MIGRATION_LOCK`], creating it on
/// first use. The version is kept in the schema's `schema_version` table.
pub(super) fn run_postgres(client: &mut postgres::Client, schema: &str) -> Result<(), Error> {
    use super::db::pg_error;
    let mut tx = client.transaction().map_err(pg_error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(pg_error)?;
    // `schema` passed `valid_schema`: lower-case letters, digits and `_` only.
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {schema};
         CREATE TABLE IF NOT EXISTS {schema}.schema_version (version BIGINT NOT NULL);"
    ))
    .map_err(pg_error)?;
    let found: i64 = tx
        .query_opt(&format!("SELECT version FROM {schema}.schema_version"), &[])
        .map_err(pg_error)?
        .map_or(0, |r| r.get(0));
    if found > latest() {
        return Err(Error::NewerDatabase {
            path: std::path::PathBuf::from(format!("schema {schema}")),
            found,
            known: latest(),
        });
    }
    let mut version = usize::try_from(found).unwrap_or(0);
    let start = version;
    if version < POSTGRES_BASELINE_VERSION {
        tx.batch_execute(POSTGRES_BASELINE).map_err(pg_error)?;
        version = POSTGRES_BASELINE_VERSION;
    }
    for sql in POSTGRES_MIGRATIONS
        .iter()
        .skip(version - POSTGRES_BASELINE_VERSION)
    {
        tx.batch_execute(sql).map_err(pg_error)?;
        version += 1;
    }
    if version != start {
        let version = i64::try_from(version).unwrap_or(i64::MAX);
        tx.batch_execute(&format!("DELETE FROM {schema}.schema_version"))
            .map_err(pg_error)?;
        tx.execute(
            &format!("INSERT INTO {schema}.schema_version (version) VALUES ($1)"),
            &[&version],
        )
        .map_err(pg_error)?;
    }
    tx.commit().map_err(pg_error)
}

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
            .sqlite(|c| {
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
                "certificate_pages",
                "certificates",
                "item_answers",
                "item_attempts",
                "maintenance",
                "page_feedback",
                "page_reports",
                "submissions"
            ]
        );
    }

    #[test]
    fn version_2_files_get_the_item_records_and_keep_their_data() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(MIGRATIONS[0]).expect("v1");
        tx.execute_batch(MIGRATIONS[1]).expect("v2");
        tx.pragma_update(None, "user_version", 2).expect("version");
        tx.execute_batch(
            "INSERT INTO submissions VALUES ('n1', 4102444800);
             INSERT INTO certificates VALUES
                 ('7K3M-Q9TX-2HCR-W4PN-8FJD', 'Kim', NULL, 'grund', 1, 9, 10, 1, 1700000000, 'r1');",
        )
        .expect("rows");
        tx.commit().expect("commit");
        drop(conn);
        let store = Store::open(&path).expect("migrate");
        assert_eq!(store.certificate_count().expect("count"), 1);
        assert_eq!(store.submission_count().expect("nonces"), 1);
        assert_eq!(store.attempt_record_count().expect("records"), 0);
        let record = crate::AttemptRecord {
            module_id: "grund".into(),
            module_version: 1,
            correct: 1,
            total: 1,
            passed: true,
            items: vec![crate::ItemRecord::new("a", true, &[0])],
        };
        let now = time::macros::datetime!(2026-03-01 10:00 UTC);
        assert!(
            store
                .submit_attempt("n2", now, &record, now)
                .expect("submit")
        );
        assert_eq!(store.attempt_record_count().expect("records"), 1);
    }

    #[test]
    fn version_2_certificates_get_the_default_validity_and_no_page_versions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(MIGRATIONS[0]).expect("v1");
        tx.execute_batch(MIGRATIONS[1]).expect("v2");
        tx.pragma_update(None, "user_version", 2).expect("version");
        // 2026-01-31 10:00 UTC.
        tx.execute_batch(
            "INSERT INTO certificates VALUES
                 ('7K3M-Q9TX-2HCR-W4PN-8FJD', 'Kim', NULL, 'grund', 1, 9, 10, 1, 1769853600, 'r');",
        )
        .expect("rows");
        tx.commit().expect("commit");
        drop(conn);
        let store = Store::open(&path).expect("migrate");
        let code = crate::CertificateCode::parse("7K3M-Q9TX-2HCR-W4PN-8FJD").expect("code");
        let cert = store.certificate(&code).expect("read").expect("kept");
        assert_eq!(cert.valid_until, time::macros::date!(2028 - 01 - 31));
        assert!(cert.pages.is_empty());
        // Deleting a certificate deletes its page versions.
        let pages: i64 = store
            .sqlite(|c| {
                c.execute("DELETE FROM certificates", [])?;
                Ok(c.query_row("SELECT COUNT(*) FROM certificate_pages", [], |r| r.get(0))?)
            })
            .expect("count");
        assert_eq!(pages, 0);
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
