//! Certificates: issuing one for a passed result, with its last valid day and the versions of
//! the reading-list pages, printable with a link and a QR code to its verification page.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::form::{Fields, check_origin, fields, single, slow_down};
use super::tokens::ResultToken;
use super::verify::{day, qr};
use super::versions::reading_pages;
use super::{bad_request, base_url, blocking, module, page, training};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;
use std::sync::Arc;
use time::OffsetDateTime;
use vagvisare_quizzes::{Issued, NewCertificate, check_name, check_unit, swedish_time};

/// The hidden field with the token of the result waiting for a name.
const RESULT_FIELD: &str = "resultat";

/// `POST /utbildning/{id}/intyg`: stores the certificate and shows it, ready to print. The
/// same name form sent again shows the same certificate again (one certificate per result).
pub async fn issue(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    check_origin(&state, &headers)?;
    let training = training(&state)?;
    let m = module(&state, &training, &id)?;
    if let Err(wait) = state.security.certificates.check(client) {
        return Err(slow_down(
            &state,
            wait,
            "Många intyg har skapats från din anslutning på kort tid.",
        ));
    }
    let fields = fields(&state, form)?;
    let gone = || {
        bad_request(
            &state,
            "Resultatet finns inte längre. Det gäller i två timmar. Gör testet igen för att få ett intyg.",
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
    let now = OffsetDateTime::now_utc();
    let result = one(RESULT_FIELD)?
        .and_then(|text| ResultToken::verify(&state.security.key, text, now).ok())
        .ok_or_else(gone)?;
    // A result belongs to the module it was earned in.
    if result.m != m.id {
        return Err(gone());
    }
    let name = check_name(one("namn")?.unwrap_or_default())
        .map_err(|e| bad_request(&state, &e.to_string()))?;
    let unit = check_unit(one("enhet")?.unwrap_or_default())
        .map_err(|e| bad_request(&state, &e.to_string()))?;

    // What the certificate covers: the reading list as this municipality shows it now, valid
    // for the module's `valid_months` from today (a Swedish date).
    let pages = reading_pages(&training.links, m);
    let valid_until = m.valid_until(swedish_time(now).date());
    let t = Arc::clone(&training);
    let issued = blocking(&state, move || {
        let new = NewCertificate {
            name: &name,
            unit: unit.as_deref(),
            module_id: &result.m,
            module_version: result.v,
            correct: result.c,
            total: result.q,
            passed: true,
            valid_until,
            pages: &pages,
        };
        t.store.issue_certificate(&result.n, &new, now)
    })
    .await?;
    let again = matches!(issued, Issued::Again(_));
    let cert = match issued {
        Issued::New(c) | Issued::Again(c) => c,
    };
    if !again {
        tracing::info!(module = %cert.module_id, "utbildning: intyg utfärdat");
    }

    // The configured public address, never the request's Host (which the client chooses).
    let base = base_url(&state);
    let site = base.clone().unwrap_or_default();
    let title = training
        .catalog
        .get(&cert.module_id)
        .map_or(cert.module_id.as_str(), |m| m.title.as_str());
    let proves = training
        .catalog
        .get(&cert.module_id)
        .map(|m| m.certificate.clone());
    let needed = training
        .catalog
        .get(&cert.module_id)
        .map(|m| m.needed_of(usize::try_from(cert.total).unwrap_or(usize::MAX)));
    let verify = format!("/utbildning/intyg/{}", cert.code);
    let verify_url = format!("{site}{verify}");
    let main = html! {
        p.ingen-utskrift.resultat.godkand role="status" {
            @if again { "Intyget är redan skapat. Här är det igen. " } @else { "Ditt intyg är klart. " }
            "Skriv ut sidan eller spara den som PDF (Ctrl+P eller Skriv ut i webbläsarens meny). "
            "Spara kontrollkoden."
        }
        article.intyg {
            p.intyg-rubrik { "Intyg" }
            h1 { (cert.name) }
            @if let Some(unit) = &cert.unit { p.intyg-enhet { (unit) } }
            p { "har genomfört utbildningen" }
            p.intyg-modul { (title) }
            p {
                "på Vägvisaren den " (day(swedish_time(cert.issued).date())) " och klarat kunskapstestet med "
                (cert.correct) " av " (cert.total) " rätt"
                @if let Some(n) = needed { " (gränsen för godkänt är " (n) " rätt)" }
                "."
            }
            @if let Some(proves) = proves { p { strong { "Intyget visar: " } (proves) } }
            p.intyg-giltigt { "Giltigt till och med " strong { (day(cert.valid_until)) } "." }
            p.intyg-kod { "Kontrollkod: " strong { (cert.code) } }
            @if base.is_some() { (qr(&verify_url)) }
            p {
                "Intyget kan kontrolleras på "
                a href=(verify) { (verify_url) }
                @if base.is_some() { " (eller med QR-koden)" }
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
