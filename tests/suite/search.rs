//! Search over HTTP on the real server: the JSON API and the results page, every kind of bad
//! input, snippets for typo and folded matches, escaping, filters and limits; and `check` on a
//! broken synonyms file.

use crate::support::{TestServer, fixture, run};
use serde_json::Value;

fn json(server: &TestServer, path: &str) -> (u16, Value) {
    let response = server.get(path);
    let status = response.status().as_u16();
    let text = response.text().expect("body");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
    (status, value)
}

fn hits(value: &Value) -> &Vec<Value> {
    value["hits"].as_array().expect("hits array")
}

fn page(server: &TestServer, path: &str) -> (u16, String) {
    let response = server.get(path);
    let status = response.status().as_u16();
    (status, response.text().expect("body"))
}

#[test]
fn api_answers_with_marked_snippets_and_rejects_bad_input_in_swedish() {
    let server = TestServer::start("");

    // Shape.
    let (status, v) = json(&server, "/api/search?q=orosanm%C3%A4lan");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["query"], "orosanmälan");
    assert!(v["total"].as_u64().expect("total") > 0);
    assert!(v["took_us"].is_u64());
    let first = &hits(&v)[0];
    for key in ["title", "url", "snippet", "score"] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }
    assert!(first["audience"].is_array());
    assert!(first.get("section").is_some());
    assert!(hits(&v).len() <= 10, "default limit");
    assert!(
        hits(&v)
            .iter()
            .any(|h| h["snippet"].as_str().unwrap_or("").contains("<mark>")),
        "{v}"
    );
    let top3: Vec<&str> = hits(&v)
        .iter()
        .take(3)
        .filter_map(|h| h["url"].as_str())
        .collect();
    assert!(
        top3.iter().any(|u| u.contains('#')),
        "sections, not just pages: {top3:?}"
    );

    // Typo and folded queries still get marked snippets.
    for q in [
        "v%C3%A5ldsutsata+kvinor",
        "hedersfortryck",
        "vald+i+nara+relation",
    ] {
        let (status, v) = json(&server, &format!("/api/search?q={q}"));
        assert_eq!(status, 200);
        let snippet = hits(&v)[0]["snippet"].as_str().expect("snippet");
        assert!(snippet.contains("<mark>"), "{q}: {snippet}");
    }

    // Limits.
    let (status, v) = json(&server, "/api/search?q=v%C3%A5ld&limit=500");
    assert_eq!(status, 200);
    assert!(hits(&v).len() <= 50 && !hits(&v).is_empty());
    let (_, v) = json(&server, "/api/search?q=v%C3%A5ld&limit=2");
    assert_eq!(hits(&v).len(), 2);

    // Audience filter narrows.
    let (_, all) = json(&server, "/api/search?q=skyddade+personuppgifter&limit=50");
    let (status, school) = json(
        &server,
        "/api/search?q=skyddade+personuppgifter&audience=skola&limit=50",
    );
    assert_eq!(status, 200);
    assert!(school["total"].as_u64() < all["total"].as_u64());
    for h in hits(&school) {
        let a = h["audience"].as_array().expect("audience");
        assert!(a.iter().any(|x| x == "skola"), "{h}");
    }

    // Query syntax is text.
    for q in [
        "%22",
        "%3A",
        "*",
        "(",
        "-",
        "AND",
        "%22kontakt%22+AND+(f%C3%B6rbud*+-x%3Ay",
    ] {
        let (status, v) = json(&server, &format!("/api/search?q={q}"));
        assert_eq!(status, 200, "{q}: {v}");
    }

    // Bad input.
    let bad = [
        ("/api/search", "Skriv minst ett ord att söka på."),
        ("/api/search?q=", "Skriv minst ett ord att söka på."),
        ("/api/search?q=+++", "Skriv minst ett ord att söka på."),
        ("/api/search?q=%ZZ", "Adressen innehåller tecken"),
        ("/api/search?q=%FF%FE", "Adressen innehåller tecken"),
        ("/api/search?q=v%C3%A5ld&audience=alien", "Okänd målgrupp"),
        ("/api/search?q=v%C3%A5ld&limit=tio", "Antalet träffar"),
    ];
    for (path, message) in bad {
        let (status, v) = json(&server, path);
        assert_eq!(status, 400, "{path}");
        let error = v["error"].as_str().expect("error message");
        assert!(error.starts_with(message), "{path}: {error}");
    }
    // The worst inputs we know of are ordinary searches (their work is bounded in the search
    // crate; see BENCHMARKS.md for their cost).
    for q in [
        "qwxzpvbnm+ghjklrtyu+zxcvbnmqw+asdfghjkl+poiuytrew+lkjhgfdsa+mnbvcxzlk+qazwsxedc+rfvtgbyhn+ujmikolpq+plokijuhy+gtfrdeswa+zaqxswcde+vfrbgtnhy+mjukilopq+wsxcderfv+bgtnhymju+kiolpzaqw+sxcdevfrb+gtnhyujmk",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ab+cd+ef+gh+ij+kl+mn+op+qr+st+uv+wx+yz+ab+cd+ef+gh+ij+kl+mn+op+qr+st+uv+wx+yz+ab+cd+ef+gh+ij+kl+mn+op+qr+st+uv+wx+yz+ab+cd+ef+gh+ij+kl+mn+op+qr+st+uv+wx+yz+ab+cd+ef+gh+ij+kl+mn+op+qr+st+uv+wx+yz+ab",
        "123456789+987654321+123456789+987654321+123456789+987654321+123456789+987654321+123456789+987654321",
    ] {
        let (status, v) = json(&server, &format!("/api/search?q={q}"));
        assert_eq!(status, 200, "{q}: {v}");
        assert!(v["took_us"].is_u64());
    }

    let long = format!("/api/search?q={}", "a".repeat(201));
    let (status, v) = json(&server, &long);
    assert_eq!(status, 400);
    assert!(
        v["error"]
            .as_str()
            .unwrap_or("")
            .starts_with("Sökfrågan är för lång")
    );
}

