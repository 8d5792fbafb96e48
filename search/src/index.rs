//! The in-memory index: built once from the content model, then searched by many requests.
//!
//! Building ([`build`]) does all the work that does not depend on a query: the tantivy index,
//! the analysed vocabulary ([`Lexicon`]), the typo dictionary, the completion tables, every
//! section's words for counting and reranking, and its text split into numbered words for
//! snippets. A search then looks words up, runs one tantivy query (a second only when few
//! sections match and typo corrections could change that), reranks ([`rank`]) and marks
//! snippets by word number.

mod build;
mod phrases;
mod rank;

use crate::analysis::Analyzers;
use crate::analysis::Stemming;
use crate::compound::Decompounder;
use crate::error::SearchError;
use crate::lexicon::{Lexicon, WordId};
use crate::prefix::Completions;
use crate::profile::{Stage, Stopwatch, Timings, Work};
use crate::query::{Parsed, Presence, Tools, Typos};
use crate::schema::Fields;
use crate::section::{SectionDoc, sections_of, variant_sections};
use crate::snippet::{Tokens, snippet};
use crate::synonyms::Synonyms;
use crate::typos::{LookupWork, TypoDictionary};
use tantivy::IndexReader;
use vagvisare_model::{Audience, Language, Origin, Site};

use rank::RERANK_DEPTH;

/// The most hits one search returns.
pub const MAX_LIMIT: usize = 50;
/// Below this many hits, every word is also matched with typos.
const FEW_HITS: usize = 3;
/// "Did you mean" looks at no more than this many unknown words.
const MAX_SUGGESTION_WORDS: usize = 3;

/// A search request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// What the reader typed.
    pub query: &'a str,
    /// Only sections for this audience.
    pub audience: Option<Audience>,
    /// How many hits to return (capped at [`MAX_LIMIT`]).
    pub limit: usize,
    /// The language of the page the search comes from (`None`: Swedish): its hits come
    /// first, then the Swedish ones, then lättläst; other languages are not searched.
    pub language: Option<Language>,
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
    /// National guidance, or the municipality's own text.
    pub origin: Origin,
    /// The relevance score (higher is better) within the hit's language.
    pub score: f32,
    /// The hit's language: `None` for Swedish, else the variant's (lättläst, English …).
    pub language: Option<Language>,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// How many sections have any of the query's words in some form.
    pub total: usize,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// "Did you mean": the query with unknown words replaced by known ones, when it differs.
    pub suggestion: Option<String>,
    /// What the search did (for benchmarks and the tests of pathological queries).
    pub work: Work,
}

/// The search index over all sections.
pub struct Index {
    reader: IndexReader,
    fields: Fields,
    sections: Vec<SectionDoc>,
    /// For each tantivy segment, the section number of each document.
    doc_sections: Vec<Vec<u32>>,
    /// For each section number, its tantivy segment and document.
    section_docs: Vec<(u32, tantivy::DocId)>,
    /// Synonym phrases, searched once.
    phrases: phrases::PhraseTable,
    /// Each section's snippet text, split into numbered words.
    tokens: Vec<Tokens>,
    /// Each section's words (all its texts), sorted: which query words it covers.
    bags: Vec<Box<[WordId]>>,
    /// For each word, the sections that have it, sorted: for counting matches.
    word_sections: Vec<Box<[u32]>>,
    /// For each audience, its sections as bits.
    audiences: Vec<(Audience, Vec<u64>)>,
    synonyms: Synonyms,
    decompounder: Decompounder,
    lexicon: Lexicon,
    typos: TypoDictionary,
    exact_completions: Completions,
    folded_completions: Completions,
    /// Which fields have each term, and where it is common.
    presence: Presence,
    analyzers: Analyzers,
    /// The municipality whose site this is, when it has an overlay (for origin labels).
    municipality: Option<String>,
    /// The language of the sections: `None` for the Swedish pages.
    language: Option<Language>,
    /// The indexes of the page variants, one per language, each with its own stemming
    /// ([`Stemming::of`]); only on the Swedish index.
    variants: Vec<Index>,
}

/// The text a section's snippet is cut from: its body, or the page summary for a section
/// without text of its own.
fn snippet_text(s: &SectionDoc) -> &str {
    if s.body.is_empty() {
        &s.summary
    } else {
        &s.body
    }
}

