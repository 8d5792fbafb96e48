//! A module page with the quiz form, and grading a submitted form.
//!
//! Each page load draws a new balanced set of questions from the module's bank
//! ([`Draw::new`] with the attempt's random seed), so a retake gets a new draw. The form names
//! each option by its shown position (`q-<question>=<position>`), so the page says nothing
//! about which options are right. Showing the page writes nothing: the hidden field carries a
//! signed attempt token (module, version, seed, time, nonce); when the form comes back the
//! seed re-creates the same draw, which says which questions may and must be answered and maps
//! positions back, and only the drawn questions are graded. The first write is the submission, which
//! stores the nonce once ("submitted once") and, in the same transaction, the anonymous attempt
//! record of the item statistics. Cross-site posts are refused by the origin check.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::form::{Fields, check_origin, fields, single, slow_down};
use super::tokens::{AttemptToken, ResultToken};
use super::{Training, bad_request, blocking, module, page, source_link, training};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Redirect, Response};
use maud::{Markup, html};
use std::sync::Arc;
use time::OffsetDateTime;
use vagvisare_quizzes::{
    AnswerError, Answers, AttemptRecord, Draw, Drawn, Kind, Module, Outcome, Question, Token,
    grade_draw,
};

/// The hidden field that carries the attempt token.
pub const ATTEMPT_FIELD: &str = "forsok";
/// The prefix of answer fields: `q-<question id>`.
const ANSWER_PREFIX: &str = "q-";

/// `/utbildning/{id}` → `/utbildning/{id}/` for known modules.
pub async fn add_slash(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Redirect, HtmlError> {
    let training = training(&state)?;
    let m = module(&state, &training, &id)?;
    Ok(Redirect::permanent(&format!("/utbildning/{}/", m.id)))
}

/// The module page: intro, reading list, the feedback policy and the form of a new attempt
/// with a new draw.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let training = training(&state)?;
    let m = module(&state, &training, &id)?;
    let attempt = AttemptToken::new(&m.id, m.version, OffsetDateTime::now_utc()).map_err(|e| {
        tracing::error!("utbildning: {e}");
        HtmlError::internal(&state)
    })?;
    let signed = attempt.sign(&state.security.key, training.retention.attempt_max_age);
    let draw = Draw::new(m, attempt.s);
    let main = html! {
        h1 { (m.title) }
        p.sammanfattning { (m.intro) }
        ul.modul-fakta-rad {
            li { "För: " (m.audience) }
            li { "Tid: cirka " (m.minutes) " minuter" }
            li { "Godkänt: minst " (draw.needed(m)) " av " (draw.len()) " rätt" }
        }
        (reading_list(&training, m))
        h2 #test { "Kunskapstest" }
        p {
            "Svara på alla " (draw.len()) " frågor. Frågorna väljs slumpvis ur en större "
            "frågebank, så att det blir nya frågor om du gör testet igen."
        }
        (feedback_policy())
        form.quiz method="post" action=(format!("/utbildning/{}/svar", m.id)) {
            input type="hidden" name=(ATTEMPT_FIELD) value=(signed);
            @for (i, drawn) in draw.items().iter().enumerate() {
                @if let Some(q) = m.questions.get(drawn.question) {
                    (question_fieldset(i, draw.len(), q, drawn))
                }
            }
            p { button.knapp type="submit" { "Skicka svaren" } }
        }
        p { a href=(format!("/utbildning/{}/diskutera", m.id)) { "Frågor att diskutera i arbetsgruppen" } }
    };
    Ok(page(&state, StatusCode::OK, &m.title, &m.intro, main))
}

fn reading_list(training: &Training, m: &Module) -> Markup {
    html! {
        @if !m.reading.is_empty() {
            h2 { "Läs först" }
            ul.laslista {
                @for r in &m.reading {
                    @let (href, label) = source_link(training, r);
                    li { a href=(href) { (label) } }
                }
            }
        }
    }
}