#[test]
fn results_page_works_without_javascript() {
    let server = TestServer::start("");

    // Empty form.
    let (status, html) = page(&server, "/sok");
    assert_eq!(status, 200);
    assert!(html.contains("<label for=\"sok-fraga\">"), "labelled form");
    assert!(html.contains("id=\"sok-fraga\""));
    let (status, _) = page(&server, "/sok?q=+");
    assert_eq!(status, 200);

    // Hits with marked snippets, the form prefilled, filters, the count.
    let (status, html) = page(&server, "/sok?q=kontaktf%C3%B6rbud");
    assert_eq!(status, 200);
    assert!(html.contains("value=\"kontaktförbud\""), "prefilled");
    assert!(html.contains("<mark>"), "marked snippets");
    assert!(html.contains("role=\"status\""), "count announced");
    assert!(html.contains(" träffar för ”kontaktförbud”"));
    assert!(html.contains("href=\"/rattigheter/kontaktforbud.html"));

    // More than ten hits: a link shows up to fifty, and then there is no such link.
    let (_, html) = page(&server, "/sok?q=orosanm%C3%A4lan");
    assert_eq!(html.matches("<li><h2>").count(), 10, "ten hits by default");
    assert!(html.contains("href=\"/sok?q=orosanm%C3%A4lan&amp;limit=50\">Visa fler träffar</a>"));
    let (_, html) = page(&server, "/sok?q=orosanm%C3%A4lan&limit=50");
    assert!(html.matches("<li><h2>").count() > 10);
    assert!(!html.contains("Visa fler träffar"));
    for label in [
        "Alla",
        "Socialtjänsten",
        "Ny medarbetare",
        "Hyresvärd",
        "Skola",
    ] {
        assert!(html.contains(&format!(">{label}</a>")), "filter {label}");
    }
    assert!(html.contains("audience=hyresvard"));

    // The audience filter narrows and is kept in the form.
    let (status, html) = page(&server, "/sok?q=kontaktf%C3%B6rbud&audience=hyresvard");
    assert_eq!(status, 200);
    assert!(html.contains("name=\"audience\" value=\"hyresvard\""));
    assert!(!html.contains("href=\"/rattigheter/kontaktforbud.html"));

    // The query is escaped where it is echoed.
    let (status, html) = page(&server, "/sok?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert"), "escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    // No hits: a suggestion and ways on.
    let (status, html) = page(&server, "/sok?q=bornahos");
    assert_eq!(status, 200);
    assert!(html.contains("0 träffar"), "{html}");
    assert!(html.contains("Menade du <a href=\"/sok?q=barnahus\">barnahus</a>?"));
    for href in [
        "/hjalp/",
        "/personal/",
        "/ny/",
        "/hyresvard/",
        "/skola/",
        "/hjalp/har-far-du-hjalp.html",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
    }

    // Bad input.
    let long = format!("/sok?q={}", "a".repeat(201));
    let (status, html) = page(&server, &long);
    assert_eq!(status, 400);
    assert!(html.contains("Sökfrågan är för lång"));
    let (status, html) = page(&server, "/sok?q=%ZZ");
    assert_eq!(status, 400);
    assert!(html.contains("Adressen innehåller tecken"));
    let (status, html) = page(&server, "/sok?q=a&audience=alien");
    assert_eq!(status, 400);
    assert!(html.contains("Okänd målgrupp"));
    let (status, _) = page(&server, "/sok?q=%22%3A*(-AND");
    assert_eq!(status, 200);
}

#[test]
fn check_reports_a_broken_synonyms_file_with_its_line() {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&fixture("minimal"), dir.path());
    std::fs::create_dir_all(dir.path().join("search")).expect("mkdir");
    std::fs::write(
        dir.path().join("search/synonyms.toml"),
        "# kommentar\n[[grupp]]\nord = [\"a\", \"b\"]\n\n[[grupp]]\nord = [\"a\" \"b\"]\n",
    )
    .expect("write");
    let out = run(dir.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("search/synonyms.toml:6: ogiltig TOML")),
        "{stderr}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
