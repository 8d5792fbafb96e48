//! The site's own words (the "chrome": quick exit, skip link, header, search box, navigation,
//! footer, review and change notes, 404), one table per language. Pages in a language with a
//! table get its words; lättläst svenska uses the Swedish table. A language without a table
//! of its own (a test fixture, or a language still under review) gets the English words: add
//! its table here, reviewed like the pages, before it is published.

use time::Date;
use vagvisare_model::{Audience, Language};

/// A link in the header's navigation or the footer: the text and the address.
pub type NavLink = (&'static str, &'static str);

/// The site's words in one language.
#[derive(Debug)]
pub struct Ui {
    /// The table's language (`lang`): pages in a language without a table of its own mark
    /// the site's words with it.
    pub lang: &'static str,
    /// The skip link to the main content.
    pub skip: &'static str,
    /// The quick exit's skip link ("Lämna sidan snabbt").
    pub exit_quick: &'static str,
    /// The quick exit button.
    pub exit: &'static str,
    /// The tip after the button ("– eller tryck Shift tre gånger").
    pub exit_tip: &'static str,
    /// The label of the quick exit's navigation region.
    pub exit_region: &'static str,
    /// What the blank overlay announces while leaving.
    pub leaving: &'static str,
    /// The label of the search form.
    pub search_region: &'static str,
    /// The label of the search field.
    pub search_label: &'static str,
    /// The search button.
    pub search_button: &'static str,
    /// The example in the empty search field.
    pub search_placeholder: &'static str,
    /// The label of the list of suggestions while typing.
    pub suggestions: &'static str,
    /// The link under the suggestions ("Visa alla träffar för").
    pub show_all: &'static str,
    /// "hit", after the number 1.
    pub hit: &'static str,
    /// "hits", after any other number.
    pub hits: &'static str,
    /// The label of the header's navigation.
    pub menu_region: &'static str,
    /// The header's navigation.
    pub menu: &'static [NavLink],
    /// The footer's links.
    pub footer_links: &'static [NavLink],
    /// The footer's sentence about privacy (after "Vägvisaren – municipality.").
    pub footer_privacy: &'static str,
    /// The label of the previous/next navigation.
    pub browse_region: &'static str,
    /// "Previous".
    pub previous: &'static str,
    /// "Next".
    pub next: &'static str,
    /// The label of the breadcrumbs.
    pub breadcrumbs: &'static str,
    /// The first breadcrumb.
    pub start: &'static str,
    /// The label of the list of audiences.
    pub written_for: &'static str,
    /// "National guidance".
    pub national: &'static str,
    /// "Responsible:" before the owner.
    pub responsible: &'static str,
    /// "Are you in danger now?"
    pub danger_now: &'static str,
    /// "Call" before the emergency number.
    pub call: &'static str,
    /// "Kvinnofridslinjen answers 24 hours a day:".
    pub kvinnofrid_always: &'static str,
    /// The label of the urgent box.
    pub urgent_region: &'static str,
    /// "On this page".
    pub on_this_page: &'static str,
    /// "Read also".
    pub read_also: &'static str,
    /// "Sources".
    pub sources: &'static str,
    /// "Last changed".
    pub last_changed: &'static str,
    /// "Changes to the page".
    pub changes: &'static str,
    /// The mark on a significant change.
    pub significant: &'static str,
    /// "Reviewed" before the date.
    pub reviewed: &'static str,
    /// "by" before the owner.
    pub by: &'static str,
    /// "The translation was reviewed by" before a reviewer's role.
    pub translation_reviewed_by: &'static str,
    /// The label of the list of language versions.
    pub languages_region: &'static str,
    /// The heading of the list of every page in the language, on its start page.
    pub all_pages: &'static str,
    /// "Phone:" before a local contact's number.
    pub phone: &'static str,
    /// "Website:" before a support line's address.
    pub website: &'static str,
    /// "The numbers were checked" before the date.
    pub numbers_checked: &'static str,
    /// The title of the 404 page.
    pub not_found_title: &'static str,
    /// The text of the 404 page, Markdown.
    pub not_found_text: &'static str,
    /// The months, for dates.
    pub months: [&'static str; 12],
    /// The words of the search results page.
    pub search: SearchWords,
}

/// The words of the search results page (`/sok`).
#[derive(Debug)]
pub struct SearchWords {
    /// The page's title and heading.
    pub title: &'static str,
    /// The page's description.
    pub description: &'static str,
    /// The label of the page's search form.
    pub form_region: &'static str,
    /// The label of the query field.
    pub question: &'static str,
    /// The label of the audience filter.
    pub filter_region: &'static str,
    /// The filter link for every audience.
    pub all: &'static str,
    /// Between the hit count and the query ("för", "for").
    pub for_query: &'static str,
    /// Before the number of hits shown.
    pub shown_before: &'static str,
    /// After the number of hits shown.
    pub shown_after: &'static str,
    /// The link to more hits.
    pub more: &'static str,
    /// Before a hit's audiences.
    pub audiences: &'static str,
    /// Before a suggestion.
    pub did_you_mean: &'static str,
    /// When the filter leaves nothing.
    pub only_group: &'static str,
    /// The link to search without the filter.
    pub whole_site: &'static str,
    /// The heading of the tips.
    pub tips: &'static str,
    /// The tips.
    pub tip_list: &'static [&'static str],
    /// The heading of the places to start.
    pub start_here: &'static str,
    /// The places to start.
    pub start_links: &'static [NavLink],
}

