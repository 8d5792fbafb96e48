//! The corpus vocabulary, analysed once when the index is built: every word of every section
//! with its Swedish stem, its folded (å → a) forms, its compound parts and how many sections
//! use it. Queries look words up here instead of running analyzers and dictionary walks, and
//! snippets mark words by number instead of comparing strings.

use crate::analysis::{Analyzers, fold, words};
use crate::compound::{Decompounder, MIN_PART};
use crate::section::SectionDoc;
use std::collections::HashMap;

/// A word of the corpus, by number.
pub type WordId = u32;

/// Strings numbered in the order they are first seen.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Interner {
    /// The number of `text`, adding it if new.
    pub fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }

    /// The number of `text`, if known.
    pub fn get(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    /// The text of number `id`.
    pub fn text(&self, id: u32) -> &str {
        &self.texts[id as usize]
    }

    /// How many strings there are.
    pub fn len(&self) -> usize {
        self.texts.len()
    }
}

/// One word of the corpus.
#[derive(Debug)]
pub struct Word {
    /// Lowercased, as written.
    pub text: Box<str>,
    /// Lowercased and folded (`våld` → `vald`): a number in [`Lexicon::forms`].
    pub form: u32,
    /// The Swedish stem (a number in [`Lexicon::stems`]); `None` for stop words.
    pub stem: Option<u32>,
    /// The folded stem (a number in [`Lexicon::folded_stems`]); `None` for stop words.
    pub folded_stem: Option<u32>,
    /// How many sections use the word.
    pub df: u32,
    /// The stems of its compound parts (numbers in [`Lexicon::stems`]), if it is a compound.
    pub parts: Box<[u32]>,
}

/// The vocabulary with its lookups.
#[derive(Debug)]
pub struct Lexicon {
    /// Every word, numbered by [`WordId`].
    pub words: Vec<Word>,
    by_text: HashMap<Box<str>, WordId>,
    /// Folded forms of the words.
    pub forms: Interner,
    /// Swedish stems, of the words and of their compound parts.
    pub stems: Interner,
    /// Folded stems.
    pub folded_stems: Interner,
    /// For each form, the words with that form.
    pub form_words: Vec<Vec<WordId>>,
    /// For each stem, the words with that stem.
    pub stem_words: Vec<Vec<WordId>>,
    /// For each folded stem, the words with that folded stem.
    pub folded_stem_words: Vec<Vec<WordId>>,
    /// For each stem, the compounds that have a part with that stem.
    pub part_words: HashMap<u32, Vec<WordId>>,
    /// The most sections any form is used in (the frequency of the form's words).
    pub form_df: Vec<u32>,
}

/// The texts of a section that are indexed: title, heading, summary, tags (with the
/// audiences' labels) and body.
pub fn texts(s: &SectionDoc) -> impl Iterator<Item = &str> {
    [
        s.title.as_str(),
        s.heading.as_deref().unwrap_or(""),
        s.summary.as_str(),
        s.body.as_str(),
    ]
    .into_iter()
    .chain(s.tags.iter().map(String::as_str))
    .chain(s.audience.iter().map(|a| a.label()))
}

impl Lexicon {
    /// Analyses every word of `sections`; `decompounder` splits compounds.
    pub fn build(
        sections: &[SectionDoc],
        decompounder: &Decompounder,
        analyzers: &mut Analyzers,
    ) -> Lexicon {
        let mut df: HashMap<String, u32> = HashMap::new();
        let mut seen: Vec<String> = Vec::new();
        for s in sections {
            seen.clear();
            for text in texts(s) {
                for (_, w) in words(text) {
                    seen.push(w);
                }
            }
            seen.sort_unstable();
            seen.dedup();
            for w in &seen {
                *df.entry(w.clone()).or_default() += 1;
            }
        }
        let mut texts: Vec<(String, u32)> = df.into_iter().collect();
        texts.sort_unstable();
        let mut lexicon = Lexicon {
            words: Vec::with_capacity(texts.len()),
            by_text: HashMap::with_capacity(texts.len()),
            forms: Interner::default(),
            stems: Interner::default(),
            folded_stems: Interner::default(),
            form_words: Vec::new(),
            stem_words: Vec::new(),
            folded_stem_words: Vec::new(),
            part_words: HashMap::new(),
            form_df: Vec::new(),
        };
        for (text, n) in texts {
            let id = lexicon.words.len() as WordId;
            let form = lexicon.forms.intern(&fold(&text));
            let (stem, folded_stem) = match analyzers.swedish(&text).into_iter().next() {
                Some(t) => (
                    Some(lexicon.stems.intern(&t.text)),
                    Some(lexicon.folded_stems.intern(&fold(&t.text))),
                ),
                None => (None, None),
            };
            let parts: Box<[u32]> = decompounder
                .split(&text)
                .into_iter()
                .flatten()
                .filter_map(|p| analyzers.swedish(&p).into_iter().next())
                .map(|t| lexicon.stems.intern(&t.text))
                .collect();
            for &p in parts.iter() {
                lexicon.part_words.entry(p).or_default().push(id);
            }
            lexicon.by_text.insert(text.as_str().into(), id);
            lexicon.words.push(Word {
                text: text.into(),
                form,
                stem,
                folded_stem,
                df: n,
                parts,
            });
        }
        lexicon.form_words = vec![Vec::new(); lexicon.forms.len()];
        lexicon.form_df = vec![0; lexicon.forms.len()];
        lexicon.stem_words = vec![Vec::new(); lexicon.stems.len()];
        lexicon.folded_stem_words = vec![Vec::new(); lexicon.folded_stems.len()];
        for (id, w) in lexicon.words.iter().enumerate() {
            let id = id as WordId;
            lexicon.form_words[w.form as usize].push(id);
            let df = &mut lexicon.form_df[w.form as usize];
            *df = (*df).max(w.df);
            if let Some(s) = w.stem {
                lexicon.stem_words[s as usize].push(id);
            }
            if let Some(s) = w.folded_stem {
                lexicon.folded_stem_words[s as usize].push(id);
            }
        }
        lexicon
    }

