//! The in-memory index: built once from the content model, then searched by many requests.

use crate::analysis::{self, Analyzers, words};
use crate::compound::Decompounder;
use crate::error::SearchError;
use crate::fuzzy::suggest;
use crate::profile::{Stage, Stopwatch, Timings};
use crate::query::{Builder, Parsed};
use crate::schema::Fields;
use crate::section::{SectionDoc, sections_of};
use crate::snippet::snippet;
use crate::synonyms::Synonyms;
use std::collections::HashMap;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};
use vagvisare_model::{Audience, Site};

/// The most hits one search returns.
pub const MAX_LIMIT: usize = 50;
/// Below this many hits, every word is also matched with typos.
const FEW_HITS: usize = 3;
/// Memory for the index writer.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// A search request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// What the reader typed.
    pub query: &'a str,
    /// Only sections for this audience.
    pub audience: Option<Audience>,
    /// How many hits to return (capped at [`MAX_LIMIT`]).
    pub limit: usize,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The page title.
    pub title: String,
    /// The section heading, if the hit is not the page's intro.
    pub section: Option<String>,
    /// The URL with anchor.
    pub url: String,
    /// Safe HTML: escaped text with matches in `<mark>`.
    pub snippet: String,
    /// The page's audiences.
    pub audience: Vec<Audience>,
    /// The relevance score (higher is better).
    pub score: f32,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// How many sections matched in all.
    pub total: usize,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// "Did you mean": the query with unknown words replaced by known ones, when it differs.
    pub suggestion: Option<String>,
}

/// The search index over all sections.
pub struct Index {
    reader: IndexReader,
    fields: Fields,
    sections: Vec<SectionDoc>,
    synonyms: Synonyms,
    decompounder: Decompounder,
    vocabulary: HashMap<String, u32>,
    analyzers: Analyzers,
}

impl Index {
    /// Builds the index from the loaded site.
    pub fn build(site: &Site, synonyms: Synonyms) -> Result<Index, SearchError> {
        Index::from_sections(sections_of(site), synonyms)
    }

    /// Builds the index from sections (the site's, or a generated corpus for benchmarks).
    pub fn from_sections(
        sections: Vec<SectionDoc>,
        synonyms: Synonyms,
    ) -> Result<Index, SearchError> {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        for s in &sections {
            let texts = [
                s.title.as_str(),
                s.heading.as_deref().unwrap_or(""),
                &s.body,
            ];
            for text in texts.into_iter().chain(s.tags.iter().map(String::as_str)) {
                for (_, w) in words(text) {
                    *vocabulary.entry(w).or_default() += 1;
                }
            }
        }
        let decompounder = Decompounder::from_counts(&vocabulary);
        let (schema, fields) = Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        analysis::register(index.tokenizers());
        // One thread: one segment for a corpus this size, which keeps typo matching and term
        // statistics cheap at query time.
        let mut writer: tantivy::IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, WRITER_HEAP)?;
        let mut parts_cache: HashMap<String, String> = HashMap::new();
        for (ord, s) in sections.iter().enumerate() {
            let heading = s.heading.as_deref().unwrap_or("");
            // Tags, plus the audiences' labels ("Hyresvärd", "Skola"): a reader who names
            // their role finds the pages written for it.
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
        Ok(Index {
            reader,
            fields,
            sections,
            synonyms,
            decompounder,
            vocabulary,
            analyzers: Analyzers::default(),
        })
    }

    /// How many sections are indexed.
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// The indexed sections, in the order they were given.
    pub fn sections(&self) -> &[SectionDoc] {
        &self.sections
    }

    /// True if nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// How many compound parts the corpus dictionary has.
    pub fn compound_parts(&self) -> usize {
        self.decompounder.len()
    }

    /// Searches. Never fails on what the reader typed; errors are tantivy faults.
    pub fn search(&self, request: &Request<'_>) -> Result<Results, SearchError> {
        self.run(request, &mut Stopwatch::off())
    }

    /// Searches like [`Index::search`] and measures how long each stage took (for the
    /// benchmarks; the extra cost is a clock read per stage).
    pub fn profile(&self, request: &Request<'_>) -> Result<(Results, Timings), SearchError> {
        let mut stopwatch = Stopwatch::on();
        let results = self.run(request, &mut stopwatch)?;
        Ok((results, stopwatch.timings()))
    }

