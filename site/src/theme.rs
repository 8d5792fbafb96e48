//! The Swedish theme: templates and assets embedded in the binary, so a build needs nothing
//! on disk but the content. Asset names carry a content hash so they can be cached forever.

use crate::options::SiteOptions;
use crate::render::escape;
use crate::ui::{NavLink, ui};
use std::io;
use std::path::Path;
use vagvisare_model::{Direction, Language};

pub(crate) const INDEX_HBS: &str = include_str!("../theme/index.hbs");
const CSS: &str = include_str!("../theme/vagvisare.css");
const JS: &str = include_str!("../theme/vagvisare.js");

/// Placeholder in the template for the page's description; filled after rendering.
pub(crate) const DESCRIPTION: &str = "@@DESCRIPTION@@";

/// An asset with its hashed file name under `/assets/`.
pub(crate) struct Asset {
    pub name: String,
    pub body: &'static str,
}

impl Asset {
    fn new(stem: &str, ext: &str, body: &'static str) -> Asset {
        Asset {
            name: format!("{stem}-{:08x}.{ext}", fnv1a(body.as_bytes()) as u32),
            body,
        }
    }

    /// The URL path of the asset.
    pub fn url(&self) -> String {
        format!("/assets/{}", self.name)
    }
}

/// The stylesheet and the script.
pub(crate) fn assets() -> [Asset; 2] {
    [
        Asset::new("vagvisare", "css", CSS),
        Asset::new("vagvisare", "js", JS),
    ]
}

/// Placeholder in the template for the page's `hreflang` alternates; filled after rendering.
pub(crate) const ALTERNATES: &str = "@@ALTERNATES@@";

/// Writes the theme folder mdBook reads: our `index.hbs` with the configuration and the site's
/// words in `language` (`None`: Swedish) filled in. Every other theme file falls back to
/// mdBook's built-ins, which our template never loads.
pub(crate) fn write_theme(
    dir: &Path,
    options: &SiteOptions,
    language: Option<Language>,
) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("fonts"))?;
    std::fs::write(dir.join("index.hbs"), template(options, language))?;
    // An empty fonts.css makes mdBook skip its bundled web fonts.
    std::fs::write(dir.join("fonts").join("fonts.css"), "")?;
    Ok(())
}

