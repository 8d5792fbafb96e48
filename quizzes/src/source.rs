//! References from modules to content pages (`barn/orosanmalan.md#sa-gor-du`) and the lookup
//! the caller supplies to check that they exist. This crate never reads content pages itself.

use std::fmt;

/// A content page path relative to `content/`, optionally with a heading anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// The page, e.g. `barn/orosanmalan.md`.
    pub page: String,
    /// The heading id without `#`, e.g. `sa-gor-du`.
    pub anchor: Option<String>,
}

/// What a [`SourceLookup`] found for a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The page exists and, if an anchor was given, has a heading with that id.
    Found,
    /// There is no such page.
    NoPage,
    /// The page exists but has no heading with that id.
    NoAnchor,
}

/// Answers whether a content page (and heading) exists. The root binary implements it over the
/// site model; tests use closures. Any `Fn(&str, Option<&str>) -> Target` is a lookup.
pub trait SourceLookup {
    /// Looks up `page` (relative to `content/`) and, if given, the heading id `anchor` on it.
    fn lookup(&self, page: &str, anchor: Option<&str>) -> Target;
}

impl<F> SourceLookup for F
where
    F: Fn(&str, Option<&str>) -> Target,
{
    fn lookup(&self, page: &str, anchor: Option<&str>) -> Target {
        self(page, anchor)
    }
}

impl SourceRef {
    /// Parses `page.md` or `page.md#anchor`. Returns a Swedish reason when the text is not a
    /// relative `.md` path inside `content/` or the anchor is empty.
    pub fn parse(text: &str) -> Result<SourceRef, String> {
        let text = text.trim();
        let (page, anchor) = match text.split_once('#') {
            Some((page, anchor)) => (page, Some(anchor)),
            None => (text, None),
        };
        if page.is_empty() {
            return Err(format!("\"{text}\" saknar sida"));
        }
        if !page.ends_with(".md") {
            return Err(format!(
                "\"{text}\" ska vara en sida i content/ som slutar på .md"
            ));
        }
        if page.starts_with('/')
            || page.contains('\\')
            || page.contains("://")
            || page
                .split('/')
                .any(|part| part == ".." || part == "." || part.is_empty())
        {
            return Err(format!(
                "\"{text}\" ska vara en sökväg inom content/, till exempel barn/orosanmalan.md"
            ));
        }
        let anchor = match anchor {
            Some("") => return Err(format!("\"{text}\" har ett tomt ankare efter #")),
            Some(a) if a.chars().any(char::is_whitespace) => {
                return Err(format!(
                    "ankaret i \"{text}\" får inte innehålla mellanslag"
                ));
            }
            other => other.map(str::to_string),
        };
        Ok(SourceRef {
            page: page.to_string(),
            anchor,
        })
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.anchor {
            Some(a) => write!(f, "{}#{a}", self.page),
            None => f.write_str(&self.page),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_page_and_anchor() {
        let s = SourceRef::parse("barn/orosanmalan.md#så-gör-du").expect("valid");
        assert_eq!(s.page, "barn/orosanmalan.md");
        assert_eq!(s.anchor.as_deref(), Some("så-gör-du"));
        assert_eq!(s.to_string(), "barn/orosanmalan.md#så-gör-du");
        let s = SourceRef::parse("index.md").expect("valid");
        assert_eq!(s.anchor, None);
    }

    #[test]
    fn rejects_paths_outside_content() {
        for bad in [
            "/barn/a.md#x",
            "../a.md#x",
            "barn//a.md",
            "https://x.se/a.md",
            "barn/a.html#x",
            "#x",
            "a.md#",
            "a.md#två ord",
        ] {
            assert!(SourceRef::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn closures_are_lookups() {
        let lookup = |page: &str, anchor: Option<&str>| match (page, anchor) {
            ("a.md", None | Some("x")) => Target::Found,
            ("a.md", _) => Target::NoAnchor,
            _ => Target::NoPage,
        };
        assert_eq!(lookup.lookup("a.md", Some("x")), Target::Found);
        assert_eq!(lookup.lookup("a.md", Some("y")), Target::NoAnchor);
        assert_eq!(lookup.lookup("b.md", None), Target::NoPage);
    }
}
