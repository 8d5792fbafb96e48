//! `/admin/`: the sign-in and access to the manager report (`report`), its CSV and the xAPI
//! export (`xapi`). Protected by the configured admin token:
//! scripts send `Authorization: Bearer <token>`; people sign in with a form, which sets one
//! short-lived signed session cookie (see `admin_session`), so the token never appears in a
//! page or a URL. Failed sign-ins are limited per client and in all, with a lockout (429 and
//! `Retry-After`). Sign-ins, failures, report views and CSV downloads are logged without the
//! token or the address. Without a configured token every admin address is 404.

use super::super::admin_session;
use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::{ADMIN_LOCKOUT, AppState};
use super::form::{Fields, check_origin, fields, single, slow_down};
use super::report::{self, parse_query};
use super::{Training, blocking, page, training};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::net::IpAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

/// The login form's field.
const TOKEN_FIELD: &str = "nyckel";
/// The login form's hidden field: the admin page to return to after signing in.
const BACK_FIELD: &str = "tillbaka";
/// The admin pages a sign-in may return to (anything else returns to `/admin/`).
const BACK_TO: [&str; 4] = [
    "/admin/",
    "/admin/rapporter",
    "/admin/sidor",
    "/admin/statistik",
];

/// How a request proved it is an admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    Session,
    Bearer,
}

/// What the credentials of a request say.
pub(super) enum Access {
    Granted(Via),
    /// No credentials at all.
    Anonymous,
    /// A wrong token (counted as a failure).
    Wrong,
    /// Locked out: wait this long.
    Locked(std::time::Duration),
}

/// `GET /admin/?sida=N&modul=…&enhet=…`: the report with a session cookie or a bearer token,
/// otherwise 401 with the sign-in form.
pub async fn show(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    match require_admin(&state, client, &headers, Some("/admin/"), "rapport visad").await? {
        Gate::Open => {
            let training = enabled(&state)?.0;
            let query = parse_query(&state, &training, query.as_deref(), true)?;
            report::show(&state, training, query).await
        }
        Gate::Closed(response) => Ok(response),
    }
}

/// `POST /admin/`: the sign-in form; a right token gets the session cookie and a redirect to
/// the report (so reloading the report never re-sends the token).
pub async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    check_origin(&state, &headers)?;
    let fields = fields(&state, form)?;
    let back = single(&fields, BACK_FIELD)
        .ok()
        .flatten()
        .and_then(|b| BACK_TO.iter().find(|&&allowed| allowed == b))
        .copied()
        .unwrap_or("/admin/");
    let given = match single(&fields, TOKEN_FIELD) {
        Ok(Some(given)) if !given.is_empty() => given,
        Ok(_) => return Ok(login_page(&state, false, back)),
        Err(()) => return Ok(login_page(&state, true, back)),
    };
    if let Some(wait) = lockout(&state, &training, client).await? {
        return Err(locked(&state, wait));
    }
    if !matches(given, &token) {
        failed(&state, &training).await?;
        return Ok(login_page(&state, true, back));
    }
    state.security.admin_failures.refund(client);
    let cookie = admin_session::start(&state.security, OffsetDateTime::now_utc()).map_err(|e| {
        tracing::error!("admin: sessionen kunde inte skapas: {e}");
        HtmlError::internal(&state)
    })?;
    tracing::info!("admin: inloggad");
    let mut response = Redirect::to(back).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// `POST /admin/logga-ut`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    enabled(&state)?;
    check_origin(&state, &headers)?;
    let mut response = Redirect::to("/admin/").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, admin_session::end());
    Ok(response)
}

/// `GET /admin/rapport.csv?modul=…&enhet=…` with a session cookie or a bearer token: the
/// certificates the filter selects (all by default), streamed in batches.
pub async fn csv_download(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    match require_admin(&state, client, &headers, None, "CSV hämtad").await? {
        Gate::Open => {
            let training = enabled(&state)?.0;
            let query = parse_query(&state, &training, query.as_deref(), false)?;
            Ok(report::csv(training, query.filter))
        }
        Gate::Closed(response) => Ok(response),
    }
}

/// For the item statistics pages: the training state when the request is signed in
/// (session cookie or bearer token), otherwise the response to send instead (the sign-in form
/// with 401, returning to `/admin/statistik`, or 429 when locked out). 404 without a token.
pub(super) async fn signed_in(
    state: &AppState,
    client: IpAddr,
    headers: &HeaderMap,
    what: &'static str,
) -> Result<Result<Arc<Training>, Response>, HtmlError> {
    match require_admin(state, client, headers, Some("/admin/statistik"), what).await? {
        Gate::Open => Ok(Ok(enabled(state)?.0)),
        Gate::Closed(response) => Ok(Err(response)),
    }
}

