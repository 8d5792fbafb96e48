//! Language variants on the real server: `lang` and `dir` on `<html>`, `hreflang` alternates,
//! the visible links between the versions of a page, the entry pages `/en/` and `/lattlast/`,
//! the site's words in English, English support-line texts, the English 404, and
//! language-aware search. The right-to-left fixture (`tests/fixtures/variants`, with a short
//! Arabic test page that names its reviewer) proves the layout and search with `dir="rtl"`.

use crate::support::{TestServer, fixture, repo_root};
use serde_json::Value;

fn page(server: &TestServer, path: &str) -> (u16, String) {
    let response = server.get(path);
    let status = response.status().as_u16();
    (status, response.text().expect("body"))
}

fn json(server: &TestServer, path: &str) -> (u16, Value) {
    let (status, text) = page(server, path);
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
    (status, value)
}

fn hit_langs(value: &Value) -> Vec<(String, String)> {
    value["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            (
                h["url"].as_str().unwrap_or_default().to_string(),
                h["lang"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The server on the variants fixture.
fn fixture_server() -> TestServer {
    let data = tempfile::tempdir().expect("temp dir");
    let config = format!(
        "data-dir = {:?}\nneutral-url = \"https://www.smhi.se/\"\n",
        data.path().join("var").display().to_string()
    );
    TestServer::start_at(&fixture("variants"), data, &config, &[])
}

#[test]
fn every_version_of_a_page_has_its_language_alternates_and_links() {
    let server = fixture_server();

    // The Swedish page names every published version, in the head and visibly.
    let (status, sv) = page(&server, "/stod.html");
    assert_eq!(status, 200);
    assert!(sv.contains("<html lang=\"sv\">"), "{sv}");
    for alternate in [
        "<link rel=\"alternate\" hreflang=\"sv\" href=\"/stod.html\">",
        "<link rel=\"alternate\" hreflang=\"ar\" href=\"/ar/stod.html\">",
        "<link rel=\"alternate\" hreflang=\"en\" href=\"/en/stod.html\">",
        "<link rel=\"alternate\" hreflang=\"sv-x-lattlast\" href=\"/lattlast/stod.html\">",
    ] {
        assert!(sv.contains(alternate), "{alternate} in {sv}");
    }
    assert!(
        sv.contains(
            "<a href=\"/en/stod.html\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>"
        ),
        "{sv}"
    );
    assert!(sv.contains(
        "<a href=\"/lattlast/stod.html\" hreflang=\"sv-x-lattlast\" lang=\"sv\" dir=\"ltr\">Lättläst</a>"
    ));
    assert!(
        sv.contains(
            "<a href=\"/ar/stod.html\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"
        )
    );

    // English: language, the site's words, the search form's language, the way back.
    let (status, en) = page(&server, "/en/stod.html");
    assert_eq!(status, 200);
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    for words in [
        ">Skip to content</a>",
        ">Leave this site quickly</a>",
        ">Leave this site<span class=\"lamna-tips\"> – or press Shift three times</span>",
        "<label for=\"sokruta\">Search</label>",
        "<input type=\"hidden\" name=\"lang\" value=\"en\">",
        "<a href=\"/stod.html\" hreflang=\"sv\" lang=\"sv\" dir=\"ltr\">Svenska</a>",
        "<a href=\"/\" lang=\"sv\" hreflang=\"sv\">Svenska</a>",
        "<h1>Support from social services</h1>",
        "Reviewed <time datetime=\"2026-11-21\">21 November 2026</time>",
        "The site uses no tracking cookies",
        "<link rel=\"alternate\" hreflang=\"sv\" href=\"/stod.html\">",
    ] {
        assert!(en.contains(words), "{words} in {en}");
    }
    assert!(
        !en.contains("Lämna sidan"),
        "no Swedish quick exit on English pages"
    );
    // Support lines in English, from data/stodlinjer.toml only.
    assert!(en.contains("24 hours a day. The call is free and you can be anonymous."));
    assert!(!en.contains("Dygnet runt. Samtalet är gratis"));

    // Lättläst: Swedish words, Swedish language, its own search language.
    let (_, ll) = page(&server, "/lattlast/stod.html");
    assert!(ll.contains("<html lang=\"sv\">"));
    assert!(ll.contains(">Lämna sidan<") && ll.contains("name=\"lang\" value=\"lattlast\""));
    assert!(
        ll.contains(
            "<a href=\"/en/stod.html\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>"
        )
    );

    // Right to left: direction, the quick exit to the neutral site, the alternates.
    let (status, ar) = page(&server, "/ar/stod.html");
    assert_eq!(status, 200);
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    assert!(ar.contains("id=\"lamna-sidan\" class=\"lamna-sidan\" href=\"https://www.smhi.se/\""));
    assert!(ar.contains("<h1>الدعم من الخدمات الاجتماعية</h1>"));
    assert!(ar.contains("The translation was reviewed by Översättningsgranskare."));
    // The site's words are English here (Arabic has no table yet) and say so.
    assert!(ar.contains("<header class=\"sidhuvud\" lang=\"en\">"));
    assert!(
        ar.contains("<aside class=\"akut\" aria-label=\"Urgent help\" lang=\"en\" dir=\"ltr\">"),
        "{ar}"
    );
}

#[test]
fn entry_pages_list_the_pages_and_missing_english_pages_get_an_english_404() {
    let server = fixture_server();
    let (status, en) = page(&server, "/en/");
    assert_eq!(status, 200);
    assert!(
        en.contains("<h2 id=\"alla-sidor\">All pages in English</h2>"),
        "{en}"
    );
    assert!(en.contains("<a href=\"/en/stod.html\">Support from social services</a>"));
    let (status, ll) = page(&server, "/lattlast/");
    assert_eq!(status, 200);
    assert!(ll.contains("Alla sidor på lättläst svenska"), "{ll}");
    assert!(ll.contains("<a href=\"/lattlast/stod.html\">Stöd från kommunen</a>"));

    let (status, missing) = page(&server, "/en/saknas.html");
    assert_eq!(status, 404);
    assert!(missing.contains("<html lang=\"en\">"), "{missing}");
    assert!(missing.contains("Page not found"));
    let (status, missing) = page(&server, "/saknas.html");
    assert_eq!(status, 404);
    assert!(missing.contains("<html lang=\"sv\">"));
}

#[test]
fn search_puts_the_page_language_first_and_marks_other_languages() {
    let server = fixture_server();

    // From an English page: English hits first, in English words, Swedish ones marked.
    let (status, v) = json(&server, "/api/search?q=support&lang=en");
    assert_eq!(status, 200, "{v}");
    let langs = hit_langs(&v);
    assert_eq!(langs[0].1, "en", "{langs:?}");
    assert!(langs[0].0.starts_with("/en/"));
    let first_other = langs.iter().position(|(_, l)| l != "en");
    if let Some(i) = first_other {
        assert!(langs[i..].iter().all(|(_, l)| l != "en"), "{langs:?}");
    }
    // English stemming: "supports" and "supporting" find the same sections.
    let (_, a) = json(&server, "/api/search?q=supporting&lang=en");
    let (_, b) = json(&server, "/api/search?q=supports&lang=en");
    assert_eq!(hit_langs(&a), hit_langs(&b));
    assert_eq!(hit_langs(&a)[0].1, "en");

    // A Swedish search: Swedish first, then lättläst, each marked on the results page.
    let (_, v) = json(&server, "/api/search?q=st%C3%B6d");
    let langs = hit_langs(&v);
    assert_eq!(langs[0].1, "sv", "{langs:?}");
    let first_ll = langs
        .iter()
        .position(|(_, l)| l == "lattlast")
        .expect("lättläst hit");
    assert!(
        langs[..first_ll].iter().all(|(_, l)| l == "sv"),
        "{langs:?}"
    );
    let (status, html) = page(&server, "/sok?q=st%C3%B6d");
    assert_eq!(status, 200);
    assert!(
        html.contains("<span class=\"sok-sprak\" lang=\"sv\" dir=\"ltr\">Lättläst</span>"),
        "{html}"
    );

    // The English results page: English layout and words.
    let (status, html) = page(&server, "/sok?q=support&lang=en");
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<label for=\"sok-fraga\">What do you want to search for?</label>"));
    assert!(html.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
    assert!(html.contains("href=\"/sok?q=support&amp;audience=allman&amp;lang=en\""));

    // The audience filter keeps working in every language.
    let (_, v) = json(&server, "/api/search?q=support&lang=en&audience=personal");
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = json(&server, "/api/search?q=support&lang=en&audience=allman");
    assert!(v["total"].as_u64().expect("total") > 0);

    // Right to left: an Arabic word finds the Arabic page.
    let (_, v) = json(
        &server,
        "/api/search?q=%D8%A7%D9%84%D9%85%D8%B3%D8%A7%D8%B9%D8%AF%D8%A9&lang=ar",
    );
    assert_eq!(
        hit_langs(&v),
        [("/ar/stod.html".to_string(), "ar".to_string())]
    );

    // An unknown language is a Swedish 400.
    let (status, v) = json(&server, "/api/search?q=x&lang=xx");
    assert_eq!(status, 400);
    assert_eq!(
        v["error"],
        "Okänt språk (lang). Välj sv, lattlast eller en."
    );
}

#[test]
fn the_bundled_pages_have_english_and_lattlast_versions_on_the_site() {
    let server = TestServer::start("");
    let content = repo_root().join("content");
    let mut english = 0;
    let mut lattlast = 0;
    for dir in ["", "hjalp", "rattigheter"] {
        for entry in std::fs::read_dir(content.join(dir)).expect("content folder") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            english += usize::from(name.ends_with(".en.md") && name != "index.en.md");
            lattlast += usize::from(name.ends_with(".lattlast.md") && name != "index.lattlast.md");
        }
    }
    let (status, en) = page(&server, "/en/");
    assert_eq!(status, 200);
    let listed = en
        .split("<section class=\"alla-sidor\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("list of English pages");
    assert_eq!(
        listed.matches("<li><a href=\"/en/").count(),
        english + 2,
        "{listed}"
    );
    let (_, ll) = page(&server, "/lattlast/");
    let listed = ll
        .split("<section class=\"alla-sidor\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("list of lättläst pages");
    assert_eq!(
        listed.matches("<li><a href=\"/lattlast/").count(),
        lattlast + 2
    );

    let (_, help) = page(&server, "/hjalp/");
    assert!(help.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/en/hjalp/\">"));
    assert!(
        help.contains("<a href=\"/en/hjalp/\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>")
    );
    let (status, en_help) = page(&server, "/en/hjalp/");
    assert_eq!(status, 200);
    assert!(en_help.contains("<html lang=\"en\">"));
}
