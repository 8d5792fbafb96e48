//! Certificates: issuing one for a passed result, and checking one by its code.

use super::super::error::HtmlError;
use super::super::state::AppState;
use super::form::{Fields, check_origin, fields, single};
use super::{bad_request, blocking, module, page, training};
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::sync::Arc;
use time::OffsetDateTime;
use vagvisare_quizzes::{
    Certificate, CertificateCode, Token, check_name, check_unit, swedish_time,
};

/// The hidden field with the token of the result waiting for a name.
const RESULT_FIELD: &str = "resultat";

/// `POST /utbildning/{id}/intyg`: stores the certificate and shows it, ready to print.
pub async fn issue(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    check_origin(&state, &headers)?;
    let training = training(&state)?;
    module(&state, &training, &id)?;
    let fields = fields(&state, form)?;
    let gone = || {
        bad_request(
            &state,
            "Resultatet finns inte längre. Det sparas i två timmar och kan bara ge ett intyg. Gör testet igen för att få ett nytt intyg.",
        )
    };
    let one = |name| {
        single(&fields, name)
            .map_err(|()| bad_request(&state, "Formuläret har samma fält flera gånger."))
    };
    for (name, _) in &fields {
        if ![RESULT_FIELD, "namn", "enhet"].contains(&name.as_str()) {
            return Err(bad_request(&state, "Formuläret innehåller okända fält."));
        }
    }
    let token = one(RESULT_FIELD)?.and_then(Token::parse).ok_or_else(gone)?;
    let name = check_name(one("namn")?.unwrap_or_default())
        .map_err(|e| bad_request(&state, &e.to_string()))?;
    let unit = check_unit(one("enhet")?.unwrap_or_default())
        .map_err(|e| bad_request(&state, &e.to_string()))?;

    let t = Arc::clone(&training);
    let max_age = training.retention.pending_max_age;
    let cert = blocking(&state, move || {
        t.store.issue_certificate(
            &token,
            &name,
            unit.as_deref(),
            max_age,
            OffsetDateTime::now_utc(),
        )
    })
    .await?
    .ok_or_else(gone)?;
    tracing::info!(module = %cert.module_id, "utbildning: intyg utfärdat");

    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let title = training
        .catalog
        .get(&cert.module_id)
        .map_or(cert.module_id.as_str(), |m| m.title.as_str());
    let proves = training
        .catalog
        .get(&cert.module_id)
        .map(|m| m.certificate.clone());
    let needed = training.catalog.get(&cert.module_id).map(|m| m.needed());
    let verify = format!("/utbildning/intyg/{}", cert.code);
    let main = html! {
        p.ingen-utskrift.resultat.godkand role="status" {
            "Ditt intyg är klart. Skriv ut sidan eller spara den som PDF (Ctrl+P eller Skriv ut i webbläsarens meny). "
            "Spara kontrollkoden: sidan kan inte visas igen."
        }
        article.intyg {
            p.intyg-rubrik { "Intyg" }
            h1 { (cert.name) }
            @if let Some(unit) = &cert.unit { p.intyg-enhet { (unit) } }
            p { "har genomfört utbildningen" }
            p.intyg-modul { (title) }
            p {
                "på Vägvisaren den " (date(&cert)) " och klarat kunskapstestet med "
                (cert.correct) " av " (cert.total) " rätt"
                @if let Some(n) = needed { " (gränsen för godkänt är " (n) " rätt)" }
                "."
            }
            @if let Some(proves) = proves { p { strong { "Intyget visar: " } (proves) } }
            p.intyg-kod { "Kontrollkod: " strong { (cert.code) } }
            p {
                "Intyget kan kontrolleras på "
                a href=(verify) { (host) (verify) }
                " eller under Utbildning → Kontrollera ett intyg. Modulversion " (cert.module_version) "."
            }
        }
        p.ingen-utskrift { a href="/utbildning/" { "Tillbaka till Utbildning" } }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Intyg",
        &format!("Intyg: {title}"),
        main,
    ))
}

fn date(cert: &Certificate) -> String {
    vagvisare_site::swedish_date(swedish_time(cert.issued).date())
}

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

/// `GET /utbildning/intyg/{code}`: name, module, date and whether the certificate is valid.
pub async fn verify(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, HtmlError> {
    let training = training(&state)?;
    let code = CertificateCode::parse(&code).ok_or_else(|| unknown(&state))?;
    let t = Arc::clone(&training);
    let cert = blocking(&state, move || t.store.certificate(&code))
        .await?
        .ok_or_else(|| unknown(&state))?;
    let title = training
        .catalog
        .get(&cert.module_id)
        .map_or(cert.module_id.as_str(), |m| m.title.as_str());
    let main = html! {
        h1 { "Kontroll av intyg" }
        @if cert.passed {
            div.resultat.godkand { p.rubrik { "Intyget är giltigt" } }
        } @else {
            div.resultat.underkand { p.rubrik { "Intyget är inte giltigt" } }
        }
        dl.intyg-kontroll {
            dt { "Namn" } dd { (cert.name) }
            dt { "Utbildning" } dd { (title) }
            dt { "Datum" } dd { (date(&cert)) }
        }
        p.ingen-utskrift { a href="/utbildning/" { "Till Utbildning" } }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Kontroll av intyg",
        "Kontroll av ett intyg från Vägvisarens utbildning.",
        main,
    ))
}

fn unknown(state: &AppState) -> HtmlError {
    HtmlError::new(
        state,
        StatusCode::NOT_FOUND,
        "Intyget finns inte",
        "Det finns inget intyg med den koden. Kontrollera att koden är rätt avskriven. Intyg raderas efter en tid.",
    )
}
