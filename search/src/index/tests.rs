//! Tests of the index: searching small made-up corpora, the precomputed structures against
//! what they replace (on the bundled content), and the work bounds of pathological queries.

use super::*;
use crate::fuzzy::distance;
use crate::prefix::PrefixWork;
use crate::query::{COMPLETIONS, MAX_TYPO_WORDS, MAX_WORDS};
use crate::test_support::bundled_index;
use crate::typos::{self, LookupWork};
use std::collections::HashMap;
use tantivy::collector::Count;
use tantivy::query::{EnableScoring, PhraseQuery, Query};

fn section(title: &str, heading: &str, body: &str, audience: Audience) -> SectionDoc {
    SectionDoc {
        title: title.into(),
        heading: Some(heading.into()),
        url: format!("/{}.html#{}", title.to_lowercase(), heading.to_lowercase()),
        summary: String::new(),
        tags: Vec::new(),
        audience: vec![audience],
        body: body.into(),
        origin: vagvisare_model::Origin::National,
        glossary: false,
        language: None,
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
            language: None,
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
                limit: 500,
                language: None,
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
            language: None,
        })
        .expect("search");
    assert_eq!(r.total, 0);
    assert_eq!(r.suggestion.as_deref(), Some("barnahus"));
}

#[test]
fn a_guidance_page_outranks_a_glossary_entry_with_the_same_words() {
    let mut entry = section(
        "Ord och begrepp",
        "Barnahus",
        "Barnahus är en verksamhet.",
        Audience::Personal,
    );
    entry.glossary = true;
    entry.url = "/ord-och-begrepp.html#barnahus".into();
    let mut page = section(
        "Barnahus",
        "Barnahus",
        "I ett barnahus samarbetar polis, åklagare och socialtjänst kring barnet. Barnahus finns i många kommuner.",
        Audience::Personal,
    );
    page.url = "/barn/barnahus.html".into();
    let i = Index::from_sections(vec![entry, page], Synonyms::default()).expect("index");
    assert_eq!(
        urls(&i, "barnahus ", None),
        ["/barn/barnahus.html", "/ord-och-begrepp.html#barnahus"]
    );
}

/// The worst inputs we know of: every count of work stays under a bound that follows from the
/// limits, whatever the input's length.
#[test]
fn pathological_queries_do_bounded_work() {
    let index = bundled_index();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut random_word = |n: usize| -> String {
        (0..n)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                char::from(b'a' + (rng % 26) as u8)
            })
            .collect()
    };
    let words = |n: usize, len: usize, f: &mut dyn FnMut(usize) -> String| {
        (0..n).map(|_| f(len)).collect::<Vec<_>>().join(" ")
    };
    let queries = [
        words(20, 9, &mut random_word),
        words(200, 12, &mut random_word),
        words(40, 4, &mut random_word),
        words(66, 2, &mut random_word),
        words(20, 30, &mut random_word),
        "a".repeat(10_000),
        "å".repeat(5_000),
        "123456789 ".repeat(20),
        "våldsutsattaa hedersrelateradt könsstympnig brottsskadeerstättning normaliseringsprocesen skyddadeperonuppgifter orosanmälningar kontaktförbudett".into(),
        "hrv vnr lvu sol brb fgm soc kvarskrivning besöksförbud tvångsgifte kvinnojour anmälningsplikt".into(),
        "våld barn skydd stöd hjälp polis anmälan skola hyresvärd socialtjänsten kvinnor heder kontakt s".into(),
        format!("{} x", "kontaktförbudkontaktförbudkontaktförbud".repeat(3)),
    ];
    // Per word at most 1 + 30 + 435 deletion strings (30 letters, two deletions).
    let deletes_per_word = 1 + typos::MAX_CHARS + typos::MAX_CHARS * (typos::MAX_CHARS - 1) / 2;
    // Two plans (first pass and retry) and the suggestion.
    let typo_lookups = 2 * MAX_TYPO_WORDS + 3;
    for q in &queries {
        let r = index
            .search(&Request {
                query: q,
                audience: None,
                limit: MAX_LIMIT,
                language: None,
            })
            .expect("search");
        let w = r.work;
        let what = format!("{:?}…: {w:?}", q.chars().take(40).collect::<String>());
        assert!(w.words <= MAX_WORDS, "{what}");
        assert!(w.typo_words <= 2 * MAX_TYPO_WORDS, "{what}");
        assert!(w.suggestion_words <= 3, "{what}");
        assert!(w.typo_deletes <= typo_lookups * deletes_per_word, "{what}");
        assert!(
            w.typo_checked <= typo_lookups * typos::MAX_CANDIDATES,
            "{what}"
        );
        assert!(
            w.prefix_scanned <= 2 * 2 * crate::prefix::MAX_SCAN,
            "{what}"
        );
        assert!(w.completions <= 2 * 2 * COMPLETIONS, "{what}");
        assert!(w.passes <= 2, "{what}");
        assert!(w.compound_splits <= 2 * MAX_WORDS, "{what}");
        // Per word: 3 exact, 6 stem, 2 folded, 2 × 5 variants, parts and corrections.
        assert!(w.term_clauses <= MAX_WORDS * 64, "{what}");
        assert!(w.synonyms <= 64, "{what}");
    }
}

