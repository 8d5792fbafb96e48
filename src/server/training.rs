//! Training ("utbildning"): the module list, the quiz form, results, certificates and their
//! verification, the discussion pages and the admin report. Grading and records live in the
//! `vagvisare-quizzes` crate; this module turns them into routes and pages.
//!
//! Routes:
//! - `GET /utbildning/` – the modules, with audience, length, pass mark and what the
//!   certificate proves, and a form to check a certificate code.
//! - `GET /utbildning/{id}/` – intro, reading list and the quiz form (a new signed attempt
//!   token; nothing is written).
//! - `POST /utbildning/{id}/svar` – grading: score, pass/fail, feedback per question.
//! - `POST /utbildning/{id}/intyg` – name and unit for a passed result → the certificate.
//! - `GET /utbildning/{id}/diskutera` – questions for the work group, printable.
//! - `GET /utbildning/intyg/{code}`, `GET /utbildning/intyg/{code}.json` and
//!   `GET /utbildning/intyg?kod=` – verification (a page, or JSON for HR systems).
//! - `GET|POST /admin/`, `POST /admin/logga-ut`, `GET /admin/rapport.csv` and
//!   `GET /admin/xapi.json` – the manager report, its CSV and the xAPI export (session cookie
//!   after sign-in, or a bearer token).
//! - `GET /admin/statistik`, `GET /admin/statistik/{id}` and `GET /admin/statistik/{id}/csv`
//!   – item statistics per module (same sign-in).

mod admin;
mod certificate;
mod discussion;
mod form;

pub(super) use admin::{Gate, require_admin};
pub(super) use form::{Fields, check_origin, fields, single, slow_down};
mod list;
mod qr;
mod quiz;
mod report;
mod statistics;
mod tokens;
mod verify;
mod versions;
mod xapi;

use super::error::HtmlError;
use super::state::AppState;
use crate::modules::PageLinks;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use std::sync::Arc;
use std::time::Duration;
use vagvisare_quizzes::{Catalog, Module, Retention, Store};

/// The largest form body accepted.
pub const BODY_LIMIT: usize = 16 * 1024;

/// How often records are pruned while the server runs.
const RETENTION_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// A replica runs retention only when no run (on any replica sharing the records) started
/// within this time: a little less than a day, so that a daily timer is never skipped.
pub const RETENTION_CLAIM: time::Duration = time::Duration::hours(23);

/// Everything the training pages need.
pub struct Training {
    /// The loaded modules.
    pub catalog: Catalog,
    /// The records.
    pub store: Arc<Store>,
    /// Titles and URLs of content pages, for reading lists and source links.
    pub links: PageLinks,
    /// The admin token; `None` turns the admin pages off (404).
    pub admin_token: Option<String>,
    /// How long records are kept.
    pub retention: Retention,
}

/// The training routes, merged into the app by [`super::routes::app`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/utbildning",
            get(|| async { Redirect::permanent("/utbildning/") }),
        )
        .route("/utbildning/", get(list::index))
        .route("/utbildning/intyg", get(verify::lookup))
        .route("/utbildning/intyg/{code}", get(verify::verify))
        .route("/utbildning/{id}", get(quiz::add_slash))
        .route("/utbildning/{id}/", get(quiz::show))
        .route("/utbildning/{id}/svar", post(quiz::submit))
        .route("/utbildning/{id}/intyg", post(certificate::issue))
        .route("/utbildning/{id}/diskutera", get(discussion::show))
        .route("/admin/", get(admin::show).post(admin::login))
        .route("/admin/logga-ut", post(admin::logout))
        .route("/admin/rapport.csv", get(admin::csv_download))
        .route("/admin/statistik", get(statistics::index))
        .route("/admin/statistik/{id}", get(statistics::module))
        .route("/admin/statistik/{id}/csv", get(statistics::csv))
        .route("/admin/xapi.json", get(xapi::download))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// Deletes old records once a day (the run at start-up happens before serving).
pub fn spawn_daily_retention(training: Arc<Training>) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(RETENTION_INTERVAL);
        interval.tick().await; // the first tick is immediate; start-up already pruned
        loop {
            interval.tick().await;
            let t = Arc::clone(&training);
            let now = time::OffsetDateTime::now_utc();
            match tokio::task::spawn_blocking(move || {
                t.store
                    .apply_retention_once(&t.retention, now, RETENTION_CLAIM)
            })
            .await
            {
                Ok(Ok(None)) => {
                    tracing::info!("utbildning: gallringen är redan gjord (av en annan replik)")
                }
                Ok(Ok(Some(r))) => tracing::info!(
                    certificates = r.certificates,
                    submissions = r.submissions,
                    attempt_records = r.attempt_records,
                    reports = r.reports,
                    "utbildning: gamla uppgifter raderade"
                ),
                Ok(Err(e)) => tracing::error!("utbildning: gallringen misslyckades: {e}"),
                Err(e) => tracing::error!("utbildning: gallringen avbröts: {e}"),
            }
        }
    });
}

/// The training state, or 404 when the server runs without it.
fn training(state: &AppState) -> Result<Arc<Training>, HtmlError> {
    state.training.clone().ok_or_else(|| {
        HtmlError::not_found(state, "Utbildningen är inte igång på den här servern.")
    })
}

/// The module with `id`, or 404.
fn module<'a>(state: &AppState, training: &'a Training, id: &str) -> Result<&'a Module, HtmlError> {
    training.catalog.get(id).ok_or_else(|| {
        HtmlError::not_found(
            state,
            "Det finns ingen utbildningsmodul med den adressen. Se alla moduler under Utbildning.",
        )
    })
}

/// Runs a blocking store call off the async runtime; failures are logged and become 500, or
/// 503 when the database cannot be reached right now.
pub(super) async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, HtmlError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, vagvisare_quizzes::Error> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) if e.is_unavailable() => {
            tracing::warn!("utbildning: {e}");
            Err(HtmlError::training_unavailable(state))
        }
        Ok(Err(e)) => {
            tracing::error!("utbildning: {e}");
            Err(HtmlError::internal(state))
        }
        Err(e) => {
            tracing::error!("utbildning: bakgrundsjobbet avbröts: {e}");
            Err(HtmlError::internal(state))
        }
    }
}

/// A complete page in the site's layout.
pub(super) fn page(
    state: &AppState,
    status: StatusCode,
    title: &str,
    description: &str,
    main: Markup,
) -> Response {
    let html = state.shell.page(title, description, &main.into_string());
    (status, Html(html)).into_response()
}

/// A 400 page with a message in Swedish.
fn bad_request(state: &AppState, message: &str) -> HtmlError {
    HtmlError::bad_request(state, message)
}

/// The municipality's public base URL (`public-url`, e.g. `https://vagvisaren.kommun.se`),
/// which QR codes, printed links and xAPI ids use. Never the request's `Host`, which the
/// client chooses (I4): without `public-url` there is no QR code, links are paths and the
/// xAPI export is off.
fn base_url(state: &AppState) -> Option<String> {
    state.security.public_url.as_ref().map(|u| u.origin())
}

/// Link target and label for a content reference.
fn source_link(training: &Training, source: &vagvisare_quizzes::SourceRef) -> (String, String) {
    training.links.resolve(source)
}