impl Index {
    /// Builds the index from the loaded site: the Swedish pages, and one index per language
    /// of the published page variants. Editors' synonyms are Swedish, so they apply to the
    /// Swedish and lättläst pages only.
    pub fn build(site: &Site, synonyms: Synonyms) -> Result<Index, SearchError> {
        let mut languages: Vec<Language> = site
            .pages
            .iter()
            .flat_map(|p| p.published_variants())
            .map(|v| v.language)
            .collect();
        languages.sort();
        languages.dedup();
        let mut variants = Vec::with_capacity(languages.len());
        for language in languages {
            let stemming = Stemming::of(Some(language));
            let rules = match stemming {
                Stemming::Swedish => synonyms.clone(),
                Stemming::English | Stemming::Plain => Synonyms::default(),
            };
            let mut part =
                Index::from_sections_in(variant_sections(site, language), rules, stemming)?;
            part.language = Some(language);
            variants.push(part);
        }
        let mut index = Index::from_sections(sections_of(site), synonyms)?;
        index.municipality = site.municipality().map(str::to_string);
        index.variants = variants;
        Ok(index)
    }

    /// The languages of the page variants that are indexed.
    pub fn languages(&self) -> Vec<Language> {
        self.variants.iter().filter_map(|v| v.language).collect()
    }

    /// The municipality whose site this is, when it has an overlay: hits then say whether
    /// they are national guidance or the municipality's own text.
    pub fn municipality(&self) -> Option<&str> {
        self.municipality.as_deref()
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

    /// How many distinct words the corpus has.
    pub fn words(&self) -> usize {
        self.lexicon.len()
    }

    /// How many entries the typo dictionary has (deletion strings × words).
    pub fn typo_entries(&self) -> usize {
        self.typos.len()
    }

    /// Searches. Never fails on what the reader typed; errors are tantivy faults.
    pub fn search(&self, request: &Request<'_>) -> Result<Results, SearchError> {
        self.run_all(request, &mut Stopwatch::off())
    }

    /// Searches like [`Index::search`] and measures how long each stage took (for the
    /// benchmarks; the extra cost is a clock read per stage).
    pub fn profile(&self, request: &Request<'_>) -> Result<(Results, Timings), SearchError> {
        let mut stopwatch = Stopwatch::on();
        let results = self.run_all(request, &mut stopwatch)?;
        Ok((results, stopwatch.timings()))
    }

    /// Searches the request's language first, then Swedish, then lättläst; the hits follow in
    /// that order (scores are comparable only within one language's index). Other languages
    /// are left out: a reader searches in the language they read, and a Swedish search does
    /// not pay for the English index. `total` counts the indexes searched; the suggestion and
    /// the work are the first index's.
    fn run_all(&self, request: &Request<'_>, sw: &mut Stopwatch) -> Result<Results, SearchError> {
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let mut parts: Vec<&Index> = std::iter::once(self)
            .chain(&self.variants)
            .filter(|p| match p.language {
                None => true,
                Some(l) => l.is_easy_swedish() || Some(l) == request.language,
            })
            .collect();
        parts.sort_by_key(|p| {
            let kind = match p.language {
                None => 0,
                Some(l) if l.is_easy_swedish() => 1,
                Some(_) => 2,
            };
            (p.language != request.language, kind)
        });
        let mut out: Option<Results> = None;
        for part in parts {
            // Later indexes only fill what room is left; with none left they only count the
            // matches of the words as typed (no typo corrections), and only the first index
            // suggests a spelling.
            let room = match &out {
                None => Some(limit),
                Some(all) => Some(limit.saturating_sub(all.hits.len())).filter(|r| *r > 0),
            };
            let found = part.run(request, room, out.is_none(), sw)?;
            match &mut out {
                None => out = Some(found),
                Some(all) => {
                    all.total += found.total;
                    all.hits.extend(found.hits);
                }
            }
        }
        let mut out = out.unwrap_or_default();
        out.hits.truncate(limit);
        if out.total > 0 {
            out.suggestion = None;
        }
        Ok(out)
    }

    fn tools(&self) -> Tools<'_> {
        Tools {
            fields: &self.fields,
            lexicon: &self.lexicon,
            typos: &self.typos,
            exact_completions: &self.exact_completions,
            folded_completions: &self.folded_completions,
            decompounder: &self.decompounder,
            synonyms: &self.synonyms,
            presence: &self.presence,
        }
    }

