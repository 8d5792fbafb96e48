//! `POST /rapportera` and its thank-you page. A report is checked in this order: the Origin
//! (403), the body (413/400), the trap field (a filled one is thanked and dropped), the page
//! (400), the texts (400), the rate limits (429); only then is anything stored. The log says
//! that a report came and for which layer, never its text, the page or the sender.

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
use vagvisare_quizzes::{NewPageReport, invisible};
use vagvisare_site::{
    FIELD_CONTACT, FIELD_PAGE, FIELD_SUGGESTION, FIELD_TRAP, FIELD_WHAT, REPORT_CONTACT_MAX,
    REPORT_TEXT_MAX,
};

/// Where a report is thanked for.
const THANKS: &str = "/rapportera/tack";

/// `POST /rapportera`: stores the report and sends the reader to the thank-you page.
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    let (editorial, store) = enabled(&state)?;
    check_origin(&state, &headers)?;
    let fields = fields(&state, form)?;
    let value = |name: &str| -> Result<Option<String>, HtmlError> {
        single(&fields, name)
            .map(|v| v.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
            .map_err(|()| bad(&state, "Formuläret innehöll samma fält flera gånger."))
    };
    let path = value(FIELD_PAGE)?.unwrap_or_default();
    if value(FIELD_TRAP)?.is_some() {
        // Only automated senders fill in the hidden field: thank them, store nothing.
        tracing::info!("rapport: avvisad av fällan");
        return Ok(Redirect::to(THANKS).into_response());
    }
    let Some(target) = editorial.page(&path) else {
        return Err(bad(
            &state,
            "Sidan som rapporten gäller finns inte på webbplatsen. Gå tillbaka till sidan, ladda om den och försök igen.",
        ));
    };
    let Some(what) = value(FIELD_WHAT)? else {
        return Err(bad(
            &state,
            "Skriv vad som är fel på sidan i rutan \"Vad är fel?\".",
        ));
    };
    let suggestion = value(FIELD_SUGGESTION)?;
    let contact = value(FIELD_CONTACT)?;
    let long = |text: Option<&str>, max: usize| text.is_some_and(|t| t.chars().count() > max);
    if long(Some(&what), REPORT_TEXT_MAX) || long(suggestion.as_deref(), REPORT_TEXT_MAX) {
        return Err(bad(
            &state,
            &format!(
                "Texten är för lång. Skriv högst {REPORT_TEXT_MAX} tecken i \"Vad är fel?\" och i \"Förslag\"."
            ),
        ));
    }
    // Control and invisible characters (bidi overrides, zero-width spaces) could make a report
    // read differently in the list and the CSV than what was sent.
    let hidden = |text: Option<&str>| {
        text.is_some_and(|t| {
            t.chars()
                .any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || invisible(c))
        })
    };
    if hidden(Some(&what)) || hidden(suggestion.as_deref()) || hidden(contact.as_deref()) {
        return Err(bad(
            &state,
            "Texten innehåller osynliga tecken eller styrtecken. Skriv den med vanliga bokstäver och försök igen.",
        ));
    }
    if long(contact.as_deref(), REPORT_CONTACT_MAX) {
        return Err(bad(
            &state,
            &format!("Kontaktuppgiften får vara högst {REPORT_CONTACT_MAX} tecken."),
        ));
    }
    let limited = editorial
        .reports_per_client
        .check(client)
        .and_then(|()| editorial.reports_per_page.check_named(&target.path))
        .and_then(|()| editorial.reports_total.check_named(""));
    if let Err(wait) = limited {
        tracing::warn!("rapport: för många på kort tid");
        return Err(slow_down(
            &state,
            wait,
            "Det har kommit många felrapporter på kort tid, så vi tar inte emot fler just nu.",
        ));
    }
    let layer = target.layer;
    let (page_path, title, owner) = (
        target.path.clone(),
        target.title.clone(),
        target.owner.clone(),
    );
    blocking(&state, move || {
        store.insert_page_report(
            &NewPageReport {
                page: &page_path,
                title: &title,
                owner: &owner,
                layer,
                what: &what,
                suggestion: suggestion.as_deref(),
                contact: contact.as_deref(),
            },
            time::OffsetDateTime::now_utc(),
        )
    })
    .await?;
    tracing::info!(lager = layer.as_str(), "rapport: mottagen");
    Ok(Redirect::to(&with_query(THANKS, &[(FIELD_PAGE, &path)])).into_response())
}

/// `GET /rapportera/tack?sida=…`: thanks, says who gets the report, links back to the page.
pub async fn thanks(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, HtmlError> {
    let (editorial, _) = enabled(&state)?;
    let target = query_value(query.as_deref(), FIELD_PAGE).and_then(|p| {
        editorial
            .page(&p)
            .map(|page| (page.url.clone(), page.title.clone(), page.owner.clone()))
    });
    let main = html! {
        h1 { "Tack för din rapport" }
        @match &target {
            Some((url, title, owner)) => {
                p { "Rapporten går till den som ansvarar för sidan: " (owner) ". De går igenom den och rättar sidan om det behövs." }
                p { a href=(url) { "Tillbaka till sidan " (title) } }
            }
            None => {
                p { "Rapporten går till den som ansvarar för sidan. De går igenom den och rättar sidan om det behövs." }
                p { a href="/" { "Till startsidan" } }
            }
        }
        p { "Vi får inte veta vem du är. Om du lämnade en kontaktuppgift används den bara för att fråga om rapporten." }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Tack för din rapport",
        "Din rapport om ett fel på sidan har kommit fram.",
        main,
    ))
}

fn bad(state: &AppState, message: &str) -> HtmlError {
    HtmlError::bad_request(state, message)
}
