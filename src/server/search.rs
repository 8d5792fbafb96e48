//! Search: the JSON API for results as you type and the server-rendered results page.
//!
//! Routes:
//! - `GET /api/search?q=&audience=&limit=&lang=` – JSON `{query, total, took_us, hits:
//!   [{title, section, url, snippet, audience, origin, lang, score}]}`; snippets are escaped
//!   HTML with `<mark>`. With `lang=en` (or `lattlast`), that language's hits come first.
//! - `GET /sok?q=&audience=&lang=` – the results page in the site's layout (in the words of
//!   `lang`), without JavaScript.
//!
//! Searches are admitted through [`Admission`]: when every place is taken the answer is 503
//! with `Retry-After` and a Swedish message (JSON for the API, the error page for `/sok`).
//! An admitted search runs in `spawn_blocking` once one of the places for running searches (two
//! per core) is free, so the async workers stay free for other requests (the help pages, the
//! quick exit). Running searches inline on the workers was measured too and was slower (see
//! BENCHMARKS.md). Queries are never logged: only counts and timings.

mod admission;
mod page;
pub(super) mod params;

pub use admission::Admission;

use super::error::HtmlError;
use super::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use params::{ParamError, Params};
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;
use vagvisare_search::{Index, Request, Results};

/// The search routes, merged into the app by [`super::routes::app`], with one place per core
/// and [`admission::WAITING`] more.
pub fn routes() -> Router<AppState> {
    routes_with(Arc::new(Admission::for_this_machine()))
}

/// The search routes with a given admission control.
fn routes_with(admission: Arc<Admission>) -> Router<AppState> {
    Router::new()
        .route("/api/search", get(api))
        .route("/sok", get(results_page))
        .layer(Extension(admission))
}

/// One hit in the JSON answer.
#[derive(Debug, Serialize)]
struct JsonHit {
    title: String,
    section: Option<String>,
    url: String,
    snippet: String,
    audience: Vec<&'static str>,
    /// `"nationell"` (national guidance) or `"lokal"` (the municipality's own text).
    origin: &'static str,
    /// The hit's language: `"sv"`, or the variant's code (`"lattlast"`, `"en"` …).
    lang: &'static str,
    score: f32,
}

/// The JSON answer.
#[derive(Debug, Serialize)]
struct JsonResults {
    query: String,
    total: usize,
    took_us: u128,
    suggestion: Option<String>,
    hits: Vec<JsonHit>,
}

/// What the reader is told when every place for a search is taken.
const BUSY: &str = "Många söker just nu. Försök igen om en liten stund.";

/// A JSON error with a Swedish message.
fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Adds `Retry-After` to a 503.
fn retry_later(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(admission::RETRY_AFTER_SECONDS),
    );
    response
}

/// Why a search gave no results.
enum Failure {
    /// Every place was taken: 503.
    Busy,
    /// A fault on our side, already logged: 500.
    Fault,
}

/// Runs a search if it is admitted; the results and the time taken. Faults are logged
/// (never the query).
async fn run(
    index: Arc<Index>,
    admission: &Admission,
    params: &Params,
) -> Result<(Results, std::time::Duration), Failure> {
    let Some(admitted) = admission.admit() else {
        tracing::debug!("sök: alla platser upptagna, 503");
        return Err(Failure::Busy);
    };
    let q = params.q.clone();
    let (audience, limit, language) = (params.audience, params.limit, params.lang);
    let outcome = admitted
        .run_blocking(move || {
            let start = Instant::now();
            index
                .search(&Request {
                    query: &q,
                    audience,
                    limit,
                    language,
                })
                .map(|r| (r, start.elapsed()))
        })
        .await;
    let outcome = match outcome {
        Some(outcome) => outcome,
        None => {
            tracing::error!("sök: sökningen avbröts");
            return Err(Failure::Fault);
        }
    };
    match outcome {
        Ok(found) => {
            tracing::debug!(
                hits = found.0.total,
                took_us = found.1.as_micros() as u64,
                "sök"
            );
            Ok(found)
        }
        Err(e) => {
            tracing::error!("sök: {e}");
            Err(Failure::Fault)
        }
    }
}

