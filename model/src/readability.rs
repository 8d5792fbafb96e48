//! Plain-language checks (klarspråk): LIX per page, long sentences, unexplained abbreviations,
//! owners that look like a person's name, and the closing checklist on landlord and school
//! pages.
//!
//! LIX (läsbarhetsindex, Björnsson) = words / sentences + 100 × long words / words, where a long
//! word has more than six letters. Headings, list items, table cells and paragraphs are each
//! at least one sentence: a heading is read as a unit, and counting it into the next paragraph
//! would punish pages for having structure. Inside a block a sentence ends at `.`, `!` or `?`
//! followed by a space and a capital letter or digit, so "t.ex. så" does not end one.
//!
//! Passive voice is not checked: Swedish s-passive ("anmäls") cannot be told from other words
//! ending in -s (deponent verbs, genitives, plurals) without a morphological dictionary, and a
//! check that is often wrong teaches editors to ignore checks.

use crate::audience::Audience;
use crate::outline::{Block, BlockKind};
use crate::page::Page;
use crate::problem::Problem;

/// The readability figures for a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    /// The LIX value.
    pub lix: f64,
    /// Number of words.
    pub words: usize,
    /// Number of sentences.
    pub sentences: usize,
    /// Sentences longest first, with their word counts and the line of their block.
    pub longest: Vec<(usize, String, usize)>,
}

/// Longer sentences than this give a warning.
pub const MAX_SENTENCE_WORDS: usize = 35;

/// Abbreviations that everyone knows and that need no explanation.
const WELL_KNOWN: [&str; 9] = ["SMS", "IT", "EU", "PDF", "BRIS", "OK", "TV", "ID", "SOS"];

/// Words that show that an owner is a unit, not a person.
const UNIT_WORDS: [&str; 12] = [
    "enhet",
    "förvaltning",
    "team",
    "socialtjänst",
    "redaktion",
    "avdelning",
    "sektion",
    "nämnd",
    "mottagning",
    "kontor",
    "center",
    "centrum",
];

/// Computes LIX and sentence lengths over text blocks.
pub fn lix(blocks: &[Block]) -> Readability {
    let mut words = 0;
    let mut long = 0;
    let mut sentences = 0;
    let mut all = Vec::new();
    for block in blocks {
        for sentence in split_sentences(&block.text) {
            let ws = words_of(&sentence);
            if ws.is_empty() {
                continue;
            }
            sentences += 1;
            words += ws.len();
            long += ws
                .iter()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 6)
                .count();
            all.push((ws.len(), sentence, block.line));
        }
    }
    all.sort_by_key(|s| std::cmp::Reverse(s.0));
    let lix = if words == 0 {
        0.0
    } else {
        words as f64 / sentences as f64 + 100.0 * long as f64 / words as f64
    };
    Readability {
        lix,
        words,
        sentences,
        longest: all,
    }
}

