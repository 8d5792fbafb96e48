//! Building the index: everything that does not depend on a query is done here, once.

use super::phrases::PhraseTable;
use super::{Index, snippet_text};
use crate::analysis::{self, Analyzers, Stemming, words};
use crate::compound::Decompounder;
use crate::error::SearchError;
use crate::lexicon::{Lexicon, WordId, texts};
use crate::prefix::Completions;
use crate::query::{COMPLETIONS, Presence};
use crate::schema::Fields;
use crate::section::SectionDoc;
use crate::snippet::tokenize;
use crate::synonyms::Synonyms;
use crate::typos::TypoDictionary;
use std::collections::HashMap;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument};
use vagvisare_model::Audience;

/// Memory for the index writer.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

impl Index {
    /// Builds the index from sections (the site's, or a generated corpus for benchmarks).
    pub fn from_sections(
        sections: Vec<SectionDoc>,
        synonyms: Synonyms,
    ) -> Result<Index, SearchError> {
        Index::from_sections_in(sections, synonyms, Stemming::Swedish)
    }

    /// Builds an index of sections in one language, stemmed in `stemming`.
    pub(crate) fn from_sections_in(
        sections: Vec<SectionDoc>,
        synonyms: Synonyms,
        stemming: Stemming,
    ) -> Result<Index, SearchError> {
        let decompounder = decompounder(&sections);
        let mut analyzers = Analyzers::new(stemming);
        let lexicon = Lexicon::build(&sections, &decompounder, &mut analyzers);
        let typos = TypoDictionary::build(&lexicon.forms);
        let exact_completions = Completions::build(
            lexicon
                .words
                .iter()
                .enumerate()
                .map(|(id, w)| (w.text.clone(), w.df, id as u32)),
            COMPLETIONS,
        );
        let folded_completions = Completions::build(
            (0..lexicon.forms.len() as u32)
                .map(|f| (lexicon.forms.text(f).into(), lexicon.form_df[f as usize], f)),
            COMPLETIONS,
        );
        let tokens = sections
            .iter()
            .map(|s| tokenize(snippet_text(s), &lexicon))
            .collect();
        let bags: Vec<Box<[WordId]>> = sections.iter().map(|s| bag(s, &lexicon)).collect();
        let mut word_sections: Vec<Vec<u32>> = vec![Vec::new(); lexicon.len()];
        for (ord, bag) in bags.iter().enumerate() {
            for &w in bag.iter() {
                word_sections[w as usize].push(ord as u32);
            }
        }
        let audiences = Audience::ALL
            .iter()
            .map(|&a| {
                let mut bits = vec![0u64; sections.len().div_ceil(64)];
                for (ord, s) in sections.iter().enumerate() {
                    if s.audience.contains(&a) {
                        bits[ord / 64] |= 1 << (ord % 64);
                    }
                }
                (a, bits)
            })
            .collect();
        let (fields, reader) = tantivy_index(&sections, &decompounder, stemming)?;
        let presence = presence(&reader, &fields)?;
        let doc_sections = doc_sections(&reader)?;
        let mut section_docs = vec![(u32::MAX, 0); sections.len()];
        for (seg, ords) in doc_sections.iter().enumerate() {
            for (doc, &ord) in ords.iter().enumerate() {
                if let Some(slot) = section_docs.get_mut(ord as usize) {
                    *slot = (seg as u32, doc as u32);
                }
            }
        }
        let phrases =
            PhraseTable::build(&reader, &fields, &synonyms, &mut analyzers, &doc_sections)?;
        Ok(Index {
            reader,
            fields,
            sections,
            doc_sections,
            section_docs,
            phrases,
            tokens,
            bags,
            word_sections: word_sections
                .into_iter()
                .map(Vec::into_boxed_slice)
                .collect(),
            audiences,
            synonyms,
            decompounder,
            lexicon,
            typos,
            exact_completions,
            folded_completions,
            presence,
            analyzers,
            municipality: None,
            language: None,
            variants: Vec::new(),
        })
    }
}

