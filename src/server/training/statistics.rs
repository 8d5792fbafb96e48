//! `/admin/statistik`: item statistics for editors, behind the admin sign-in. The list shows
//! each module's stored attempts; a module's page shows, per question, how many attempts
//! contained it, the share right (facility), the discrimination (corrected point-biserial)
//! and how often each option was chosen, with warnings and a plain-Swedish explanation. The
//! figures come from `vagvisare_quizzes::ItemStatsBuilder`; nothing is shown for a question
//! with fewer than `MIN_ATTEMPTS` attempts. `/admin/statistik/{id}/csv` gives the same figures
//! as CSV, one line per option. Only attempts on the module's current version
//! count, since a new version may have changed the questions and options.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::{Training, admin, blocking, module as find_module, page};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::sync::Arc;
use vagvisare_quizzes::{
    AttemptTotals, EASY_FACILITY, Figures, HARD_FACILITY, ItemStatsBuilder, LOW_DISCRIMINATION,
    MIN_ATTEMPTS, Module, ModuleStats, Question, QuestionStats, item_stats_csv,
};

/// `GET /admin/statistik`: the modules with their number of attempts.
pub async fn index(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let training = match admin::signed_in(&state, client, &headers, "frågestatistik").await? {
        Ok(training) => training,
        Err(response) => return Ok(response),
    };
    let t = Arc::clone(&training);
    let totals = blocking(&state, move || {
        t.catalog
            .modules()
            .iter()
            .map(|m| t.store.attempt_totals(&m.id, m.version))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let main = html! {
        h1 { "Frågestatistik" }
        p.sammanfattning {
            "Här ser du hur frågorna i kunskapstesten fungerar: hur många som svarar rätt, om frågan "
            "skiljer mellan dem som kan och dem som inte kan, och vilka svarsalternativ som väljs. "
            "Använd siffrorna för att hitta frågor som behöver skrivas om."
        }
        (privacy_note())
        p { a href="/admin/" { "Tillbaka till rapporten" } }
        div.tabell role="region" aria-labelledby="moduler-rubrik" tabindex="0" { table {
            caption #moduler-rubrik { "Moduler och inskickade försök" }
            thead { tr {
                th scope="col" { "Modul" }
                th scope="col" { "Version" }
                th scope="col" { "Inskickade försök" }
                th scope="col" { "Godkända" }
            } }
            tbody {
                @for (m, t) in training.catalog.modules().iter().zip(&totals) {
                    tr {
                        th scope="row" { a href=(format!("/admin/statistik/{}", m.id)) { (m.title) } }
                        td { (m.version) }
                        td { (t.attempts) }
                        td { (passed(t)) }
                    }
                }
            }
        } }
    };
    Ok(page(
        &state,
        StatusCode::OK,
        "Frågestatistik",
        "Hur frågorna i kunskapstesten fungerar.",
        main,
    ))
}

/// `GET /admin/statistik/{id}`: the statistics of one module.
pub async fn module(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let training = match admin::signed_in(&state, client, &headers, "frågestatistik").await? {
        Ok(training) => training,
        Err(response) => return Ok(response),
    };
    let m = find_module(&state, &training, &id)?;
    let stats = compute(&state, &training, m).await?;
    let title = format!("Frågestatistik – {}", m.title);
    let main = module_page(m, &stats);
    Ok(page(
        &state,
        StatusCode::OK,
        &title,
        "Hur frågorna i modulens kunskapstest fungerar.",
        main,
    ))
}

/// `GET /admin/statistik/{id}/csv`: the same figures as CSV, one line per option.
pub async fn csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let training = match admin::signed_in(&state, client, &headers, "frågestatistik (CSV)").await?
    {
        Ok(training) => training,
        Err(response) => return Ok(response),
    };
    let m = find_module(&state, &training, &id)?;
    let stats = compute(&state, &training, m).await?;
    let disposition = format!("attachment; filename=\"fragestatistik-{}.csv\"", m.id);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        item_stats_csv(m, &stats),
    )
        .into_response())
}

/// Reads the stored answers of `m`'s current version into the statistics, off the runtime.
async fn compute(
    state: &AppState,
    training: &Arc<Training>,
    m: &Module,
) -> Result<ModuleStats, HtmlError> {
    let t = Arc::clone(training);
    let owned = m.clone();
    blocking(state, move || {
        let mut builder = ItemStatsBuilder::new(&owned);
        t.store
            .for_each_item_answer(&owned.id, owned.version, |score, answer| {
                builder.add(score, answer);
            })?;
        let totals = t.store.attempt_totals(&owned.id, owned.version)?;
        Ok(builder.finish(totals))
    })
    .await
}

