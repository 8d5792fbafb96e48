//! One content page: front matter, body and outline.

use crate::front_matter::{self, FrontMatter};
use crate::numbers::SupportLines;
use crate::outline::Outline;
use crate::problem::Problem;
use crate::shortcode::expand_plain;
use std::path::{Path, PathBuf};

/// A parsed, validated page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The path inside `content/`, with `/` separators, e.g. `barn/orosanmalan.md`.
    pub path: String,
    /// The file as it was read (for messages).
    pub file: PathBuf,
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown body after the front matter, shortcodes left in place.
    pub body: String,
    /// The 1-based file line where the body starts.
    pub body_line: usize,
    /// Headings, links, sections and text blocks (shortcodes expanded to plain text).
    pub outline: Outline,
}

impl Page {
    /// Parses a page file's text.
    pub(crate) fn parse(
        path: String,
        file: &Path,
        text: &str,
        numbers: &SupportLines,
    ) -> Result<Page, Vec<Problem>> {
        let split = front_matter::split(file, text).map_err(|p| vec![p])?;
        let front = front_matter::parse(file, &split)?;
        let outline = Outline::parse(&expand_plain(split.body, numbers), split.body_line);
        Ok(Page {
            path,
            file: file.to_path_buf(),
            front,
            body: split.body.to_string(),
            body_line: split.body_line,
            outline,
        })
    }

    /// The URL path the page is served at: `/` for the start page, `/hjalp/` for a folder's
    /// `index.md`, otherwise the `.html` file mdBook writes (`/barn/barnahus.html`).
    pub fn url(&self) -> String {
        url_of(&self.path)
    }

    /// True when `today` is past the page's review date.
    pub fn review_overdue(&self, today: time::Date) -> bool {
        today > self.front.next_review
    }
}

/// The URL of a content path (see [`Page::url`]).
pub(crate) fn url_of(path: &str) -> String {
    if path == "index.md" {
        return "/".to_string();
    }
    if let Some(dir) = path.strip_suffix("/index.md") {
        return format!("/{dir}/");
    }
    format!("/{}", path.strip_suffix(".md").unwrap_or(path)) + ".html"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_mdbook_output() {
        assert_eq!(url_of("index.md"), "/");
        assert_eq!(url_of("hjalp/index.md"), "/hjalp/");
        assert_eq!(url_of("barn/barnahus.md"), "/barn/barnahus.html");
    }
}
