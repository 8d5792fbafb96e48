//! `/admin/`: completions per module and unit and the list of certificates, as a page and as
//! CSV. Protected by the configured admin token (`Authorization: Bearer <token>`, or a login
//! form whose POST result is the report itself, so no cookie is needed). Without a configured
//! token every admin address is 404.

use super::super::error::HtmlError;
use super::super::state::AppState;
use super::form::{Fields, check_origin, fields, single};
use super::{Training, blocking, page, training};
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use vagvisare_quizzes::{Certificate, CompletionCount, report_csv, swedish_date};

/// The login form's field.
const TOKEN_FIELD: &str = "nyckel";

/// `GET /admin/`: the report with a valid bearer token, otherwise 401 with a login form.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    match bearer(&headers) {
        Some(given) if matches(given, &token) => report(&state, training, &token).await,
        given => Ok(login_page(&state, given.is_some())),
    }
}

/// `POST /admin/`: the login form; a right token gets the report as the response.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    check_origin(&state, &headers)?;
    let fields = fields(&state, form)?;
    match single(&fields, TOKEN_FIELD) {
        Ok(Some(given)) if matches(given, &token) => report(&state, training, &token).await,
        Ok(given) => Ok(login_page(&state, given.is_some())),
        Err(()) => Ok(login_page(&state, true)),
    }
}

/// `GET /admin/rapport.csv` with a bearer token.
pub async fn csv_with_header(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    match bearer(&headers) {
        Some(given) if matches(given, &token) => csv(&state, training).await,
        _ => Ok(unauthorized_text()),
    }
}

/// `POST /admin/rapport.csv` from the report page's download button.
pub async fn csv_with_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    check_origin(&state, &headers)?;
    let fields = fields(&state, form)?;
    match single(&fields, TOKEN_FIELD) {
        Ok(Some(given)) if matches(given, &token) => csv(&state, training).await,
        _ => Ok(unauthorized_text()),
    }
}

/// The training state and the token, or 404 when no token is configured.
fn enabled(state: &AppState) -> Result<(Arc<Training>, String), HtmlError> {
    let training = training(state)?;
    match training.admin_token.clone() {
        Some(token) if !token.is_empty() => Ok((training, token)),
        _ => Err(HtmlError::not_found(
            state,
            "Sidan du letar efter finns inte på Vägvisaren.",
        )),
    }
}

/// The token from `Authorization: Bearer <token>`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Compares in constant time (for equal lengths), so timing reveals nothing of the token.
fn matches(given: &str, expected: &str) -> bool {
    bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

fn login_page(state: &AppState, wrong: bool) -> Response {
    let main = html! {
        h1 { "Inloggning krävs" }
        p { "Rapporten över utbildningen är bara för den som har administratörsnyckeln." }
        @if wrong { p.fel role="alert" { "Nyckeln stämmer inte." } }
        form method="post" action="/admin/" {
            p {
                label for="nyckel" { "Administratörsnyckel" }
                br;
                input #nyckel type="password" name=(TOKEN_FIELD) required autocomplete="current-password";
            }
            p { button.knapp type="submit" { "Visa rapporten" } }
        }
    };
    let mut response = page(
        state,
        StatusCode::UNAUTHORIZED,
        "Inloggning krävs",
        "Inloggning till rapporten över utbildningen.",
        main,
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"vagvisaren\""),
    );
    response
}

fn unauthorized_text() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [
            (header::WWW_AUTHENTICATE, "Bearer realm=\"vagvisaren\""),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        "Inloggning krävs: skicka administratörsnyckeln som Authorization: Bearer <nyckel>.\n",
    )
        .into_response()
}

async fn report(
    state: &AppState,
    training: Arc<Training>,
    token: &str,
) -> Result<Response, HtmlError> {
    let t = Arc::clone(&training);
    let (counts, certificates) = blocking(state, move || {
        Ok((t.store.completions()?, t.store.certificates()?))
    })
    .await?;
    let main = html! {
        h1 { "Utbildning – rapport" }
        p {
            "Uppgifterna är personuppgifter. Ladda bara ner dem när du behöver dem och radera filen när du är klar. "
            "Intyg äldre än " (training.retention.certificate_years) " år raderas automatiskt."
        }
        form method="post" action="/admin/rapport.csv" {
            input type="hidden" name=(TOKEN_FIELD) value=(token);
            p { button.knapp type="submit" { "Ladda ner intygen som CSV" } }
        }
        h2 #per-modul { "Godkända per modul och enhet" }
        (counts_table(&training, &counts))
        h2 #alla-intyg { "Alla intyg (" (certificates.len()) ")" }
        (certificates_table(&training, &certificates))
    };
    Ok(page(
        state,
        StatusCode::OK,
        "Utbildning – rapport",
        "Rapport över genomförd utbildning.",
        main,
    ))
}

fn title<'a>(training: &'a Training, id: &'a str) -> &'a str {
    training.catalog.get(id).map_or(id, |m| m.title.as_str())
}

fn counts_table(training: &Training, counts: &[CompletionCount]) -> Markup {
    html! {
        @if counts.is_empty() {
            p { "Inga intyg ännu." }
        } @else {
            div.tabell role="region" aria-labelledby="per-modul" tabindex="0" { table {
                thead { tr { th scope="col" { "Modul" } th scope="col" { "Enhet" } th scope="col" { "Antal" } } }
                tbody {
                    @for c in counts {
                        tr {
                            td { (title(training, &c.module_id)) }
                            td { (c.unit.as_deref().unwrap_or("(ingen enhet angiven)")) }
                            td { (c.count) }
                        }
                    }
                }
            } }
        }
    }
}

fn certificates_table(training: &Training, certificates: &[Certificate]) -> Markup {
    html! {
        @if !certificates.is_empty() {
            div.tabell role="region" aria-labelledby="alla-intyg" tabindex="0" { table {
                thead {
                    tr {
                        th scope="col" { "Datum" } th scope="col" { "Namn" } th scope="col" { "Enhet" }
                        th scope="col" { "Modul" } th scope="col" { "Resultat" } th scope="col" { "Kod" }
                    }
                }
                tbody {
                    @for c in certificates {
                        tr {
                            td { (swedish_date(c.issued)) }
                            td { (c.name) }
                            td { (c.unit.as_deref().unwrap_or("")) }
                            td { (title(training, &c.module_id)) " (version " (c.module_version) ")" }
                            td { (c.correct) " av " (c.total) @if !c.passed { " – ej godkänd" } }
                            td { (c.code) }
                        }
                    }
                }
            } }
        }
    }
}

async fn csv(state: &AppState, training: Arc<Training>) -> Result<Response, HtmlError> {
    let t = Arc::clone(&training);
    let certificates = blocking(state, move || t.store.certificates()).await?;
    let body = report_csv(&certificates, |id| {
        training.catalog.get(id).map(|m| m.title.as_str())
    });
    let today = swedish_date(time::OffsetDateTime::now_utc());
    let disposition = format!("attachment; filename=\"utbildning-intyg-{today}.csv\"");
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_read_case_insensitively() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "Bearer abc".parse().expect("value"));
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            "bearer  abc ".parse().expect("value"),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().expect("value"));
        assert_eq!(bearer(&h), None);
    }

    #[test]
    fn tokens_must_match_exactly() {
        assert!(matches("hemlig-nyckel-123", "hemlig-nyckel-123"));
        assert!(!matches("hemlig-nyckel-12", "hemlig-nyckel-123"));
        assert!(!matches("", "hemlig-nyckel-123"));
        assert!(!matches("Hemlig-nyckel-123", "hemlig-nyckel-123"));
    }
}
