//! Change notes: "Senast ändrad" on pages, the page "Nytt och ändrat" with its audience filter,
//! and the Atom feeds, parsed with an independent feed parser.

use crate::support::{fixture, run};
use std::path::Path;

/// Copies a fixture to a temp folder so a test can add change notes.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&fixture(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn change_notes_reach_the_page_the_list_and_the_feed() {
    let root = copy_fixture("minimal");
    let page = root.path().join("content").join("index.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let text = text.replacen(
        "+++\n\n",
        "changes = [\n  { date = 2026-03-02, note = \"Nytt nummer till jouren.\", significant = true },\n  { date = 2026-04-01, note = \"Rättade ett stavfel.\" },\n]\n+++\n\n",
        1,
    );
    assert!(
        text.contains("Rättade"),
        "fixture front matter ends with +++ and a blank line"
    );
    std::fs::write(&page, text).expect("write");
    let out = root.path().join("ut");
    let result = run(
        root.path(),
        &["build", "--out", out.to_str().expect("utf-8")],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );

    let start = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(start.contains("Senast ändrad <time datetime=\"2026-04-01\">1 april 2026</time>"));
    assert!(start.contains("Nytt nummer till jouren."));
    assert!(start.contains("(påverkar arbetssättet)"));
    assert!(start.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Nytt och ändrat\" href=\"/nytt.atom\">"
    ));

    let list = std::fs::read_to_string(out.join("nytt").join("index.html")).expect("list");
    assert!(
        list.contains("Nytt nummer till jouren."),
        "significant change listed"
    );
    assert!(
        !list.contains("Rättade ett stavfel."),
        "minor change not listed"
    );
    assert!(
        list.contains("aria-current=\"page\""),
        "the filter shows where you are"
    );
    // The start page is for the public only: the staff filter shows nothing.
    let staff = std::fs::read_to_string(out.join("nytt").join("personal.html")).expect("staff");
    assert!(!staff.contains("Nytt nummer till jouren."));

    let xml = std::fs::read(out.join("nytt.atom")).expect("feed");
    let feed = feed_rs::parser::parse(xml.as_slice()).expect("valid Atom");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.entries.len(), 1);
    let entry = &feed.entries[0];
    assert_eq!(
        entry.title.as_ref().map(|t| t.content.as_str()),
        Some("Start för test")
    );
    assert_eq!(entry.links[0].href, "/");
    assert_eq!(
        entry.summary.as_ref().map(|s| s.content.as_str()),
        Some("Nytt nummer till jouren.")
    );
    assert!(entry.id.starts_with("tag:"), "{}", entry.id);
    let allman = std::fs::read(out.join("nytt").join("allman.atom")).expect("audience feed");
    let allman = feed_rs::parser::parse(allman.as_slice()).expect("valid Atom");
    assert_eq!(allman.entries.len(), 1);
}
