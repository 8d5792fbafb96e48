//! The national base with a municipality's overlay: local blocks, own pages, replaced pages,
//! drift warnings and `vagvisare reviewed`; language variants and their drift. Fixture:
//! `tests/fixtures/layers` (a base) with `kommun/` (the overlay of "Provby").

use crate::support::{copy_dir, fixture, run};
use std::path::Path;

/// A copy of the layers fixture that a test may change.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&fixture("layers"), dir.path());
    dir
}

fn check(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = run(dir, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

const OVERLAY: [&str; 3] = ["--config", "kommun/vagvisare.toml", "check"];

#[test]
fn the_overlay_checks_clean_and_names_local_files_in_problems() {
    let dir = copy();
    let (ok, out) = check(dir.path(), &OVERLAY);
    assert!(ok, "{out}");
    assert!(
        out.contains("allt innehåll är giltigt (0 fel, 0 varningar)"),
        "{out}"
    );

    let root = dir.path();
    std::fs::create_dir_all(root.join("kommun/blocks/borta")).expect("mkdir");
    std::fs::write(
        root.join("kommun/blocks/borta/plats.md"),
        "+++\nowner = \"Provbys mottagning\"\nreviewed = 2026-11-25\nbased_on = { version = 2026-11-20 }\n+++\nText.\n",
    )
    .expect("write");
    std::fs::write(
        root.join("kommun/blocks/rutin/annan.md"),
        "+++\nowner = \"Provbys mottagning\"\nreviewed = 2026-11-25\nbased_on = { version = 2026-11-20 }\n+++\nText.\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("kommun/data")).expect("mkdir");
    std::fs::write(
        root.join("kommun/data/stodlinjer.toml"),
        "checked = 2026-11-25\n",
    )
    .expect("write");
    edit(
        &root.join("kommun/content/egen.md"),
        "placement = { after = \"rutin.md\" }",
        "placement = { after = \"borta.md\" }",
    );
    edit(
        &root.join("kommun/content/gammal.md"),
        "replaces = \"Provby har en egen ordning med jour dygnet runt.\"\n",
        "",
    );
    let (ok, out) = check(root, &OVERLAY);
    assert!(!ok, "{out}");
    for expected in [
        "kommun/blocks/borta/plats.md:1: det finns ingen nationell sida \"borta.md\" för blocket",
        "kommun/blocks/rutin/annan.md:1: sidan \"rutin.md\" har ingen plats \"annan\" för lokal text (platser: sa-gor-vi)",
        "kommun/data/stodlinjer.toml:1: de nationella stödnumren kan inte ändras i en kommuns overlay",
        "kommun/content/egen.md:9: \"placement\" pekar på \"borta.md\", som inte finns i menyn",
        "kommun/content/gammal.md:1: det finns redan en nationell sida \"gammal.md\"",
    ] {
        assert!(
            out.lines().any(|l| l.contains(expected)),
            "missing {expected:?} in:\n{out}"
        );
    }
}

#[test]
fn a_national_change_makes_local_texts_drift_until_they_are_reviewed() {
    let dir = copy();
    let root = dir.path();
    edit(
        &root.join("content/rutin.md"),
        "changes = [\n",
        "changes = [\n  { date = 2026-11-30, note = \"Dokumentera i journalen samma dag.\", significant = true },\n",
    );
    edit(
        &root.join("content/gammal.md"),
        "Den här rutinen är gammal.",
        "Den här rutinen är gammal och har ändrats.",
    );
    let (ok, out) = check(root, &OVERLAY);
    assert!(ok, "drift is a warning: {out}");
    assert!(
        out.contains("kommun/blocks/rutin/sa-gor-vi.md:4: varning: den nationella sidan \"Rutin\" (rutin.md) har ändrats: texten har ändrats sedan version 2026-11-20 (2026-11-30: Dokumentera i journalen samma dag.). Granska texten mot sidan och kör sedan `vagvisare reviewed"),
        "{out}"
    );
    // The replaced page recorded no hash, so an unnoted change cannot be seen; record one.
    let (ok, out) = check(
        root,
        &[
            "--config",
            "kommun/vagvisare.toml",
            "reviewed",
            "kommun/blocks/rutin/sa-gor-vi.md",
            "kommun/content/gammal.md",
        ],
    );
    assert!(ok, "{out}");
    let block =
        std::fs::read_to_string(root.join("kommun/blocks/rutin/sa-gor-vi.md")).expect("block");
    assert!(
        block.contains("based_on = { version = 2026-11-30, hash = \""),
        "{block}"
    );
    assert!(block.ends_with(
        "I Provby ringer du mottagningen samma dag. Läs också [vår egen sida](egen.md).\n"
    ));
    let (ok, out) = check(root, &OVERLAY);
    assert!(ok && out.contains("(0 fel, 0 varningar)"), "{out}");

    // A change without a change note is still seen, through the hash.
    edit(
        &root.join("content/gammal.md"),
        "och har ändrats",
        "och har ändrats igen",
    );
    let (_, out) = check(root, &OVERLAY);
    assert!(
        out.contains("kommun/content/gammal.md:10: varning: den nationella sidan \"Gammal rutin\" (gammal.md) har ändrats: texten har ändrats utan ändringsnotering"),
        "{out}"
    );
}

#[test]
fn the_built_overlay_shows_local_text_as_local_and_places_its_pages() {
    let dir = copy();
    let root = dir.path();
    let out = root.join("ut");
    let result = run(
        root,
        &[
            "--config",
            "kommun/vagvisare.toml",
            "build",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let rutin = std::fs::read_to_string(out.join("rutin.html")).expect("rutin");
    assert!(
        rutin.contains("<h2 id=\"lokalt-sa-gor-vi-rubrik\">Så gör vi i Provby</h2>"),
        "{rutin}"
    );
    assert!(rutin.contains("Provbys egen rutin</span> · Ansvarig: Provbys mottagning"));
    assert!(rutin.contains("Nationell vägledning</span> · Ansvarig: Nationella redaktionen"));
    assert!(
        rutin.contains("href=\"egen.html\""),
        "block links are rewritten"
    );
    assert!(
        rutin.contains("(internt dokument)"),
        "internal sources are text"
    );
    // The local page comes right after the national routine in the book's order.
    assert!(rutin.contains("rel=\"next\" href=\"egen.html\""), "{rutin}");
    let own = std::fs::read_to_string(out.join("egen.html")).expect("egen");
    assert!(own.contains("Provbys egen text</span>"));
    let replaced = std::fs::read_to_string(out.join("gammal.html")).expect("gammal");
    assert!(
        replaced.contains("Det här är Provbys egen version av sidan."),
        "{replaced}"
    );
    assert!(replaced.contains("Provby har en egen ordning med jour dygnet runt."));
    assert!(!replaced.contains("Den här rutinen är gammal."));

    // The national base alone shows nothing of Provby.
    let national = root.join("nationell");
    let result = run(root, &["build", "--out", national.to_str().expect("utf-8")]);
    assert!(result.status.success());
    let rutin = std::fs::read_to_string(national.join("rutin.html")).expect("rutin");
    assert!(!rutin.contains("Provby") && !rutin.contains("class=\"lokalt\""));
}

#[test]
fn variants_drift_with_their_swedish_page_and_lattlast_is_held_to_its_limits() {
    let dir = copy();
    let root = dir.path();
    let (ok, out) = check(root, &["check"]);
    assert!(ok, "{out}");
    edit(
        &root.join("content/index.md"),
        "related = [\"gammal.md\"]\n",
        "related = [\"gammal.md\"]\nchanges = [{ date = 2026-11-28, note = \"Nytt om jouren.\", significant = true }]\n",
    );
    edit(
        &root.join("content/index.lattlast.md"),
        "Du kan få hjälp. Ring {{nummer:kvinnofridslinjen}}. Det kostar inget.",
        "Det kostar inget och du behöver inte säga vad du heter eller var du bor eller vad som har hänt eller varför du ringer eller när.",
    );
    let (ok, out) = check(root, &["check"]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("content/index.en.md:6: varning: den svenska sidan \"Start för test\" (index.md) har ändrats"),
        "{out}"
    );
    assert!(
        out.contains("content/index.lattlast.md:1: meningarna har"),
        "{out}"
    );
    assert!(
        out.contains("i lättläst): \"Det kostar inget och du behöver"),
        "{out}"
    );
    // `reviewed` needs a base without errors.
    std::fs::copy(
        fixture("layers").join("content/index.lattlast.md"),
        root.join("content/index.lattlast.md"),
    )
    .expect("restore");
    let (ok, out) = check(root, &["reviewed", "content/index.en.md"]);
    assert!(ok, "{out}");
    let en = std::fs::read_to_string(root.join("content/index.en.md")).expect("en");
    assert!(
        en.contains("based_on = { version = 2026-11-28, hash = \""),
        "{en}"
    );
}
