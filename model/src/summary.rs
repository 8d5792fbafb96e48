//! `content/SUMMARY.md`: the order of the book, as in mdBook.

use crate::problem::{Problem, line_of};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::Path;

/// One linked chapter in SUMMARY.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    /// The link text (the sidebar title).
    pub title: String,
    /// The content path, e.g. `barn/orosanmalan.md`.
    pub path: String,
    /// 0 for top-level chapters, 1 for nested ones, and so on.
    pub depth: usize,
    /// The part (`# Heading`) the chapter is in, if any.
    pub part: Option<String>,
    /// 1-based line in SUMMARY.md.
    pub line: usize,
}

/// The parsed SUMMARY.md.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Chapters in book order.
    pub entries: Vec<SummaryEntry>,
}

impl Summary {
    /// Parses SUMMARY.md. Draft chapters (empty links) and links that are not relative `.md`
    /// paths are problems; they are reported and left out.
    pub(crate) fn parse(path: &Path, text: &str) -> (Summary, Vec<Problem>) {
        let mut summary = Summary::default();
        let mut problems = Vec::new();
        let mut depth = 0usize;
        let mut part: Option<String> = None;
        let mut in_heading = false;
        let mut heading_text = String::new();
        let mut link: Option<(String, String, usize)> = None;
        let mut seen_title = false;

        for (event, range) in Parser::new(text).into_offset_iter() {
            match event {
                Event::Start(Tag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
                Event::Start(Tag::Heading { .. }) => {
                    in_heading = true;
                    heading_text.clear();
                }
                Event::End(TagEnd::Heading(_)) => {
                    in_heading = false;
                    // The first heading before any chapter is the book's title, not a part.
                    if seen_title || !summary.entries.is_empty() {
                        part = Some(heading_text.trim().to_string());
                    }
                    seen_title = true;
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    link = Some((
                        dest_url.to_string(),
                        String::new(),
                        line_of(text, range.start),
                    ));
                }
                Event::End(TagEnd::Link) => {
                    if let Some((dest, title, line)) = link.take() {
                        if dest.is_empty() {
                            problems.push(Problem::error(
                                path,
                                line,
                                format!("\"{title}\" saknar fil (utkast stöds inte)"),
                            ));
                        } else if !dest.ends_with(".md")
                            || dest.contains("://")
                            || dest.starts_with('/')
                        {
                            problems.push(Problem::error(
                                path,
                                line,
                                format!("\"{dest}\" är inte en relativ sökväg till en .md-fil"),
                            ));
                        } else {
                            summary.entries.push(SummaryEntry {
                                title: title.trim().to_string(),
                                path: normalize(&dest),
                                depth: depth.saturating_sub(1),
                                part: part.clone(),
                                line,
                            });
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, title, _)) = link.as_mut() {
                        title.push_str(&t);
                    } else if in_heading {
                        heading_text.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        (summary, problems)
    }

    /// The navigation as SUMMARY.md text for mdBook: the title line, parts as `# Part`
    /// headings and chapters as nested list items. Link texts are escaped.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# Innehåll\n\n");
        let mut part: Option<&str> = None;
        for entry in &self.entries {
            if entry.part.as_deref() != part {
                part = entry.part.as_deref();
                if let Some(p) = part {
                    out.push_str(&format!("\n# {}\n\n", p.replace(['\n', '#'], " ")));
                }
            }
            let title: String = entry
                .title
                .chars()
                .flat_map(|c| match c {
                    '[' | ']' | '\\' | '*' | '_' | '`' | '<' | '>' => vec!['\\', c],
                    '\n' => vec![' '],
                    c => vec![c],
                })
                .collect();
            if entry.depth == 0 && part.is_none() {
                out.push_str(&format!("[{title}]({})\n", entry.path));
            } else {
                out.push_str(&format!(
                    "{}- [{title}]({})\n",
                    "    ".repeat(entry.depth),
                    entry.path
                ));
            }
        }
        out
    }

    /// True if the path is listed.
    pub fn contains(&self, path: &str) -> bool {
        self.entries.iter().any(|e| e.path == path)
    }
}

/// Removes `./` and resolves `..` in a relative path with `/` separators.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parts_nesting_and_lines() {
        let text = "# Innehåll\n\n[Start](index.md)\n\n# Hjälp\n\n- [A](hjalp/a.md)\n    - [B](./hjalp/b.md)\n- [Utkast]()\n- [Webb](https://x.se/a.md)\n";
        let (s, problems) = Summary::parse(Path::new("SUMMARY.md"), text);
        let paths: Vec<_> = s
            .entries
            .iter()
            .map(|e| (e.path.as_str(), e.depth))
            .collect();
        assert_eq!(
            paths,
            [("index.md", 0), ("hjalp/a.md", 0), ("hjalp/b.md", 1)]
        );
        assert_eq!(s.entries[0].part, None);
        assert_eq!(s.entries[1].part.as_deref(), Some("Hjälp"));
        assert_eq!(s.entries[2].line, 8);
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].to_string(),
            "SUMMARY.md:9: \"Utkast\" saknar fil (utkast stöds inte)"
        );
    }

    #[test]
    fn writes_itself_back_as_markdown() {
        let text = "# Innehåll\n\n[Start](index.md)\n\n# Hjälp\n\n- [A [x]](hjalp/a.md)\n    - [B](hjalp/b.md)\n\n# Mer\n\n- [C](c.md)\n";
        let (s, problems) = Summary::parse(Path::new("SUMMARY.md"), text);
        assert!(problems.is_empty());
        let again = s.to_markdown();
        let (s2, problems) = Summary::parse(Path::new("SUMMARY.md"), &again);
        assert!(problems.is_empty(), "{again}");
        let strip = |s: &Summary| {
            s.entries
                .iter()
                .map(|e| (e.title.clone(), e.path.clone(), e.depth, e.part.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&s), strip(&s2));
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("./a/../b/c.md"), "b/c.md");
    }
}
