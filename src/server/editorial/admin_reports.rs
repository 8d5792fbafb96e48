//! `/admin/rapporter`: the open error reports, counted per owner and page, with reports on
//! local text (for the municipality's own owners) and on national text (to forward to the
//! national editors) listed apart; "Markera som åtgärdad"; the CSV export. Behind the same
//! sign-in as `/admin/`.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::{
    Gate, blocking, check_origin, csv_response, enabled, page, query_value, require_admin,
};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use std::collections::BTreeMap;
use vagvisare_quizzes::{PageReport, ReportLayer, csv_row, swedish_date};

/// Open reports shown at most.
const MAX_SHOWN: usize = 1000;
/// Reports in one CSV at most.
const MAX_CSV: usize = 100_000;

/// `GET /admin/rapporter`.
pub async fn show(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let (editorial, store) = enabled(&state)?;
    if let Gate::Closed(response) = require_admin(
        &state,
        client,
        &headers,
        Some("/admin/rapporter"),
        "felrapporter visade",
    )
    .await?
    {
        return Ok(response);
    }
    let reports = blocking(&state, move || store.open_page_reports(MAX_SHOWN)).await?;
    let (national, local): (Vec<&PageReport>, Vec<&PageReport>) = reports
        .iter()
        .partition(|r| r.layer == ReportLayer::National);
    let mut counts: BTreeMap<(&str, &str), (u64, &str)> = BTreeMap::new();
    for r in &reports {
        counts
            .entry((r.owner.as_str(), r.page.as_str()))
            .or_insert((0, r.title.as_str()))
            .0 += 1;
    }
    let url = |path: &str| editorial.page(path).map(|p| p.url.clone());
    let main = html! {
        h1 { "Felrapporter från läsarna" }
        p {
            "Rapporterna kan innehålla kontaktuppgifter. Hämta dem bara när du behöver dem. "
            "Rapporter raderas automatiskt när de är äldre än gallringstiden i inställningarna."
        }
        p { a href="/admin/" { "Till administrationen" } " · " a href="/admin/sidor" { "Sidor och ägare" } }
        h2 #per-agare { "Öppna rapporter per ägare och sida (" (reports.len()) ")" }
        @if counts.is_empty() {
            p { "Det finns inga öppna rapporter." }
        } @else {
            div.tabell role="region" aria-labelledby="per-agare" tabindex="0" { table {
                thead { tr { th scope="col" { "Ägare" } th scope="col" { "Sida" } th scope="col" { "Öppna" } } }
                tbody {
                    @for ((owner, path), (n, title)) in &counts {
                        tr { td { (owner) } td { (link(url(path), title)) } td { (n) } }
                    }
                }
            } }
        }
        h2 #lokal-text { "Lokal text (" (local.len()) ")" }
        p { "Rapporter om kommunens egna sidor. De går till ägaren som står vid varje rapport." }
        (list(&local, &url))
        p { a.knapp href="/admin/rapporter.csv?lager=lokal" download { "Ladda ner rapporterna om lokal text som CSV" } }
        h2 #nationell-text { "Nationell text (" (national.len()) ")" }
        p { "Rapporter om den nationella texten. Skicka dem vidare till den nationella redaktionen, till exempel som CSV-fil." }
        (list(&national, &url))
        p { a.knapp href="/admin/rapporter.csv?lager=nationell" download { "Ladda ner rapporterna om nationell text som CSV" } }
        p { a href="/admin/rapporter.csv" download { "Ladda ner alla rapporter, även åtgärdade, som CSV" } }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Felrapporter",
        "Felrapporter från läsarna per sida och ägare.",
        main,
    ))
}

fn link(url: Option<String>, title: &str) -> Markup {
    html! {
        @match url {
            Some(u) => a href=(u) { (title) },
            None => (title),
        }
    }
}

