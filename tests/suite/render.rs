//! What the preprocessor renders around each page, and that the model's anchors are the ids
//! mdBook writes.

use crate::support::{fixture, repo_root, run};
use std::path::Path;
use vagvisare_model::{Paths, Site};

fn build(root: &Path, config: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("site");
    let mut args = Vec::new();
    let config_file = dir.path().join("v.toml");
    if let Some(text) = config {
        std::fs::write(&config_file, text).expect("config");
        args.push("--config".to_string());
        args.push(config_file.display().to_string());
    }
    args.extend(["build".into(), "--out".into(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = run(root, &args);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (dir, out)
}

#[test]
fn front_matter_is_rendered_around_the_page() {
    let (_dir, out) = build(
        &fixture("minimal"),
        Some("municipality = \"Ekby <kommun>\"\n"),
    );
    let start = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(start.contains("<h1>Start för test</h1>"));
    assert!(start.contains(
        "<meta name=\"description\" content=\"En sida för alla som behöver hjälp &amp; stöd.\">"
    ));
    assert!(start.contains("Dig som behöver hjälp"), "audience badge");
    assert!(
        start.contains("Är du i fara nu?"),
        "urgent box on allman pages"
    );
    assert!(start.contains("href=\"tel:020505050\""), "number shortcode");
    assert!(
        start.contains("Här bor Ekby &lt;kommun&gt;."),
        "municipality escaped"
    );
    assert!(start.contains("Läs också"), "related pages");
    assert!(start.contains("href=\"/gammal.html\""), "related link");
    assert!(
        start.contains("href=\"gammal.html#vad-gäller\""),
        "internal link rewritten"
    );
    assert!(
        start.contains(
            "Granskad <time datetime=\"2026-01-10\">10 januari 2026</time> av Redaktionen"
        )
    );
    assert!(start.contains("https://www.socialstyrelsen.se/"), "sources");
    assert!(
        start.contains("Nationell vägledning"),
        "the origin of the text is shown"
    );
    assert!(!start.contains("skulle ha granskats"));

    let old = std::fs::read_to_string(out.join("gammal.html")).expect("gammal");
    assert!(
        old.contains("Sidan skulle ha granskats senast 10 januari 2021"),
        "overdue notice"
    );
    assert!(
        !old.contains("Är du i fara nu?"),
        "no urgent box for staff pages"
    );
    assert!(
        !old.contains("class=\"kontakter\""),
        "no contacts unless configured"
    );
}

#[test]
fn configured_contacts_are_shown() {
    let config = "[[contacts]]\nname = \"Socialjouren i Ekby\"\nphone = \"000-111 22 33\"\nhours = \"Dygnet runt\"\n";
    let (_dir, out) = build(&fixture("minimal"), Some(config));
    let old = std::fs::read_to_string(out.join("gammal.html")).expect("gammal");
    assert!(old.contains("Socialjouren i Ekby"));
    assert!(old.contains("href=\"tel:0001112233\""));
}

/// Every heading id the model computes is an id in the rendered page, so search hits and
/// link checks point at anchors that exist.
#[test]
fn model_anchors_match_rendered_ids() {
    let loaded = Site::load(
        &Paths::under(&repo_root()),
        time::macros::date!(2026 - 11 - 23),
    )
    .expect("bundled content loads");
    let (_dir, out) = build(&repo_root(), None);
    let mut checked = 0;
    for page in &loaded.site.pages {
        let file = out.join(page.path.replace(".md", ".html"));
        let html = std::fs::read_to_string(&file).expect("page");
        for heading in &page.outline.headings {
            let attr = format!("id=\"{}\"", heading.id);
            assert!(html.contains(&attr), "{}: {attr} not rendered", page.path);
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} headings");
}

/// Tables from Markdown sit in a focusable region, so a wide table can be scrolled sideways
/// with the keyboard (the browser suite checks the same with axe-core at 375 px).
#[test]
fn tables_are_in_focusable_regions() {
    let (_dir, out) = build(&repo_root(), None);
    let html = std::fs::read_to_string(out.join("skydd/index.html")).expect("page");
    let region =
        "<div class=\"tabell\" role=\"region\" aria-label=\"Tabell\" tabindex=\"0\"><table>";
    assert!(html.contains(region), "table wrapped");
    assert_eq!(
        html.matches("<table>").count(),
        html.matches(region).count()
    );
    assert_eq!(
        html.matches("</table></div>").count(),
        html.matches("</table>").count()
    );
}
