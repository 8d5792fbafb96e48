//! Every phone number a built page shows comes from data/stodlinjer.toml.

use crate::support::{repo_root, run};
use std::path::Path;
use vagvisare_model::{Paths, Site};

/// Phone-number-like runs in text: digits with single spaces or hyphens between them, that
/// start with 0 and have at least 7 digits (020-50 50 50), or start with 11 and have 3–6
/// digits (112, 114 14, 116 006, 1177), or start with +46.
fn phone_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts =
            chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1) == Some(&'4'));
        if !starts || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '-')) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j];
            let sep = (c == ' ' || c == '-' || c == '\u{a0}')
                && chars.get(j + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || sep {
                j += 1;
            } else {
                break;
            }
        }
        let run: String = chars[i..j].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let phone = run.starts_with("+46")
            || (digits.starts_with('0') && digits.len() >= 7 && !is_date(&run))
            || (digits.starts_with("11") && (3..=6).contains(&digits.len()) && !run.contains('-'));
        if phone {
            found.push(run.trim().to_string());
        }
        i = j;
    }
    found
}

fn is_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split('-').collect();
    parts.len() == 3 && parts[0].len() == 4
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
}

#[test]
fn finds_phone_numbers() {
    let text =
        "Ring 112 eller 020-50 50 50, inte 2026-11-23 eller SFS 1988:688. Även 116 006 och 1177.";
    assert_eq!(
        phone_numbers(text),
        ["112", "020-50 50 50", "116 006", "1177"]
    );
}

#[test]
fn built_pages_show_only_verified_numbers() {
    let loaded = Site::load(
        &Paths::under(&repo_root()),
        time::macros::date!(2026 - 11 - 23),
    )
    .expect("bundled content loads");
    let allowed = loaded.site.numbers.digit_forms();
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("site");
    let result = run(
        &repo_root(),
        &["build", "--out", &out.display().to_string()],
    );
    assert!(result.status.success());
    let mut shown = 0;
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&path).expect("page");
            let mut numbers = phone_numbers(&strip_tags(&html));
            numbers.extend(
                html.split("href=\"tel:")
                    .skip(1)
                    .filter_map(|s| s.split('"').next())
                    .map(str::to_string),
            );
            for n in numbers {
                let digits: String = n.chars().filter(char::is_ascii_digit).collect();
                assert!(
                    allowed.contains(&digits),
                    "{}: shows {n}, which is not in data/stodlinjer.toml",
                    rel(&path, &out)
                );
                shown += 1;
            }
        }
    }
    assert!(
        shown > 20,
        "only {shown} numbers found; is the scanner working?"
    );
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}