/// The template with everything but the page's own parts filled in.
fn template(options: &SiteOptions, language: Option<Language>) -> String {
    let [css, js] = assets();
    let ui = ui(language);
    // Handlebars must not see braces coming from configuration.
    let attr = |s: &str| escape(s).replace('{', "&#123;").replace('}', "&#125;");
    let links = |links: &[NavLink]| {
        links
            .iter()
            .map(|(text, href)| format!("<li><a href=\"{href}\">{}</a></li>", attr(text)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Pages in another language link back to the Swedish site, in Swedish.
    let mut menu = links(ui.menu);
    if language.is_some_and(|l| l.html_lang() != "sv") {
        menu.push_str("\n<li><a href=\"/\" lang=\"sv\" hreflang=\"sv\">Svenska</a></li>");
    }
    let search_lang = match language {
        Some(l) => format!("<input type=\"hidden\" name=\"lang\" value=\"{}\">", l.code),
        None => String::new(),
    };
    let home = language.map_or_else(|| "/".to_string(), |l| format!("{}/", l.prefix()));
    let lang = language.map_or("sv", |l| l.html_lang());
    // Left to right is the default; only right-to-left languages say so.
    let dir = match language.map(|l| l.direction()) {
        Some(Direction::Rtl) => " dir=\"rtl\"",
        _ => "",
    };
    // The site's words are in the table's language, which a language without a table of its
    // own does not share.
    let ui_lang = if ui.lang == lang {
        String::new()
    } else {
        format!(" lang=\"{}\"", ui.lang)
    };
    INDEX_HBS
        .replace("@@UI_LANG@@", &ui_lang)
        .replace("@@CSS@@", &css.url())
        .replace("@@JS@@", &js.url())
        .replace("@@LANG@@", lang)
        .replace("@@DIR@@", dir)
        .replace("@@HOME@@", &home)
        .replace("@@SEARCH_LANG@@", &search_lang)
        .replace("@@MENU@@", &menu)
        .replace("@@FOOTER_LINKS@@", &links(ui.footer_links))
        .replace("@@UI_SKIP@@", &attr(ui.skip))
        .replace("@@UI_EXIT_QUICK@@", &attr(ui.exit_quick))
        .replace("@@UI_EXIT_REGION@@", &attr(ui.exit_region))
        .replace("@@UI_EXIT_TIP@@", &attr(ui.exit_tip))
        .replace("@@UI_EXIT@@", &attr(ui.exit))
        .replace("@@UI_LEAVING@@", &attr(ui.leaving))
        .replace("@@UI_SEARCH_REGION@@", &attr(ui.search_region))
        .replace("@@UI_SUGGESTIONS@@", &attr(ui.suggestions))
        .replace("@@UI_SHOW_ALL@@", &attr(ui.show_all))
        .replace("@@UI_HITS@@", &attr(ui.hits))
        .replace("@@UI_HIT@@", &attr(ui.hit))
        .replace("@@UI_SEARCH_LABEL@@", &attr(ui.search_label))
        .replace("@@UI_SEARCH_PLACEHOLDER@@", &attr(ui.search_placeholder))
        .replace("@@UI_SEARCH_BUTTON@@", &attr(ui.search_button))
        .replace("@@UI_MENU_REGION@@", &attr(ui.menu_region))
        .replace("@@UI_BROWSE@@", &attr(ui.browse_region))
        .replace("@@UI_PREVIOUS@@", &attr(ui.previous))
        .replace("@@UI_NEXT@@", &attr(ui.next))
        .replace("@@UI_FOOTER_PRIVACY@@", &attr(ui.footer_privacy))
        .replace("@@NEUTRAL_URL@@", &attr(&options.neutral_url))
        .replace("@@MUNICIPALITY@@", &attr(&options.municipality))
}

/// Writes the hashed assets into the output folder.
pub(crate) fn write_assets(out: &Path) -> io::Result<()> {
    let dir = out.join("assets");
    std::fs::create_dir_all(&dir)?;
    for asset in assets() {
        std::fs::write(dir.join(&asset.name), asset.body)?;
    }
    Ok(())
}

/// 64-bit FNV-1a: a stable content hash for cache-busting file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_names_change_with_content() {
        let [css, js] = assets();
        assert!(css.name.starts_with("vagvisare-") && css.name.ends_with(".css"));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
        assert_eq!(js.url(), format!("/assets/{}", js.name));
    }

    #[test]
    fn templates_carry_language_direction_and_words() {
        let options = SiteOptions {
            municipality: "Exempelstad".into(),
            neutral_url: "https://www.smhi.se/".into(),
            contacts: Vec::new(),
            today: time::macros::date!(2026 - 12 - 01),
            public_url: None,
            page_feedback: false,
        };
        let sv = template(&options, None);
        assert!(sv.contains("<html lang=\"sv\">"), "{sv}");
        assert!(sv.contains(">Lämna sidan<") && !sv.contains("name=\"lang\""));
        let en = template(&options, Language::from_code("en"));
        assert!(en.contains("<html lang=\"en\">"));
        assert!(en.contains(">Leave this site<") && en.contains("name=\"lang\" value=\"en\""));
        assert!(
            en.contains("<a href=\"/\" lang=\"sv\" hreflang=\"sv\">Svenska</a>"),
            "{en}"
        );
        let ar = template(&options, Language::from_code("ar"));
        assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(
            ar.contains("<header class=\"sidhuvud\" lang=\"en\">"),
            "English words marked"
        );
        assert!(
            en.contains("<header class=\"sidhuvud\">")
                && sv.contains("<header class=\"sidhuvud\">")
        );
        let rest = ar.replace(DESCRIPTION, "").replace(ALTERNATES, "");
        assert!(!rest.contains("@@"), "every other placeholder is filled");
    }
}