/// What the result page shows after a failed and after a passed attempt (also on `/utbildning/`).
pub(super) fn feedback_policy() -> Markup {
    html! {
        p {
            "När du skickar in svaren ser du direkt vilka frågor du svarade fel på och vilken text "
            "du kan läsa om. Är du inte godkänd får du inte veta vilket svar som är rätt, så att "
            "du läser texten i stället för att gissa dig fram. När du är godkänd ser du alla rätta "
            "svar och varför de är rätt. Du kan göra testet så många gånger du vill."
        }
    }
}

/// The fieldset of the drawn question `q`, asked as number `i + 1` of `total`, with its options
/// in the drawn order.
fn question_fieldset(i: usize, total: usize, q: &Question, drawn: &Drawn) -> Markup {
    let several = q.kind.allows_several();
    let input_type = if several { "checkbox" } else { "radio" };
    let hint_id = format!("tips-{}", q.id);
    html! {
        fieldset.fraga #(format!("fraga-{}", q.id)) aria-describedby=(hint_id) {
            legend {
                span.fraga-nummer { "Fråga " (i + 1) " av " (total) }
                " "
                span.fraga-text { (q.prompt) }
            }
            p.tips #(hint_id) {
                @if several { "Välj alla svar som stämmer." } @else { "Välj ett svar." }
            }
            @for (shown, &written) in drawn.order.iter().enumerate() {
                @if let Some(text) = q.options.get(written) {
                    @let id = format!("q-{}-{shown}", q.id);
                    div.alternativ {
                        input type=(input_type) id=(id) name=(format!("{ANSWER_PREFIX}{}", q.id))
                            value=(shown) required[!several];
                        label for=(id) { (text) }
                    }
                }
            }
        }
    }
}

/// Grades a submitted form against the draw of its attempt token and shows the result.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, HtmlError> {
    check_origin(&state, &headers)?;
    let training = training(&state)?;
    let m = module(&state, &training, &id)?;
    if let Err(wait) = state.security.submissions.check(client) {
        return Err(slow_down(
            &state,
            wait,
            "Testet har skickats in väldigt många gånger från din anslutning på kort tid.",
        ));
    }
    let fields = fields(&state, form)?;
    let stale = || {
        bad_request(
            &state,
            "Formuläret är ogiltigt eller för gammalt. Öppna modulen igen och gör testet från början.",
        )
    };
    let now = OffsetDateTime::now_utc();
    let attempt = single(&fields, ATTEMPT_FIELD)
        .map_err(|()| stale())?
        .and_then(|text| AttemptToken::verify(&state.security.key, text, now).ok())
        .ok_or_else(stale)?;
    let mut answers: Vec<(&str, &str)> = Vec::new();
    for (name, value) in &fields {
        if name == ATTEMPT_FIELD {
            continue;
        }
        let Some(question) = name.strip_prefix(ANSWER_PREFIX) else {
            return Err(bad_request(
                &state,
                &AnswerError::UnknownQuestion.to_string(),
            ));
        };
        answers.push((question, value));
    }
    if attempt.m != m.id {
        return Err(stale());
    }
    if attempt.v != m.version {
        return Err(bad_request(
            &state,
            "Modulen har uppdaterats sedan du öppnade den. Öppna modulen igen och gör testet från början.",
        ));
    }
    // The same seed gives the same draw as the page showed: only its questions may be answered.
    let draw = Draw::new(m, attempt.s);
    let answers = Answers::from_shown_in_draw(m, &draw, answers)
        .map_err(|e| bad_request(&state, &e.to_string()))?;
    let outcome = grade_draw(m, &draw, &answers);
    let result = if outcome.passed {
        let nonce = Token::generate().map_err(|e| {
            tracing::error!("utbildning: {e}");
            HtmlError::internal(&state)
        })?;
        let token = ResultToken {
            m: m.id.clone(),
            v: m.version,
            c: u32::try_from(outcome.correct).unwrap_or(0),
            q: u32::try_from(outcome.total).unwrap_or(0),
            n: nonce.to_string(),
        };
        Some(token.sign(&state.security.key, now, training.retention.pending_max_age))
    } else {
        None
    };
    let t = Arc::clone(&training);
    let expires = attempt.expires(training.retention.attempt_max_age);
    let record = AttemptRecord::from_outcome(m, &outcome);
    let first = blocking(&state, move || {
        t.store.submit_attempt(&attempt.n, expires, &record, now)
    })
    .await?;
    if !first {
        return Err(already_submitted(&state));
    }
    tracing::info!(module = %m.id, passed = outcome.passed, "utbildning: test rättat");
    let main = result_page(&training, m, &outcome, result.as_deref());
    let title = format!("Resultat: {}", m.title);
    Ok(page(&state, StatusCode::OK, &title, &m.intro, main))
}