    fn run(&self, request: &Request<'_>, sw: &mut Stopwatch) -> Result<Results, SearchError> {
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let mut analyzers = self.analyzers.clone();
        let parsed = Parsed::new(request.query, &mut analyzers);
        sw.lap(Stage::Parse);
        if parsed.words.is_empty() {
            return Ok(Results::default());
        }
        let searcher = self.reader.searcher();
        let mut results = None;
        for fuzzy_all in [false, true] {
            let mut builder = Builder {
                fields: &self.fields,
                analyzers: &mut analyzers,
                decompounder: &self.decompounder,
                synonyms: &self.synonyms,
                searcher: &searcher,
                stopwatch: &mut *sw,
            };
            let (query, wanted) = builder.build(&parsed, fuzzy_all)?;
            let query = self.filtered(query, request.audience);
            sw.lap(Stage::Build);
            let collector = (TopDocs::with_limit(limit).order_by_score(), Count);
            let weight = query.weight(EnableScoring::enabled_from_searcher(&searcher))?;
            sw.lap(Stage::Weights);
            let mut fruits = Vec::new();
            for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                fruits.push(collector.collect_segment(weight.as_ref(), ord as u32, segment)?);
            }
            let (top, total) = collector.merge_fruits(fruits)?;
            sw.lap(Stage::Scoring);
            let done = total >= FEW_HITS;
            results = Some((top, total, wanted));
            if done {
                break;
            }
        }
        let Some((top, total, wanted)) = results else {
            return Ok(Results::default());
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let ords = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("ord")?;
            let Some(section) = ords
                .first(address.doc_id)
                .and_then(|o| self.sections.get(usize::try_from(o).ok()?))
            else {
                continue;
            };
            let text = if section.body.is_empty() {
                &section.summary
            } else {
                &section.body
            };
            hits.push(Hit {
                title: section.title.clone(),
                section: section.heading.clone(),
                url: section.url.clone(),
                snippet: snippet(text, &wanted, &mut analyzers),
                audience: section.audience.clone(),
                score,
            });
        }
        sw.lap(Stage::Snippets);
        let suggestion = if total == 0 {
            self.suggestion(&parsed)
        } else {
            None
        };
        sw.lap(Stage::Suggestion);
        Ok(Results {
            total,
            hits,
            suggestion,
        })
    }

    fn filtered(&self, query: Box<dyn Query>, audience: Option<Audience>) -> Box<dyn Query> {
        match audience {
            None => query,
            Some(a) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.audience, a.key()),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
        }
    }

    /// The query with each unknown word replaced by the closest known word.
    fn suggestion(&self, parsed: &Parsed) -> Option<String> {
        let mut changed = false;
        let words: Vec<String> = parsed
            .words
            .iter()
            .map(|w| match suggest(w, &self.vocabulary) {
                Some(s) => {
                    changed = true;
                    s.to_string()
                }
                None => w.clone(),
            })
            .collect();
        changed.then(|| words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str, heading: &str, body: &str, audience: Audience) -> SectionDoc {
        SectionDoc {
            title: title.into(),
            heading: Some(heading.into()),
            url: format!("/{}.html#{}", title.to_lowercase(), heading.to_lowercase()),
            summary: String::new(),
            tags: Vec::new(),
            audience: vec![audience],
            body: body.into(),
        }
    }

    fn index() -> Index {
        let sections = vec![
            section(
                "Kontaktförbud",
                "Regler",
                "Ett förbud att kontakta någon. Förbudet gäller ett år.",
                Audience::Allman,
            ),
            section(
                "Barnahus",
                "Samverkan",
                "Polis och åklagare samverkar i ett barnahus för barnet.",
                Audience::Personal,
            ),
            section(
                "Skolan",
                "Anmälan",
                "Skolan gör en anmälan om oro för ett barn. Barnet får stöd.",
                Audience::Skola,
            ),
        ];
        Index::from_sections(sections, Synonyms::default()).expect("index")
    }

    fn urls(index: &Index, query: &str, audience: Option<Audience>) -> Vec<String> {
        index
            .search(&Request {
                query,
                audience,
                limit: 10,
            })
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.url)
            .collect()
    }

    #[test]
    fn finds_sections_by_stem_fold_part_prefix_and_typo() {
        let i = index();
        assert_eq!(urls(&i, "förbuden ", None)[0], "/kontaktförbud.html#regler");
        assert_eq!(urls(&i, "aklagare", None)[0], "/barnahus.html#samverkan");
        assert_eq!(urls(&i, "barnah", None)[0], "/barnahus.html#samverkan");
        assert_eq!(urls(&i, "samvrekar ", None)[0], "/barnahus.html#samverkan");
    }

    #[test]
    fn exact_outranks_stemmed_and_folded() {
        let sections = vec![
            section("Ett", "A", "Här står det om våld.", Audience::Allman),
            section(
                "Två",
                "B",
                "Här står det om vald, ett annat ord.",
                Audience::Allman,
            ),
            section("Tre", "C", "Här står det om förbuden.", Audience::Allman),
            section("Fyra", "D", "Här står det om förbud.", Audience::Allman),
        ];
        let i = Index::from_sections(sections, Synonyms::default()).expect("index");
        assert_eq!(urls(&i, "vald ", None), ["/två.html#b", "/ett.html#a"]);
        assert_eq!(urls(&i, "våld ", None), ["/ett.html#a", "/två.html#b"]);
        assert_eq!(urls(&i, "förbud ", None), ["/fyra.html#d", "/tre.html#c"]);
    }

    #[test]
    fn filters_by_audience() {
        let i = index();
        assert_eq!(
            urls(&i, "barnet", Some(Audience::Skola)),
            ["/skolan.html#anmälan"]
        );
        assert!(urls(&i, "barnet", None).len() >= 2);
    }

    #[test]
    fn query_syntax_and_empty_queries_are_harmless() {
        let i = index();
        for q in [
            "",
            "   ",
            "\"",
            ":",
            "*",
            "(",
            "-",
            "AND",
            "\"förbud\" AND (x:y* -z",
        ] {
            assert!(
                i.search(&Request {
                    query: q,
                    audience: None,
                    limit: 500
                })
                .is_ok(),
                "{q}"
            );
        }
        assert_eq!(
            urls(&i, "\"förbud\" AND (", None)[0],
            "/kontaktförbud.html#regler"
        );
    }

    #[test]
    fn suggests_known_words_when_nothing_is_found() {
        let i = index();
        let r = i
            .search(&Request {
                query: "bornahos ",
                audience: None,
                limit: 10,
            })
            .expect("search");
        assert_eq!(r.total, 0);
        assert_eq!(r.suggestion.as_deref(), Some("barnahus"));
    }
}
