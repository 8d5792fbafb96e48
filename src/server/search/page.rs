//! The results page (`/sok`): a labelled search form prefilled with the query, audience filter
//! links, the hit count in a polite status region, the hits with their marked snippets, and a
//! helpful page when nothing is found. Works without JavaScript. A search from a page in
//! another language (`lang=en`) gets the page in that language's words and layout, and each
//! hit in another language than the page's is marked with that language's name ("Lättläst",
//! "English", "Svenska").

use super::params::encode;
use crate::server::state::AppState;
use maud::{Markup, PreEscaped, html};
use vagvisare_model::{Audience, Language, Origin};
use vagvisare_search::{Hit, MAX_LIMIT, Results};
use vagvisare_site::{Ui, ui};

/// What the page shows.
pub struct View {
    q: String,
    audience: Option<Audience>,
    lang: Option<Language>,
    results: Option<Results>,
    error: Option<String>,
}

impl View {
    /// The empty form.
    pub fn empty(audience: Option<Audience>, lang: Option<Language>) -> View {
        View {
            q: String::new(),
            audience,
            lang,
            results: None,
            error: None,
        }
    }

    /// The form with a message on what was wrong.
    pub fn error(q: String, audience: Option<Audience>, message: &str) -> View {
        View {
            q,
            audience,
            lang: None,
            results: None,
            error: Some(message.to_string()),
        }
    }

    /// Results for a query.
    pub fn results(
        q: String,
        audience: Option<Audience>,
        lang: Option<Language>,
        results: Results,
    ) -> View {
        View {
            q,
            audience,
            lang,
            results: Some(results),
            error: None,
        }
    }

    fn ui(&self) -> &'static Ui {
        ui(self.lang)
    }
}

/// The link to a search.
fn search_link(q: &str, audience: Option<Audience>, lang: Option<Language>) -> String {
    let mut link = format!("/sok?q={}", encode(q));
    if let Some(a) = audience {
        link.push_str(&format!("&audience={}", a.key()));
    }
    if let Some(l) = lang {
        link.push_str(&format!("&lang={}", l.code));
    }
    link
}

/// "1 träff" / "3 träffar", "1 result" / "3 results".
pub fn hits_text(n: usize, ui: &Ui) -> String {
    if n == 1 {
        format!("1 {}", ui.hit)
    } else {
        format!("{n} {}", ui.hits)
    }
}

/// The whole page in the site's layout.
pub fn render(state: &AppState, view: &View) -> String {
    let words = &view.ui().search;
    let main = html! {
        h1 { (words.title) }
        (form(view))
        @if let Some(message) = &view.error {
            p class="sok-fel" role="alert" { (message) }
        }
        @if let Some(results) = &view.results {
            (filters(view))
            (hits(view, results, state.search.as_ref().and_then(|i| i.municipality())))
        }
    };
    state
        .shell_for(view.lang)
        .page(words.title, words.description, &main.into_string())
}

fn form(view: &View) -> Markup {
    let ui = view.ui();
    html! {
        form class="sok-sida" action="/sok" method="get" role="search" aria-label=(ui.search.form_region) {
            label for="sok-fraga" { (ui.search.question) }
            div class="sok-sida-falt" {
                input id="sok-fraga" name="q" type="search" maxlength="200"
                    autocomplete="off" value=(view.q);
                @if let Some(a) = view.audience {
                    input type="hidden" name="audience" value=(a.key());
                }
                @if let Some(l) = view.lang {
                    input type="hidden" name="lang" value=(l.code);
                }
                button type="submit" { (ui.search_button) }
            }
        }
    }
}

fn filters(view: &View) -> Markup {
    let current = view.audience;
    let ui = view.ui();
    html! {
        nav class="sok-filter" aria-label=(ui.search.filter_region) {
            ul {
                li {
                    a href=(search_link(&view.q, None, view.lang))
                        aria-current=[current.is_none().then_some("page")] { (ui.search.all) }
                }
                @for a in Audience::ALL {
                    li {
                        a href=(search_link(&view.q, Some(a), view.lang))
                            aria-current=[(current == Some(a)).then_some("page")] { (ui.audience(a)) }
                    }
                }
            }
        }
    }
}

