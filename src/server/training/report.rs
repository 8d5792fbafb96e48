//! The manager report behind the admin sign-in: completions per module and unit, who is due
//! for a refresher, and every certificate with its last valid day and status (a page at a
//! time), filtered by module and unit; the same list as CSV, streamed in batches so that a
//! million certificates never sit in memory.

use super::super::error::HtmlError;
use super::super::state::AppState;
use super::verify::day;
use super::versions::changed_pages;
use super::{Training, bad_request, blocking, page};
use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::sync::Arc;
use time::{Date, Duration, OffsetDateTime};
use vagvisare_quizzes::{
    Certificate, CompletionCount, EXPIRES_SOON_DAYS, ReportCursor, ReportFilter, Status,
    check_unit, report_csv_header, report_csv_line, swedish_date, swedish_time,
};

/// Certificates per report page.
const PAGE_SIZE: usize = 100;
/// Rows of the per-module-and-unit table at most.
const MAX_COUNT_ROWS: usize = 500;
/// Rows of the refresher list at most.
const MAX_DUE_ROWS: usize = 500;
/// Certificates per CSV batch.
pub(super) const CSV_BATCH: usize = 1000;

/// A report request's query: the page (HTML only) and the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReportQuery {
    /// 1-based page.
    pub page: u64,
    /// Module and unit.
    pub filter: ReportFilter,
}

/// Parses `sida` (when `paged`), `modul` (a known module id) and `enhet` strictly: an unknown
/// or repeated parameter, a page that is not a positive whole number, an unknown module or an
/// invalid unit is a Swedish 400. Empty `modul` and `enhet` mean "all".
pub(super) fn parse_query(
    state: &AppState,
    training: &Training,
    raw: Option<&str>,
    paged: bool,
) -> Result<ReportQuery, HtmlError> {
    let mut query = ReportQuery {
        page: 1,
        filter: ReportFilter::default(),
    };
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if seen.iter().any(|k| *k == key) {
            return Err(bad_request(
                state,
                "Adressen har samma parameter flera gånger.",
            ));
        }
        seen.push(key.to_string());
        match key.as_ref() {
            "sida" if paged => {
                query.page = value
                    .parse::<u64>()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| {
                        bad_request(state, "Sidnumret ska vara ett heltal från 1 och uppåt.")
                    })?;
            }
            "modul" if !value.is_empty() => {
                let m = training.catalog.get(&value).ok_or_else(|| {
                    bad_request(state, "Det finns ingen utbildningsmodul med det id:t.")
                })?;
                query.filter.module = Some(m.id.clone());
            }
            "modul" => {}
            "enhet" => {
                query.filter.unit =
                    check_unit(&value).map_err(|e| bad_request(state, &e.to_string()))?;
            }
            _ => {
                let allowed = if paged {
                    "sida, modul och enhet"
                } else {
                    "modul och enhet"
                };
                return Err(bad_request(
                    state,
                    &format!("Adressen har en okänd parameter. Rapporten tar bara emot {allowed}."),
                ));
            }
        }
    }
    Ok(query)
}

/// The filter as a query string (without `?`), for links that keep it.
fn filter_query(filter: &ReportFilter) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(m) = &filter.module {
        out.append_pair("modul", m);
    }
    if let Some(u) = &filter.unit {
        out.append_pair("enhet", u);
    }
    out.finish()
}

/// `url` with the filter (and more pairs) as its query.
fn with_query(url: &str, filter: &ReportFilter, page: Option<u64>) -> String {
    let mut q = filter_query(filter);
    if let Some(p) = page {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("sida={p}"));
    }
    if q.is_empty() {
        url.to_string()
    } else {
        format!("{url}?{q}")
    }
}

/// Today in Sweden.
fn today() -> Date {
    swedish_time(OffsetDateTime::now_utc()).date()
}

/// A certificate's status today and the titles of its reading-list pages changed since.
fn status(training: &Training, cert: &Certificate, today: Date) -> (Status, Vec<String>) {
    let changed: Vec<String> = changed_pages(&training.links, cert)
        .into_iter()
        .map(|c| c.title)
        .collect();
    (Status::of(cert, today, !changed.is_empty()), changed)
}

