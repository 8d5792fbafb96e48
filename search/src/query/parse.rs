//! What the reader typed, split into words and analysed: from the lexicon for words the
//! corpus knows, by the analyzers for the others. At most [`MAX_WORDS`] words are kept, and
//! words longer than any indexed word are dropped.

use super::{MAX_WORD_BYTES, MAX_WORDS};
use crate::analysis::{Analyzers, fold, words};
use crate::lexicon::{Lexicon, WordId};
use crate::profile::Work;

/// One word of the query, analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Lowercased, as typed.
    pub text: String,
    /// Its number, if the corpus has it.
    pub id: Option<WordId>,
    /// The Swedish stem; `None` for stop words.
    pub stem: Option<String>,
    /// The folded stem; `None` for stop words.
    pub folded_stem: Option<String>,
    /// Other stems of the same word that the corpus uses (see [`stem_variants`]).
    pub variants: Vec<String>,
    /// Lowercased and folded.
    pub form: String,
}

/// Stems the Swedish stemmer keeps apart although they are one word: it leaves the `-an` of
/// verbal nouns and definite forms ("anmälan", "polisanmälan", "kvinnan") but strips the
/// `-a` of the verb or base form ("anmäla" → "anmäl", "kvinna" → "kvinn"). A stem with `-an`
/// also stands for the stem without it, and the other way round, when the corpus uses it.
pub fn stem_variants(stem: &str, lexicon: &Lexicon) -> Vec<String> {
    let used = |s: &str| {
        lexicon
            .stems
            .get(s)
            .is_some_and(|id| !lexicon.stem_words[id as usize].is_empty())
    };
    let mut out = Vec::new();
    if let Some(base) = stem.strip_suffix("an")
        && base.chars().count() >= 4
        && used(base)
    {
        out.push(base.to_string());
    }
    let longer = format!("{stem}an");
    if stem.chars().count() >= 4 && used(&longer) {
        out.push(longer);
    }
    out
}

/// What the reader typed, split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The words searched for, in order.
    pub words: Vec<QueryWord>,
    /// Which of them carry meaning (not stop words); all of them if every word is a stop word.
    pub content: Vec<usize>,
    /// True when the last word is still being typed (no trailing space).
    pub prefix_last: bool,
}

impl Parsed {
    /// Splits and analyses a query (words the corpus knows come from the lexicon).
    pub fn new(
        query: &str,
        lexicon: &Lexicon,
        analyzers: &mut Analyzers,
        work: &mut Work,
    ) -> Parsed {
        let all = words(query);
        let total = all.len();
        let mut kept = Vec::new();
        for (_, text) in all {
            if text.len() > MAX_WORD_BYTES || kept.len() == MAX_WORDS {
                continue;
            }
            kept.push(analyse(text, lexicon, analyzers));
        }
        work.words = kept.len();
        work.words_ignored = total - kept.len();
        let mut content: Vec<usize> = (0..kept.len())
            .filter(|&i| kept[i].stem.is_some())
            .collect();
        if content.is_empty() {
            content = (0..kept.len()).collect();
        }
        // The last word is being typed only if it is the query's last word.
        let prefix_last =
            !kept.is_empty() && work.words_ignored == 0 && !query.ends_with(char::is_whitespace);
        Parsed {
            words: kept,
            content,
            prefix_last,
        }
    }

    /// True if word `i` is the last word and is still being typed.
    pub fn is_prefix(&self, i: usize) -> bool {
        self.prefix_last && i + 1 == self.words.len()
    }

    /// The words as typed.
    pub fn texts(&self) -> Vec<String> {
        self.words.iter().map(|w| w.text.clone()).collect()
    }
}

