//! Snippets: the part of a section's text with the most matched words, HTML-escaped, with the
//! matches wrapped in `<mark>`.
//!
//! The text is split into words once, when the index is built ([`Tokens`]: byte offsets and
//! word numbers). A search marks the word numbers it looked for ([`Marks`]: exact words, words
//! with a wanted stem or folded stem, compounds with a wanted part, completions of the word
//! being typed, typo corrections), so a snippet costs one bit test per word of the text. This
//! replaces tantivy's `SnippetGenerator`, which returns nothing for typo queries and knows
//! nothing of folded or compound matches, and the old per-query stemming of every word.

use crate::analysis::words;
use crate::lexicon::{Lexicon, WordId};
use std::ops::Range;

/// Snippet length in characters (before escaping).
pub const SNIPPET_CHARS: usize = 180;

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets in the text.
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
    /// The word's number in the lexicon.
    pub word: WordId,
}

/// The words of a text, with offsets.
pub type Tokens = Box<[Token]>;

/// Splits `text` into tokens; words the lexicon does not know are left out (every indexed
/// text is in the lexicon, so this only happens for texts that were not indexed).
pub fn tokenize(text: &str, lexicon: &Lexicon) -> Tokens {
    words(text)
        .into_iter()
        .filter_map(|(range, w)| {
            Some(Token {
                start: u32::try_from(range.start).ok()?,
                end: u32::try_from(range.end).ok()?,
                word: lexicon.id(&w)?,
            })
        })
        .collect()
}

/// The word numbers a search marks: one bit per word of the lexicon.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    bits: Vec<u64>,
}

impl Marks {
    /// No word marked, room for `words` words.
    pub fn new(words: usize) -> Marks {
        Marks {
            bits: vec![0; words.div_ceil(64)],
        }
    }

    /// Marks a word.
    pub fn set(&mut self, word: WordId) {
        if let Some(b) = self.bits.get_mut(word as usize / 64) {
            *b |= 1 << (word % 64);
        }
    }

    /// Marks every word of a list.
    pub fn set_all(&mut self, words: &[WordId]) {
        for &w in words {
            self.set(w);
        }
    }

    /// True if the word is marked.
    pub fn has(&self, word: WordId) -> bool {
        self.bits
            .get(word as usize / 64)
            .is_some_and(|b| b & (1 << (word % 64)) != 0)
    }
}

/// A snippet of `text` around the densest matches, as safe HTML; `tokens` are the text's
/// words.
pub fn snippet(text: &str, tokens: &[Token], marks: &Marks) -> String {
    let hits: Vec<Range<usize>> = tokens
        .iter()
        .filter(|t| marks.has(t.word))
        .map(|t| t.start as usize..t.end as usize)
        .filter(|r| text.get(r.clone()).is_some())
        .collect();
    let window = window(text, &hits);
    let mut out = String::with_capacity(SNIPPET_CHARS * 2);
    if window.start > 0 {
        out.push('…');
    }
    let mut at = window.start;
    for m in hits
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
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzers;
    use crate::compound::Decompounder;
    use crate::section::SectionDoc;

    fn lexicon(text: &str) -> Lexicon {
        let s = SectionDoc {
            title: String::new(),
            heading: None,
            url: String::new(),
            summary: String::new(),
            tags: Vec::new(),
            audience: Vec::new(),
            body: text.into(),
            origin: vagvisare_model::Origin::National,
            glossary: false,
            language: None,
        };
        Lexicon::build(&[s], &Decompounder::default(), &mut Analyzers::default())
    }

    fn marked(l: &Lexicon, words: &[&str]) -> Marks {
        let mut m = Marks::new(l.len());
        for w in words {
            m.set(l.id(w).expect("known word"));
        }
        m
    }

    #[test]
    fn marks_words_by_number_and_escapes() {
        let text = "Förbuden <b> gäller våld & hot.";
        let l = lexicon(text);
        let s = snippet(
            text,
            &tokenize(text, &l),
            &marked(&l, &["förbuden", "våld"]),
        );
        assert_eq!(
            s,
            "<mark>Förbuden</mark> &lt;b&gt; gäller <mark>våld</mark> &amp; hot."
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_match() {
        let text = format!(
            "{} Här står barnahus mitt i. {}",
            "ord ".repeat(100),
            "slut ".repeat(100)
        );
        let l = lexicon(&text);
        let s = snippet(&text, &tokenize(&text, &l), &marked(&l, &["barnahus"]));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>barnahus</mark>"), "{s}");
        assert!(s.chars().count() < SNIPPET_CHARS + 40, "{s}");
    }

    #[test]
    fn escapes_every_special_character() {
        let mut out = String::new();
        escape_into("a&b<c>d\"e'f åäö", &mut out);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&#39;f åäö");
    }

    #[test]
    fn marks_are_bits() {
        let mut m = Marks::new(130);
        m.set(0);
        m.set(129);
        m.set(1000);
        assert!(m.has(0) && m.has(129));
        assert!(!m.has(1) && !m.has(128) && !m.has(1000));
    }
}
