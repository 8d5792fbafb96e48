//! Checking a certificate by its code: the verification page for people (reached from the
//! link or QR code printed on the certificate) and the same facts as JSON for HR systems
//! (`/utbildning/intyg/{code}.json`). Both show exactly what a manager needs: the name as
//! written, the unit if given, the module, the date, the result, the last valid day and the
//! content version, with whether the certificate has expired or a page has changed since.

use super::super::error::HtmlError;
use super::super::state::AppState;
use super::versions::{Changed, changed_pages, page_title};
use super::{Training, base_url, blocking, page, training};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, PreEscaped, html};
use std::sync::Arc;
use time::OffsetDateTime;
use vagvisare_quizzes::{Certificate, CertificateCode, Status, swedish_time};

/// The code typed into the check form.
#[derive(Debug, serde::Deserialize)]
pub struct CodeQuery {
    kod: Option<String>,
}

/// `GET /utbildning/intyg?kod=…` → the certificate's own address.
pub async fn lookup(
    State(state): State<AppState>,
    query: Result<Query<CodeQuery>, QueryRejection>,
) -> Result<Response, HtmlError> {
    training(&state)?;
    let code = query
        .ok()
        .and_then(|Query(q)| q.kod)
        .and_then(|k| CertificateCode::parse(&k));
    match code {
        Some(code) => Ok(Redirect::to(&format!("/utbildning/intyg/{code}")).into_response()),
        None => Err(unknown(&state)),
    }
}

/// A certificate with what is known about it today.
struct Checked {
    cert: Certificate,
    title: String,
    status: Status,
    changed: Vec<Changed>,
}