    /// Searches this index for at most `room` hits (`None`: count the matches only, without
    /// ranking or snippets); `suggest` allows "did you mean" when nothing matches.
    fn run(
        &self,
        request: &Request<'_>,
        room: Option<usize>,
        suggest: bool,
        sw: &mut Stopwatch,
    ) -> Result<Results, SearchError> {
        let limit = room.unwrap_or(1).clamp(1, MAX_LIMIT);
        let mut work = Work::default();
        let mut analyzers = self.analyzers.clone();
        let parsed = Parsed::new(request.query, &self.lexicon, &mut analyzers, &mut work);
        sw.lap(Stage::Parse);
        if parsed.words.is_empty() {
            return Ok(Results {
                work,
                ..Results::default()
            });
        }
        let searcher = self.reader.searcher();
        let tools = self.tools();
        let depth = limit.max(RERANK_DEPTH);
        let first = if room.is_some() {
            Typos::Unknown
        } else {
            Typos::Off
        };
        let mut plan = tools.plan(&parsed, first, &mut analyzers, sw, &mut work);
        let mut total = self.count(&plan, request.audience);
        if total < FEW_HITS && room.is_some() {
            // Few hits: correct typos in every word, but search with that only if it adds a
            // correction. An index that only counts (the page is full already) skips this.
            let retry = tools.plan(&parsed, Typos::All, &mut analyzers, sw, &mut work);
            if retry.corrections > plan.corrections {
                total = self.count(&retry, request.audience);
                plan = retry;
            }
        }
        let top = if total == 0 || room.is_none() {
            Vec::new()
        } else {
            self.top(&searcher, &plan, request.audience, depth, sw, &mut work)?
        };
        let ranked = self.rerank(top, &plan, limit);
        sw.lap(Stage::Scoring);
        let mut hits = Vec::with_capacity(ranked.len());
        for (score, ord) in ranked {
            let (Some(section), Some(tokens)) = (self.sections.get(ord), self.tokens.get(ord))
            else {
                continue;
            };
            work.snippet_words += tokens.len();
            hits.push(Hit {
                title: section.title.clone(),
                section: section.heading.clone(),
                url: section.url.clone(),
                snippet: snippet(snippet_text(section), tokens, &plan.marks),
                audience: section.audience.clone(),
                origin: section.origin,
                score,
                language: section.language,
            });
        }
        sw.lap(Stage::Snippets);
        let suggestion = if total == 0 && suggest {
            self.suggestion(&parsed, &mut work)
        } else {
            None
        };
        sw.lap(Stage::Suggestion);
        Ok(Results {
            total,
            hits,
            suggestion,
            work,
        })
    }

    /// The query with unknown words replaced by the closest known word (the most used one
    /// among the closest), or `None` if nothing changes. Looks at most
    /// [`MAX_SUGGESTION_WORDS`] unknown words up in the typo dictionary.
    fn suggestion(&self, parsed: &Parsed, work: &mut Work) -> Option<String> {
        let lexicon = &self.lexicon;
        let mut changed = false;
        let mut looked = 0;
        let mut out = Vec::with_capacity(parsed.words.len());
        for w in &parsed.words {
            let n = w.text.chars().count();
            let limit = match n {
                0..=3 => 0,
                4..=5 => 1,
                _ => 2,
            };
            if limit == 0
                || looked == MAX_SUGGESTION_WORDS
                || lexicon.knows(&w.text, w.stem.as_deref(), w.folded_stem.as_deref())
            {
                out.push(w.text.clone());
                continue;
            }
            looked += 1;
            work.suggestion_words += 1;
            let mut lw = LookupWork::default();
            let best = self
                .typos
                .lookup(&w.form, limit, &lexicon.forms, &mut lw)
                .into_iter()
                .min_by_key(|c| {
                    (
                        c.distance,
                        std::cmp::Reverse(lexicon.form_df[c.form as usize]),
                    )
                })
                .and_then(|c| {
                    lexicon.form_words[c.form as usize]
                        .iter()
                        .max_by_key(|&&id| lexicon.word(id).df)
                });
            work.typo_deletes += lw.deletes;
            work.typo_checked += lw.checked;
            match best {
                Some(&id) => {
                    changed = true;
                    out.push(lexicon.word(id).text.to_string());
                }
                None => out.push(w.text.clone()),
            }
        }
        changed.then(|| out.join(" "))
    }
}

#[cfg(test)]
mod tests;
