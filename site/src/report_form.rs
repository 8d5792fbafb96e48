//! The forms at the end of every page: "Rapportera ett fel på sidan" (always) and "Hittade
//! du det du behövde?" (when switched on). Plain HTML forms that post to the server, so they
//! work without JavaScript. The field names and length limits are defined here once; the
//! server checks what it receives against the same constants.

use maud::{Markup, html};
use vagvisare_model::Page;

/// Where the error report form posts.
pub const REPORT_ACTION: &str = "/rapportera";
/// Where the yes/no question posts.
pub const FEEDBACK_ACTION: &str = "/hittade";
/// The hidden field with the page's content path.
pub const FIELD_PAGE: &str = "sida";
/// "Vad är fel?" (required).
pub const FIELD_WHAT: &str = "fel";
/// "Förslag" (optional).
pub const FIELD_SUGGESTION: &str = "forslag";
/// A contact, only if the sender wants one.
pub const FIELD_CONTACT: &str = "kontakt";
/// A field people never see and bots fill in; a report with it filled is dropped.
pub const FIELD_TRAP: &str = "webbplats";
/// The yes/no answer: `ja` or `nej`.
pub const FIELD_ANSWER: &str = "svar";
/// The longest "Vad är fel?" and "Förslag", in characters.
pub const REPORT_TEXT_MAX: usize = 2000;
/// The longest contact, in characters.
pub const REPORT_CONTACT_MAX: usize = 200;

/// The forms for `page` (nothing for the "page not found" page, whose text is used for every
/// missing address).
pub(crate) fn page_forms(page: &Page, feedback: bool) -> Markup {
    if page.path == "404.md" {
        return html! {};
    }
    html! {
        @if feedback {
            (feedback_form(page))
        }
        (report_form(page))
    }
}

fn feedback_form(page: &Page) -> Markup {
    html! {
        form.hittade.ingen-utskrift method="post" action=(FEEDBACK_ACTION) {
            input type="hidden" name=(FIELD_PAGE) value=(page.path);
            fieldset {
                legend { "Hittade du det du behövde?" }
                button.knapp type="submit" name=(FIELD_ANSWER) value="ja" { "Ja" }
                " "
                button.knapp type="submit" name=(FIELD_ANSWER) value="nej" { "Nej" }
                p.hittade-info { "Vi räknar bara hur många som svarar ja och nej på varje sida och månad. Inget annat sparas." }
            }
        }
    }
}

fn report_form(page: &Page) -> Markup {
    html! {
        details.rapportera.ingen-utskrift {
            summary { "Rapportera ett fel på sidan" }
            form method="post" action=(REPORT_ACTION) {
                p { "Har du hittat något som är fel eller gammalt på sidan? Berätta för oss som ansvarar för texten." }
                p.viktigt-info {
                    strong { "Beskriv felet, inte en person. " }
                    "Skriv inga namn eller uppgifter om någon. Vi sparar inget om dig, inte heller din IP-adress. Vi sparar bara en kontaktuppgift om du själv väljer att lämna den."
                }
                input type="hidden" name=(FIELD_PAGE) value=(page.path);
                p {
                    label for="rapport-fel" { "Vad är fel? (måste fyllas i)" }
                    textarea #rapport-fel name=(FIELD_WHAT) rows="4" required maxlength=(REPORT_TEXT_MAX) {}
                }
                p {
                    label for="rapport-forslag" { "Förslag på hur det ska stå (frivilligt)" }
                    textarea #rapport-forslag name=(FIELD_SUGGESTION) rows="3" maxlength=(REPORT_TEXT_MAX) {}
                }
                p {
                    label for="rapport-kontakt" { "E-post eller telefon, om du vill att vi hör av oss (frivilligt)" }
                    input #rapport-kontakt type="text" name=(FIELD_CONTACT) maxlength=(REPORT_CONTACT_MAX) autocomplete="email";
                }
                div.rapportera-falla aria-hidden="true" {
                    label for="rapport-webbplats" { "Lämna det här fältet tomt" }
                    input #rapport-webbplats type="text" name=(FIELD_TRAP) tabindex="-1" autocomplete="off";
                }
                p { button.knapp type="submit" { "Skicka rapporten" } }
            }
        }
    }
}