fn analyse(text: String, lexicon: &Lexicon, analyzers: &mut Analyzers) -> QueryWord {
    if let Some(id) = lexicon.id(&text) {
        let w = lexicon.word(id);
        let stem = w.stem.map(|s| lexicon.stems.text(s).to_string());
        return QueryWord {
            variants: stem
                .as_deref()
                .map(|s| stem_variants(s, lexicon))
                .unwrap_or_default(),
            stem,
            folded_stem: w
                .folded_stem
                .map(|s| lexicon.folded_stems.text(s).to_string()),
            form: lexicon.forms.text(w.form).to_string(),
            id: Some(id),
            text,
        };
    }
    let stem = analyzers.swedish(&text).into_iter().next().map(|t| t.text);
    QueryWord {
        variants: stem
            .as_deref()
            .map(|s| stem_variants(s, lexicon))
            .unwrap_or_default(),
        folded_stem: stem.as_deref().map(fold),
        stem,
        form: fold(&text),
        id: None,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compound::Decompounder;
    use crate::section::SectionDoc;

    fn lexicon() -> Lexicon {
        let s = SectionDoc {
            title: "Orosanmälan".into(),
            heading: None,
            url: String::new(),
            summary: String::new(),
            tags: Vec::new(),
            audience: Vec::new(),
            body: "Våld i nära relationer och orosanmälan.".into(),
            origin: vagvisare_model::Origin::National,
            glossary: false,
            language: None,
        };
        Lexicon::build(&[s], &Decompounder::default(), &mut Analyzers::default())
    }

    fn parse(q: &str) -> Parsed {
        Parsed::new(
            q,
            &lexicon(),
            &mut Analyzers::default(),
            &mut Work::default(),
        )
    }

    fn texts(p: &Parsed, which: &[usize]) -> Vec<String> {
        which.iter().map(|&i| p.words[i].text.clone()).collect()
    }

    #[test]
    fn stop_words_are_dropped_unless_that_is_all() {
        let p = parse("vald i nara relation");
        assert_eq!(texts(&p, &p.content), ["vald", "nara", "relation"]);
        let p = parse("och i");
        assert_eq!(texts(&p, &p.content), ["och", "i"]);
    }

    #[test]
    fn known_words_come_from_the_lexicon_and_unknown_ones_are_analysed() {
        let p = parse("våld relationerna");
        assert!(p.words[0].id.is_some());
        assert_eq!(p.words[0].form, "vald");
        assert_eq!(p.words[1].id, None);
        assert_eq!(p.words[1].stem.as_deref(), Some("relation"));
    }

    #[test]
    fn verbal_nouns_also_match_the_verb() {
        let s = SectionDoc {
            title: "Att anmäla".into(),
            heading: None,
            url: String::new(),
            summary: String::new(),
            tags: Vec::new(),
            audience: Vec::new(),
            body: "En orosanmälan och en kvinna.".into(),
            origin: vagvisare_model::Origin::National,
            glossary: false,
            language: None,
        };
        let l = Lexicon::build(&[s], &Decompounder::default(), &mut Analyzers::default());
        assert_eq!(stem_variants("anmälan", &l), ["anmäl"]);
        assert_eq!(
            stem_variants("anmäl", &l),
            Vec::<String>::new(),
            "no 'anmälan' stem"
        );
        assert_eq!(stem_variants("kvinnan", &l), ["kvinn"]);
        assert!(stem_variants("plan", &l).is_empty());
    }

    #[test]
    fn the_last_word_is_a_prefix_only_without_a_trailing_space() {
        assert!(parse("orosanm").is_prefix(0));
        assert!(!parse("orosanm ").is_prefix(0));
    }

    #[test]
    fn query_syntax_is_text() {
        let p = parse("\"kontakt:förbud\" AND (våld* -heder");
        let all: Vec<usize> = (0..p.words.len()).collect();
        assert_eq!(
            texts(&p, &all),
            ["kontakt", "förbud", "and", "våld", "heder"]
        );
    }

    #[test]
    fn words_are_capped_and_overlong_words_ignored() {
        let mut work = Work::default();
        let q = format!("{} {}", "ord ".repeat(40), "a".repeat(61));
        let p = Parsed::new(&q, &lexicon(), &mut Analyzers::default(), &mut work);
        assert_eq!(p.words.len(), MAX_WORDS);
        assert_eq!(work.words_ignored, 41 - MAX_WORDS);
        assert!(!p.prefix_last, "the word being typed was cut off");
    }
}
