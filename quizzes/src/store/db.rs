//! The two databases behind one small interface: every store method is written once, against
//! [`Tx`], and runs on the embedded SQLite file (one machine, the default) or on PostgreSQL
//! (several replicas sharing the records).
//!
//! Why these crates: `rusqlite` is the embedded default (no server, the file is the backup);
//! for PostgreSQL, the synchronous `postgres` client (the `rust-postgres` project) keeps the
//! store's methods blocking, exactly like SQLite's, so the server's `spawn_blocking` calls
//! stay as they are and no method is written twice; `r2d2`, the pool Diesel uses, hands out
//! connections, checks them before use and replaces broken ones, so the store recovers by
//! itself when the database comes back. sqlx would have meant async storage methods and a
//! second query style for SQLite.
//!
//! SQL is written once, in the common subset, with SQLite's numbered `?N` parameters; for
//! PostgreSQL they are rewritten to `$N` (and each statement is prepared once per
//! connection). Values are integers, text or NULL: integers are `BIGINT` in PostgreSQL and
//! booleans are stored as 0/1 in both, so queries mean the same on both.

use crate::error::Error;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// One value sent to or read from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// SQL NULL.
    Null,
    /// An integer (booleans as 0/1).
    Int(i64),
    /// Text.
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Value {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<u64> for Value {
    fn from(v: u64) -> Value {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        v.as_deref().into()
    }
}

/// Parameters for a statement: `args![a, b]` converts each into a [`Value`].
macro_rules! args {
    ($($v:expr),* $(,)?) => { &[$($crate::store::db::Value::from($v)),*] };
}
pub(crate) use args;

/// One result row.
#[derive(Debug)]
pub(crate) struct Row(Vec<Value>);

impl Row {
    /// Column `i` as `T`; a missing column or a value of the wrong kind is a
    /// [`Error::Stored`] naming the column.
    pub(crate) fn get<T: FromValue>(&self, i: usize) -> Result<T, Error> {
        let value = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(value).ok_or_else(|| Error::Stored {
            column: i,
            reason: format!("oväntat värde {value:?}"),
        })
    }
}

/// A Rust type a column can be read as.
pub(crate) trait FromValue: Sized {
    /// The value as `Self`, or `None` when it does not fit.
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<i64> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}
impl FromValue for u32 {
    fn from_value(v: &Value) -> Option<u32> {
        i64::from_value(v).and_then(|i| u32::try_from(i).ok())
    }
}
impl FromValue for u64 {
    fn from_value(v: &Value) -> Option<u64> {
        i64::from_value(v).and_then(|i| u64::try_from(i).ok())
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<bool> {
        match v {
            Value::Int(0) => Some(false),
            Value::Int(1) => Some(true),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<String> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Option<T>> {
        match v {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// The database behind a store.
pub(super) enum Backend {
    /// One SQLite connection behind a mutex (SQLite has one writer at a time anyway).
    Sqlite(Mutex<rusqlite::Connection>),
    /// A pool of PostgreSQL connections.
    Postgres(PgPool),
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backend::Sqlite(_) => f.write_str("Sqlite"),
            Backend::Postgres(p) => write!(f, "Postgres({})", p.schema),
        }
    }
}

impl Backend {
    /// Runs `f` in a transaction and commits when it returns `Ok`; an error (or a panic)
    /// rolls everything back. `write` takes SQLite's write lock at the start, so that a
    /// read-then-write never has to be retried.
    pub(super) fn transaction<T>(
        &self,
        write: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match self {
            Backend::Sqlite(conn) => {
                let mut conn = conn
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let behavior = if write {
                    rusqlite::TransactionBehavior::Immediate
                } else {
                    rusqlite::TransactionBehavior::Deferred
                };
                let mut tx = Tx::Sqlite(conn.transaction_with_behavior(behavior)?);
                let value = f(&mut tx)?;
                tx.commit()?;
                Ok(value)
            }
            Backend::Postgres(pool) => {
                let mut conn = pool.get()?;
                let PgConn { client, cache } = &mut *conn;
                let mut tx = Tx::Postgres {
                    tx: client.transaction().map_err(pg_error)?,
                    cache,
                };
                let value = f(&mut tx)?;
                tx.commit()?;
                Ok(value)
            }
        }
    }
}

/// A transaction on either database: the only way store methods reach the data.
pub(crate) enum Tx<'a> {
    /// SQLite.
    Sqlite(rusqlite::Transaction<'a>),
    /// PostgreSQL, with the connection's prepared statements.
    Postgres {
        /// The open transaction.
        tx: postgres::Transaction<'a>,
        /// Statements prepared on this connection, by their SQL as written.
        cache: &'a mut HashMap<String, postgres::Statement>,
    },
}

impl Tx<'_> {
    /// Runs a statement; the number of rows it changed.
    pub(crate) fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error> {
        match self {
            Tx::Sqlite(tx) => {
                let mut stmt = tx.prepare_cached(sql)?;
                let n = stmt.execute(rusqlite::params_from_iter(params.iter()))?;
                Ok(n as u64)
            }
            Tx::Postgres { tx, cache } => {
                let stmt = prepared(tx, cache, sql)?;
                tx.execute(&stmt, &pg_params(params)).map_err(pg_error)
            }
        }
    }

    /// Every row of a query.
    pub(crate) fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, Error> {
        let mut rows = Vec::new();
        self.for_each(sql, params, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, Error> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query that always returns one (an aggregate).
    pub(crate) fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, Error> {
        self.query_opt(sql, params)?.ok_or_else(|| Error::Stored {
            column: 0,
            reason: "frågan gav ingen rad".into(),
        })
    }

    /// Streams the rows of a query to `f`, one at a time (for large reads).
    pub(crate) fn for_each(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(Row) -> Result<(), Error>,
    ) -> Result<(), Error> {
        match self {
            Tx::Sqlite(tx) => {
                let mut stmt = tx.prepare_cached(sql)?;
                let columns = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                while let Some(row) = rows.next()? {
                    f(sqlite_row(row, columns)?)?;
                }
                Ok(())
            }
            Tx::Postgres { tx, cache } => {
                let stmt = prepared(tx, cache, sql)?;
                let args = pg_params(params);
                let mut rows = tx
                    .query_raw(&stmt, args.iter().copied())
                    .map_err(pg_error)?;
                while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)
                    .map_err(pg_error)?
                {
                    f(pg_row(&row)?)?;
                }
                Ok(())
            }
        }
    }

    fn commit(self) -> Result<(), Error> {
        match self {
            Tx::Sqlite(tx) => Ok(tx.commit()?),
            Tx::Postgres { tx, .. } => tx.commit().map_err(pg_error),
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn sqlite_row(row: &rusqlite::Row<'_>, columns: usize) -> Result<Row, Error> {
    use rusqlite::types::ValueRef;
    let mut values = Vec::with_capacity(columns);
    for i in 0..columns {
        values.push(match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Int(n),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Real(_) | ValueRef::Blob(_) => {
                return Err(Error::Stored {
                    column: i,
                    reason: "oväntad typ i databasen".into(),
                });
            }
        });
    }
    Ok(Row(values))
}

// ---- PostgreSQL ----------------------------------------------------------------------------

/// How long a request waits for a connection before training answers "unavailable".
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long connecting may take (an unreachable host must not hold a request for long).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Connections per municipality and replica.
const POOL_SIZE: u32 = 8;

/// Where the PostgreSQL records are: a server, a database and the schema of one municipality.
#[derive(Clone)]
pub struct PgOptions {
    /// `postgres://user@host:port/database` (without a password).
    pub url: String,
    /// The password, from a file or the environment (never the command line).
    pub password: Option<String>,
    /// The schema holding this municipality's tables (`[a-z_][a-z0-9_]*`, at most 63
    /// characters); created on first use.
    pub schema: String,
}

impl std::fmt::Debug for PgOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgOptions")
            .field("url", &self.url)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("schema", &self.schema)
            .finish()
    }
}

/// Whether `name` can be a schema name as is (lower-case letters, digits and `_`, not
/// starting with a digit or `pg_`, at most 63 characters).
pub fn valid_schema(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && !name.starts_with("pg_")
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A pooled connection and its prepared statements.
pub(super) struct PgConn {
    client: postgres::Client,
    cache: HashMap<String, postgres::Statement>,
}

/// Makes and checks pooled connections for r2d2.
struct PgManager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for PgManager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: self.config.connect(postgres::NoTls)?,
            cache: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut PgConn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client.is_closed()
    }
}

/// The pool of one municipality's schema; brings the schema up to date on first use.
pub(super) struct PgPool {
    pool: r2d2::Pool<PgManager>,
    schema: String,
    /// Where, for messages: the URL (never with a password) and the schema.
    pub(super) place: String,
    migrated: AtomicBool,
}

impl PgPool {
    /// A pool that connects lazily: a database that is down at start does not stop the
    /// server, and the schema is migrated on the first connection that succeeds.
    pub(super) fn new(options: &PgOptions) -> Result<PgPool, Error> {
        let place = format!("{} (schema {})", options.url, options.schema);
        let bad = |reason: String| Error::Open {
            path: place.clone().into(),
            reason,
        };
        if !valid_schema(&options.schema) {
            return Err(bad(format!(
                "schemats namn \"{}\" går inte att använda: bara små bokstäver a–z, siffror och _",
                options.schema
            )));
        }
        let mut config: postgres::Config = options
            .url
            .parse()
            .map_err(|e| bad(format!("adressen till databasen är felaktig: {e}")))?;
        if config.get_password().is_some() {
            return Err(bad(
                "lösenordet hör inte hemma i adressen: ange det i en fil (database-password-file) eller i miljövariabeln VAGVISARE_DATABASE_PASSWORD".into(),
            ));
        }
        if let Some(password) = &options.password {
            config.password(password);
        }
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .application_name("vagvisare")
            .options(&format!("-c search_path={}", options.schema));
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(0))
            .connection_timeout(CHECKOUT_TIMEOUT)
            .test_on_check_out(true)
            .error_handler(Box::new(QuietErrors))
            .build_unchecked(PgManager { config });
        Ok(PgPool {
            pool,
            schema: options.schema.clone(),
            place,
            migrated: AtomicBool::new(false),
        })
    }

    /// A connection, with the schema migrated; [`Error::Unavailable`] when the database
    /// cannot be reached.
    fn get(&self) -> Result<r2d2::PooledConnection<PgManager>, Error> {
        let mut conn = self.pool.get().map_err(|e| Error::Unavailable {
            reason: e.to_string(),
        })?;
        if !self.migrated.load(Ordering::Acquire) {
            super::migrations::run_postgres(&mut conn.client, &self.schema)?;
            self.migrated.store(true, Ordering::Release);
        }
        Ok(conn)
    }

    /// Connects now and migrates: an error says why (for start-up and `/healthz`).
    pub(super) fn check(&self) -> Result<(), Error> {
        let mut conn = self.get()?;
        conn.client.simple_query("SELECT 1").map_err(pg_error)?;
        Ok(())
    }
}

/// r2d2 logs connection errors itself by default; the store reports them as
/// [`Error::Unavailable`] where they matter, so the pool stays quiet.
#[derive(Debug)]
struct QuietErrors;

impl r2d2::HandleError<postgres::Error> for QuietErrors {
    fn handle_error(&self, _error: postgres::Error) {}
}

/// `?N` parameters as PostgreSQL's `$N` (outside quoted text).
pub(crate) fn postgres_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

fn prepared(
    tx: &mut postgres::Transaction<'_>,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<postgres::Statement, Error> {
    if let Some(stmt) = cache.get(sql) {
        return Ok(stmt.clone());
    }
    let stmt = tx.prepare(&postgres_sql(sql)).map_err(pg_error)?;
    cache.insert(sql.to_string(), stmt.clone());
    Ok(stmt)
}

fn pg_params(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => Err(format!("ett heltal kan inte skickas som {ty}").into()),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn pg_row(row: &postgres::Row) -> Result<Row, Error> {
    use postgres::types::Type;
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i).map_err(pg_error)?,
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)
                .map_err(pg_error)?
                .map(i64::from),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)
                .map_err(pg_error)?
                .map(i64::from),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)
                .map_err(pg_error)?
                .map(i64::from),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                values.push(
                    row.try_get::<_, Option<String>>(i)
                        .map_err(pg_error)?
                        .map_or(Value::Null, Value::Text),
                );
                continue;
            }
            ref other => {
                return Err(Error::Stored {
                    column: i,
                    reason: format!("typen {other} stöds inte"),
                });
            }
        };
        values.push(value.map_or(Value::Null, Value::Int));
    }
    Ok(Row(values))
}

