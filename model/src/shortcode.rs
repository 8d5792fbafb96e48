//! Shortcodes in page bodies: `{{nummer:ID}}`, `{{stodlinjer}}`, `{{lokala-kontakter}}`,
//! `{{kommun}}`, `{{källa:ID}}` (an inline citation from the register of sources),
//! `{{lokalt:NAMN}}` (a place where a municipality's own text goes) and `{{källregister}}` (the
//! list of all sources). The site renders them to HTML; the model expands them to plain text so
//! that search and readability see what a reader sees.

use crate::numbers::SupportLines;
use crate::variant::Language;

/// A recognised shortcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortcode {
    /// One number from the verified list, by id.
    Number(String),
    /// The whole verified list.
    SupportLines,
    /// Local contacts from the site configuration (may be empty).
    LocalContacts,
    /// The municipality's name.
    Municipality,
    /// An inline citation of a register entry, by id.
    Source(String),
    /// A named place for a municipality's local text (a local block).
    Local(String),
    /// The whole register of sources with the pages that cite them.
    SourceRegister,
    /// Anything else between `{{` and `}}` – an error in `check`.
    Unknown(String),
}

impl Shortcode {
    fn parse(inner: &str) -> Shortcode {
        let inner = inner.trim();
        if let Some(id) = inner.strip_prefix("nummer:") {
            return Shortcode::Number(id.trim().to_string());
        }
        if let Some(id) = inner
            .strip_prefix("källa:")
            .or_else(|| inner.strip_prefix("kalla:"))
        {
            return Shortcode::Source(id.trim().to_string());
        }
        if let Some(name) = inner.strip_prefix("lokalt:") {
            return Shortcode::Local(name.trim().to_string());
        }
        match inner {
            "källregister" | "kallregister" => Shortcode::SourceRegister,
            "stodlinjer" => Shortcode::SupportLines,
            "lokala-kontakter" => Shortcode::LocalContacts,
            "kommun" => Shortcode::Municipality,
            other => Shortcode::Unknown(other.to_string()),
        }
    }
}

/// Finds every shortcode with its byte range in `text`. mdBook's own `{{#include}}`-style
/// directives (starting with `#`) are not ours and are skipped.
pub fn shortcodes(text: &str) -> Vec<(std::ops::Range<usize>, Shortcode)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("{{").map(|i| i + from) {
        let Some(end) = text[start + 2..].find("}}").map(|i| i + start + 2) else {
            break;
        };
        let inner = &text[start + 2..end];
        if !inner.starts_with('#') && !inner.contains('\n') {
            found.push((start..end + 2, Shortcode::parse(inner)));
        }
        from = end + 2;
    }
    found
}

/// Replaces shortcodes with the plain text a reader would see, keeping line breaks where they
/// are so that line numbers stay valid. Local contacts expand to nothing (they depend on the
/// configuration), and so do citations, local places and the register (local text is indexed and
/// checked as its own block); the municipality becomes "kommunen".
pub fn expand_plain(text: &str, numbers: &SupportLines) -> String {
    expand(text, numbers, false)
}

/// Like [`expand_plain`], for a page variant in `language`: an English text gets the support
/// lines' English descriptions (`who_en`).
pub fn expand_plain_in(text: &str, numbers: &SupportLines, language: Language) -> String {
    expand(text, numbers, language.html_lang() == "en")
}

fn expand(text: &str, numbers: &SupportLines, english: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, code) in shortcodes(text) {
        out.push_str(&text[last..range.start]);
        match code {
            Shortcode::Number(id) => {
                out.push_str(numbers.get(&id).map_or("", |l| l.number.as_str()))
            }
            Shortcode::SupportLines => {
                for l in &numbers.lines {
                    let who = match (&l.who_en, english) {
                        (Some(en), true) => en,
                        _ => &l.who,
                    };
                    out.push_str(&format!("{} {}. {who} ", l.name, l.number));
                }
            }
            Shortcode::Municipality => out.push_str("kommunen"),
            Shortcode::LocalContacts
            | Shortcode::Source(_)
            | Shortcode::Local(_)
            | Shortcode::SourceRegister
            | Shortcode::Unknown(_) => {}
        }
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numbers::SupportLine;

    fn numbers() -> SupportLines {
        SupportLines {
            checked: time::macros::date!(2026 - 11 - 23),
            lines: vec![SupportLine {
                id: "kvinnofridslinjen".into(),
                name: "Kvinnofridslinjen".into(),
                number: "020-50 50 50".into(),
                who: "Kvinnor.".into(),
                hours: None,
                note: None,
                url: None,
                who_en: None,
                hours_en: None,
                note_en: None,
            }],
        }
    }

    #[test]
    fn finds_and_expands_shortcodes() {
        let text = "Ring {{nummer:kvinnofridslinjen}} i {{kommun}}. {{#include x}} {{okänd}}{{källa:brb-4-4a}}{{lokalt:sa-gor-vi}}";
        let codes: Vec<_> = shortcodes(text).into_iter().map(|(_, c)| c).collect();
        assert_eq!(
            codes,
            [
                Shortcode::Number("kvinnofridslinjen".into()),
                Shortcode::Municipality,
                Shortcode::Unknown("okänd".into()),
                Shortcode::Source("brb-4-4a".into()),
                Shortcode::Local("sa-gor-vi".into()),
            ]
        );
        assert_eq!(
            expand_plain(text, &numbers()),
            "Ring 020-50 50 50 i kommunen. {{#include x}} "
        );
    }
}
