//! What the site needs from the configuration.

use serde::Deserialize;
use time::Date;

/// A local contact, shown on "Här får du hjälp" only when configured.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The unit or service, e.g. "Socialtjänstens mottagning".
    pub name: String,
    /// A phone number, written as it should be shown.
    #[serde(default)]
    pub phone: Option<String>,
    /// When it answers.
    #[serde(default)]
    pub hours: Option<String>,
    /// A web address (https).
    #[serde(default)]
    pub url: Option<String>,
    /// One or two sentences on what the contact helps with.
    #[serde(default)]
    pub description: Option<String>,
}

/// Settings that change what the site shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteOptions {
    /// The municipality's name, shown in the header and by `{{kommun}}`.
    pub municipality: String,
    /// Where the quick exit goes.
    pub neutral_url: String,
    /// Local contacts for `{{lokala-kontakter}}`.
    pub contacts: Vec<Contact>,
    /// The date used to decide which pages are overdue for review.
    pub today: Date,
    /// The site's public address (`https://vagvisaren.exempelstad.se`), for absolute links in
    /// the Atom feed; `None` gives relative links.
    pub public_url: Option<String>,
    /// Shows "Hittade du det du behövde?" at the end of every page.
    pub page_feedback: bool,
}