/// The typo dictionary finds exactly what comparing the word with every word of the corpus
/// finds (what the Levenshtein automaton over the term dictionary found before).
#[test]
fn typo_dictionary_finds_what_a_scan_of_the_vocabulary_finds() {
    let index = bundled_index();
    let forms = &index.lexicon.forms;
    let mut queries = vec![
        "kvinor",
        "samvrekar",
        "normaliseringsprocesen",
        "brotsskadeersattning",
        "bonde",
        "kontorll",
        "uppfostrinsresa",
        "hyrsvard",
        "bornahos",
        "valdsutsata",
    ];
    // Real words with a letter dropped, doubled or swapped.
    let owned: Vec<String> = (0..forms.len() as u32)
        .step_by(97)
        .map(|f| forms.text(f).to_string())
        .filter(|w| w.chars().count() >= 6 && w.is_ascii())
        .flat_map(|w| {
            let mid = w.len() / 2;
            let mut swapped: Vec<u8> = w.clone().into_bytes();
            swapped.swap(mid - 1, mid);
            [
                format!("{}{}", &w[..mid], &w[mid + 1..]),
                format!("{}{}{}", &w[..mid], &w[mid..mid + 1], &w[mid..]),
                String::from_utf8(swapped).unwrap_or_default(),
            ]
        })
        .collect();
    queries.extend(owned.iter().map(String::as_str));
    assert!(queries.len() > 50);
    for q in queries {
        for max in 1..=2 {
            let mut want: Vec<(u32, u8)> = (0..forms.len() as u32)
                .filter(|&f| {
                    (typos::MIN_CHARS..=typos::MAX_CHARS).contains(&forms.text(f).chars().count())
                })
                .filter_map(|f| {
                    let d = distance(q, forms.text(f), max);
                    (d <= max).then_some((f, d as u8))
                })
                .collect();
            want.sort_by_key(|&(f, d)| (d, f));
            let got: Vec<(u32, u8)> = index
                .typos
                .lookup(q, max, forms, &mut LookupWork::default())
                .into_iter()
                .map(|c| (c.form, c.distance))
                .collect();
            assert_eq!(got, want, "{q} within {max}");
        }
    }
}

/// The completion tables give what reading every word of the corpus gives: the most used
/// words with the prefix.
#[test]
fn completions_are_the_most_used_words_with_the_prefix() {
    let index = bundled_index();
    let lexicon = &index.lexicon;
    for word in [
        "orosanmälan",
        "kontaktförbud",
        "skyddade",
        "våldsutsatta",
        "hyresvärd",
        "barn",
    ] {
        for end in word
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain([word.len()])
        {
            let prefix = &word[..end];
            let mut want: Vec<(u32, u32)> = lexicon
                .words
                .iter()
                .enumerate()
                .filter(|(_, w)| w.text.starts_with(prefix))
                .map(|(id, w)| (w.df, id as u32))
                .collect();
            want.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let want: Vec<u32> = want
                .into_iter()
                .take(COMPLETIONS)
                .map(|(_, id)| id)
                .collect();
            let got = index
                .exact_completions
                .complete(prefix, &mut PrefixWork::default());
            assert_eq!(got, want, "{prefix}");
        }
    }
}

/// The presence map says a field has a term exactly when tantivy's term dictionary does.
#[test]
fn presence_agrees_with_the_term_dictionaries() {
    let index = bundled_index();
    let searcher = index.reader.searcher();
    let terms = [
        "våld",
        "vald",
        "kontaktförbud",
        "förbud",
        "barnahus",
        "och",
        "xyzzy",
        "hyresvärd",
    ];
    for field in index.fields.text() {
        for text in terms {
            let df = searcher
                .doc_freq(&tantivy::Term::from_field_text(field, text))
                .expect("doc freq");
            let bit = index
                .presence
                .terms
                .get(text)
                .is_some_and(|b| b & (1 << field.field_id()) != 0);
            assert_eq!(df > 0, bit, "{text} in field {}", field.field_id());
        }
    }
}

