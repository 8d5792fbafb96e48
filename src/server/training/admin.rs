//! `/admin/`: completions per module and unit and the list of certificates (a page at a
//! time), and the whole list as CSV (streamed). Protected by the configured admin token:
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
use super::{Training, blocking, page, training};
use axum::Form;
use axum::body::{Body, Bytes};
use axum::extract::rejection::FormRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use std::net::IpAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use vagvisare_quizzes::{
    Certificate, CompletionCount, ReportCursor, report_csv_header, report_csv_line, swedish_date,
};

/// The login form's field.
const TOKEN_FIELD: &str = "nyckel";
/// The login form's hidden field: the admin page to return to after signing in.
const BACK_FIELD: &str = "tillbaka";
/// The admin pages a sign-in may return to (anything else returns to `/admin/`).
const BACK_TO: [&str; 3] = ["/admin/", "/admin/rapporter", "/admin/sidor"];
/// Certificates per report page.
const PAGE_SIZE: usize = 100;
/// Rows of the per-module-and-unit table at most.
const MAX_COUNT_ROWS: usize = 500;
/// Certificates per CSV batch.
const CSV_BATCH: usize = 1000;

/// How a request proved it is an admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Session,
    Bearer,
}

/// What the credentials of a request say.
enum Access {
    Granted(Via),
    /// No credentials at all.
    Anonymous,
    /// A wrong token (counted as a failure).
    Wrong,
    /// Locked out: wait this long.
    Locked(std::time::Duration),
}

/// `GET /admin/?sida=N`: the report with a session cookie or a bearer token, otherwise 401
/// with the sign-in form.
pub async fn show(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    match access(&state, &training, &token, client, &headers).await? {
        Access::Granted(via) => {
            let page_no = page_number(query.as_deref());
            tracing::info!(via = ?via, sida = page_no, "admin: rapport visad");
            report(&state, training, page_no).await
        }
        Access::Anonymous => Ok(login_page(&state, false, "/admin/")),
        Access::Wrong => Ok(login_page(&state, true, "/admin/")),
        Access::Locked(wait) => Err(locked(&state, wait)),
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

/// `GET /admin/rapport.csv` with a session cookie or a bearer token: every certificate,
/// streamed in batches.
pub async fn csv_download(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let (training, token) = enabled(&state)?;
    match access(&state, &training, &token, client, &headers).await? {
        Access::Granted(via) => {
            tracing::info!(via = ?via, "admin: CSV hämtad");
            Ok(csv(training))
        }
        Access::Anonymous | Access::Wrong => Ok(unauthorized_text()),
        Access::Locked(wait) => Err(locked(&state, wait)),
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
async fn access(
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

fn locked(state: &AppState, wait: std::time::Duration) -> HtmlError {
    slow_down(
        state,
        wait,
        "Inloggningen är tillfälligt spärrad efter för många felaktiga försök.",
    )
}

/// `sida=N` from the query string (1 when missing or invalid).
fn page_number(query: Option<&str>) -> u64 {
    query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("sida="))
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1)
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
    page_no: u64,
) -> Result<Response, HtmlError> {
    let t = Arc::clone(&training);
    let offset = (page_no - 1).saturating_mul(PAGE_SIZE as u64);
    let (counts, total, certificates) = blocking(state, move || {
        Ok((
            t.store.completions(MAX_COUNT_ROWS)?,
            t.store.certificate_count()?,
            t.store.certificates_page(offset, PAGE_SIZE)?,
        ))
    })
    .await?;
    let pages = total.div_ceil(PAGE_SIZE as u64).max(1);
    let main = html! {
        h1 { "Utbildning – rapport" }
        p {
            "Uppgifterna är personuppgifter. Ladda bara ner dem när du behöver dem och radera filen när du är klar. "
            "Intyg äldre än " (training.retention.certificate_years) " år raderas automatiskt."
        }
        nav aria-label="Administration" {
            ul {
                li { a href="/admin/sidor" { "Sidor och ägare: granskning, felrapporter och ändrad nationell text" } }
                li { a href="/admin/rapporter" { "Felrapporter från läsarna" } }
            }
        }
        p { a.knapp href="/admin/rapport.csv" download { "Ladda ner alla intyg som CSV" } }
        form method="post" action="/admin/logga-ut" {
            p { button.knapp type="submit" { "Logga ut" } }
        }
        h2 #per-modul { "Godkända per modul och enhet" }
        (counts_table(&training, &counts))
        @if counts.len() == MAX_COUNT_ROWS {
            p { "Tabellen visar de första " (MAX_COUNT_ROWS) " raderna. Alla finns i CSV-filen." }
        }
        h2 #alla-intyg { "Alla intyg (" (total) ")" }
        @if total > PAGE_SIZE as u64 {
            p { "Sida " (page_no) " av " (pages) ", " (PAGE_SIZE) " intyg per sida, nyast först." }
        }
        (certificates_table(&training, &certificates))
        @if pages > 1 {
            nav aria-label="Sidor i rapporten" {
                ul.bladdra-rapport {
                    @if page_no > 1 {
                        li { a href=(format!("/admin/?sida={}", page_no - 1)) rel="prev" { "Föregående sida" } }
                    }
                    @if page_no < pages {
                        li { a href=(format!("/admin/?sida={}", page_no + 1)) rel="next" { "Nästa sida" } }
                    }
                }
            }
        }
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

/// The CSV as a stream: the header, then batches read one at a time off the async runtime,
/// so memory stays flat however many certificates there are.
fn csv(training: Arc<Training>) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    tokio::task::spawn_blocking(move || {
        if tx
            .blocking_send(Ok(Bytes::from(report_csv_header())))
            .is_err()
        {
            return;
        }
        let mut cursor: Option<ReportCursor> = None;
        loop {
            let batch = match training
                .store
                .certificates_after(cursor.as_ref(), CSV_BATCH)
            {
                Ok(batch) => batch,
                Err(e) => {
                    tracing::error!("admin: CSV avbröts: {e}");
                    let _ = tx.blocking_send(Err(std::io::Error::other("databasfel")));
                    return;
                }
            };
            let Some(last) = batch.last() else { return };
            cursor = Some(ReportCursor::after(last));
            let mut chunk = String::with_capacity(batch.len() * 120);
            for c in &batch {
                chunk.push_str(&report_csv_line(c, title(&training, &c.module_id)));
            }
            if tx.blocking_send(Ok(Bytes::from(chunk))).is_err() {
                return; // the client went away
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let today = swedish_date(OffsetDateTime::now_utc());
    let disposition = format!("attachment; filename=\"utbildning-intyg-{today}.csv\"");
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(stream),
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
    fn page_numbers() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("sida=3")), 3);
        assert_eq!(page_number(Some("x=1&sida=2")), 2);
        assert_eq!(page_number(Some("sida=0")), 1);
        assert_eq!(page_number(Some("sida=-1")), 1);
        assert_eq!(page_number(Some("sida=99999999999999999999999")), 1);
    }

    #[test]
    fn tokens_must_match_exactly() {
        assert!(matches("hemlig-nyckel-123", "hemlig-nyckel-123"));
        assert!(!matches("hemlig-nyckel-12", "hemlig-nyckel-123"));
        assert!(!matches("", "hemlig-nyckel-123"));
        assert!(!matches("Hemlig-nyckel-123", "hemlig-nyckel-123"));
    }
}
