//! `vagvisare check --owners`: the owner dashboard in the terminal, on a copy of
//! `tests/fixtures/layers` (a national base with the overlay of "Provby").

use crate::support::{copy_dir, fixture, run};

#[test]
fn check_owners_prints_the_dashboard_most_urgent_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&fixture("layers"), root);
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    // The national routine is overdue and has a new significant change under the block.
    edit(
        "content/rutin.md",
        "reviewed = 2026-11-01\n",
        "reviewed = 2026-11-01\nnext_review = 2026-11-02\n",
    );
    edit(
        "content/rutin.md",
        "changes = [\n",
        "changes = [\n  { date = 2026-11-30, note = \"Dokumentera samma dag.\", significant = true },\n",
    );
    edit(
        "kommun/content/egen.md",
        "reviewed = 2026-11-25\n",
        "reviewed = 2026-11-25\nreview_notes = [\"Stämmer öppettiderna?\"]\n",
    );
    let out = run(
        root,
        &["--config", "kommun/vagvisare.toml", "check", "--owners"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("LÄGE  "), "{stdout}");
    assert!(lines[0].contains("RAPPORTER") && lines[0].contains("ÄNDRAD NATIONELL TEXT"));
    assert!(
        lines[1].starts_with("försenad") && lines[1].contains("  rutin.md"),
        "{stdout}"
    );
    let block = lines
        .iter()
        .position(|l| l.contains("rutin.md (lokal text sa-gor-vi)"))
        .expect("block row");
    assert!(
        lines[block].contains("Den nationella sidan: texten har ändrats sedan version 2026-11-20"),
        "{stdout}"
    );
    assert!(
        lines[block].contains("Provbys mottagning ") && lines[block].contains(" lokal "),
        "{stdout}"
    );
    let own = lines
        .iter()
        .position(|l| l.contains("  egen.md"))
        .expect("own page");
    assert!(block < own, "drift before plain pages: {stdout}");
    assert_eq!(
        lines.get(own + 1).copied(),
        Some("    fråga: Stämmer öppettiderna?"),
        "open questions for the owner: {stdout}"
    );
}