fn module_page(m: &Module, stats: &ModuleStats) -> Markup {
    let t = &stats.totals;
    html! {
        h1 { "Frågestatistik – " (m.title) }
        p.sammanfattning {
            "Version " (m.version) " av modulen. " (t.attempts) " inskickade försök, " (passed(t)) " godkända. "
            "Bara försök på den här versionen räknas, eftersom en ny version kan ha ändrat frågorna."
        }
        p { a href="/admin/statistik" { "Alla moduler" } " · " a href="/admin/" { "Rapporten" } }
        (warning_summary(m, stats))
        p { a.knapp href=(format!("/admin/statistik/{}/csv", m.id)) download { "Ladda ner statistiken som CSV" } }
        (explanation())
        h2 #oversikt { "Översikt" }
        div.tabell role="region" aria-labelledby="oversikt-rubrik" tabindex="0" { table {
            caption #oversikt-rubrik { "Alla frågor i modulen" }
            thead { tr {
                th scope="col" { "Fråga" }
                th scope="col" { "Antal svar" }
                th scope="col" { "Andel rätt" }
                th scope="col" { "Diskriminering" }
                th scope="col" { "Varningar" }
            } }
            tbody {
                @for s in &stats.questions {
                    @if let Some(q) = m.questions.get(s.question) {
                        tr {
                            th scope="row" { a href=(format!("#stat-{}", q.id)) { "Fråga " (s.question + 1) } }
                            td { (s.n) }
                            @if let Some(f) = &s.figures {
                                td { (percent(f.facility)) }
                                td { (discrimination(f.discrimination)) }
                                td { (f.warnings.len()) }
                            } @else {
                                td colspan="3" { (too_few(s.n)) }
                            }
                        }
                    }
                }
            }
        } }
        h2 #fragorna { "Frågorna" }
        @for s in &stats.questions {
            @if let Some(q) = m.questions.get(s.question) {
                (question_section(q, s))
            }
        }
    }
}

/// Which questions have warnings, with links to them; or why there is nothing to say yet.
fn warning_summary(m: &Module, stats: &ModuleStats) -> Markup {
    let shown = stats
        .questions
        .iter()
        .filter(|s| s.figures.is_some())
        .count();
    let flagged: Vec<(usize, &str)> = stats
        .questions
        .iter()
        .filter(|s| s.figures.as_ref().is_some_and(|f| !f.warnings.is_empty()))
        .filter_map(|s| {
            m.questions
                .get(s.question)
                .map(|q| (s.question + 1, q.id.as_str()))
        })
        .collect();
    html! {
        @if shown == 0 {
            p { "Ingen fråga har ännu tillräckligt många svar för att visa siffror." }
        } @else if flagged.is_empty() {
            p { "Ingen av de " (shown) " frågorna med siffror har varningar." }
        } @else {
            p {
                (flagged.len()) " av " (shown) " frågor med siffror har varningar: "
                @for (i, (number, id)) in flagged.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(format!("#stat-{id}")) { "fråga " (number) }
                }
                "."
            }
        }
    }
}

fn question_section(q: &Question, s: &QuestionStats) -> Markup {
    let number = s.question + 1;
    html! {
        section.fragestatistik aria-labelledby=(format!("stat-{}", q.id)) {
            h3 #(format!("stat-{}", q.id)) { "Fråga " (number) }
            p { (q.prompt) }
            @if let Some(f) = &s.figures {
                dl.modul-fakta {
                    dt { "Antal svar" } dd { (s.n) }
                    dt { "Andel rätt" } dd { (percent(f.facility)) }
                    dt { "Diskriminering" } dd { (discrimination(f.discrimination)) }
                }
                @if !f.warnings.is_empty() {
                    ul.varningar {
                        @for w in &f.warnings {
                            li { strong { "Varning: " } (w.message(q)) }
                        }
                    }
                }
                (options_table(q, number, s.n, f))
            } @else {
                p { (too_few(s.n)) " Siffrorna visas när minst " (MIN_ATTEMPTS) " försök har haft frågan." }
                ul {
                    @for (i, o) in q.options.iter().enumerate() {
                        li { (o) @if q.correct.contains(&i) { " " strong { "(rätt svar)" } } }
                    }
                }
            }
        }
    }
}