/// What another admin page (error reports, the owner dashboard) gets from the sign-in check.
pub(in crate::server) enum Gate {
    /// Signed in (session cookie or bearer token).
    Open,
    /// Not signed in: the response to send (the sign-in page, or a plain 401 for downloads).
    Closed(Response),
}

/// The same sign-in check as `/admin/` for another admin page: a session cookie or a bearer
/// token, with the lockout. `back` is the page (one of the admin pages) that the sign-in form
/// returns to; `None` answers a request without valid credentials with a short text 401 (for
/// CSV downloads and form posts) instead of the sign-in page. `what` is logged on success.
pub(in crate::server) async fn require_admin(
    state: &AppState,
    client: IpAddr,
    headers: &HeaderMap,
    back: Option<&str>,
    what: &str,
) -> Result<Gate, HtmlError> {
    let (training, token) = enabled(state)?;
    match access(state, &training, &token, client, headers).await? {
        Access::Granted(via) => {
            tracing::info!(via = ?via, "admin: {what}");
            Ok(Gate::Open)
        }
        Access::Anonymous => Ok(Gate::Closed(match back {
            None => unauthorized_text(),
            Some(back) => login_page(state, false, back),
        })),
        Access::Wrong => Ok(Gate::Closed(match back {
            None => unauthorized_text(),
            Some(back) => login_page(state, true, back),
        })),
        Access::Locked(wait) => Err(locked(state, wait)),
    }
}

/// Checks the session cookie, then the bearer token (with the lockout and failure count).
pub(super) async fn access(
    state: &AppState,
    training: &Arc<Training>,
    token: &str,
    client: IpAddr,
    headers: &HeaderMap,
) -> Result<Access, HtmlError> {
    if admin_session::valid(&state.security.key, headers, OffsetDateTime::now_utc()) {
        return Ok(Access::Granted(Via::Session));
    }
    let Some(given) = bearer(headers) else {
        return Ok(Access::Anonymous);
    };
    if let Some(wait) = lockout(state, training, client).await? {
        return Ok(Access::Locked(wait));
    }
    if matches(given, token) {
        state.security.admin_failures.refund(client);
        Ok(Access::Granted(Via::Bearer))
    } else {
        failed(state, training).await?;
        Ok(Access::Wrong)
    }
}

/// How long `client` must wait before trying a token: its own failures (in memory) or
/// everyone's (in the database, shared by replicas) over the budget. Otherwise one try is
/// taken from the client's budget before the token is compared (so that parallel guesses
/// cannot all pass the check); a right token gives it back.
async fn lockout(
    state: &AppState,
    training: &Arc<Training>,
    client: IpAddr,
) -> Result<Option<std::time::Duration>, HtmlError> {
    if let Err(wait) = state.security.admin_failures.check(client) {
        tracing::warn!("admin: inloggning spärrad (för många fel från samma anslutning)");
        return Ok(Some(wait));
    }
    let t = Arc::clone(training);
    let window = time::Duration::try_from(ADMIN_LOCKOUT).unwrap_or(time::Duration::minutes(15));
    let total = blocking(state, move || {
        t.store.admin_failures(window, OffsetDateTime::now_utc())
    })
    .await?;
    if total >= u64::from(state.security.limits.admin_failures_total) {
        state.security.admin_failures.refund(client);
        tracing::warn!("admin: inloggning spärrad (för många fel totalt)");
        return Ok(Some(ADMIN_LOCKOUT));
    }
    Ok(None)
}

/// Counts a failed sign-in in all (the client's own try was taken by [`lockout`]), and logs
/// it (no token, no address).
async fn failed(state: &AppState, training: &Arc<Training>) -> Result<(), HtmlError> {
    let t = Arc::clone(training);
    let window = time::Duration::try_from(ADMIN_LOCKOUT).unwrap_or(time::Duration::minutes(15));
    blocking(state, move || {
        t.store
            .record_admin_failure(window, OffsetDateTime::now_utc())
    })
    .await?;
    tracing::warn!("admin: inloggning misslyckades");
    Ok(())
}

pub(super) fn locked(state: &AppState, wait: std::time::Duration) -> HtmlError {
    slow_down(
        state,
        wait,
        "Inloggningen är tillfälligt spärrad efter för många felaktiga försök.",
    )
}

/// The training state and the token, or 404 when no token is configured.
pub(super) fn enabled(state: &AppState) -> Result<(Arc<Training>, String), HtmlError> {
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

/// The sign-in form; after a right token the browser goes to `back` (an admin page).
fn login_page(state: &AppState, wrong: bool, back: &str) -> Response {
    let main = html! {
        h1 { "Inloggning krävs" }
        p { "Rapporten över utbildningen, felrapporterna och sidorna med ägare är bara för den som har administratörsnyckeln." }
        @if wrong { p.fel role="alert" { "Nyckeln stämmer inte." } }
        form method="post" action="/admin/" {
            input type="hidden" name=(BACK_FIELD) value=(back);
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

pub(super) fn unauthorized_text() -> Response {
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
