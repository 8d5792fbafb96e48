//! The owners' view of a site: every text with an owner and a review date (each page, and each
//! municipality's local block inside a national page), its review state on a given day, and
//! whether a local text has drifted from the national page it builds on. The admin dashboard
//! (`/admin/sidor`) and `vagvisare check --owners` both show this list, sorted with
//! [`sort_by_urgency`].

use crate::layer::Origin;
use crate::page::Page;
use crate::site::Site;
use crate::version::drift;
use time::{Date, Duration};

/// A review date this close (or closer) is "due soon".
pub const DUE_SOON_DAYS: i64 = 30;

/// Where a text stands with its review date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewState {
    /// The review date has passed.
    Overdue,
    /// The review date is within [`DUE_SOON_DAYS`] days.
    DueSoon,
    /// Later than that.
    Ok,
}

impl ReviewState {
    /// The state of a text to be reviewed by `next_review`, on `today`.
    pub fn on(next_review: Date, today: Date) -> ReviewState {
        if today > next_review {
            ReviewState::Overdue
        } else if next_review - today <= Duration::days(DUE_SOON_DAYS) {
            ReviewState::DueSoon
        } else {
            ReviewState::Ok
        }
    }

    /// The Swedish label: "försenad", "inom 30 dagar" or "ok".
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Overdue => "försenad",
            ReviewState::DueSoon => "inom 30 dagar",
            ReviewState::Ok => "ok",
        }
    }
}

/// One text with an owner: a page, or a local block inside a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedText {
    /// The page's content path (for a block, the page it sits in).
    pub page: String,
    /// The page's URL path.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// For a local block, its place name (`{{lokalt:NAMN}}`); `None` for the page itself.
    pub place: Option<String>,
    /// Who keeps the text up to date.
    pub owner: String,
    /// The layer the text comes from.
    pub origin: Origin,
    /// When it must be reviewed again.
    pub next_review: Date,
    /// Its review state on the day asked for.
    pub state: ReviewState,
    /// For a local text that builds on a national page which has changed since: what changed,
    /// in Swedish.
    pub drift: Option<String>,
    /// Open error reports on the page (filled in by the caller, which has the records; counted
    /// on the page's own row).
    pub open_reports: u64,
    /// Open questions for the owner (`review_notes`), never shown to readers.
    pub review_notes: Vec<String>,
}

impl OwnedText {
    /// What the row is, in Swedish: "sidan" or "lokal text (NAMN)".
    pub fn kind(&self) -> String {
        match &self.place {
            None => "sidan".to_string(),
            Some(place) => format!("lokal text ({place})"),
        }
    }

    /// "nationell" or "lokal".
    pub fn layer(&self) -> &'static str {
        match self.origin {
            Origin::National => "nationell",
            Origin::Local => "lokal",
        }
    }

    /// The same text with its state on another day (the server keeps the rows from start-up
    /// and asks again each time the dashboard is shown).
    pub fn on(mut self, today: Date) -> OwnedText {
        self.state = ReviewState::on(self.next_review, today);
        self
    }

    /// How urgent the text is, lower first: overdue; then with open reports or drift; then due
    /// soon; then the rest.
    fn urgency(&self) -> u8 {
        match self.state {
            ReviewState::Overdue => 0,
            _ if self.open_reports > 0 || self.drift.is_some() => 1,
            ReviewState::DueSoon => 2,
            ReviewState::Ok => 3,
        }
    }
}

/// Every page and local block of `site` with its state on `today`, in the site's order.
pub fn owned_texts(site: &Site, today: Date) -> Vec<OwnedText> {
    let mut out = Vec::new();
    for page in &site.pages {
        out.push(page_row(page, today));
        for block in &page.blocks {
            let drifted = drift(&block.based_on, &page.stamp(), &page.front.changes)
                .map(|d| format!("Den nationella sidan: {}", d.describe()));
            out.push(OwnedText {
                place: Some(block.place.clone()),
                owner: block.owner.clone(),
                origin: Origin::Local,
                next_review: block.next_review,
                state: ReviewState::on(block.next_review, today),
                drift: drifted,
                review_notes: block.review_notes.clone(),
                ..page_row(page, today)
            });
        }
    }
    out
}

fn page_row(page: &Page, today: Date) -> OwnedText {
    // A municipality's page replacing a national one drifts when the national page moved on.
    let drifted = page.replaced.as_ref().and_then(|replaced| {
        let recorded = page.front.based_on.as_ref()?;
        drift(recorded, &replaced.national, &[]).map(|d| {
            if d.unnoted {
                "Den nationella sidan har ändrats utan ändringsnotering".to_string()
            } else {
                format!(
                    "Den nationella sidan har ändrats: version {} → {}",
                    d.recorded, d.current
                )
            }
        })
    });
    OwnedText {
        page: page.path.clone(),
        url: page.url(),
        title: page.front.title.clone(),
        place: None,
        owner: page.front.owner.clone(),
        origin: page.origin,
        next_review: page.front.next_review,
        state: ReviewState::on(page.front.next_review, today),
        drift: drifted,
        open_reports: 0,
        review_notes: page.front.review_notes.clone(),
    }
}

/// Sorts the most urgent first (see [`OwnedText`]'s order: overdue; open reports or drift; due
/// within 30 days; ok), then by review date, page and place.
pub fn sort_by_urgency(texts: &mut [OwnedText]) {
    texts.sort_by(|a, b| {
        (a.urgency(), a.next_review, &a.page, &a.place).cmp(&(
            b.urgency(),
            b.next_review,
            &b.page,
            &b.place,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn states_on_a_day() {
        let today = date!(2026 - 06 - 01);
        assert_eq!(
            ReviewState::on(date!(2026 - 05 - 31), today),
            ReviewState::Overdue
        );
        assert_eq!(ReviewState::on(today, today), ReviewState::DueSoon);
        assert_eq!(
            ReviewState::on(date!(2026 - 07 - 01), today),
            ReviewState::DueSoon
        );
        assert_eq!(
            ReviewState::on(date!(2026 - 07 - 02), today),
            ReviewState::Ok
        );
    }

    fn text(page: &str, next: Date, state: ReviewState, reports: u64) -> OwnedText {
        OwnedText {
            page: page.into(),
            url: format!("/{page}"),
            title: page.into(),
            place: None,
            owner: "Ägare".into(),
            origin: Origin::National,
            next_review: next,
            state,
            drift: None,
            open_reports: reports,
            review_notes: Vec::new(),
        }
    }

    #[test]
    fn most_urgent_first() {
        let mut texts = vec![
            text("ok.md", date!(2027 - 01 - 01), ReviewState::Ok, 0),
            text("snart.md", date!(2026 - 06 - 20), ReviewState::DueSoon, 0),
            text("rapport.md", date!(2027 - 02 - 01), ReviewState::Ok, 2),
            text("sen2.md", date!(2026 - 05 - 01), ReviewState::Overdue, 0),
            text("sen1.md", date!(2026 - 01 - 01), ReviewState::Overdue, 0),
        ];
        texts[0].drift = Some("ändrad".into());
        sort_by_urgency(&mut texts);
        let order: Vec<&str> = texts.iter().map(|t| t.page.as_str()).collect();
        assert_eq!(
            order,
            ["sen1.md", "sen2.md", "ok.md", "rapport.md", "snart.md"]
        );
    }
}