fn hits(view: &View, results: &Results, municipality: Option<&str>) -> Markup {
    let ui = view.ui();
    let words = &ui.search;
    let filter = view
        .audience
        .map(|a| format!(" {} {}", words.for_query, ui.audience(a).to_lowercase()))
        .unwrap_or_default();
    html! {
        p class="sok-antal" role="status" {
            (hits_text(results.total, ui)) " " (words.for_query) " ”" (view.q) "”" (filter) "."
            @if results.total > results.hits.len() {
                " " (words.shown_before) " " (results.hits.len()) " " (words.shown_after)
            }
        }
        @if results.hits.is_empty() {
            (no_hits(view, results))
        } @else {
            (hit_list(view, results, municipality))
            @if results.total > results.hits.len() && results.hits.len() < MAX_LIMIT {
                p class="sok-fler" {
                    a href=(format!("{}&limit={MAX_LIMIT}", search_link(&view.q, view.audience, view.lang))) {
                        (words.more)
                    }
                }
            }
        }
    }
}

/// The mark on a hit in another language than the page's: the language's name, in itself.
fn language_mark(hit: &Hit, page: Option<Language>) -> Markup {
    if hit.language == page {
        return html! {};
    }
    let (name, lang, dir) = match hit.language {
        Some(l) => (l.native_name(), l.html_lang(), l.direction().attr()),
        None => ("Svenska", "sv", "ltr"),
    };
    html! { " " span class="sok-sprak" lang=(lang) dir=(dir) { (name) } }
}

/// The hits; on a municipality's site each says whether it is national guidance or the
/// municipality's own text (the same words as the pages' origin lines).
fn hit_list(view: &View, results: &Results, municipality: Option<&str>) -> Markup {
    let ui = view.ui();
    html! {
        ol class="sokresultat" {
            @for hit in &results.hits {
                @let lang = hit.language.map_or("sv", |l| l.html_lang());
                @let dir = hit.language.map_or("ltr", |l| l.direction().attr());
                li {
                    h2 {
                        a href=(hit.url) lang=(lang) dir=(dir) {
                            (hit.title)
                            @if let Some(section) = &hit.section {
                                " – " (section)
                            }
                        }
                        (language_mark(hit, view.lang))
                    }
                    @if !hit.snippet.is_empty() {
                        p class="sok-utdrag" lang=(lang) dir=(dir) { (PreEscaped(&hit.snippet)) }
                    }
                    @if let Some(kommun) = municipality {
                        @match hit.origin {
                            Origin::National => p class="ursprung nationell" { span class="ursprung-typ" { (ui.national) } },
                            Origin::Local => p class="ursprung lokalt" { span class="ursprung-typ" { (kommun) "s egen text" } },
                        }
                    }
                    p class="sok-malgrupp" {
                        (ui.search.audiences) " "
                        @for (i, a) in hit.audience.iter().enumerate() {
                            @if i > 0 { ", " }
                            (ui.audience(*a).to_lowercase())
                        }
                    }
                }
            }
        }
    }
}

fn no_hits(view: &View, results: &Results) -> Markup {
    let words = &view.ui().search;
    html! {
        div class="sok-inga" {
            @if let Some(suggestion) = &results.suggestion {
                p class="sok-forslag" {
                    (words.did_you_mean) " "
                    a href=(search_link(suggestion, view.audience, view.lang)) { (suggestion) }
                    "?"
                }
            }
            @if view.audience.is_some() {
                p {
                    (words.only_group) " "
                    a href=(search_link(&view.q, None, view.lang)) { (words.whole_site) }
                    "."
                }
            }
            h2 { (words.tips) }
            ul { @for tip in words.tip_list { li { (tip) } } }
            h2 { (words.start_here) }
            ul { @for (text, href) in words.start_links { li { a href=(href) { (text) } } } }
        }
    }
}