/// The compound parts: words of the titles, headings, texts and tags used at least twice.
fn decompounder(sections: &[SectionDoc]) -> Decompounder {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for s in sections {
        let texts = [
            s.title.as_str(),
            s.heading.as_deref().unwrap_or(""),
            &s.body,
        ];
        for text in texts.into_iter().chain(s.tags.iter().map(String::as_str)) {
            for (_, w) in words(text) {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    Decompounder::from_counts(&counts)
}

/// A section's words (all its texts), sorted and without repeats.
fn bag(s: &SectionDoc, lexicon: &Lexicon) -> Box<[WordId]> {
    let mut ids: Vec<WordId> = texts(s)
        .flat_map(words)
        .filter_map(|(_, w)| lexicon.id(&w))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_boxed_slice()
}

/// The tantivy index in memory, one document per section.
fn tantivy_index(
    sections: &[SectionDoc],
    decompounder: &Decompounder,
    stemming: Stemming,
) -> Result<(Fields, IndexReader), SearchError> {
    let (schema, fields) = Fields::schema();
    let index = tantivy::Index::create_in_ram(schema);
    analysis::register(index.tokenizers(), stemming);
    // One thread: one segment for a corpus this size, which keeps term statistics cheap at
    // query time.
    let mut writer: tantivy::IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_HEAP)?;
    let mut parts_cache: HashMap<String, String> = HashMap::new();
    for (ord, s) in sections.iter().enumerate() {
        let heading = s.heading.as_deref().unwrap_or("");
        // Tags, plus the audiences' labels ("Hyresvärd", "Skola"): a reader who names their
        // role finds the pages written for it.
        let tags = s
            .tags
            .iter()
            .map(String::as_str)
            .chain(s.audience.iter().map(|a| a.label()))
            .collect::<Vec<_>>()
            .join(" · ");
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.title, &s.title);
        doc.add_text(fields.title_exact, &s.title);
        doc.add_text(fields.heading, heading);
        doc.add_text(fields.heading_exact, heading);
        doc.add_text(fields.summary, &s.summary);
        doc.add_text(fields.tags, &tags);
        doc.add_text(fields.body, &s.body);
        doc.add_text(fields.body_exact, &s.body);
        doc.add_text(fields.folded_head, format!("{} . {heading}", s.title));
        doc.add_text(
            fields.folded_body,
            format!("{} . {tags} . {}", s.summary, s.body),
        );
        let all = format!("{} {heading} {tags} {}", s.title, s.body);
        let parts: Vec<String> = words(&all)
            .into_iter()
            .map(|(_, w)| {
                parts_cache
                    .entry(w)
                    .or_insert_with_key(|w| decompounder.parts_text(w))
                    .clone()
            })
            .collect();
        doc.add_text(fields.parts, parts.join(" "));
        for a in &s.audience {
            doc.add_text(fields.audience, a.key());
        }
        doc.add_u64(fields.ord, ord as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok((fields, reader))
}

/// Every term of every text field, with a bit for each field that has it.
fn presence(reader: &IndexReader, fields: &Fields) -> Result<Presence, SearchError> {
    let searcher = reader.searcher();
    let mut out = Presence::default();
    for segment in searcher.segment_readers() {
        for field in fields.text() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| SearchError::Index(e.into()))?;
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *out.terms.entry(term.into()).or_default() |= 1 << field.field_id();
                }
            }
        }
    }
    Ok(out)
}

/// For each segment, the section number of each document.
fn doc_sections(reader: &IndexReader) -> Result<Vec<Vec<u32>>, SearchError> {
    let searcher = reader.searcher();
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        let ords = segment.fast_fields().u64("ord")?;
        out.push(
            (0..segment.max_doc())
                .map(|doc| {
                    ords.first(doc)
                        .and_then(|o| u32::try_from(o).ok())
                        .unwrap_or(u32::MAX)
                })
                .collect(),
        );
    }
    Ok(out)
}