    /// The number of a lowercased word.
    pub fn id(&self, text: &str) -> Option<WordId> {
        self.by_text.get(text).copied()
    }

    /// The word with number `id`.
    pub fn word(&self, id: WordId) -> &Word {
        &self.words[id as usize]
    }

    /// How many words there are.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True if the corpus has the word in some form: as written, by stem, folded, or as a
    /// compound part (a stem that some compound contains).
    pub fn knows(&self, word: &str, stem: Option<&str>, folded_stem: Option<&str>) -> bool {
        self.id(word).is_some()
            || self.forms.get(&fold(word)).is_some()
            || stem.and_then(|s| self.stems.get(s)).is_some_and(|s| {
                !self.stem_words[s as usize].is_empty() || self.part_words.contains_key(&s)
            })
            || folded_stem.is_some_and(|s| self.folded_stems.get(s).is_some())
    }

    /// Compound parts long enough to mark inside other words.
    pub fn markable_part(stem: &str) -> bool {
        stem.chars().count() >= MIN_PART
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vagvisare_model::Audience;

    fn section(title: &str, body: &str) -> SectionDoc {
        SectionDoc {
            title: title.into(),
            heading: None,
            url: "/x.html".into(),
            summary: String::new(),
            tags: vec!["Kontaktförbud".into()],
            audience: vec![Audience::Hyresvard],
            body: body.into(),
            origin: vagvisare_model::Origin::National,
            glossary: false,
            language: None,
        }
    }

    #[test]
    fn words_are_analysed_once_with_stems_forms_parts_and_frequencies() {
        let sections = vec![
            section(
                "Kontaktförbud",
                "Förbudet gäller. Ett kontaktförbud och våld.",
            ),
            section("Våld", "Vald är ett annat ord. Kontakt och förbud."),
        ];
        let decompounder = Decompounder::from_parts(["kontakt", "förbud"]);
        let l = Lexicon::build(&sections, &decompounder, &mut Analyzers::default());
        let id = l.id("kontaktförbud").expect("known");
        let w = l.word(id);
        assert_eq!(w.df, 2, "tags count too");
        assert_eq!(l.forms.text(w.form), "kontaktforbud");
        let parts: Vec<&str> = w.parts.iter().map(|&p| l.stems.text(p)).collect();
        assert_eq!(parts, ["kontak", "förbud"], "stems of the parts");
        let forbud = l.stems.get("förbud").expect("stem");
        assert!(l.part_words[&forbud].contains(&id));
        // "våld" and "vald" share a form; "förbudet" has the stem "förbud".
        let vald = l.word(l.id("våld").expect("våld")).form;
        assert_eq!(l.form_words[vald as usize].len(), 2);
        let stem = l
            .word(l.id("förbudet").expect("förbudet"))
            .stem
            .expect("stem");
        assert_eq!(l.stems.text(stem), "förbud");
        // Stop words have no stem; audience labels are words of the section.
        assert!(l.word(l.id("och").expect("och")).stem.is_none());
        assert!(l.id("hyresvärd").is_some());
        assert!(l.knows("vald", None, None));
        assert!(l.knows("förbuden", Some("förbud"), Some("forbud")));
        assert!(!l.knows("xyzzy", Some("xyzzy"), Some("xyzzy")));
    }
}