async fn api(
    State(state): State<AppState>,
    Extension(admission): Extension<Arc<Admission>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(index) = state.search.clone() else {
        return json_error(
            StatusCode::NOT_FOUND,
            "Sökningen är inte igång på den här servern.",
        );
    };
    let params = match params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    if params.q.trim().is_empty() {
        return json_error(StatusCode::BAD_REQUEST, "Skriv minst ett ord att söka på.");
    }
    match run(index, &admission, &params).await {
        Ok((results, took)) => Json(JsonResults {
            query: params.q,
            total: results.total,
            took_us: took.as_micros(),
            suggestion: results.suggestion,
            hits: results
                .hits
                .into_iter()
                .map(|h| JsonHit {
                    title: h.title,
                    section: h.section,
                    url: h.url,
                    snippet: h.snippet,
                    audience: h.audience.iter().map(|a| a.key()).collect(),
                    origin: match h.origin {
                        vagvisare_model::Origin::National => "nationell",
                        vagvisare_model::Origin::Local => "lokal",
                    },
                    score: h.score,
                    lang: h.language.map_or("sv", |l| l.code),
                })
                .collect(),
        })
        .into_response(),
        Err(Failure::Busy) => retry_later(json_error(StatusCode::SERVICE_UNAVAILABLE, BUSY)),
        Err(Failure::Fault) => json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Något gick fel hos oss. Försök igen om en stund.",
        ),
    }
}

async fn results_page(
    State(state): State<AppState>,
    Extension(admission): Extension<Arc<Admission>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let Some(index) = state.search.clone() else {
        return Err(HtmlError::not_found(
            &state,
            "Sökningen är inte igång på den här servern.",
        ));
    };
    let params = match params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e @ ParamError::TooLong) => {
            let html = page::render(
                &state,
                &page::View::error(String::new(), None, &e.to_string()),
            );
            return Ok((StatusCode::BAD_REQUEST, Html(html)).into_response());
        }
        Err(e) => return Err(HtmlError::bad_request(&state, &e.to_string())),
    };
    if params.q.trim().is_empty() {
        let html = page::render(&state, &page::View::empty(params.audience, params.lang));
        return Ok(Html(html).into_response());
    }
    match run(index, &admission, &params).await {
        Ok((results, _)) => {
            let view = page::View::results(params.q, params.audience, params.lang, results);
            Ok(Html(page::render(&state, &view)).into_response())
        }
        Err(Failure::Busy) => Ok(retry_later(
            HtmlError::new(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                "Sökningen är upptagen",
                BUSY,
            )
            .into_response(),
        )),
        Err(Failure::Fault) => Err(HtmlError::internal(&state)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use axum::body::Body;
    use axum::http::Request as HttpRequest;
    use std::path::Path;
    use tower::ServiceExt;
    use vagvisare_model::{Paths, Site};
    use vagvisare_search::Synonyms;

    /// The search routes on the minimal fixture, built into `dir`, with `admission`.
    fn app(dir: &Path, admission: Arc<Admission>) -> Router {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let loaded = Site::load(&Paths::under(&root), crate::cmd::today()).expect("fixture loads");
        let site_dir = dir.join("site");
        let target = vagvisare_site::BuildTarget {
            out: site_dir.clone(),
            cache: vagvisare_site::CompressCache::new(dir.join("cache")),
            inputs: String::new(),
        };
        vagvisare_site::build(
            &loaded.site,
            &crate::cmd::site_options(&Config::default()),
            &target,
        )
        .expect("fixture builds");
        let files = crate::server::static_files::StaticSite::load(
            &site_dir,
            &crate::server::static_files::SharedFiles::new(),
        )
        .expect("files");
        let index = Index::build(&loaded.site, Synonyms::default()).expect("index");
        let state = AppState::new(&site_dir, Arc::new(files))
            .expect("state")
            .with_search(Arc::new(index));
        routes_with(admission).with_state(state)
    }

    async fn get(app: &Router, path: &str) -> (StatusCode, Option<String>, String) {
        let response = app
            .clone()
            .oneshot(HttpRequest::get(path).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let status = response.status();
        let retry = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        (status, retry, String::from_utf8_lossy(&body).into_owned())
    }

    /// With every place taken, both routes answer 503 with `Retry-After` and a Swedish
    /// message at once (JSON for the API, the error page for `/sok`); with a place free
    /// again, they search.
    #[tokio::test]
    async fn a_full_search_queue_answers_503_with_retry_after_in_swedish() {
        let dir = tempfile::tempdir().expect("temp dir");
        let admission = Arc::new(Admission::new(1, 0));
        let app = app(dir.path(), Arc::clone(&admission));
        let held = admission.admit().expect("the only place");

        let (status, retry, body) = get(&app, "/api/search?q=rutin").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(retry.as_deref(), Some("1"));
        let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(json["error"], BUSY);

        let (status, retry, body) = get(&app, "/sok?q=rutin").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(retry.as_deref(), Some("1"));
        assert!(body.contains("<h1>Sökningen är upptagen</h1>"), "{body}");
        assert!(body.contains(BUSY), "{body}");

        drop(held);
        let (status, retry, body) = get(&app, "/api/search?q=rutin").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(retry, None);
        let (status, _, _) = get(&app, "/sok?q=rutin").await;
        assert_eq!(status, StatusCode::OK);
    }
}
