//! The results page (`/sok`): a labelled search form prefilled with the query, audience filter
//! links, the hit count in a polite status region, the hits with their marked snippets, and a
//! helpful page when nothing is found. Works without JavaScript.

use super::params::encode;
use crate::server::state::AppState;
use maud::{Markup, PreEscaped, html};
use vagvisare_model::{Audience, Origin};
use vagvisare_search::{MAX_LIMIT, Results};

/// What the page shows.
pub struct View {
    q: String,
    audience: Option<Audience>,
    results: Option<Results>,
    error: Option<String>,
}

impl View {
    /// The empty form.
    pub fn empty(audience: Option<Audience>) -> View {
        View {
            q: String::new(),
            audience,
            results: None,
            error: None,
        }
    }

    /// The form with a message on what was wrong.
    pub fn error(q: String, audience: Option<Audience>, message: &str) -> View {
        View {
            q,
            audience,
            results: None,
            error: Some(message.to_string()),
        }
    }

    /// Results for a query.
    pub fn results(q: String, audience: Option<Audience>, results: Results) -> View {
        View {
            q,
            audience,
            results: Some(results),
            error: None,
        }
    }
}

/// The link to a search.
fn search_link(q: &str, audience: Option<Audience>) -> String {
    match audience {
        Some(a) => format!("/sok?q={}&audience={}", encode(q), a.key()),
        None => format!("/sok?q={}", encode(q)),
    }
}

/// "1 träff" / "3 träffar".
pub fn hits_text(n: usize) -> String {
    if n == 1 {
        "1 träff".to_string()
    } else {
        format!("{n} träffar")
    }
}

/// The whole page in the site's layout.
pub fn render(state: &AppState, view: &View) -> String {
    let main = html! {
        h1 { "Sök" }
        (form(view))
        @if let Some(message) = &view.error {
            p class="sok-fel" role="alert" { (message) }
        }
        @if let Some(results) = &view.results {
            (filters(view))
            (hits(view, results, state.search.as_ref().and_then(|i| i.municipality())))
        }
    };
    state.shell.page(
        "Sök",
        "Sök bland Vägvisarens sidor om våld i nära relationer.",
        &main.into_string(),
    )
}

fn form(view: &View) -> Markup {
    html! {
        form class="sok-sida" action="/sok" method="get" role="search" aria-label="Sök bland sidorna" {
            label for="sok-fraga" { "Vad vill du söka efter?" }
            div class="sok-sida-falt" {
                input id="sok-fraga" name="q" type="search" maxlength="200"
                    autocomplete="off" value=(view.q);
                @if let Some(a) = view.audience {
                    input type="hidden" name="audience" value=(a.key());
                }
                button type="submit" { "Sök" }
            }
        }
    }
}

fn filters(view: &View) -> Markup {
    let current = view.audience;
    html! {
        nav class="sok-filter" aria-label="Visa träffar för" {
            ul {
                li {
                    a href=(search_link(&view.q, None))
                        aria-current=[current.is_none().then_some("page")] { "Alla" }
                }
                @for a in Audience::ALL {
                    li {
                        a href=(search_link(&view.q, Some(a)))
                            aria-current=[(current == Some(a)).then_some("page")] { (a.label()) }
                    }
                }
            }
        }
    }
}

fn hits(view: &View, results: &Results, municipality: Option<&str>) -> Markup {
    let filter = view
        .audience
        .map(|a| format!(" för {}", a.label().to_lowercase()))
        .unwrap_or_default();
    html! {
        p class="sok-antal" role="status" {
            (hits_text(results.total)) " för ”" (view.q) "”" (filter) "."
            @if results.total > results.hits.len() {
                " Här visas de " (results.hits.len()) " bästa."
            }
        }
        @if results.hits.is_empty() {
            (no_hits(view, results))
        } @else {
            (hit_list(results, municipality))
            @if results.total > results.hits.len() && results.hits.len() < MAX_LIMIT {
                p class="sok-fler" {
                    a href=(format!("{}&limit={MAX_LIMIT}", search_link(&view.q, view.audience))) {
                        "Visa fler träffar"
                    }
                }
            }
        }
    }
}

/// The hits; on a municipality's site each says whether it is national guidance or the
/// municipality's own text (the same words as the pages' origin lines).
fn hit_list(results: &Results, municipality: Option<&str>) -> Markup {
    html! {
        ol class="sokresultat" {
            @for hit in &results.hits {
                li {
                    h2 {
                        a href=(hit.url) {
                            (hit.title)
                            @if let Some(section) = &hit.section {
                                " – " (section)
                            }
                        }
                    }
                    @if !hit.snippet.is_empty() {
                        p class="sok-utdrag" { (PreEscaped(&hit.snippet)) }
                    }
                    @if let Some(kommun) = municipality {
                        @match hit.origin {
                            Origin::National => p class="ursprung nationell" { span class="ursprung-typ" { "Nationell vägledning" } },
                            Origin::Local => p class="ursprung lokalt" { span class="ursprung-typ" { (kommun) "s egen text" } },
                        }
                    }
                    p class="sok-malgrupp" {
                        "För: "
                        @for (i, a) in hit.audience.iter().enumerate() {
                            @if i > 0 { ", " }
                            (a.label().to_lowercase())
                        }
                    }
                }
            }
        }
    }
}

fn no_hits(view: &View, results: &Results) -> Markup {
    html! {
        div class="sok-inga" {
            @if let Some(suggestion) = &results.suggestion {
                p class="sok-forslag" {
                    "Menade du "
                    a href=(search_link(suggestion, view.audience)) { (suggestion) }
                    "?"
                }
            }
            @if view.audience.is_some() {
                p {
                    "Du söker bara bland sidor för en grupp. "
                    a href=(search_link(&view.q, None)) { "Sök på hela webbplatsen" }
                    "."
                }
            }
            h2 { "Tips" }
            ul {
                li { "Kontrollera stavningen." }
                li { "Använd färre eller andra ord, till exempel ”orosanmälan” eller ”skyddat boende”." }
            }
            h2 { "Börja här i stället" }
            ul {
                li { a href="/hjalp/har-far-du-hjalp.html" { "Här får du hjälp" } " – telefonnummer och stöd" }
                li { a href="/hjalp/" { "Jag behöver hjälp" } }
                li { a href="/personal/" { "Jag arbetar i socialtjänsten" } }
                li { a href="/ny/" { "Jag är ny" } }
                li { a href="/hyresvard/" { "Jag är hyresvärd" } }
                li { a href="/skola/" { "Jag arbetar i skolan" } }
            }
        }
    }
}
