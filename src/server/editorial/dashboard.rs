//! `/admin/sidor`: the owner dashboard. Every page and local block with its owner, review
//! date and state, open error reports, drift of local text and the "Hittade du det du
//! behövde?" counts, most urgent first ([`crate::owners::Dashboard`], the same table as
//! `vagvisare check --owners`), and the same as CSV.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::{Gate, blocking, csv_response, enabled, page, require_admin, today};
use crate::owners::Dashboard;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;
use vagvisare_model::{DUE_SOON_DAYS, ReviewState};
use vagvisare_site::swedish_date;

/// The dashboard's rows, read off the async runtime.
async fn load(state: &AppState) -> Result<Dashboard, HtmlError> {
    let (editorial, store) = enabled(state)?;
    blocking(state, move || {
        Dashboard::load(&editorial.texts, today(), Some(&store))
    })
    .await
}

/// `GET /admin/sidor`.
pub async fn show(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let (editorial, _) = enabled(&state)?;
    if let Gate::Closed(response) = require_admin(
        &state,
        client,
        &headers,
        Some("/admin/sidor"),
        "sidor och ägare visade",
    )
    .await?
    {
        return Ok(response);
    }
    let dashboard = load(&state).await?;
    let count = |s: ReviewState| dashboard.rows.iter().filter(|r| r.state == s).count();
    let main = html! {
        h1 { "Sidor och ägare" }
        p { a href="/admin/" { "Till administrationen" } " · " a href="/admin/rapporter" { "Felrapporter" } }
        p {
            "Alla sidor och lokala texter med ägare och datum för nästa granskning. De mest brådskande står först: "
            "försenade, sedan texter med öppna felrapporter eller ändrad nationell text, sedan de som ska granskas inom "
            (DUE_SOON_DAYS) " dagar."
        }
        ul {
            li { (count(ReviewState::Overdue)) " försenade" }
            li { (count(ReviewState::DueSoon)) " ska granskas inom " (DUE_SOON_DAYS) " dagar" }
            li { (dashboard.rows.iter().filter(|r| r.drift.is_some()).count()) " lokala texter bygger på nationell text som har ändrats" }
            li { (dashboard.rows.iter().map(|r| r.open_reports).sum::<u64>()) " öppna felrapporter" }
        }
        p { a.knapp href="/admin/sidor.csv" download { "Ladda ner tabellen som CSV" } }
        @if !editorial.page_feedback {
            p { "Frågan \"Hittade du det du behövde?\" är avstängd (page-feedback i inställningarna). Tidigare svar visas ändå." }
        }
        div.tabell role="region" aria-labelledby="sidor-tabell" tabindex="0" { table {
            caption #sidor-tabell { "Sidor och lokala texter, mest brådskande först" }
            thead {
                tr {
                    th scope="col" { "Sida" }
                    th scope="col" { "Ägare" }
                    th scope="col" { "Granskas senast" }
                    th scope="col" { "Läge" }
                    th scope="col" { "Öppna felrapporter" }
                    th scope="col" { "Ändrad nationell text" }
                    th scope="col" { "Öppna frågor till ägaren" }
                    th scope="col" { "Hittade det (ja/nej)" }
                }
            }
            tbody {
                @for row in &dashboard.rows {
                    @let (yes, no) = dashboard.feedback_of(row);
                    tr {
                        th scope="row" {
                            a href=(row.url) { (row.title) }
                            @if row.place.is_some() { br; span.markering { (row.kind()) } }
                        }
                        td { (row.owner) " (" (row.layer()) ")" }
                        td { time datetime=(row.next_review.to_string()) { (swedish_date(row.next_review)) } }
                        td { (row.state.label()) }
                        td { (row.open_reports) }
                        td { (row.drift.as_deref().unwrap_or("")) }
                        td {
                            @if !row.review_notes.is_empty() {
                                ul { @for note in &row.review_notes { li { (note) } } }
                            }
                        }
                        td { @if row.place.is_none() { (yes) " / " (no) } }
                    }
                }
            }
        } }
        @if !dashboard.monthly.is_empty() {
            h2 #hittade-per-manad { "Hittade du det du behövde? Per sida och månad" }
            div.tabell role="region" aria-labelledby="hittade-per-manad" tabindex="0" { table {
                thead { tr { th scope="col" { "Sida" } th scope="col" { "Månad" } th scope="col" { "Ja" } th scope="col" { "Nej" } } }
                tbody {
                    @for c in &dashboard.monthly {
                        tr {
                            td { @match editorial.page(&c.page) {
                                Some(p) => a href=(p.url) { (p.title) },
                                None => (c.page),
                            } }
                            td { (c.month) } td { (c.yes) } td { (c.no) }
                        }
                    }
                }
            } }
        }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Sidor och ägare",
        "Granskning, felrapporter och ändrad nationell text per sida.",
        main,
    ))
}

/// `GET /admin/sidor.csv`.
pub async fn csv(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    enabled(&state)?;
    if let Gate::Closed(response) = require_admin(
        &state,
        client,
        &headers,
        None,
        "sidor och ägare hämtade som CSV",
    )
    .await?
    {
        return Ok(response);
    }
    let dashboard = load(&state).await?;
    Ok(csv_response("sidor-och-agare.csv", dashboard.csv()))
}
