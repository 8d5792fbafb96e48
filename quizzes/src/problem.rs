//! A problem found while loading module files, reported as `path:line: message`.

use std::fmt;
use std::path::PathBuf;

/// One problem in one module file, with the 1-based line it is on. Messages are in Swedish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The module file.
    pub path: PathBuf,
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong, in Swedish.
    pub message: String,
}

impl Problem {
    /// A problem at a line of a file.
    pub fn new(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// The 1-based line that byte `offset` of `text` is on.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_path_line_message() {
        let p = Problem::new("quizzes/modules/a.toml", 4, "okänt fält \"x\"");
        assert_eq!(p.to_string(), "quizzes/modules/a.toml:4: okänt fält \"x\"");
    }

    #[test]
    fn lines_are_counted_from_one() {
        let t = "a\nb\nc";
        assert_eq!(line_of(t, 0), 1);
        assert_eq!(line_of(t, 2), 2);
        assert_eq!(line_of(t, 4), 3);
        assert_eq!(line_of(t, 99), 3);
    }
}
