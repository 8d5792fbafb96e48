//! Errors as Swedish HTML pages in the site's layout.

use super::state::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;

/// An error page: a status and a message for the reader. Details for operators go to the log
/// where the error is created, never into the page.
#[derive(Debug)]
pub struct HtmlError {
    status: StatusCode,
    body: String,
    retry_after: Option<u64>,
}

impl HtmlError {
    /// Renders `message` under `heading` in the layout.
    pub fn new(state: &AppState, status: StatusCode, heading: &str, message: &str) -> HtmlError {
        let main = html! {
            h1 { (heading) }
            p { (message) }
            p { a href="/" { "Till startsidan" } }
        };
        HtmlError {
            status,
            body: state.shell.page(heading, message, &main.into_string()),
            retry_after: None,
        }
    }

    /// 429 with `Retry-After`: `message`, then how long to wait, in Swedish.
    pub fn too_many_requests(
        state: &AppState,
        wait: std::time::Duration,
        message: &str,
    ) -> HtmlError {
        let seconds = wait.as_secs().max(1);
        let minutes = seconds.div_ceil(60);
        let when = if minutes <= 1 {
            "en minut".to_string()
        } else {
            format!("{minutes} minuter")
        };
        let mut e = HtmlError::new(
            state,
            StatusCode::TOO_MANY_REQUESTS,
            "Vänta en stund",
            &format!("{message} Vänta {when} och försök sedan igen."),
        );
        e.retry_after = Some(seconds);
        e
    }

    /// 400 with a message on what was wrong with the request.
    pub fn bad_request(state: &AppState, message: &str) -> HtmlError {
        HtmlError::new(
            state,
            StatusCode::BAD_REQUEST,
            "Felaktig förfrågan",
            message,
        )
    }

    /// 404.
    pub fn not_found(state: &AppState, message: &str) -> HtmlError {
        HtmlError::new(state, StatusCode::NOT_FOUND, "Sidan finns inte", message)
    }

    /// 503 with `Retry-After`: the training records cannot be reached right now (the
    /// database is down or restarting). The rest of the site works, and says so.
    pub fn training_unavailable(state: &AppState) -> HtmlError {
        let mut error = HtmlError::new(
            state,
            StatusCode::SERVICE_UNAVAILABLE,
            "Utbildningen går inte att använda just nu",
            "Vi kommer inte åt utbildningens uppgifter just nu. Försök igen om en stund. Inget av det du redan har gjort är förlorat. Vägledningen och sökningen fungerar som vanligt.",
        );
        error.retry_after = Some(30);
        error
    }

    /// 500, for faults on our side; log the cause before calling this.
    pub fn internal(state: &AppState) -> HtmlError {
        HtmlError::new(
            state,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Något gick fel",
            "Något gick fel hos oss. Försök igen om en stund.",
        )
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Html(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
