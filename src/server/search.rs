//! Search: the JSON API for results as you type and the server-rendered results page.
//!
//! Routes:
//! - `GET /api/search?q=&audience=&limit=` – JSON `{query, total, took_us, hits: [{title,
//!   section, url, snippet, audience, score}]}`; snippets are escaped HTML with `<mark>`.
//! - `GET /sok?q=&audience=` – the results page in the site's layout, without JavaScript.
//!
//! Searches run in `spawn_blocking`: a query usually takes well under a millisecond, but typo
//! matching on a large corpus can take longer, and the async workers must stay free for other
//! requests. Queries are never logged: only counts and timings.

mod page;
pub(super) mod params;

use super::error::HtmlError;
use super::state::AppState;
use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use params::{ParamError, Params};
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;
use vagvisare_search::{Index, Request, Results};

/// The search routes, merged into the app by [`super::routes::app`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(api))
        .route("/sok", get(results_page))
}

/// One hit in the JSON answer.
#[derive(Debug, Serialize)]
struct JsonHit {
    title: String,
    section: Option<String>,
    url: String,
    snippet: String,
    audience: Vec<&'static str>,
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

/// A JSON error with a Swedish message.
fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Runs a search off the async runtime; the results and the time taken, or `None` after
/// logging a fault on our side (never the query).
async fn run(index: Arc<Index>, params: &Params) -> Option<(Results, std::time::Duration)> {
    let q = params.q.clone();
    let audience = params.audience;
    let limit = params.limit;
    let outcome = tokio::task::spawn_blocking(move || {
        let start = Instant::now();
        index
            .search(&Request {
                query: &q,
                audience,
                limit,
            })
            .map(|r| (r, start.elapsed()))
    })
    .await;
    match outcome {
        Ok(Ok(found)) => {
            tracing::debug!(
                hits = found.0.total,
                took_us = found.1.as_micros() as u64,
                "sök"
            );
            Some(found)
        }
        Ok(Err(e)) => {
            tracing::error!("sök: {e}");
            None
        }
        Err(e) => {
            tracing::error!("sök: sökningen avbröts: {e}");
            None
        }
    }
}

async fn api(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
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
    match run(index, &params).await {
        Some((results, took)) => Json(JsonResults {
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
                    score: h.score,
                })
                .collect(),
        })
        .into_response(),
        None => json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Något gick fel hos oss. Försök igen om en stund.",
        ),
    }
}

async fn results_page(
    State(state): State<AppState>,
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
        let html = page::render(&state, &page::View::empty(params.audience));
        return Ok(Html(html).into_response());
    }
    match run(index, &params).await {
        Some((results, _)) => {
            let view = page::View::results(params.q, params.audience, results);
            Ok(Html(page::render(&state, &view)).into_response())
        }
        None => Err(HtmlError::internal(&state)),
    }
}