fn already_submitted(state: &AppState) -> HtmlError {
    bad_request(
        state,
        "De här svaren är redan inskickade. Öppna modulen igen om du vill göra testet en gång till.",
    )
}

/// The result page: score, pass or fail, the name form on a pass, and each question marked
/// right or wrong with the page to read. The right option is shown only after a pass: after a
/// failed attempt the page says which questions were wrong and where to read, not the answers.
fn result_page(training: &Training, m: &Module, o: &Outcome, result: Option<&str>) -> Markup {
    html! {
        h1 { "Resultat: " (m.title) }
        @if o.passed {
            div.resultat.godkand role="status" {
                p.rubrik { "Godkänd" }
                p { "Du hade " (o.correct) " av " (o.total) " rätt (" (o.percent()) " %). Gränsen är " (o.needed) " rätt." }
            }
        } @else {
            div.resultat.underkand role="status" {
                p.rubrik { "Inte godkänd ännu" }
                p { "Du hade " (o.correct) " av " (o.total) " rätt (" (o.percent()) " %). Gränsen är " (o.needed) " rätt." }
                p { "Läs avsnitten som det länkas till vid frågorna som blev fel. Sedan kan du göra testet igen." }
            }
        }
        @if let Some(token) = result {
            (name_form(m, token))
        }
        h2 { "Dina svar" }
        ol.svar {
            @for (i, r) in o.results.iter().enumerate() {
                @if let Some(q) = m.questions.get(r.question) {
                    li.svar-fraga {
                        h3 {
                            "Fråga " (i + 1) ": "
                            @if r.right { span.ratt { "Rätt" } } @else { span.fel { "Fel" } }
                        }
                        p { (q.prompt) }
                        p { strong { "Ditt svar: " } (option_list(q, &r.chosen)) }
                        @if o.passed && !r.right {
                            p { strong { "Rätt svar: " } (option_list(q, &q.correct)) }
                        }
                        @if q.kind == Kind::Multiple && !r.right {
                            p.tips { "På den här frågan måste du välja alla rätta svar och inga andra." }
                        }
                        @if o.passed || r.right {
                            p { strong { "Varför: " } (q.explanation) }
                        }
                        @let (href, label) = source_link(training, &q.source);
                        p { "Läs mer: " a href=(href) { (label) } }
                    }
                }
            }
        }
        p {
            a.knapp href=(format!("/utbildning/{}/", m.id)) { "Gör testet igen" }
            " "
            a href="/utbildning/" { "Alla moduler" }
        }
    }
}

fn option_list(q: &Question, indices: &[usize]) -> String {
    let texts: Vec<&str> = indices
        .iter()
        .filter_map(|&i| q.options.get(i).map(String::as_str))
        .collect();
    texts.join(" · ")
}

fn name_form(m: &Module, token: &str) -> Markup {
    html! {
        section.intyg-form aria-labelledby="intyg-rubrik" {
            h2 #intyg-rubrik { "Hämta ditt intyg" }
            p {
                "Skriv ditt namn som det ska stå på intyget. Enhet är frivilligt. "
                "Namn, enhet, modul, datum och resultat sparas så att intyget kan kontrolleras. "
                "Dina svar sparas inte med ditt namn. Du har två timmar på dig."
            }
            form method="post" action=(format!("/utbildning/{}/intyg", m.id)) {
                input type="hidden" name="resultat" value=(token);
                p {
                    label for="namn" { "Namn" }
                    br;
                    input #namn type="text" name="namn" required maxlength="100" autocomplete="name";
                }
                p {
                    label for="enhet" { "Enhet eller arbetsplats (frivilligt)" }
                    br;
                    input #enhet type="text" name="enhet" maxlength="100" autocomplete="organization";
                }
                p { button.knapp type="submit" { "Skapa intyg" } }
            }
        }
    }
}
