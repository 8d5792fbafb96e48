//! The Swedish theme: templates and assets embedded in the binary, so a build needs nothing
//! on disk but the content. Asset names carry a content hash so they can be cached forever.

use crate::options::SiteOptions;
use crate::render::escape;
use std::io;
use std::path::Path;

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

/// Writes the theme folder mdBook reads: our `index.hbs` with the configuration filled in.
/// Every other theme file falls back to mdBook's built-ins, which our template never loads.
pub(crate) fn write_theme(dir: &Path, options: &SiteOptions) -> io::Result<()> {
    let [css, js] = assets();
    // Handlebars must not see braces coming from configuration.
    let attr = |s: &str| escape(s).replace('{', "&#123;").replace('}', "&#125;");
    let index = INDEX_HBS
        .replace("@@CSS@@", &css.url())
        .replace("@@JS@@", &js.url())
        .replace("@@NEUTRAL_URL@@", &attr(&options.neutral_url))
        .replace("@@MUNICIPALITY@@", &attr(&options.municipality));
    std::fs::create_dir_all(dir.join("fonts"))?;
    std::fs::write(dir.join("index.hbs"), index)?;
    // An empty fonts.css makes mdBook skip its bundled web fonts.
    std::fs::write(dir.join("fonts").join("fonts.css"), "")?;
    Ok(())
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
}