/// Swedish, also for lättläst.
pub static SWEDISH: Ui = Ui {
    lang: "sv",
    skip: "Hoppa till innehållet",
    exit_quick: "Lämna sidan snabbt",
    exit: "Lämna sidan",
    exit_tip: " – eller tryck Shift tre gånger",
    exit_region: "Snabbutgång",
    leaving: "Lämnar sidan",
    search_region: "Sök på webbplatsen",
    search_label: "Sök",
    search_button: "Sök",
    search_placeholder: "Till exempel orosanmälan",
    suggestions: "Sökförslag",
    show_all: "Visa alla träffar för",
    hit: "träff",
    hits: "träffar",
    menu_region: "Välj vem du är",
    menu: &[
        ("Jag behöver hjälp", "/hjalp/"),
        ("Jag arbetar i socialtjänsten", "/personal/"),
        ("Jag är ny", "/ny/"),
        ("Jag är hyresvärd", "/hyresvard/"),
        ("Jag arbetar i skolan", "/skola/"),
        ("Utbildning", "/utbildning/"),
    ],
    footer_links: &[
        ("Här får du hjälp", "/hjalp/har-far-du-hjalp.html"),
        ("Surfa säkrare", "/hjalp/surfa-sakrare.html"),
        ("Nytt och ändrat", "/nytt/"),
        ("Ord och begrepp", "/ord-och-begrepp.html"),
        ("Om webbplatsen", "/om-webbplatsen.html"),
    ],
    footer_privacy: "Webbplatsen använder inga kakor för spårning, ingen besöksstatistik och hämtar inget från andra webbplatser.",
    browse_region: "Bläddra",
    previous: "Föregående",
    next: "Nästa",
    breadcrumbs: "Du är här",
    start: "Start",
    written_for: "Sidan är skriven för",
    national: "Nationell vägledning",
    responsible: "Ansvarig:",
    danger_now: "Är du i fara nu?",
    call: "Ring",
    kvinnofrid_always: "Kvinnofridslinjen svarar dygnet runt:",
    urgent_region: "Akut hjälp",
    on_this_page: "På den här sidan",
    read_also: "Läs också",
    sources: "Källor",
    last_changed: "Senast ändrad",
    changes: "Ändringar på sidan",
    significant: "(påverkar arbetssättet)",
    reviewed: "Granskad",
    by: "av",
    translation_reviewed_by: "Översättningen är granskad av",
    languages_region: "Andra språk och lättläst",
    all_pages: "Alla sidor på lättläst svenska",
    phone: "Telefon:",
    website: "Webbplats:",
    numbers_checked: "Numren kontrollerades",
    not_found_title: "Sidan finns inte",
    not_found_text: "Vi hittar inte sidan du letar efter. Den kan ha flyttats, eller så är adressen felstavad.\n\n- Gå till [startsidan](/).\n- Behöver du hjälp nu? Se [Här får du hjälp](/hjalp/har-far-du-hjalp.html).\n",
    months: [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    search: SearchWords {
        title: "Sök",
        description: "Sök bland Vägvisarens sidor om våld i nära relationer.",
        form_region: "Sök bland sidorna",
        question: "Vad vill du söka efter?",
        filter_region: "Visa träffar för",
        all: "Alla",
        for_query: "för",
        shown_before: "Här visas de",
        shown_after: "bästa.",
        more: "Visa fler träffar",
        audiences: "För:",
        did_you_mean: "Menade du",
        only_group: "Du söker bara bland sidor för en grupp.",
        whole_site: "Sök på hela webbplatsen",
        tips: "Tips",
        tip_list: &[
            "Kontrollera stavningen.",
            "Använd färre eller andra ord, till exempel ”orosanmälan” eller ”skyddat boende”.",
        ],
        start_here: "Börja här i stället",
        start_links: &[
            (
                "Här får du hjälp – telefonnummer och stöd",
                "/hjalp/har-far-du-hjalp.html",
            ),
            ("Jag behöver hjälp", "/hjalp/"),
            ("Jag arbetar i socialtjänsten", "/personal/"),
            ("Jag är ny", "/ny/"),
            ("Jag är hyresvärd", "/hyresvard/"),
            ("Jag arbetar i skolan", "/skola/"),
        ],
    },
};

/// English.
pub static ENGLISH: Ui = Ui {
    lang: "en",
    skip: "Skip to content",
    exit_quick: "Leave this site quickly",
    exit: "Leave this site",
    exit_tip: " – or press Shift three times",
    exit_region: "Quick exit",
    leaving: "Leaving the site",
    search_region: "Search the site",
    search_label: "Search",
    search_button: "Search",
    search_placeholder: "For example safety plan",
    suggestions: "Search suggestions",
    show_all: "Show all results for",
    hit: "result",
    hits: "results",
    menu_region: "Main pages in English",
    menu: &[
        ("I need help", "/en/hjalp/"),
        ("Your rights", "/en/rattigheter/"),
        ("All pages in English", "/en/"),
    ],
    footer_links: &[
        ("Where to get help", "/en/hjalp/har-far-du-hjalp.html"),
        ("Browse more safely", "/en/hjalp/surfa-sakrare.html"),
        ("About the site (in Swedish)", "/om-webbplatsen.html"),
    ],
    footer_privacy: "The site uses no tracking cookies and no visitor statistics, and it fetches nothing from other websites.",
    browse_region: "Browse",
    previous: "Previous",
    next: "Next",
    breadcrumbs: "You are here",
    start: "Start",
    written_for: "The page is written for",
    national: "National guidance",
    responsible: "Responsible:",
    danger_now: "Are you in danger now?",
    call: "Call",
    kvinnofrid_always: "Kvinnofridslinjen answers 24 hours a day:",
    urgent_region: "Urgent help",
    on_this_page: "On this page",
    read_also: "Read also",
    sources: "Sources",
    last_changed: "Last changed",
    changes: "Changes to the page",
    significant: "(affects how you work)",
    reviewed: "Reviewed",
    by: "by",
    translation_reviewed_by: "The translation was reviewed by",
    languages_region: "Other languages",
    all_pages: "All pages in English",
    phone: "Phone:",
    website: "Website:",
    numbers_checked: "The numbers were checked on",
    not_found_title: "Page not found",
    not_found_text: "We cannot find the page you are looking for. It may have moved, or the address may be misspelt.\n\n- Go to [the English start page](/en/).\n- Do you need help now? See [Where to get help](/en/hjalp/har-far-du-hjalp.html).\n",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    search: SearchWords {
        title: "Search",
        description: "Search Vägvisaren's pages about violence in close relationships.",
        form_region: "Search the pages",
        question: "What do you want to search for?",
        filter_region: "Show results for",
        all: "All",
        for_query: "for",
        shown_before: "Showing the",
        shown_after: "best.",
        more: "Show more results",
        audiences: "For:",
        did_you_mean: "Did you mean",
        only_group: "You are only searching pages for one group.",
        whole_site: "Search the whole site",
        tips: "Tips",
        tip_list: &[
            "Check the spelling.",
            "Use fewer or other words, for example “protected identity” or “safety plan”.",
        ],
        start_here: "Start here instead",
        start_links: &[
            (
                "Where to get help – phone numbers and support",
                "/en/hjalp/har-far-du-hjalp.html",
            ),
            ("I need help", "/en/hjalp/"),
            ("Your rights", "/en/rattigheter/"),
            ("All pages in English", "/en/"),
        ],
    },
};

/// The words for a language; `None` is Swedish.
pub fn ui(language: Option<Language>) -> &'static Ui {
    match language {
        None => &SWEDISH,
        Some(l) if l.is_easy_swedish() => &SWEDISH,
        Some(_) => &ENGLISH,
    }
}