/// A PostgreSQL error: [`Error::Unavailable`] when the connection failed or the server is
/// shutting down or starting (SQLSTATE classes 08 and 57P), [`Error::Postgres`] otherwise.
pub(super) fn pg_error(e: postgres::Error) -> Error {
    let lost = match e.as_db_error() {
        None => true,
        Some(db) => {
            let code = db.code().code();
            code.starts_with("08") || code.starts_with("57P")
        }
    };
    if lost {
        Error::Unavailable {
            reason: e.to_string(),
        }
    } else {
        Error::Postgres(
            e.as_db_error()
                .map_or_else(|| e.to_string(), |db| db.message().to_string()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_dollar_parameters_outside_quotes() {
        assert_eq!(
            postgres_sql("SELECT ?1, '?' FROM t WHERE a = ?2 AND b = '??'"),
            "SELECT $1, '?' FROM t WHERE a = $2 AND b = '??'"
        );
    }

    #[test]
    fn schema_names_are_checked() {
        assert!(valid_schema("vv_exempelstad"));
        assert!(valid_schema("_x1"));
        assert!(!valid_schema("1x"));
        assert!(!valid_schema("pg_catalog"));
        assert!(!valid_schema("Stor"));
        assert!(!valid_schema("a;drop"));
        assert!(!valid_schema(&"a".repeat(64)));
    }

    #[test]
    fn rows_read_with_range_checks() {
        let row = Row(vec![Value::Int(-1), Value::Int(1), Value::Null]);
        assert!(row.get::<u32>(0).is_err());
        assert!(row.get::<bool>(1).expect("bool"));
        assert_eq!(row.get::<Option<String>>(2).expect("null"), None);
        assert!(row.get::<String>(2).is_err());
    }
}