/// `GET /utbildning/intyg/{code}` (a page) and `GET /utbildning/intyg/{code}.json` (JSON).
pub async fn verify(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, HtmlError> {
    let training = training(&state)?;
    if let Some(code) = code.strip_suffix(".json") {
        return Ok(match check(&state, &training, code).await? {
            Some(checked) => json(&checked, &training, &base_url(&state).unwrap_or_default()),
            None => json_not_found(),
        });
    }
    let checked = check(&state, &training, &code)
        .await?
        .ok_or_else(|| unknown(&state))?;
    Ok(page(
        &state,
        StatusCode::OK,
        "Kontroll av intyg",
        "Kontroll av ett intyg från Vägvisarens utbildning.",
        verification(&checked, &training),
    ))
}

/// The certificate with `code` and its status now, or `None` when there is none.
async fn check(
    state: &AppState,
    training: &Arc<Training>,
    code: &str,
) -> Result<Option<Checked>, HtmlError> {
    let Some(code) = CertificateCode::parse(code) else {
        return Ok(None);
    };
    let t = Arc::clone(training);
    let Some(cert) = blocking(state, move || t.store.certificate(&code)).await? else {
        return Ok(None);
    };
    let changed = changed_pages(&training.links, &cert);
    let today = swedish_time(OffsetDateTime::now_utc()).date();
    let status = Status::of(&cert, today, !changed.is_empty());
    let title = training
        .catalog
        .get(&cert.module_id)
        .map_or_else(|| cert.module_id.clone(), |m| m.title.clone());
    Ok(Some(Checked {
        cert,
        title,
        status,
        changed,
    }))
}

/// A date as people read it: "1 mars 2026".
pub(super) fn day(date: time::Date) -> String {
    vagvisare_site::swedish_date(date)
}

/// The page body: the verdict, then the facts.
fn verification(checked: &Checked, training: &Training) -> Markup {
    let Checked {
        cert,
        title,
        status,
        changed,
    } = checked;
    let issued = day(swedish_time(cert.issued).date());
    html! {
        h1 { "Kontroll av intyg" }
        @match status {
            Status::Expired => div.resultat.underkand {
                p.rubrik { "Intyget har gått ut" }
                p { "Det gällde till och med " (day(cert.valid_until)) ". För ett nytt intyg behöver personen göra utbildningen igen." }
            },
            Status::NotPassed => div.resultat.underkand { p.rubrik { "Intyget är inte giltigt" } },
            Status::Outdated => div.resultat.godkand {
                p.rubrik { "Intyget är giltigt" }
                p { "Men innehållet har ändrats sedan intyget utfärdades. Se nedan." }
            },
            Status::Valid | Status::ExpiresSoon => div.resultat.godkand { p.rubrik { "Intyget är giltigt" } },
        }
        dl.intyg-kontroll {
            dt { "Namn" } dd { (cert.name) }
            @if let Some(unit) = &cert.unit { dt { "Enhet" } dd { (unit) } }
            dt { "Utbildning" } dd { (title) }
            dt { "Datum" } dd { (issued) }
            dt { "Resultat" }
            dd {
                (cert.correct) " av " (cert.total) " rätt, "
                @if cert.passed { "godkänt" } @else { "inte godkänt" }
            }
            dt { "Giltigt till" }
            dd {
                (day(cert.valid_until))
                @match status {
                    Status::Expired => { " – " strong { "Har gått ut" } },
                    Status::ExpiresSoon => { " – går ut inom 60 dagar" },
                    _ => {},
                }
            }
            dt { "Innehållets version" }
            dd {
                "Modulversion " (cert.module_version) "."
                @if cert.pages.is_empty() {
                    " Sidornas versioner sparades inte när intyget utfärdades."
                } @else {
                    ul.intyg-sidor {
                        @for p in &cert.pages {
                            li {
                                (page_title(&training.links, &p.page)) ", version " (p.version)
                                @if changed.iter().any(|c| c.page == p.page) { " – " strong { "äldre version" } }
                            }
                        }
                    }
                }
            }
        }
        @for c in changed {
            p.andrad-sida {
                "Sidan ”" a href=(c.url) { (c.title) } "” har ändrats sedan intyget utfärdades: "
                (notes(c)) "."
            }
        }
        p.ingen-utskrift { a href="/utbildning/" { "Till Utbildning" } }
    }
}

/// The significant change notes as one Swedish clause: "1 november 2026: …; …".
pub(super) fn notes(changed: &Changed) -> String {
    changed
        .drift
        .changes
        .iter()
        .map(|n| format!("{} {}", day(n.date), n.note))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The same facts as JSON (`url` is absolute when `public-url` is set). Dates are `YYYY-MM-DD`; `status` is one of `giltigt`,
/// `gar-ut-snart`, `aldre-version`, `har-gatt-ut`, `ej-godkant`.
fn json(checked: &Checked, training: &Training, base: &str) -> Response {
    let Checked {
        cert,
        title,
        status,
        changed,
    } = checked;
    let content: Vec<serde_json::Value> = cert
        .pages
        .iter()
        .map(|p| {
            let change = changed.iter().find(|c| c.page == p.page);
            serde_json::json!({
                "page": p.page,
                "title": page_title(&training.links, &p.page),
                "version": p.version.to_string(),
                "hash": p.hash,
                "changed": change.is_some(),
                "changes": change.map(|c| c.drift.changes.iter().map(|n| serde_json::json!({
                    "date": n.date.to_string(),
                    "note": n.note,
                })).collect::<Vec<_>>()).unwrap_or_default(),
            })
        })
        .collect();
    let body = serde_json::json!({
        "code": cert.code.as_str(),
        "url": format!("{base}/utbildning/intyg/{}", cert.code),
        "name": cert.name,
        "unit": cert.unit,
        "module": {
            "id": cert.module_id,
            "title": title,
            "version": cert.module_version,
        },
        "issued": swedish_time(cert.issued).date().to_string(),
        "result": {
            "correct": cert.correct,
            "total": cert.total,
            "passed": cert.passed,
        },
        "valid_until": cert.valid_until.to_string(),
        "valid": status.is_valid(),
        "expired": *status == Status::Expired,
        "outdated": !changed.is_empty(),
        "status": status.id(),
        "status_text": status.label(),
        "content": content,
    });
    (StatusCode::OK, Json(body)).into_response()
}

fn json_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({
            "error": "Det finns inget intyg med den koden. Kontrollera att koden är rätt avskriven."
        })),
    )
        .into_response()
}

/// The QR code pointing at the verification page, as inline SVG (made here, no other host).
pub(super) fn qr(url: &str) -> Markup {
    match super::qr::svg(url) {
        Some(svg) => html! {
            div.intyg-qr role="img" aria-label="QR-kod till kontrollsidan för intyget" {
                (PreEscaped(svg))
            }
        },
        None => html! {},
    }
}

pub(super) fn unknown(state: &AppState) -> HtmlError {
    HtmlError::new(
        state,
        StatusCode::NOT_FOUND,
        "Intyget finns inte",
        "Det finns inget intyg med den koden. Kontrollera att koden är rätt avskriven. Intyg raderas efter en tid.",
    )
}
