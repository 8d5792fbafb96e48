//! The editorial loop: readers report errors on pages and (when switched on) answer "Hittade
//! du det du behövde?"; staff see the reports and every page's owner, review state and drift.
//! The records live in the same store as the training records.
//!
//! Routes:
//! - `POST /rapportera` – an error report on a page (Origin check, length limits, a trap field,
//!   rate limits per client, per page and in all) → `303` to `GET /rapportera/tack`.
//! - `POST /hittade` – yes or no for a page, counted per page and month → `303` to
//!   `GET /hittade/tack` (404 while the switch `page-feedback` is off).
//! - `GET /admin/rapporter`, `POST /admin/rapporter/{id}/atgardad`, `GET /admin/rapporter.csv`
//!   – open reports per page and owner, national text apart; behind the admin sign-in.
//! - `GET /admin/sidor`, `GET /admin/sidor.csv` – the owner dashboard.

mod admin_reports;
mod dashboard;
mod feedback;
mod report;

use super::error::HtmlError;
use super::limits::RateLimiter;
use super::state::AppState;
use super::training::{
    BODY_LIMIT, Fields, Gate, blocking, check_origin, fields, page, require_admin, single,
    slow_down,
};
use crate::config::Limits;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use vagvisare_model::{Origin, OwnedText, Site, owned_texts};
use vagvisare_quizzes::{ReportLayer, Store};

/// Answers to "Hittade du det du behövde?" per client and hour.
const FEEDBACK_PER_CLIENT_PER_HOUR: u32 = 60;

/// What a report or an answer needs to know of a page.
#[derive(Debug, Clone)]
pub struct PageInfo {
    /// The content path, e.g. `barn/barnahus.md`.
    pub path: String,
    /// The URL path it is served at.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its owner.
    pub owner: String,
    /// Its layer in the merged site.
    pub layer: ReportLayer,
}

/// What the editorial routes need besides the training records: the municipality's pages
/// (reports are accepted only for them) and the owner dashboard's rows, taken from the merged
/// site at start, and the rate limiters.
pub struct Editorial {
    /// Every page of the municipality's merged site, by content path.
    pages: HashMap<String, PageInfo>,
    /// Every page and local block with owner, review date and drift (states are computed
    /// for the day the dashboard is shown).
    texts: Vec<OwnedText>,
    /// Whether "Hittade du det du behövde?" is on.
    pub page_feedback: bool,
    /// Reports per client.
    reports_per_client: RateLimiter,
    /// Reports per page, from everyone.
    reports_per_page: RateLimiter,
    /// Reports on the whole site, from everyone.
    reports_total: RateLimiter,
    /// Yes/no answers per client.
    feedback_per_client: RateLimiter,
}

impl Editorial {
    /// The editorial state for `site`, with the configured limits (kept in memory, so they
    /// hold per server process: with several replicas, each has its own).
    pub fn new(site: &Site, page_feedback: bool, limits: &Limits) -> Editorial {
        let hour = Duration::from_secs(3600);
        let pages = site
            .pages
            .iter()
            .map(|p| {
                let info = PageInfo {
                    path: p.path.clone(),
                    url: p.url(),
                    title: p.front.title.clone(),
                    owner: p.front.owner.clone(),
                    layer: match p.origin {
                        Origin::National => ReportLayer::National,
                        Origin::Local => ReportLayer::Local,
                    },
                };
                (p.path.clone(), info)
            })
            .collect();
        Editorial {
            pages,
            texts: owned_texts(site, today()),
            page_feedback,
            reports_per_client: RateLimiter::new(limits.reports_per_hour, hour),
            reports_per_page: RateLimiter::new(limits.reports_per_page_per_hour, hour),
            reports_total: RateLimiter::new(limits.reports_total_per_hour, hour),
            feedback_per_client: RateLimiter::new(FEEDBACK_PER_CLIENT_PER_HOUR, hour),
        }
    }

    /// The page with content path `path`, if the site has it.
    fn page(&self, path: &str) -> Option<&PageInfo> {
        self.pages.get(path)
    }
}

/// The editorial routes, merged into each municipality's site by [`super::routes::site`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rapportera", post(report::submit))
        .route("/rapportera/tack", get(report::thanks))
        .route("/hittade", post(feedback::submit))
        .route("/hittade/tack", get(feedback::thanks))
        .route("/admin/rapporter", get(admin_reports::show))
        .route("/admin/rapporter.csv", get(admin_reports::csv))
        .route(
            "/admin/rapporter/{id}/atgardad",
            post(admin_reports::mark_done),
        )
        .route("/admin/sidor", get(dashboard::show))
        .route("/admin/sidor.csv", get(dashboard::csv))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// The editorial state and the records, or 404 when the server runs without them.
fn enabled(state: &AppState) -> Result<(Arc<Editorial>, Arc<Store>), HtmlError> {
    match (&state.editorial, &state.training) {
        (Some(editorial), Some(training)) => {
            Ok((Arc::clone(editorial), Arc::clone(&training.store)))
        }
        _ => Err(HtmlError::not_found(
            state,
            "Sidan du letar efter finns inte på Vägvisaren.",
        )),
    }
}

/// A query string's value for `name` (decoded), if present.
fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `/path?name=value` with the value encoded.
fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        query.append_pair(k, v);
    }
    format!("{path}?{}", query.finish())
}

/// A CSV download with a file name.
fn csv_response(name: &str, body: String) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// Today's date for review states.
fn today() -> time::Date {
    crate::cmd::today()
}