/// The synonym phrases' stored scores are those of the phrase queries run on the index.
#[test]
fn synonym_phrase_scores_are_those_of_live_phrase_queries() {
    let index = bundled_index();
    let searcher = index.reader.searcher();
    let mut analyzers = Analyzers::default();
    let mut checked = 0;
    for text in index.synonyms.rules().iter().flat_map(|r| &r.to) {
        let tokens = analyzers.swedish(text);
        if tokens.len() < 2 {
            continue;
        }
        let mut live: HashMap<u32, f32> = HashMap::new();
        for (field, weight) in index.fields.swedish() {
            let first = tokens[0].position;
            let q = PhraseQuery::new_with_offset(
                tokens
                    .iter()
                    .map(|t| {
                        (
                            t.position - first,
                            tantivy::Term::from_field_text(field, &t.text),
                        )
                    })
                    .collect(),
            );
            let w = q
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .expect("weight");
            for (seg, reader) in searcher.segment_readers().iter().enumerate() {
                w.for_each(reader, &mut |doc, score| {
                    *live
                        .entry(index.doc_sections[seg][doc as usize])
                        .or_default() += weight * score;
                })
                .expect("search");
            }
        }
        let stored = index.phrases.get(text);
        assert_eq!(stored.len(), live.len(), "{text}");
        for &(ord, score) in stored {
            assert!((live[&ord] - score).abs() < 1e-4, "{text} in section {ord}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} phrases");
}

/// The total counts every section the query's terms match (and may count more: sections with
/// a synonym's words apart, or a correction beyond the three searched).
#[test]
fn the_total_counts_every_section_the_terms_match() {
    let index = bundled_index();
    let searcher = index.reader.searcher();
    let set = crate::Relevance::load(&crate::test_support::repo().join("search/relevance.toml"))
        .expect("relevance set");
    for case in &set.cases {
        let mut work = Work::default();
        let mut analyzers = Analyzers::default();
        let parsed = Parsed::new(&case.q, &index.lexicon, &mut analyzers, &mut work);
        let plan = index.tools().plan(
            &parsed,
            crate::query::Typos::Unknown,
            &mut analyzers,
            &mut Stopwatch::off(),
            &mut work,
        );
        let matched = searcher.search(plan.terms.as_ref(), &Count).expect("count");
        let total = index.count(&plan, None);
        assert!(total >= matched, "{}: {total} < {matched}", case.q);
        assert!(total <= index.len());
    }
}

/// The bundled content's English and lättläst pages have their own indexes: a search from an
/// English page gets English hits first (found through English stemming), a Swedish search
/// gets the Swedish hits first and the Swedish hits are those of the Swedish index alone.
#[test]
fn variants_are_searched_in_their_own_language_after_the_page_language() {
    let index = bundled_index();
    let en = Language::from_code("en").expect("en");
    let ll = Language::from_code("lattlast").expect("lattlast");
    assert_eq!(index.languages(), [en, ll]);
    let request = |query, language| Request {
        query,
        audience: None,
        limit: 20,
        language,
    };
    let english = index
        .search(&request("protected identity", Some(en)))
        .expect("search");
    assert_eq!(english.hits[0].language, Some(en));
    assert!(
        english.hits[0].url.starts_with("/en/"),
        "{:?}",
        english.hits[0]
    );
    let hits_in =
        |r: &Results, l: Option<Language>| r.hits.iter().filter(|h| h.language == l).count();
    assert!(hits_in(&english, Some(en)) > 0);
    // English stemming: "reporting" and "reports" meet at one stem and find the same best
    // section (exact words still order the rest a little differently).
    let urls = |q| -> Vec<String> {
        index
            .search(&request(q, Some(en)))
            .expect("search")
            .hits
            .into_iter()
            .filter(|h| h.language == Some(en))
            .map(|h| h.url)
            .collect()
    };
    let (reporting, reports) = (urls("reporting"), urls("reports"));
    assert!(!reporting.is_empty());
    assert_eq!(reporting[..4], reports[..4]);

    let swedish = index
        .search(&request("skyddade personuppgifter", None))
        .expect("search");
    let order: Vec<u8> = swedish
        .hits
        .iter()
        .map(|h| match h.language {
            None => 0,
            Some(l) if l == ll => 1,
            Some(_) => 2,
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    assert_eq!(swedish.hits[0].language, None);
    // A Swedish search does not search the English pages; an English one does.
    assert!(!order.contains(&2), "{order:?}");
    let swedish_all = index
        .search(&Request {
            limit: 50,
            ..request("skyddade personuppgifter", None)
        })
        .expect("search");
    assert_eq!(hits_in(&swedish_all, Some(en)), 0);
    let from_english = index
        .search(&request("skyddade personuppgifter", Some(en)))
        .expect("search");
    assert!(hits_in(&from_english, Some(en)) > 0);
    // A search from a lättläst page puts lättläst first.
    let easy = index
        .search(&request("skyddade personuppgifter", Some(ll)))
        .expect("search");
    assert_eq!(easy.hits[0].language, Some(ll));
    assert!(easy.hits[0].url.starts_with("/lattlast/"));
}
