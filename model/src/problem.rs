//! Problems found while loading content: errors stop a build, warnings do not.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth fixing, but the site can still be built.
    Warning,
    /// The site must not be built until this is fixed.
    Error,
}

/// One problem in one file, printed as `path:line: message` with optional indented hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as given to the loader (usually relative to the working directory).
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in Swedish.
    pub message: String,
    /// Extra lines that help to fix it (for example the longest sentences of a page).
    pub hints: Vec<String>,
}

impl Problem {
    /// An error at `path:line`.
    pub fn error(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, Severity::Error, message)
    }

    /// A warning at `path:line`.
    pub fn warning(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, Severity::Warning, message)
    }

    fn new(path: &Path, line: usize, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: line.max(1),
            severity,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Adds hint lines shown under the message.
    pub fn with_hints(mut self, hints: Vec<String>) -> Self {
        self.hints = hints;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "",
            Severity::Warning => "varning: ",
        };
        write!(
            f,
            "{}:{}: {label}{}",
            self.path.display(),
            self.line,
            self.message
        )?;
        for hint in &self.hints {
            write!(f, "\n    {hint}")?;
        }
        Ok(())
    }
}

/// Maps a byte offset in `text` to a 1-based line number.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_path_line_and_hints() {
        let p = Problem::error(Path::new("content/a.md"), 4, "okänt fält \"x\"")
            .with_hints(vec!["tips".into()]);
        assert_eq!(p.to_string(), "content/a.md:4: okänt fält \"x\"\n    tips");
        let w = Problem::warning(Path::new("a.md"), 0, "w");
        assert_eq!(w.to_string(), "a.md:1: varning: w");
    }

    #[test]
    fn line_of_counts_newlines() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
