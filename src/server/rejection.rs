//! axum's own error answers in Swedish (review finding I1).
//!
//! axum answers some bad requests before our handlers run: a method a route does not have
//! (`PUT /sok`: 405 with an empty body) and a path or form it cannot read
//! (`/utbildning/%ff/`: 400 `Invalid URL: Invalid UTF-8 in 'id'` as English plain text). Those
//! answers become the Swedish error page here (JSON `{"error": …}` under `/api/`), with the same
//! status and `Allow` header; the security headers are added around every response anyway.
//!
//! hyper's own answers to requests it cannot parse at all (400 for bytes that are not HTTP,
//! 414 for a 70 KB path, 431 for too many or too large headers) are sent before any of our code
//! runs and cannot be changed here: a reverse proxy in front can replace them.

use super::error::HtmlError;
use super::state::AppState;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Swedish 405 page for a route that exists but not with this method (axum adds the
/// route's `Allow` header).
pub async fn method_not_allowed(State(state): State<AppState>, request: Request) -> Response {
    swedish(&state, StatusCode::METHOD_NOT_ALLOWED, request.uri().path())
}

/// The middleware: replaces axum's plain-text or empty 4xx answers with Swedish ones.
pub async fn translate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if !from_axum(&response) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut swedish = swedish(&state, response.status(), &path);
    if let Some(allow) = allow {
        swedish.headers_mut().insert(header::ALLOW, allow);
    }
    swedish
}

/// A 4xx that axum wrote: plain text or no body type at all, with a status our handlers
/// answer with a page of their own (so deliberate plain-text answers such as the admin CSV's
/// 401 stay as they are).
fn from_axum(response: &Response) -> bool {
    let status = response.status();
    let axum_status = [
        StatusCode::BAD_REQUEST,
        StatusCode::METHOD_NOT_ALLOWED,
        StatusCode::PAYLOAD_TOO_LARGE,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        StatusCode::UNPROCESSABLE_ENTITY,
    ]
    .contains(&status);
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|t| t.as_bytes().starts_with(b"text/plain"));
    axum_status && plain
}

/// The Swedish answer for `status` at `path`.
fn swedish(state: &AppState, status: StatusCode, path: &str) -> Response {
    let (heading, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "Det går inte att skicka till den här adressen",
            "Adressen tar inte emot den här sortens förfrågan.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Det du skickade är för stort",
            "Förfrågan är större än servern tar emot. Skicka mindre text och försök igen.",
        ),
        _ => (
            "Felaktig förfrågan",
            "Adressen eller formuläret innehåller något som inte går att läsa. Kontrollera adressen och försök igen.",
        ),
    };
    if path.starts_with("/api/") {
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    } else {
        HtmlError::new(state, status, heading, message).into_response()
    }
}