fn options_table(q: &Question, number: usize, n: u64, f: &Figures) -> Markup {
    html! {
        div.tabell role="region" aria-labelledby=(format!("alt-{}", q.id)) tabindex="0" { table {
            caption #(format!("alt-{}", q.id)) { "Svarsalternativ, fråga " (number) }
            thead { tr {
                th scope="col" { "Alternativ" }
                th scope="col" { "Rätt eller fel" }
                th scope="col" { "Valt av" }
                th scope="col" { "Andel" }
            } }
            tbody {
                @for (i, o) in q.options.iter().enumerate() {
                    @let count = f.chosen.get(i).copied().unwrap_or(0);
                    tr {
                        th scope="row" { (o) }
                        td { @if q.correct.contains(&i) { span.ratt { "Rätt svar" } } @else { "Fel svar" } }
                        td { (count) }
                        td { (percent(share(count, n))) }
                    }
                }
            }
        } }
    }
}

fn explanation() -> Markup {
    html! {
        h2 #sa-las-du { "Så läser du siffrorna" }
        dl.modul-fakta {
            dt { "Antal svar" }
            dd {
                "Hur många inskickade försök som hade frågan. Om testet ger varje försök ett urval av "
                "frågorna skiljer sig antalet mellan frågorna. Siffrorna visas först när minst "
                (MIN_ATTEMPTS) " försök har haft frågan. Med färre svar säger de för lite och kan "
                "peka ut enskilda personer."
            }
            dt { "Andel rätt" }
            dd {
                "Hur stor del av dem som fick frågan som svarade rätt. Vi varnar när minst "
                (percent(EASY_FACILITY)) " svarar rätt (frågan är för lätt) och när högst "
                (percent(HARD_FACILITY)) " gör det (frågan är för svår, otydlig eller har fel svar markerat)."
            }
            dt { "Diskriminering" }
            dd {
                "Visar om frågan skiljer mellan dem som kan ämnet och dem som inte kan. Vi använder "
                "punktbiserial korrelation (korrigerad): sambandet mellan att svara rätt på frågan och "
                "resultatet på de andra frågorna i samma försök. Talet går från −1 till 1. Över 0,30 är "
                "bra. Under " (decimal(LOW_DISCRIMINATION)) " varnar vi: frågan säger nästan inget om "
                "vem som kan ämnet. Under 0 betyder att de som klarar resten bra oftare svarar fel här, "
                "och då är något troligen fel med frågan. Talet kan inte beräknas när alla svarar rätt, "
                "alla svarar fel eller alla har samma resultat på de andra frågorna."
            }
            dt { "Valt av" }
            dd {
                "Hur många som valde varje svarsalternativ. Ett felaktigt alternativ som ingen väljer "
                "lockar inte och gör frågan lättare än den ser ut. På frågor där man kan välja flera "
                "svar blir summan större än antalet svar."
            }
        }
        (privacy_note())
    }
}

fn privacy_note() -> Markup {
    html! {
        p {
            "Statistiken bygger på anonyma uppgifter: för varje inskickat försök sparas modul, månad, "
            "resultat och vilka alternativ som valdes, men inget namn, ingen enhet och ingen koppling "
            "till intygen. Uppgifterna raderas efter samma tid som intygen."
        }
    }
}

/// "För få svar ännu (n av 10)."
fn too_few(n: u64) -> String {
    format!("För få svar ännu ({n} av {MIN_ATTEMPTS}).")
}

fn passed(t: &AttemptTotals) -> String {
    if t.attempts == 0 {
        return "0".into();
    }
    format!("{} ({})", t.passed, percent(share(t.passed, t.attempts)))
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A share 0–1 as a whole percentage: "85 %".
fn percent(share: f64) -> String {
    format!("{} %", (share * 100.0).round())
}

/// Two decimals with a decimal comma and a real minus sign: "0,48", "−0,12".
fn decimal(value: f64) -> String {
    let text = format!("{:.2}", value.abs()).replace('.', ",");
    if value < 0.0 && text != "0,00" {
        format!("−{text}")
    } else {
        text
    }
}

fn discrimination(value: Option<f64>) -> String {
    value.map_or_else(|| "kan inte beräknas".into(), decimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_swedish_way() {
        assert_eq!(percent(0.955), "96 %");
        assert_eq!(percent(0.2), "20 %");
        assert_eq!(decimal(0.4804), "0,48");
        assert_eq!(decimal(-0.126), "−0,13");
        assert_eq!(decimal(-0.001), "0,00");
        assert_eq!(discrimination(None), "kan inte beräknas");
        assert_eq!(too_few(3), "För få svar ännu (3 av 10).");
        assert_eq!(
            passed(&AttemptTotals {
                attempts: 4,
                passed: 1
            }),
            "1 (25 %)"
        );
    }
}
