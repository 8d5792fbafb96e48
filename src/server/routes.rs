//! The router: small route groups merged into one site, and the layers around every response.

use super::error::HtmlError;
use super::headers;
use super::host;
use super::hosts::{self, Hosts};
use super::search;
use super::state::AppState;
use super::training;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

/// The whole application: `/healthz`, then each request to its municipality's site, with the
/// security headers and compression around everything (the request log is per site, where the
/// route is known).
pub fn app(hosts: Hosts) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .fallback(hosts::dispatch)
        .with_state(hosts)
        .layer(axum::middleware::from_fn(headers::add))
        .layer(CompressionLayer::new())
}

/// One municipality's site: its training and search routes and its built pages, behind its
/// `Host` check (`public-url`).
pub fn site(state: AppState) -> Router {
    Router::new()
        .merge(training::routes())
        .merge(search::routes())
        .fallback(static_site)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            host::check,
        ))
        .with_state(state)
        .layer(
            // Method and route template only: query strings can hold search words, and paths
            // can hold certificate codes (/utbildning/intyg/{code}).
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("(webbplatsens filer)", MatchedPath::as_str);
                tracing::info_span!("http", method = %request.method(), route = %route)
            }),
        )
}

/// The built site for GET and HEAD; a Swedish 405 page for other methods.
async fn static_site(State(state): State<AppState>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return HtmlError::new(
            &state,
            StatusCode::METHOD_NOT_ALLOWED,
            "Det går inte att skicka till den här adressen",
            "Sidan kan bara läsas, inte ta emot formulär.",
        )
        .into_response();
    }
    let site = ServeDir::new(state.site_dir.as_path())
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(state.site_dir.join("404.html")));
    match site.oneshot(request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}

async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}