fn split_sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        if matches!(chars[i], '.' | '!' | '?')
            && chars.get(i + 1).is_some_and(|c| c.is_whitespace())
            && chars[i + 1..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            out.push(chars[start..=i].iter().collect::<String>());
            start = i + 1;
        }
    }
    out.push(chars[start..].iter().collect());
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Words: whitespace-separated tokens with at least one letter, outer punctuation removed.
fn words_of(sentence: &str) -> Vec<&str> {
    sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

/// All plain-language checks for one page.
pub(crate) fn check(page: &Page, glossary: Option<&Page>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = page.file.as_path();
    let blocks = &page.outline.blocks;

    let r = lix(blocks);
    let limit = page
        .front
        .audience
        .iter()
        .map(|a| a.lix_limit())
        .fold(f64::INFINITY, f64::min);
    if r.lix.round() > limit {
        let hints = r
            .longest
            .iter()
            .take(3)
            .map(|(n, s, line)| format!("rad {line}, {n} ord: {s}"))
            .collect();
        problems.push(
            Problem::error(
                file,
                page.front.lines.start,
                format!("LIX {:.0} > {limit:.0}", r.lix),
            )
            .with_hints(hints),
        );
    }
    for (n, sentence, line) in r
        .longest
        .iter()
        .take_while(|(n, _, _)| *n > MAX_SENTENCE_WORDS)
    {
        problems.push(Problem::warning(
            file,
            *line,
            format!(
                "meningen har {n} ord (högst {MAX_SENTENCE_WORDS}): \"{}…\"",
                sentence.chars().take(60).collect::<String>()
            ),
        ));
    }

    problems.extend(abbreviations(page, glossary));

    if looks_like_a_name(&page.front.owner) {
        problems.push(Problem::error(
            file,
            page.front.lines.owner,
            format!(
                "\"owner\" ska vara en roll eller enhet, inte en person (\"{}\"); skriv till exempel \"Enheten för …\"",
                page.front.owner
            ),
        ));
    }

    let checklist_audience = !page.front.audience.is_empty()
        && page
            .front
            .audience
            .iter()
            .all(|a| matches!(a, Audience::Hyresvard | Audience::Skola));
    if checklist_audience && !page.path.ends_with("index.md") {
        let last_h2 = page.outline.headings.iter().rev().find(|h| h.level == 2);
        if last_h2.is_none_or(|h| h.text != "Gör så här") {
            problems.push(Problem::error(
                file,
                page.front.lines.start,
                "sidor för hyresvärdar och skola ska sluta med avsnittet \"## Gör så här\"",
            ));
        }
    }
    problems
}

/// Checks a municipality's local block with the limits of the page it is shown on: LIX, long
/// sentences, and an owner that is a unit rather than a person.
pub(crate) fn check_block(block: &crate::block::LocalBlock, page: &Page) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = block.file.as_path();
    let r = lix(&block.outline.blocks);
    let limit = page
        .front
        .audience
        .iter()
        .map(|a| a.lix_limit())
        .fold(f64::INFINITY, f64::min);
    if r.lix.round() > limit {
        let hints = r
            .longest
            .iter()
            .take(3)
            .map(|(n, s, line)| format!("rad {line}, {n} ord: {s}"))
            .collect();
        problems.push(
            Problem::error(
                file,
                block.lines.start,
                format!("LIX {:.0} > {limit:.0} (sidans gräns)", r.lix),
            )
            .with_hints(hints),
        );
    }
    for (n, sentence, line) in r
        .longest
        .iter()
        .take_while(|(n, _, _)| *n > MAX_SENTENCE_WORDS)
    {
        problems.push(Problem::warning(
            file,
            *line,
            format!(
                "meningen har {n} ord (högst {MAX_SENTENCE_WORDS}): \"{}…\"",
                sentence.chars().take(60).collect::<String>()
            ),
        ));
    }
    if looks_like_a_name(&block.owner) {
        problems.push(Problem::error(
            file,
            block.lines.owner,
            format!(
                "\"owner\" ska vara en roll eller enhet, inte en person (\"{}\")",
                block.owner
            ),
        ));
    }
    problems
}

/// The strictest LIX for easy-to-read Swedish (lättläst).
pub const EASY_LIX: f64 = 30.0;
/// The most words per sentence on average in easy-to-read Swedish.
pub const EASY_AVERAGE_WORDS: f64 = 15.0;
/// Longer sentences than this give a warning in easy-to-read Swedish.
pub const EASY_SENTENCE_WORDS: usize = 20;

/// Checks a language variant: for lättläst, LIX ≤ 30, at most 15 words per sentence on average
/// and a warning for every sentence over 20 words; for every language, owner and reviewer must be
/// roles, not persons. (LIX is a measure for Swedish, so other languages are not held to it.)
pub(crate) fn check_variant(variant: &crate::variant::Variant) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = variant.file.as_path();
    if variant.language.is_easy_swedish() {
        let r = lix(&variant.outline.blocks);
        let hints: Vec<String> = r
            .longest
            .iter()
            .take(3)
            .map(|(n, s, line)| format!("rad {line}, {n} ord: {s}"))
            .collect();
        if r.lix.round() > EASY_LIX {
            problems.push(
                Problem::error(
                    file,
                    variant.lines.start,
                    format!("LIX {:.0} > {EASY_LIX:.0} (lättläst)", r.lix),
                )
                .with_hints(hints.clone()),
            );
        }
        if r.sentences > 0 {
            let average = r.words as f64 / r.sentences as f64;
            if average > EASY_AVERAGE_WORDS {
                problems.push(
                    Problem::error(
                        file,
                        variant.lines.start,
                        format!(
                            "meningarna har {} ord i genomsnitt, högst {EASY_AVERAGE_WORDS:.0} i lättläst",
                            format!("{average:.1}").replace('.', ",")
                        ),
                    )
                    .with_hints(hints),
                );
            }
        }
        for (n, sentence, line) in r
            .longest
            .iter()
            .take_while(|(n, _, _)| *n > EASY_SENTENCE_WORDS)
        {
            problems.push(Problem::warning(
                file,
                *line,
                format!(
                    "meningen har {n} ord (högst {EASY_SENTENCE_WORDS} i lättläst): \"{}…\"",
                    sentence.chars().take(60).collect::<String>()
                ),
            ));
        }
    }
    if looks_like_a_name(&variant.owner) {
        problems.push(Problem::error(
            file,
            variant.lines.owner,
            format!(
                "\"owner\" ska vara en roll eller enhet, inte en person (\"{}\")",
                variant.owner
            ),
        ));
    }
    if let Some(by) = &variant.reviewed_by
        && looks_like_a_name(by)
    {
        problems.push(Problem::error(
            file,
            variant.lines.reviewed_by,
            format!("\"reviewed_by\" ska vara en roll, inte en person (\"{by}\")"),
        ));
    }
    problems
}