fn list(reports: &[&PageReport], url: &dyn Fn(&str) -> Option<String>) -> Markup {
    html! {
        @if reports.is_empty() {
            p { "Inga öppna rapporter." }
        } @else {
            ol.rapporter {
                @for r in reports {
                    li.rapport {
                        h3 { (link(url(&r.page), &r.title)) }
                        dl {
                            dt { "Ägare" } dd { (r.owner) }
                            dt { "Inkom" } dd { (swedish_date(r.created)) }
                            dt { "Vad är fel?" } dd.fritext { (r.what) }
                            @if let Some(s) = &r.suggestion { dt { "Förslag" } dd.fritext { (s) } }
                            @if let Some(c) = &r.contact { dt { "Kontakt" } dd { (c) } }
                        }
                        form method="post" action=(format!("/admin/rapporter/{}/atgardad", r.id)) {
                            button.knapp type="submit" { "Markera som åtgärdad" span.visuellt-dold { " (rapport " (r.id) ")" } }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /admin/rapporter/{id}/atgardad`: marks the report as dealt with, back to the list.
pub async fn mark_done(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let (_, store) = enabled(&state)?;
    check_origin(&state, &headers)?;
    if let Gate::Closed(response) =
        require_admin(&state, client, &headers, None, "felrapport åtgärdad").await?
    {
        return Ok(response);
    }
    let Ok(id) = id.parse::<i64>() else {
        return Err(HtmlError::bad_request(
            &state,
            "Rapportens nummer är inte ett nummer.",
        ));
    };
    let marked = blocking(&state, move || {
        store.mark_page_report_done(id, time::OffsetDateTime::now_utc())
    })
    .await?;
    if !marked {
        return Err(HtmlError::not_found(
            &state,
            "Det finns ingen öppen rapport med det numret. Den kan redan vara åtgärdad eller raderad.",
        ));
    }
    Ok(Redirect::to("/admin/rapporter").into_response())
}

/// `GET /admin/rapporter.csv[?lager=nationell|lokal]`: every report (open and done).
pub async fn csv(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, HtmlError> {
    let (_, store) = enabled(&state)?;
    if let Gate::Closed(response) = require_admin(
        &state,
        client,
        &headers,
        None,
        "felrapporter hämtade som CSV",
    )
    .await?
    {
        return Ok(response);
    }
    let layer = match query_value(query.as_deref(), "lager").as_deref() {
        None | Some("") => None,
        Some("nationell") => Some(ReportLayer::National),
        Some("lokal") => Some(ReportLayer::Local),
        Some(_) => {
            return Err(HtmlError::bad_request(
                &state,
                "lager ska vara nationell eller lokal.",
            ));
        }
    };
    let reports = blocking(&state, move || store.all_page_reports(MAX_CSV)).await?;
    let name = match layer {
        None => "felrapporter.csv",
        Some(ReportLayer::National) => "felrapporter-nationell-text.csv",
        Some(ReportLayer::Local) => "felrapporter-lokal-text.csv",
    };
    Ok(csv_response(name, reports_csv(&reports, layer)))
}

/// The reports as CSV (BOM, `;`, CRLF; cells guarded against formulas).
fn reports_csv(reports: &[PageReport], layer: Option<ReportLayer>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_row(&[
        "Nummer",
        "Inkom",
        "Sida",
        "Sidans titel",
        "Ägare",
        "Lager",
        "Vad är fel?",
        "Förslag",
        "Kontakt",
        "Åtgärdad",
    ]));
    for r in reports
        .iter()
        .filter(|r| layer.is_none_or(|l| r.layer == l))
    {
        out.push_str(&csv_row(&[
            &r.id.to_string(),
            &swedish_date(r.created),
            &r.page,
            &r.title,
            &r.owner,
            r.layer.as_str(),
            &r.what,
            r.suggestion.as_deref().unwrap_or(""),
            r.contact.as_deref().unwrap_or(""),
            &r.done.map(swedish_date).unwrap_or_default(),
        ]));
    }
    out
}
