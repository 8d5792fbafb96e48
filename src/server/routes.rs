//! The router: small route groups merged into one app.

use super::headers;
use super::state::AppState;
use super::training;
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let site = ServeDir::new(state.site_dir.as_path())
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(state.site_dir.join("404.html")));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(training::routes())
        .fallback_service(site)
        .with_state(state)
        .layer(axum::middleware::from_fn(headers::add))
        .layer(CompressionLayer::new())
        .layer(
            // Method and path only: query strings can hold search words.
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                tracing::info_span!("http", method = %request.method(), path = %request.uri().path())
            }),
        )
}

async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}