/// The report page.
pub(super) async fn show(
    state: &AppState,
    training: Arc<Training>,
    query: ReportQuery,
) -> Result<Response, HtmlError> {
    let t = Arc::clone(&training);
    let offset = (query.page - 1).saturating_mul(PAGE_SIZE as u64);
    let filter = query.filter.clone();
    let today = today();
    let due_before = today + Duration::days(EXPIRES_SOON_DAYS + 1);
    let (counts, total, certificates, due) = blocking(state, move || {
        Ok((
            t.store.completions(MAX_COUNT_ROWS)?,
            t.store.count_matching(&filter)?,
            t.store.certificates_page(&filter, offset, PAGE_SIZE)?,
            t.store
                .due_for_refresher(&filter, due_before, MAX_DUE_ROWS)?,
        ))
    })
    .await?;
    let filter = &query.filter;
    let pages = total.div_ceil(PAGE_SIZE as u64).max(1);
    let page_no = query.page;
    let filtered = filter.module.is_some() || filter.unit.is_some();
    let xapi = super::base_url(state).is_some();
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
                li { a href="/admin/statistik" { "Frågestatistik: hur frågorna i kunskapstesten fungerar" } }
            }
        }
        (filter_form(&training, filter))
        p {
            a.knapp href=(with_query("/admin/rapport.csv", filter, None)) download {
                @if filtered { "Ladda ner urvalet som CSV" } @else { "Ladda ner alla intyg som CSV" }
            }
            @if xapi {
                " "
                a href=(with_query("/admin/xapi.json", filter, None)) { "Export för lärplattformar (xAPI, JSON)" }
            }
        }
        form method="post" action="/admin/logga-ut" {
            p { button.knapp type="submit" { "Logga ut" } }
        }
        h2 #per-modul { "Godkända per modul och enhet" }
        (counts_table(&training, &counts))
        @if counts.len() == MAX_COUNT_ROWS {
            p { "Tabellen visar de första " (MAX_COUNT_ROWS) " raderna. Alla finns i CSV-filen." }
        }
        h2 #repetera { "Behöver repetera (" (due.len()) ")" }
        p {
            "Intyg som har gått ut eller går ut inom " (EXPIRES_SOON_DAYS) " dagar, där personen inte har klarat "
            "modulen igen. Intyg som bygger på en äldre version av en sida har status "
            "”Äldre version” i listan nedan."
        }
        @if due.len() == MAX_DUE_ROWS {
            p { "Listan visar de första " (MAX_DUE_ROWS) "." }
        }
        (certificates_table(&training, &due, "repetera", today))
        h2 #alla-intyg { @if filtered { "Intyg i urvalet (" } @else { "Alla intyg (" } (total) ")" }
        @if total > PAGE_SIZE as u64 {
            p { "Sida " (page_no) " av " (pages) ", " (PAGE_SIZE) " intyg per sida, nyast först." }
        }
        (certificates_table(&training, &certificates, "alla-intyg", today))
        @if pages > 1 {
            nav aria-label="Sidor i rapporten" {
                ul.bladdra-rapport {
                    @if page_no > 1 {
                        li { a href=(with_query("/admin/", filter, Some(page_no - 1))) rel="prev" { "Föregående sida" } }
                    }
                    @if page_no < pages {
                        li { a href=(with_query("/admin/", filter, Some(page_no + 1))) rel="next" { "Nästa sida" } }
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

fn filter_form(training: &Training, filter: &ReportFilter) -> Markup {
    html! {
        form.rapport-urval method="get" action="/admin/" {
            fieldset {
                legend { "Visa intyg för" }
                p {
                    label for="urval-modul" { "Modul" }
                    br;
                    select #urval-modul name="modul" {
                        option value="" selected[filter.module.is_none()] { "Alla moduler" }
                        @for m in training.catalog.modules() {
                            option value=(m.id) selected[filter.module.as_deref() == Some(m.id.as_str())] { (m.title) }
                        }
                    }
                }
                p {
                    label for="urval-enhet" { "Enhet (som den skrevs på intyget, tomt för alla)" }
                    br;
                    input #urval-enhet type="text" name="enhet" value=(filter.unit.as_deref().unwrap_or(""));
                }
                p { button.knapp type="submit" { "Visa" } }
            }
        }
    }
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

fn certificates_table(
    training: &Training,
    certificates: &[Certificate],
    labelled_by: &str,
    today: Date,
) -> Markup {
    html! {
        @if certificates.is_empty() {
            p { "Inga intyg." }
        } @else {
            div.tabell role="region" aria-labelledby=(labelled_by) tabindex="0" { table {
                thead {
                    tr {
                        th scope="col" { "Datum" } th scope="col" { "Namn" } th scope="col" { "Enhet" }
                        th scope="col" { "Modul" } th scope="col" { "Resultat" }
                        th scope="col" { "Giltigt till" } th scope="col" { "Status" } th scope="col" { "Kod" }
                    }
                }
                tbody {
                    @for c in certificates {
                        @let (status, changed) = status(training, c, today);
                        tr {
                            td { (swedish_date(c.issued)) }
                            td { (c.name) }
                            td { (c.unit.as_deref().unwrap_or("")) }
                            td { (title(training, &c.module_id)) " (version " (c.module_version) ")" }
                            td { (c.correct) " av " (c.total) @if !c.passed { " – ej godkänd" } }
                            td { (day(c.valid_until)) }
                            td class=(format!("status-{}", status.id())) {
                                (status.label())
                                @if !changed.is_empty() { ": " (changed.join(", ")) " har ändrats" }
                            }
                            td { (c.code) }
                        }
                    }
                }
            } }
        }
    }
}

/// Every certificate `filter` selects as a response body: `head`, then `chunk` of each batch,
/// then `tail`. Batches are read one at a time off the async runtime, so memory stays flat
/// however many certificates there are; a client that goes away stops the reads, and a
/// database error ends the body with an error (logged with `what`).
pub(super) fn stream_certificates(
    training: Arc<Training>,
    filter: ReportFilter,
    (head, tail): (Bytes, Bytes),
    what: &'static str,
    mut chunk: impl FnMut(&Training, &[Certificate]) -> String + Send + 'static,
) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    tokio::task::spawn_blocking(move || {
        if tx.blocking_send(Ok(head)).is_err() {
            return;
        }
        let mut cursor: Option<ReportCursor> = None;
        loop {
            let batch = match training
                .store
                .certificates_after(&filter, cursor.as_ref(), CSV_BATCH)
            {
                Ok(batch) => batch,
                Err(e) => {
                    tracing::error!("admin: {what} avbröts: {e}");
                    let _ = tx.blocking_send(Err(std::io::Error::other("databasfel")));
                    return;
                }
            };
            let Some(last) = batch.last() else { break };
            cursor = Some(ReportCursor::after(last));
            if tx
                .blocking_send(Ok(Bytes::from(chunk(&training, &batch))))
                .is_err()
            {
                return; // the client went away
            }
        }
        let _ = tx.blocking_send(Ok(tail));
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }))
}

/// The CSV as a stream (see [`stream_certificates`]).
pub(super) fn csv(training: Arc<Training>, filter: ReportFilter) -> Response {
    let today = today();
    let stream = stream_certificates(
        training,
        filter,
        (Bytes::from(report_csv_header()), Bytes::new()),
        "CSV",
        move |training, batch| {
            let mut chunk = String::with_capacity(batch.len() * 160);
            for c in batch {
                let (status, changed) = status(training, c, today);
                let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
                chunk.push_str(&report_csv_line(
                    c,
                    title(training, &c.module_id),
                    status,
                    &changed,
                ));
            }
            chunk
        },
    );
    let today = swedish_date(OffsetDateTime::now_utc());
    let disposition = format!("attachment; filename=\"utbildning-intyg-{today}.csv\"");
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        stream,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_links_keep_the_filter_and_encode_it() {
        let f = ReportFilter {
            module: Some("grundkurs".into()),
            unit: Some("Enhet; Syd & Norr".into()),
        };
        assert_eq!(
            with_query("/admin/", &f, Some(2)),
            "/admin/?modul=grundkurs&enhet=Enhet%3B+Syd+%26+Norr&sida=2"
        );
        assert_eq!(
            with_query("/admin/rapport.csv", &ReportFilter::default(), None),
            "/admin/rapport.csv"
        );
        assert_eq!(
            with_query("/admin/", &ReportFilter::default(), Some(3)),
            "/admin/?sida=3"
        );
    }
}
