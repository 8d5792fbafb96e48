//! The crate's one error type.

use crate::problem::Problem;
use rusqlite::ErrorCode;
use std::path::PathBuf;

/// Everything that can go wrong in this crate. Messages are in Swedish, for `check` and logs.
/// No variant has a `source`: each message already says everything, so that printing the
/// error with its chain says it once.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A module file or the modules folder could not be read.
    #[error("{}: kunde inte läsas: {reason}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why, in Swedish.
        reason: String,
    },
    /// One or more module files are invalid; every problem found is listed.
    #[error("{}", list(.0))]
    Invalid(Vec<Problem>),
    /// The data folder could not be created.
    #[error("{}: datamappen kunde inte skapas: {reason}", path.display())]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// Why, in Swedish.
        reason: String,
    },
    /// The database file could not be opened or brought up to date.
    #[error("{}: {reason}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What went wrong and what to do, in Swedish.
        reason: String,
    },
    /// An SQLite call failed while serving.
    #[error("{}", sqlite_swedish(.0))]
    Database(rusqlite::Error),
    /// The database was written by a newer version of the program.
    #[error(
        "{}: databasen har version {found} men programmet känner bara till version {known}: uppdatera programmet",
        path.display()
    )]
    NewerDatabase {
        /// The database file.
        path: PathBuf,
        /// `PRAGMA user_version` in the file.
        found: i64,
        /// The newest migration this program has.
        known: i64,
    },
    /// A stored value could not be read back (a corrupt or hand-edited row).
    #[error("en lagrad uppgift kunde inte läsas (kolumn {column}): {reason}")]
    Stored {
        /// The column of the query.
        column: usize,
        /// What was wrong.
        reason: String,
    },
    /// A PostgreSQL statement failed (the server's message).
    #[error("databasfel i PostgreSQL: {0}")]
    Postgres(String),
    /// The database cannot be reached right now (PostgreSQL down, unreachable or
    /// restarting). Training answers 503 and the store retries on the next request.
    #[error("databasen går inte att nå just nu: {reason}")]
    Unavailable {
        /// What the connection attempt said.
        reason: String,
    },
    /// The operating system's random number generator failed.
    #[error("slumptalsgeneratorn svarade inte: {0}")]
    Random(getrandom::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Database(e)
    }
}

impl Error {
    /// Whether the database could not be reached (answer 503 and try again later), as
    /// opposed to an error in the records or the program.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Unavailable { .. })
    }

    /// This error as an error opening the database at `path` (adds the path once).
    pub(crate) fn at(self, path: &std::path::Path) -> Error {
        match self {
            Error::Database(e) => Error::Open {
                path: path.to_path_buf(),
                reason: sqlite_swedish(&e),
            },
            Error::NewerDatabase { found, known, .. } => Error::NewerDatabase {
                path: path.to_path_buf(),
                found,
                known,
            },
            other => other,
        }
    }
}

/// An SQLite error in Swedish with what to do about it.
pub(crate) fn sqlite_swedish(e: &rusqlite::Error) -> String {
    let rusqlite::Error::SqliteFailure(failure, message) = e else {
        return format!("databasfel: {e}");
    };
    let text = match failure.code {
        ErrorCode::NotADatabase => {
            "filen är inte en SQLite-databas: återställ den från en säkerhetskopia, eller flytta undan den så skapas en ny, tom databas"
        }
        ErrorCode::DatabaseCorrupt => {
            "databasen är skadad: återställ den från en säkerhetskopia (sqlite3 .recover kan rädda en del)"
        }
        ErrorCode::ReadOnly => {
            "databasen är skrivskyddad: servern måste få skriva i filen och i mappen den ligger i"
        }
        ErrorCode::CannotOpen => {
            "databasen kan inte öppnas: kontrollera att mappen finns och att servern får skriva där"
        }
        ErrorCode::PermissionDenied => "åtkomst nekad: kontrollera rättigheterna för filen",
        ErrorCode::DiskFull => "disken är full: frigör utrymme",
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "databasen är låst av ett annat program: försök igen"
        }
        ErrorCode::SystemIoFailure => "läs- eller skrivfel på disken",
        _ => {
            return match message {
                Some(m) => format!("databasfel: {m}"),
                None => format!("databasfel: {failure}"),
            };
        }
    };
    text.to_string()
}

/// An I/O error in Swedish where the kind is known; the system's text otherwise.
pub(crate) fn io_swedish(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "filen eller mappen finns inte".into(),
        ErrorKind::PermissionDenied => "åtkomst nekad (kontrollera rättigheterna)".into(),
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => {
            "en del av sökvägen är en fil, inte en mapp".into()
        }
        ErrorKind::ReadOnlyFilesystem => "filsystemet är skrivskyddat".into(),
        ErrorKind::StorageFull => "disken är full".into(),
        ErrorKind::InvalidData => "filen är inte giltig UTF-8-text".into(),
        _ => e.to_string(),
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_lists_every_problem_on_its_own_line() {
        let e = Error::Invalid(vec![
            Problem::new("a.toml", 1, "x"),
            Problem::new("b.toml", 2, "y"),
        ]);
        assert_eq!(e.to_string(), "a.toml:1: x\nb.toml:2: y");
    }

    #[test]
    fn no_variant_repeats_itself_as_a_source() {
        use std::error::Error as _;
        let e = Error::DataDir {
            path: "var".into(),
            reason: io_swedish(&std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
        };
        assert!(e.source().is_none());
        assert_eq!(
            e.to_string(),
            "var: datamappen kunde inte skapas: åtkomst nekad (kontrollera rättigheterna)"
        );
    }
}
