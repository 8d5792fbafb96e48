//! The analyzers: one name constant per analyzer, registered once on the index by
//! [`register`]. The same analyzers turn query words into terms, so index and query always agree.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, TokenizerManager,
};
use vagvisare_model::Language;

/// Main analysis: words, lowercase, stop words removed, Snowball stemming, in the index's
/// [`Stemming`] (Swedish for the Swedish and lättläst pages).
pub const SWEDISH: &str = "sv_stem";
/// Exact words: lowercase only, nothing removed (exact matches outrank stemmed ones).
pub const EXACT: &str = "sv_exact";
/// Stemming followed by ASCII folding, so "vald" finds "våld" and "hedersfortryck" finds
/// "hedersförtryck".
pub const FOLDED: &str = "sv_folded";

/// Words longer than this are dropped (they are never real Swedish words).
const MAX_TOKEN_BYTES: usize = 60;

/// The language an index stems and removes stop words in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Stemming {
    /// Swedish: the Swedish pages and lättläst.
    #[default]
    Swedish,
    /// English, with tantivy's English (Porter 2) stemmer and stop words.
    English,
    /// No stemming and no stop words (a language tantivy has no stemmer for in our set):
    /// words match as written, lowercased.
    Plain,
}

impl Stemming {
    /// The stemming for pages in `language` (`None`: Swedish).
    pub fn of(language: Option<Language>) -> Stemming {
        match language.map(|l| l.html_lang()) {
            None | Some("sv") => Stemming::Swedish,
            Some("en") => Stemming::English,
            Some(_) => Stemming::Plain,
        }
    }

    fn language(self) -> Option<tantivy::tokenizer::Language> {
        match self {
            Stemming::Swedish => Some(tantivy::tokenizer::Language::Swedish),
            Stemming::English => Some(tantivy::tokenizer::Language::English),
            Stemming::Plain => None,
        }
    }
}

fn stemmed(stemming: Stemming, fold: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    match (stemming.language(), fold) {
        (Some(l), false) => base
            .filter(StopWordFilter::new(l).expect("tantivy ships Swedish and English stop words"))
            .filter(Stemmer::new(l))
            .build(),
        (Some(l), true) => base
            .filter(StopWordFilter::new(l).expect("tantivy ships Swedish and English stop words"))
            .filter(Stemmer::new(l))
            .filter(AsciiFoldingFilter)
            .build(),
        (None, false) => base.build(),
        (None, true) => base.filter(AsciiFoldingFilter).build(),
    }
}

fn exact() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// Registers every analyzer under its name, stemming in `stemming`.
pub fn register(manager: &TokenizerManager, stemming: Stemming) {
    manager.register(SWEDISH, stemmed(stemming, false));
    manager.register(EXACT, exact());
    manager.register(FOLDED, stemmed(stemming, true));
}

/// The analyzers, ready to turn query words into terms without going through the index.
#[derive(Clone)]
pub struct Analyzers {
    swedish: TextAnalyzer,
    folded: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers::new(Stemming::Swedish)
    }
}

impl Analyzers {
    /// The analyzers of an index that stems in `stemming`.
    pub fn new(stemming: Stemming) -> Analyzers {
        Analyzers {
            swedish: stemmed(stemming, false),
            folded: stemmed(stemming, true),
        }
    }
}

/// A token with its position, as the index stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analyzed {
    /// The term text.
    pub text: String,
    /// The position of the word in the analyzed text (stop words keep their place).
    pub position: usize,
    /// Where the word is in the text (bytes).
    pub offset: std::ops::Range<usize>,
}

impl Analyzers {
    /// The stemmed Swedish terms of `text`.
    pub fn swedish(&mut self, text: &str) -> Vec<Analyzed> {
        run(&mut self.swedish, text)
    }

    /// The stemmed, ASCII-folded terms of `text`.
    pub fn folded(&mut self, text: &str) -> Vec<Analyzed> {
        run(&mut self.folded, text)
    }
}

fn run(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Analyzed> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push(Analyzed {
            text: t.text.clone(),
            position: t.position,
            offset: t.offset_from..t.offset_to,
        });
    }
    out
}

/// Folds Swedish and other accented letters to ASCII (`å` → `a`, `ö` → `o`) after lowercasing,
/// the same way the [`FOLDED`] analyzer does. Latin letters are mapped directly (this runs for
/// every word of a snippet); anything rarer goes through tantivy's `AsciiFoldingFilter`.
pub fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'à'..='å' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' => out.push('c'),
            'è'..='ë' => out.push('e'),
            'ì'..='ï' => out.push('i'),
            'ð' => out.push('d'),
            'ñ' => out.push('n'),
            'ò'..='ö' | 'ø' => out.push('o'),
            'ù'..='ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'þ' => out.push_str("th"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&fold_rare(c)),
        }
    }
    out
}

fn fold_rare(c: char) -> String {
    let mut analyzer = TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    let text = c.to_string();
    let mut stream = analyzer.token_stream(&text);
    let mut out = String::new();
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

/// The words of a text as `(byte range, lowercased word)`, split like the analyzers split
/// (letters and digits; everything else, including query syntax, separates words).
pub fn words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), text[s..].to_lowercase()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: Vec<Analyzed>) -> Vec<String> {
        tokens.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn swedish_removes_stop_words_and_stems() {
        let mut a = Analyzers::default();
        let t = a.swedish("Våld i nära relationer");
        assert_eq!(texts(t.clone()), ["våld", "när", "relation"]);
        assert_eq!(t[2].position, 3, "stop words keep their place");
    }

    #[test]
    fn english_stems_in_english() {
        let mut a = Analyzers::new(Stemming::English);
        assert_eq!(
            texts(a.swedish("The protected housing")),
            ["protect", "hous"]
        );
        assert_eq!(
            texts(a.swedish("reports")),
            texts(a.swedish("reporting")),
            "English forms meet at one stem"
        );
        let mut plain = Analyzers::new(Stemming::Plain);
        assert_eq!(texts(plain.swedish("مساعدة")), ["مساعدة"]);
        assert_eq!(
            Stemming::of(vagvisare_model::Language::from_code("lattlast")),
            Stemming::Swedish
        );
        assert_eq!(
            Stemming::of(vagvisare_model::Language::from_code("en")),
            Stemming::English
        );
    }

    #[test]
    fn exact_only_lowercases() {
        assert_eq!(
            texts(run(&mut exact(), "Orosanmälan, HRV!")),
            ["orosanmälan", "hrv"]
        );
    }

    #[test]
    fn folding_makes_foreign_keyboards_match() {
        let mut a = Analyzers::default();
        let texts = |t: Vec<Analyzed>| t.into_iter().map(|t| t.text).collect::<Vec<_>>();
        assert_eq!(texts(a.folded("våld")), texts(a.folded("vald")));
        assert_eq!(
            texts(a.folded("hedersförtryck")),
            texts(a.folded("hedersfortryck"))
        );
        assert_eq!(fold("Nära"), "nara");
        for word in ["Åkersberga", "Øresund", "façade", "Straße", "Łódź", "naïve"] {
            let analyzed: String = texts(run(&mut exact(), word)).concat();
            let mut f = TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build();
            let mut stream = f.token_stream(&analyzed);
            stream.advance();
            assert_eq!(fold(word), stream.token().text, "{word}");
        }
    }

    #[test]
    fn words_treat_query_syntax_as_separators() {
        let w: Vec<_> = words("\"HRV\" AND (våld*) -x:y")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["hrv", "and", "våld", "x", "y"]);
    }
}
