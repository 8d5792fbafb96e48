//! "Diskutera i arbetsgruppen": a module's discussion questions, printable.

use super::super::error::HtmlError;
use super::super::state::AppState;
use super::{module, page, source_link, training};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

/// `GET /utbildning/{id}/diskutera`.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let training = training(&state)?;
    let m = module(&state, &training, &id)?;
    let main = html! {
        article.diskussion {
            h1 { "Diskutera i arbetsgruppen" }
            p.sammanfattning { (m.title) }
            p {
                "Frågorna passar för en arbetsplatsträff när alla har gjort modulen. "
                "Det finns inga färdiga svar: prata om hur ni gör i er verksamhet och vad ni behöver ändra. "
                "Prata om situationer, inte om enskilda personer som går att känna igen."
            }
            ol.diskussionsfragor {
                @for q in &m.discussion { li { (q) } }
            }
            @if !m.reading.is_empty() {
                h2 { "Läs inför träffen" }
                ul {
                    @for r in &m.reading {
                        @let (href, label) = source_link(&training, r);
                        li { a href=(href) { (label) } }
                    }
                }
            }
        }
        p.ingen-utskrift {
            "Skriv ut sidan med webbläsarens utskriftsfunktion (Ctrl+P). "
            a href=(format!("/utbildning/{}/", m.id)) { "Tillbaka till modulen" }
        }
    };
    let title = format!("Diskutera i arbetsgruppen: {}", m.title);
    Ok(page(&state, StatusCode::OK, &title, &m.intro, main))
}