/// An abbreviation: 2–8 letters, at least two capitals, no lower-case letter except inside
/// (SoL, BrB).
fn is_abbreviation(word: &str) -> bool {
    let letters: Vec<char> = word.chars().collect();
    if !(2..=8).contains(&letters.len()) || !letters.iter().all(|c| c.is_alphabetic()) {
        return false;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters[0].is_uppercase()
        && upper >= 2
        && letters.last().is_some_and(|c| c.is_uppercase())
        && (upper == letters.len() || letters.len() <= 4)
}

fn abbreviations(page: &Page, glossary: Option<&Page>) -> Vec<Problem> {
    let explained_in_glossary = |abbr: &str| {
        glossary.is_some_and(|g| {
            g.outline
                .headings
                .iter()
                .any(|h| words_of(&h.text).contains(&abbr))
        })
    };
    let is_glossary = glossary.is_some_and(|g| g.path == page.path);
    let mut seen: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for block in &page.outline.blocks {
        for word in words_of(&block.text) {
            if !is_abbreviation(word) || seen.iter().any(|s| s == word) {
                continue;
            }
            seen.push(word.to_string());
            if is_glossary || WELL_KNOWN.contains(&word) || explained_in_glossary(word) {
                continue;
            }
            if !explained_at(block, word) {
                problems.push(Problem::warning(
                    &page.file,
                    block.line,
                    format!(
                        "förkortningen \"{word}\" förklaras inte första gången den används och finns inte i ordlistan"
                    ),
                ));
            }
        }
    }
    problems
}

/// "hedersrelaterat våld och förtryck (HRV)" or "HRV (hedersrelaterat …)".
fn explained_at(block: &Block, abbr: &str) -> bool {
    block.kind != BlockKind::Heading
        && (block.text.contains(&format!("({abbr})")) || block.text.contains(&format!("{abbr} (")))
}

fn looks_like_a_name(owner: &str) -> bool {
    let words: Vec<&str> = owner.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) {
        return false;
    }
    let lower = owner.to_lowercase();
    if UNIT_WORDS.iter().any(|u| lower.contains(u)) {
        return false;
    }
    words.iter().all(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && w.split('-').all(|part| {
                let mut cs = part.chars();
                cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.into(),
            line: 1,
        }
    }

    #[test]
    fn lix_counts_words_sentences_and_long_words() {
        // 8 words, 2 sentences, 2 long words ("socialtjänsten", "kontakta"): 4 + 25 = 29.
        let r = lix(&[block(
            BlockKind::Paragraph,
            "Du kan kontakta socialtjänsten. Ring nu, t.ex. idag.",
        )]);
        assert_eq!((r.words, r.sentences), (8, 2));
        assert!((r.lix - 29.0).abs() < 1e-9, "{}", r.lix);
    }

    #[test]
    fn headings_and_list_items_are_sentences() {
        let r = lix(&[
            block(BlockKind::Heading, "Så gör du"),
            block(BlockKind::ListItem, "Ring"),
        ]);
        assert_eq!(r.sentences, 2);
    }

    #[test]
    fn recognises_abbreviations() {
        for w in ["HRV", "SoL", "BrB", "LVU", "PATRIARK"] {
            assert!(is_abbreviation(w), "{w}");
        }
        for w in ["Ring", "I", "Barnahus", "Kvinnofridslinjen", "020"] {
            assert!(!is_abbreviation(w), "{w}");
        }
    }

    #[test]
    fn explanation_in_parentheses_counts() {
        let b = block(
            BlockKind::Paragraph,
            "Hedersrelaterat våld och förtryck (HRV) är …",
        );
        assert!(explained_at(&b, "HRV"));
        let b = block(BlockKind::Paragraph, "LVU (lagen om vård av unga) gäller.");
        assert!(explained_at(&b, "LVU"));
        assert!(!explained_at(
            &block(BlockKind::Paragraph, "HRV är vanligt."),
            "HRV"
        ));
    }

    #[test]
    fn owners_that_look_like_names_are_caught() {
        assert!(looks_like_a_name("Anna Svensson"));
        assert!(looks_like_a_name("Karl-Erik Nilsson Berg"));
        assert!(!looks_like_a_name("Enheten för våld i nära relationer"));
        assert!(!looks_like_a_name("Elevhälsan"));
        assert!(!looks_like_a_name("Resursteam Heder"));
        assert!(!looks_like_a_name("Redaktionen för Vägvisaren"));
    }
}
