//! The owner dashboard's table, shared by `/admin/sidor` (HTML and CSV) and
//! `vagvisare check --owners` (terminal): every page and local block from the content model
//! ([`vagvisare_model::owned_texts`]) with the open error reports and the "did you find what
//! you needed?" counts from the records, most urgent first.

use std::collections::HashMap;
use time::Date;
use vagvisare_model::{OwnedText, sort_by_urgency};
use vagvisare_quizzes::{FeedbackCount, Store, csv_row};

/// The dashboard: one row per text, most urgent first.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// Pages and local blocks, with open reports filled in.
    pub rows: Vec<OwnedText>,
    /// "Hittade du det du behövde?" per page over all stored months: (yes, no).
    pub feedback: HashMap<String, (u64, u64)>,
    /// The same counts per page and month, as stored (by page, newest month first).
    pub monthly: Vec<FeedbackCount>,
}

impl Dashboard {
    /// The rows `texts` (from [`vagvisare_model::owned_texts`]) with their state on `today`,
    /// the open reports and the feedback counts from `store` when there is one.
    pub fn load(
        texts: &[OwnedText],
        today: Date,
        store: Option<&Store>,
    ) -> Result<Dashboard, vagvisare_quizzes::Error> {
        let mut rows: Vec<OwnedText> = texts.iter().map(|t| t.clone().on(today)).collect();
        let mut feedback: HashMap<String, (u64, u64)> = HashMap::new();
        let mut monthly = Vec::new();
        if let Some(store) = store {
            let open: HashMap<String, u64> = store.open_page_report_counts()?.into_iter().collect();
            for row in rows.iter_mut().filter(|r| r.place.is_none()) {
                row.open_reports = open.get(&row.page).copied().unwrap_or(0);
            }
            monthly = store.feedback_counts()?;
            for count in &monthly {
                let entry = feedback.entry(count.page.clone()).or_default();
                entry.0 += count.yes;
                entry.1 += count.no;
            }
        }
        sort_by_urgency(&mut rows);
        Ok(Dashboard {
            rows,
            feedback,
            monthly,
        })
    }

    /// The feedback counts of a row's page: (yes, no).
    pub fn feedback_of(&self, row: &OwnedText) -> (u64, u64) {
        if row.place.is_some() {
            return (0, 0);
        }
        self.feedback.get(&row.page).copied().unwrap_or((0, 0))
    }

    /// The table as CSV (the same format as the other exports: BOM, `;`, CRLF, formula-safe).
    pub fn csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        out.push_str(&csv_row(&[
            "Sida",
            "Adress",
            "Vad",
            "Ägare",
            "Lager",
            "Granskas senast",
            "Läge",
            "Öppna felrapporter",
            "Ändrad nationell text",
            "Öppna frågor till ägaren",
            "Hittade det: ja",
            "Hittade det: nej",
        ]));
        for row in &self.rows {
            let (yes, no) = self.feedback_of(row);
            out.push_str(&csv_row(&[
                &row.title,
                &row.url,
                &row.kind(),
                &row.owner,
                row.layer(),
                &row.next_review.to_string(),
                row.state.label(),
                &row.open_reports.to_string(),
                row.drift.as_deref().unwrap_or(""),
                &row.review_notes.join(" | "),
                &yes.to_string(),
                &no.to_string(),
            ]));
        }
        out
    }

    /// The table for a terminal: one line per text, columns separated by two spaces, each open
    /// question for the owner on its own indented line below.
    pub fn terminal(&self) -> String {
        let header = [
            "LÄGE",
            "GRANSKAS",
            "RAPPORTER",
            "ÄGARE",
            "LAGER",
            "SIDA",
            "ÄNDRAD NATIONELL TEXT",
        ];
        let lines: Vec<[String; 7]> = self
            .rows
            .iter()
            .map(|r| {
                let page = match &r.place {
                    None => r.page.clone(),
                    Some(place) => format!("{} (lokal text {place})", r.page),
                };
                [
                    r.state.label().to_string(),
                    r.next_review.to_string(),
                    r.open_reports.to_string(),
                    r.owner.clone(),
                    r.layer().to_string(),
                    page,
                    r.drift.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for line in &lines {
            for (w, cell) in widths.iter_mut().zip(line) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let format = |cells: &[String]| {
            let mut text = String::new();
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                text.push_str(cell);
                if i + 1 < cells.len() {
                    text.push_str(&" ".repeat(w - cell.chars().count() + 2));
                }
            }
            text.trim_end().to_string() + "\n"
        };
        let mut out = format(&header.map(String::from));
        for (line, row) in lines.iter().zip(&self.rows) {
            out.push_str(&format(line));
            for note in &row.review_notes {
                out.push_str(&format!("    fråga: {note}\n"));
            }
        }
        out
    }
}
