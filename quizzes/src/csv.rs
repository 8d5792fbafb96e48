//! The certificate report as CSV for spreadsheets.
//!
//! Format: UTF-8 with a byte order mark and `;` between cells, CRLF line ends, which is what
//! Excel with Swedish settings opens directly (a comma is the decimal sign in Swedish).
//! Cells holding `;`, `"`, a line break or surrounding spaces are quoted with `"` doubled
//! inside. Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading
//! `'` so that a spreadsheet never runs a participant's input as a formula; the test looks at
//! the first visible character, past spaces and invisible characters.

use crate::date::swedish_date;
use crate::status::Status;
use crate::store::Certificate;

/// The separator between cells.
const SEPARATOR: char = ';';

/// One cell, escaped.
pub fn csv_cell(text: &str) -> String {
    let visible = text.trim_start_matches(|c: char| {
        (c.is_whitespace() && c != '\t' && c != '\r') || crate::name::invisible(c)
    });
    let guarded = if visible.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let needs_quotes = guarded.contains([SEPARATOR, ',', '"', '\n', '\r'])
        || guarded.starts_with(' ')
        || guarded.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The CSV's first line: the byte order mark and the column names.
pub fn report_csv_header() -> String {
    let mut out = String::from("\u{feff}");
    line(
        &mut out,
        &[
            "Datum",
            "Namn",
            "Enhet",
            "Modul",
            "Modul-id",
            "Version",
            "Rätt",
            "Antal frågor",
            "Godkänd",
            "Giltigt till",
            "Status",
            "Ändrade sidor",
            "Kod",
        ],
    );
    out
}

/// One certificate as a CSV line; `title` is the module's title (its id when it is gone),
/// `status` its status today and `changed` the titles of reading-list pages changed since it
/// was issued.
pub fn report_csv_line(c: &Certificate, title: &str, status: Status, changed: &[&str]) -> String {
    let mut out = String::new();
    let valid_until = c.valid_until.to_string();
    let changed = changed.join(", ");
    let version = c.module_version.to_string();
    let correct = c.correct.to_string();
    let total = c.total.to_string();
    line(
        &mut out,
        &[
            &swedish_date(c.issued),
            &c.name,
            c.unit.as_deref().unwrap_or(""),
            title,
            &c.module_id,
            &version,
            &correct,
            &total,
            if c.passed { "ja" } else { "nej" },
            &valid_until,
            status.label(),
            &changed,
            c.code.as_str(),
        ],
    );
    out
}

/// One CSV line of any table (cells escaped, `;` between them, CRLF at the end), for other
/// exports in the same format; the first line of a file should start with the byte order mark
/// `\u{feff}`.
pub fn csv_row(cells: &[&str]) -> String {
    let mut out = String::new();
    line(&mut out, cells);
    out
}

fn line(out: &mut String, cells: &[&str]) {
    let escaped: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&escaped.join(&SEPARATOR.to_string()));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::CertificateCode;
    use time::macros::datetime;

    #[test]
    fn plain_cells_are_unchanged() {
        assert_eq!(csv_cell("Åsa Öberg"), "Åsa Öberg");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("a-b"), "a-b");
    }

    #[test]
    fn quotes_separators_quotes_and_line_breaks() {
        assert_eq!(csv_cell("a;b"), "\"a;b\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("säg \"hej\""), "\"säg \"\"hej\"\"\"");
        assert_eq!(csv_cell("rad1\nrad2"), "\"rad1\nrad2\"");
        assert_eq!(csv_cell("rad1\r\nrad2"), "\"rad1\r\nrad2\"");
        assert_eq!(csv_cell(" kant "), "\" kant \"");
    }

    #[test]
    fn formula_starts_are_defused() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("+46 70"), "'+46 70");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@cmd"), "'@cmd");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(
            csv_cell("=HYPERLINK(\"x\";\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\""
        );
    }

    #[test]
    fn the_first_visible_character_decides() {
        assert_eq!(csv_cell("\u{200B}=1+1"), "'\u{200B}=1+1");
        assert_eq!(csv_cell("\u{202E}=1+1"), "'\u{202E}=1+1");
        assert_eq!(csv_cell("\u{FEFF}@x"), "'\u{FEFF}@x");
        assert_eq!(csv_cell("\u{00A0}-1"), "'\u{00A0}-1");
        assert_eq!(csv_cell("\u{3000}+1"), "'\u{3000}+1");
        assert_eq!(csv_cell("\u{200B}Kim"), "\u{200B}Kim");
    }

    #[test]
    fn report_has_a_header_and_one_line_per_certificate() {
        let cert = Certificate {
            code: CertificateCode::parse("7K3M-Q9TX-2HCR-W4PN-8FJD").expect("code"),
            name: "=Kim; \"K\"".into(),
            unit: None,
            module_id: "grund".into(),
            module_version: 2,
            correct: 9,
            total: 10,
            passed: true,
            issued: datetime!(2026-06-30 22:30 UTC),
            valid_until: time::macros::date!(2028 - 07 - 01),
            pages: Vec::new(),
        };
        let csv = report_csv_header()
            + &report_csv_line(&cert, "Grundkurs", Status::Outdated, &["Tecken", "Barn"]);
        assert_eq!(
            csv,
            "\u{feff}Datum;Namn;Enhet;Modul;Modul-id;Version;Rätt;Antal frågor;Godkänd;\
             Giltigt till;Status;Ändrade sidor;Kod\r\n\
             2026-07-01;\"'=Kim; \"\"K\"\"\";;Grundkurs;grund;2;9;10;ja;\
             2028-07-01;Äldre version;\"Tecken, Barn\";7K3M-Q9TX-2HCR-W4PN-8FJD\r\n"
        );
    }
}
