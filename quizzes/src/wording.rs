//! Word-level features of question and option texts that a test-wise reader can use without
//! knowing the subject: absolute words ("aldrig", "bara"), hedges ("kan", "ofta") and shared
//! content words. Used by the cue check and the content-blind test-taker.

use std::collections::BTreeSet;

/// Absolute words, the classic give-aways of a wrong option ("specific determiners").
pub(crate) const ABSOLUTES: &[&str] = &[
    "aldrig",
    "alltid",
    "bara",
    "endast",
    "enbart",
    "inte",
    "ej",
    "ingen",
    "inget",
    "inga",
    "ingenting",
    "alla",
    "allt",
    "samtliga",
    "varje",
    "helt",
    "absolut",
];

/// Hedging words, which test-wise readers take as a sign of a careful, right option.
pub(crate) const HEDGES: &[&str] = &[
    "kan",
    "kanske",
    "ofta",
    "oftast",
    "ibland",
    "vanligen",
    "vanligtvis",
    "brukar",
    "många",
    "troligen",
    "möjligen",
    "sällan",
];

/// Common words of four letters or more that say nothing about the content.
const STOPWORDS: &[&str] = &[
    "alla",
    "allt",
    "andra",
    "annan",
    "annat",
    "blev",
    "blir",
    "bara",
    "där",
    "därför",
    "dessa",
    "deras",
    "detta",
    "denna",
    "efter",
    "eftersom",
    "eller",
    "finns",
    "från",
    "fanns",
    "gjort",
    "göra",
    "hans",
    "hennes",
    "hens",
    "inga",
    "ingen",
    "inget",
    "innan",
    "inte",
    "kommer",
    "mest",
    "mycket",
    "måste",
    "någon",
    "något",
    "några",
    "också",
    "redan",
    "samma",
    "sedan",
    "sina",
    "sitt",
    "själv",
    "själva",
    "till",
    "under",
    "utan",
    "vara",
    "varit",
    "ville",
    "över",
    "aldrig",
    "alltid",
    "fortfarande",
    "medan",
    "både",
    "vilka",
    "vilken",
    "vilket",
];

/// The words of `text`, lowercased, split at everything that is not a letter or digit.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The absolute words in `text`, in order, without repeats.
pub(crate) fn absolutes(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for w in words(text) {
        if ABSOLUTES.contains(&w.as_str()) && !found.contains(&w) {
            found.push(w);
        }
    }
    found
}

/// True when `text` has an absolute word.
pub(crate) fn has_absolute(text: &str) -> bool {
    words(text).any(|w| ABSOLUTES.contains(&w.as_str()))
}

/// How many hedging words `text` has.
pub(crate) fn hedges(text: &str) -> usize {
    words(text).filter(|w| HEDGES.contains(&w.as_str())).count()
}

/// Swedish inflection endings, longest first, stripped before comparing words.
const SUFFIXES: &[&str] = &[
    "heterna", "hetens", "arnas", "ernas", "ornas", "heten", "heter", "andes", "arna", "erna",
    "orna", "ande", "ende", "aste", "ade", "are", "ast", "ens", "ern", "het", "ar", "er", "or",
    "en", "et", "at", "an", "ad", "a", "e", "s", "t",
];

/// The crude stem of a content word: one inflection ending off (keeping at least three
/// letters), then at most six letters, so that "anmäla", "anmälan" and "anmäler" or
/// "socialtjänsten" and "socialtjänst" match. Words under four letters and stop words are not
/// content words.
fn stem(word: &str) -> Option<String> {
    if word.chars().count() < 4 || STOPWORDS.contains(&word) {
        return None;
    }
    let base = SUFFIXES
        .iter()
        .find_map(|s| {
            word.strip_suffix(s)
                .filter(|rest| rest.chars().count() >= 3)
        })
        .unwrap_or(word);
    Some(base.chars().take(6).collect())
}

/// The stems of the content words in `text`.
pub(crate) fn stems(text: &str) -> BTreeSet<String> {
    words(text).filter_map(|w| stem(&w)).collect()
}

/// Content words of `text` (as written, lowercased) whose stem is in `wanted`, without repeats.
pub(crate) fn words_with_stems(text: &str, wanted: &BTreeSet<String>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for w in words(text) {
        if stem(&w).is_some_and(|s| wanted.contains(&s)) && !found.contains(&w) {
            found.push(w);
        }
    }
    found
}

/// The statement of a true/false prompt: the text after "Påståendet:" if there is one,
/// otherwise the whole prompt.
pub(crate) fn statement(prompt: &str) -> &str {
    prompt
        .find("Påståendet:")
        .and_then(|i| prompt.get(i + "Påståendet:".len()..))
        .unwrap_or(prompt)
}

/// Length of an option as a reader sees it: characters, not bytes.
pub(crate) fn length(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_absolutes_as_whole_words() {
        assert_eq!(
            absolutes("Bara lärare, aldrig andra. Inte alls: bara!"),
            ["bara", "aldrig", "inte"]
        );
        assert!(!has_absolute("Barnen ingenjörer allting"));
        assert!(has_absolute("Det gäller ALLA"));
    }

    #[test]
    fn counts_hedges() {
        assert_eq!(hedges("Det kan vara så, och ofta kan det vara så"), 3);
        assert_eq!(hedges("Det är så"), 0);
    }

    #[test]
    fn stems_match_inflections_and_skip_small_words() {
        let s = stems("Socialtjänsten ska anmäla och det är bra");
        assert!(s.contains("social"));
        assert!(s.contains("anmäl"));
        assert_eq!(stems("barnet barnen barns barn").len(), 1);
        assert!(!s.contains("och"), "short words are not content words");
        assert!(stems("anmälan").is_subset(&s));
        assert!(stems("Du måste göra det").is_empty(), "stop words");
    }

    #[test]
    fn words_with_stems_keep_the_written_form() {
        let wanted = stems("Anmälan till socialtjänsten");
        assert_eq!(
            words_with_stems("Du anmäler till Socialtjänst i dag", &wanted),
            ["anmäler", "socialtjänst"]
        );
    }

    #[test]
    fn statement_is_what_follows_the_marker() {
        assert_eq!(
            statement("En elev berättar. Påståendet: Det gäller bara lärare."),
            " Det gäller bara lärare."
        );
        assert_eq!(statement("Stämmer det?"), "Stämmer det?");
    }

    #[test]
    fn length_counts_characters() {
        assert_eq!(length("Nej, åäö"), 8);
    }
}