impl Ui {
    /// A date in the table's language, e.g. "23 november 2026" or "23 November 2026".
    pub fn date(&self, date: Date) -> String {
        let month = self.months[usize::from(u8::from(date.month())) - 1];
        format!("{} {month} {}", date.day(), date.year())
    }

    /// An audience's label: the Swedish one, or the English one in the English table.
    pub fn audience(&self, audience: Audience) -> &'static str {
        if std::ptr::eq(self, &ENGLISH) {
            match audience {
                Audience::Personal => "Social services",
                Audience::Nyanstalld => "New staff",
                Audience::Hyresvard => "Landlords",
                Audience::Skola => "Schools",
                Audience::Allman => "You who need help",
            }
        } else {
            audience.label()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_language_gets_its_table() {
        let en = Language::from_code("en").expect("en");
        let ll = Language::from_code("lattlast").expect("lattlast");
        let ar = Language::from_code("ar").expect("ar");
        assert_eq!(ui(None).exit, "Lämna sidan");
        assert_eq!(ui(Some(ll)).exit, "Lämna sidan");
        assert_eq!(ui(Some(en)).exit, "Leave this site");
        assert_eq!(ui(Some(ar)).exit, "Leave this site");
        assert_eq!(ui(Some(en)).date(date!(2026 - 12 - 01)), "1 December 2026");
        assert_eq!(ui(None).date(date!(2026 - 12 - 01)), "1 december 2026");
        assert_eq!(ui(Some(en)).audience(Audience::Allman), "You who need help");
        assert_eq!(
            ui(None).audience(Audience::Allman),
            Audience::Allman.label()
        );
    }
}
