//! The router: small route groups merged into one site, and the layers around every response.

use super::compression;
use super::editorial;
use super::error::HtmlError;
use super::headers;
use super::host;
use super::hosts::{self, Hosts};
use super::rejection;
use super::search;
use super::state::AppState;
use super::training;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::trace::TraceLayer;

/// The whole application: `/healthz`, then each request to its municipality's site, with the
/// security headers around everything (the request log is per site, where the route is known).
pub fn app(hosts: Hosts) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .fallback(hosts::dispatch)
        .with_state(hosts)
        .layer(from_fn(headers::add))
}

/// One municipality's site, behind its `Host` check (`public-url`): its training and search
/// routes, which are compressed where it pays and answer axum's own errors in Swedish, and its
/// built pages from memory (compressed by the build).
pub fn site(state: AppState) -> Router {
    Router::new()
        .merge(training::routes())
        .merge(search::routes())
        .merge(editorial::routes())
        .method_not_allowed_fallback(rejection::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), rejection::translate))
        .layer(from_fn(compression::dynamic))
        .fallback(static_site)
        .layer(from_fn_with_state(state.clone(), host::check))
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
        let mut response = HtmlError::new(
            &state,
            StatusCode::METHOD_NOT_ALLOWED,
            "Det går inte att skicka till den här adressen",
            "Sidan kan bara läsas, inte ta emot formulär.",
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let uri = request.uri();
    state
        .files
        .respond(uri.path(), uri.query(), request.headers())
}

/// How long `/healthz` waits for the databases before it reports them unavailable.
const HEALTH_DB_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The site's state and the training database's, apart: `200` and
/// `{"site":"ok","database":"ok"}` while the site serves pages, `"database":"unavailable"`
/// when a municipality's records cannot be reached (pages and search still work, training
/// answers 503). Names no municipality and no error text.
async fn healthz(State(hosts): State<Hosts>) -> Response {
    let stores = hosts.stores().to_vec();
    let check = tokio::task::spawn_blocking(move || stores.iter().all(|s| s.ping().is_ok()));
    let database = match tokio::time::timeout(HEALTH_DB_TIMEOUT, check).await {
        Ok(Ok(true)) => "ok",
        _ => "unavailable",
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        format!("{{\"site\":\"ok\",\"database\":\"{database}\"}}"),
    )
        .into_response()
}
