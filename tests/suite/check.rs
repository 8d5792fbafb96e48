//! `vagvisare check` and `build` on the bundled content and on broken fixtures.

use crate::support::{fixture, repo_root, run};

#[test]
fn bundled_content_passes_check() {
    let out = run(&repo_root(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "check failed:\n{stderr}");
    assert!(stderr.contains("allt innehåll är giltigt"), "{stderr}");
}

#[test]
fn broken_fixture_reports_every_error_with_file_and_line() {
    let out = run(&fixture("broken"), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let c = "content";
    let expected = [
        format!("{c}/SUMMARY.md:6: \"sidor/saknas.md\" finns inte"),
        format!("{c}/SUMMARY.md:8: \"index.md\" står mer än en gång"),
        format!(
            "{c}/index.md:9: \"related\" pekar på \"sidor/finns-inte.md\", som inte finns i SUMMARY.md"
        ),
        format!(
            "{c}/sidor/datum.md:7: ogiltigt datum: skriv ett datum som finns, till exempel 2026-11-23"
        ),
        format!(
            "{c}/sidor/ensam.md:1: sidan finns inte i SUMMARY.md (lägg till den eller ta bort filen)"
        ),
        format!(
            "{c}/sidor/lankar.md:6: \"owner\" ska vara en roll eller enhet, inte en person (\"Anna Svensson\")"
        ),
        format!("{c}/sidor/lankar.md:8: okänd källa \"finns-inte\" (finns inte i data/kallor.toml)"),
        format!(
            "{c}/sidor/lankar.md:15: texten nämner brottsbalken men hänvisar inte till lagen: lägg till \"brb\""
        ),
        format!("{c}/anteckningar.txt:1: filen hör inte hemma i content/ och publiceras inte"),
        "data/kallor.toml:17: adressen \"https://www.riksdagen.se/\" är bara webbplatsens startsida".to_string(),
        format!("{c}/sidor/lankar.md:11: länken \"finns-inte.md\" pekar på en sida som inte finns"),
        format!(
            "{c}/sidor/lankar.md:11: länken \"../index.md#finns-inte\" pekar på ankaret \"#finns-inte\", som inte finns på index.md"
        ),
        format!("{c}/sidor/lankar.md:13: länken \"http://example.org/\" måste använda https"),
        format!("{c}/sidor/lankar.md:13: okänt nummer \"okant\" (se data/stodlinjer.toml)"),
        format!("{c}/sidor/lankar.md:13: okänd kortkod \"{{{{hemligt}}}}\""),
        format!("{c}/sidor/malgrupp.md:4: okänd målgrupp \"alla\""),
        format!("{c}/sidor/okant.md:5: okänt fält \"audiance\""),
        format!("{c}/sidor/trasig.md:5: ogiltig TOML"),
    ];
    for line in expected {
        assert!(
            stderr.lines().any(|l| l.starts_with(&line)),
            "missing {line:?} in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn build_fails_on_broken_content_and_keeps_the_old_site() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("site");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("index.html"), "gammal").expect("write");
    let result = run(
        &fixture("broken"),
        &["build", "--out", out.to_str().expect("utf-8 path")],
    );
    assert_eq!(result.status.code(), Some(1));
    let kept = std::fs::read_to_string(out.join("index.html")).expect("old site kept");
    assert_eq!(kept, "gammal");
}

#[test]
fn build_writes_a_swedish_site_with_quick_exit_on_every_page() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("site");
    let result = run(
        &repo_root(),
        &["build", "--out", out.to_str().expect("utf-8 path")],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut pages = 0;
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages += 1;
                let html = std::fs::read_to_string(&path).expect("read page");
                let name = path.display();
                // English versions are under en/, in English; everything else is Swedish.
                let lang = if path.starts_with(out.join("en")) {
                    "<html lang=\"en\">"
                } else {
                    "<html lang=\"sv\">"
                };
                assert!(html.contains(lang), "{name}: lang");
                assert!(html.contains("id=\"lamna-sidan\""), "{name}: quick exit");
                assert!(html.contains("action=\"/sok\""), "{name}: search form");
                assert!(!html.contains("@@"), "{name}: unfilled placeholder");
                for attr in ["src=\"http", "href=\"//", "src=\"//", "@import", "url(http"] {
                    assert!(!html.contains(attr), "{name}: external resource {attr}");
                }
                assert!(
                    !html.contains("rel=\"stylesheet\" href=\"http"),
                    "{name}: external stylesheet"
                );
            }
        }
    }
    assert!(pages > 10, "only {pages} pages");
    let not_found = std::fs::read_to_string(out.join("404.html")).expect("404 page");
    assert!(not_found.contains("Sidan finns inte"));
}

#[test]
fn broken_config_and_unknown_flags_get_clear_messages() {
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("vagvisare.toml");
    std::fs::write(&config, "municipality = \"Ort\"\nkomun = 1\n").expect("write");
    let out = run(
        &repo_root(),
        &["--config", config.to_str().expect("utf-8"), "check"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("vagvisare.toml:2: okänd inställning \"komun\""),
        "{stderr}"
    );

    let out = run(&repo_root(), &["check", "--finns-inte"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--finns-inte"));
}

#[test]
fn version_names_the_release_and_the_commit_it_was_built_from() {
    let out = run(&repo_root(), &["--version"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let expected_start = format!("vagvisare {} (commit ", env!("CARGO_PKG_VERSION"));
    let commit = text
        .trim()
        .strip_prefix(&expected_start)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected --version: {text}"));
    if repo_root().join(".git").exists() {
        // Built from a git checkout: a short hexadecimal commit.
        assert!(
            commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        );
    } else {
        assert_eq!(commit, "okänd");
    }
}
