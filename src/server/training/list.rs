//! `/utbildning/`: the modules and how they work.

use super::super::error::HtmlError;
use super::super::state::AppState;
use super::quiz::feedback_policy;
use super::{page, training};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use vagvisare_quizzes::Module;

/// The list of modules.
pub async fn index(State(state): State<AppState>) -> Result<Response, HtmlError> {
    let training = training(&state)?;
    let main = html! {
        h1 { "Utbildning" }
        p.sammanfattning {
            "Korta utbildningar för dig som i ditt arbete kan möta personer som utsätts för våld. "
            "Varje modul slutar med ett kunskapstest och ett intyg."
        }
        h2 { "Så fungerar det" }
        ul {
            li { "Läs texterna i modulens läslista. De finns här på Vägvisaren." }
            li { "Svara på frågorna. Frågorna beskriver situationer som du kan möta i arbetet. Varje gång du gör testet väljs frågorna slumpvis ur en större frågebank, med frågor om alla delar av modulen." }
            li { "Gränsen för godkänt står vid varje modul." }
            li { "När du är godkänd skriver du ditt namn och får ett intyg med en kontrollkod. Din chef kan kontrollera intyget här på webbplatsen." }
        }
        h3 { "Vad du får veta om dina svar" }
        (feedback_policy())
        p {
            "Dina svar sparas utan namn och utan koppling till dig eller ditt intyg, så att vi kan se vilka frågor som är för lätta eller otydliga. "
            "För intyget sparas bara namn, enhet, modul, datum och resultat."
        }
        @for m in training.catalog.modules() {
            (module_card(m))
        }
        h2 #kontrollera { "Kontrollera ett intyg" }
        form.kontroll method="get" action="/utbildning/intyg" {
            p {
                label for="kod" { "Kontrollkod från intyget" }
                br;
                input #kod type="text" name="kod" maxlength="40" autocomplete="off"
                    spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX-XXXX";
            }
            p { button.knapp type="submit" { "Kontrollera" } }
        }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Utbildning",
        "Korta utbildningar med kunskapstest och intyg om våld i nära relationer, hedersrelaterat våld och skyddade personuppgifter.",
        main,
    ))
}

fn module_card(m: &Module) -> Markup {
    html! {
        section.modul aria-labelledby=(format!("modul-{}", m.id)) {
            h2 #(format!("modul-{}", m.id)) { a href=(format!("/utbildning/{}/", m.id)) { (m.title) } }
            dl.modul-fakta {
                dt { "För vem" } dd { (m.audience) }
                dt { "Tid" } dd { "Cirka " (m.minutes) " minuter" }
                dt { "Godkänt" }
                dd {
                    "Minst " (m.needed_in_draw()) " av " (m.draw_size()) " rätt (" (m.pass_percent()) " %)"
                }
                dt { "Intyget visar" } dd { (m.certificate) }
            }
            p {
                a.knapp href=(format!("/utbildning/{}/", m.id)) { "Gör utbildningen" }
                " "
                a href=(format!("/utbildning/{}/diskutera", m.id)) { "Diskutera i arbetsgruppen" }
            }
        }
    }
}
