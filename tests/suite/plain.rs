//! The plain-language checks of `vagvisare check`, each with a small fixture page.

use crate::support::{fixture, run};

fn check_plain() -> String {
    let out = run(&fixture("plain"), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn lix_over_the_audience_limit_is_an_error_with_the_longest_sentences() {
    let stderr = check_plain();
    assert!(
        stderr.contains("content/svar.md:1: LIX 54 > 40\n    rad 13, 40 ord: Den här meningen"),
        "{stderr}"
    );
    assert!(
        stderr.contains("    rad 11, 10 ord: Socialtjänstens"),
        "{stderr}"
    );
}

#[test]
fn long_sentences_and_unexplained_abbreviations_are_warnings() {
    let stderr = check_plain();
    assert!(
        stderr.contains("content/svar.md:13: varning: meningen har 40 ord (högst 35)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/forkortning.md:11: varning: förkortningen \"XYZ\" förklaras inte"),
        "{stderr}"
    );
    // HRV is in the glossary and LVU is explained in parentheses.
    assert!(!stderr.contains("\"HRV\""), "{stderr}");
    assert!(!stderr.contains("\"LVU\""), "{stderr}");
}

#[test]
fn summary_length_and_closing_checklist_are_enforced() {
    let stderr = check_plain();
    assert!(
        stderr.contains("content/summary.md:3: \"summary\" har 241 tecken, högst 200 är tillåtet"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/hyresvard.md:1: sidor för hyresvärdar och skola ska sluta med avsnittet \"## Gör så här\""),
        "{stderr}"
    );
}
