//! `POST /hittade`: "Hittade du det du behövde?" yes or no, counted per page and month and
//! nothing else. Off (404) unless `page-feedback = true`.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::{
    Fields, blocking, check_origin, enabled, fields, page, query_value, single, slow_down,
    with_query,
};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use vagvisare_site::{FIELD_ANSWER, FIELD_PAGE};

/// Where an answer is thanked for.
const THANKS: &str = "/hittade/tack";

/// `POST /hittade`: counts the answer and sends the reader to a short thank-you page.
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    let (editorial, store) = enabled(&state)?;
    if !editorial.page_feedback {
        return Err(HtmlError::not_found(
            &state,
            "Sidan du letar efter finns inte på Vägvisaren.",
        ));
    }
    check_origin(&state, &headers)?;
    let fields = fields(&state, form)?;
    let one = |name: &str| single(&fields, name).ok().flatten().unwrap_or("");
    let Some(target) = editorial.page(one(FIELD_PAGE)) else {
        return Err(HtmlError::bad_request(
            &state,
            "Sidan som svaret gäller finns inte på webbplatsen.",
        ));
    };
    let yes = match one(FIELD_ANSWER) {
        "ja" => true,
        "nej" => false,
        _ => {
            return Err(HtmlError::bad_request(
                &state,
                "Svara med knappen Ja eller Nej.",
            ));
        }
    };
    if let Err(wait) = editorial.feedback_per_client.check(client) {
        return Err(slow_down(
            &state,
            wait,
            "Du har svarat många gånger på kort tid.",
        ));
    }
    let path = target.path.clone();
    let counted = path.clone();
    blocking(&state, move || {
        store.record_feedback(&counted, yes, time::OffsetDateTime::now_utc())
    })
    .await?;
    let answer = if yes { "ja" } else { "nej" };
    Ok(Redirect::to(&with_query(
        THANKS,
        &[(FIELD_PAGE, &path), (FIELD_ANSWER, answer)],
    ))
    .into_response())
}

/// `GET /hittade/tack?sida=…&svar=…`: thanks; after a "nej", ways to go on.
pub async fn thanks(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, HtmlError> {
    let (editorial, _) = enabled(&state)?;
    let target = query_value(query.as_deref(), FIELD_PAGE).and_then(|p| {
        editorial
            .page(&p)
            .map(|pg| (pg.url.clone(), pg.title.clone()))
    });
    let no = query_value(query.as_deref(), FIELD_ANSWER).as_deref() == Some("nej");
    let main = html! {
        h1 { "Tack för ditt svar" }
        @if no {
            p { "Vi är ledsna att du inte hittade det du behövde. Du kan söka på webbplatsen, eller gå tillbaka och skriva vad som saknas under \"Rapportera ett fel på sidan\"." }
            p { a href="/sok" { "Sök på webbplatsen" } }
        } @else {
            p { "Vi räknar svaren för varje sida och månad, så att vi ser vilka sidor som behöver bli bättre." }
        }
        @if let Some((url, title)) = &target {
            p { a href=(url) { "Tillbaka till sidan " (title) } }
        }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Tack för ditt svar",
        "Ditt svar har räknats.",
        main,
    ))
}
