//! Snippets: the part of a section's text with the most matched words, HTML-escaped, with the
//! matches wrapped in `<mark>`. Built from what the query looked for ([`Wanted`]) rather than
//! with tantivy's `SnippetGenerator`, which returns nothing for typo (fuzzy) queries and knows
//! nothing of folded or compound matches.

use crate::analysis::{Analyzers, fold, words};
use crate::fuzzy::distance;
use crate::query::Wanted;
use std::ops::Range;

/// Snippet length in characters (before escaping).
pub const SNIPPET_CHARS: usize = 180;

/// The byte ranges of `text` that match.
///
/// This runs for every hit, so it avoids stemming every word: a word is compared as written
/// (exact, prefix, compound part, typo) and only stemmed when it starts like one of the stems
/// looked for.
pub fn matches(text: &str, wanted: &Wanted, analyzers: &mut Analyzers) -> Vec<Range<usize>> {
    let heads: Vec<String> = wanted
        .stems
        .iter()
        .chain(&wanted.folded)
        .map(|s| head(&fold(s)).to_string())
        .collect();
    let fuzzy_hit = |token: &str| {
        wanted
            .fuzzy
            .iter()
            .any(|(w, d)| distance(token, w, usize::from(*d)) <= usize::from(*d))
    };
    let mut marks = Vec::new();
    for (range, word) in words(text) {
        let folded = fold(&word);
        let hit = wanted.exact.contains(&word)
            || wanted
                .prefixes
                .iter()
                .any(|p| word.starts_with(p.as_str()) || folded.starts_with(p.as_str()))
            || wanted.parts.iter().any(|p| word.contains(p.as_str()))
            || fuzzy_hit(&word)
            || fuzzy_hit(&folded)
            || (heads.iter().any(|h| folded.starts_with(h.as_str()))
                && analyzers.swedish(&word).into_iter().any(|t| {
                    wanted.stems.contains(&t.text) || wanted.folded.contains(&fold(&t.text))
                }));
        if hit {
            marks.push(range);
        }
    }
    marks
}

/// The first three letters of a term, folded: a cheap filter before stemming.
fn head(term: &str) -> &str {
    let end = term.char_indices().nth(3).map_or(term.len(), |(i, _)| i);
    &term[..end]
}

/// A snippet of `text` around the densest matches, as safe HTML.
pub fn snippet(text: &str, wanted: &Wanted, analyzers: &mut Analyzers) -> String {
    let marks = matches(text, wanted, analyzers);
    let window = window(text, &marks);
    let mut out = String::new();
    if window.start > 0 {
        out.push('…');
    }
    let mut at = window.start;
    for m in marks
        .iter()
        .filter(|m| m.start >= window.start && m.end <= window.end)
    {
        escape_into(&text[at..m.start], &mut out);
        out.push_str("<mark>");
        escape_into(&text[m.start..m.end], &mut out);
        out.push_str("</mark>");
        at = m.end;
    }
    escape_into(&text[at..window.end], &mut out);
    if window.end < text.len() {
        out.push('…');
    }
    out
}

/// The byte range to show: about [`SNIPPET_CHARS`] characters, starting a little before the
/// first match of the densest stretch, cut at spaces.
fn window(text: &str, marks: &[Range<usize>]) -> Range<usize> {
    let span = SNIPPET_CHARS * 2; // bytes, roughly (Swedish letters take two)
    let mut best = (0usize, 0usize); // (matches, first mark)
    for (i, m) in marks.iter().enumerate() {
        let n = marks[i..]
            .iter()
            .take_while(|n| n.end <= m.start + span / 2 + SNIPPET_CHARS / 2)
            .count();
        if n > best.0 {
            best = (n, m.start);
        }
    }
    let anchor = if best.0 == 0 { 0 } else { best.1 };
    // Start up to 40 characters before the match, at a word boundary.
    let mut start = char_back(text, anchor, 40);
    if start > 0 {
        start = text[start..anchor]
            .find(' ')
            .map_or(anchor, |i| start + i + 1);
    }
    let mut end = char_forward(text, start, SNIPPET_CHARS);
    if end < text.len()
        && let Some(i) = text[start..end].rfind(' ')
        && start + i > anchor
    {
        end = start + i;
    }
    start..end
}

fn char_back(text: &str, from: usize, chars: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn char_forward(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Escapes text for HTML content and attributes.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted::default()
    }

    #[test]
    fn marks_exact_stemmed_folded_and_escapes() {
        let mut a = Analyzers::default();
        let w = Wanted {
            stems: vec!["förbud".into()],
            folded: vec!["vald".into()],
            ..wanted()
        };
        let s = snippet("Förbuden <b> gäller våld & hot.", &w, &mut a);
        assert_eq!(
            s,
            "<mark>Förbuden</mark> &lt;b&gt; gäller <mark>våld</mark> &amp; hot."
        );
    }

    #[test]
    fn marks_typos_parts_and_prefixes() {
        let mut a = Analyzers::default();
        let w = Wanted {
            fuzzy: vec![("kvinor".into(), 1)],
            parts: vec!["förbud".into()],
            prefixes: vec!["orosanm".into()],
            ..wanted()
        };
        let s = snippet("Kvinnor med kontaktförbud gör en orosanmälan.", &w, &mut a);
        assert_eq!(
            s,
            "<mark>Kvinnor</mark> med <mark>kontaktförbud</mark> gör en <mark>orosanmälan</mark>."
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_match() {
        let mut a = Analyzers::default();
        let text = format!(
            "{} Här står barnahus mitt i. {}",
            "ord ".repeat(100),
            "slut ".repeat(100)
        );
        let w = Wanted {
            exact: vec!["barnahus".into()],
            ..wanted()
        };
        let s = snippet(&text, &w, &mut a);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>barnahus</mark>"), "{s}");
        assert!(s.chars().count() < SNIPPET_CHARS + 40, "{s}");
    }
}
