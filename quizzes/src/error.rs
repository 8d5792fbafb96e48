//! The crate's one error type.

use crate::problem::Problem;
use std::path::PathBuf;

/// Everything that can go wrong in this crate. Messages are in Swedish, for `check` and logs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A module file or the modules folder could not be read.
    #[error("{}: kunde inte läsas: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// One or more module files are invalid; every problem found is listed.
    #[error("{}", list(.0))]
    Invalid(Vec<Problem>),
    /// The data folder could not be created.
    #[error("{}: datamappen kunde inte skapas: {source}", path.display())]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An SQLite call failed.
    #[error("databasfel: {0}")]
    Database(#[from] rusqlite::Error),
    /// The database was written by a newer version of the program.
    #[error(
        "databasen har version {found} men programmet känner bara till version {known}: uppdatera programmet"
    )]
    NewerDatabase {
        /// `PRAGMA user_version` in the file.
        found: i64,
        /// The newest migration this program has.
        known: i64,
    },
    /// The database connection lock was poisoned by a panic in another thread.
    #[error("databasanslutningen är låst efter ett tidigare fel")]
    Poisoned,
    /// The operating system's random number generator failed.
    #[error("slumptalsgeneratorn svarade inte: {0}")]
    Random(getrandom::Error),
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
}
