//! The site's layout for pages that the server renders (search results, training, errors).
//! It is cut from the built `404.html`, so those pages get exactly the header, quick exit,
//! navigation, footer and assets of the static pages.

use crate::render::escape;
use std::path::{Path, PathBuf};

const START: &str = "<!--vagvisare:innehall-start-->";
const END: &str = "<!--vagvisare:innehall-slut-->";

/// Why the layout could not be read from a built site.
#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file does not come from our theme.
    #[error("{}: saknar innehållsmarkeringarna – är webbplatsen byggd med Vägvisarens tema?", path.display())]
    Marker {
        /// The file.
        path: PathBuf,
    },
}

/// The layout with holes for title, description and main content.
#[derive(Debug, Clone)]
pub struct Shell {
    before_title: String,
    title_to_description: String,
    description_to_main: String,
    after_main: String,
}

impl Shell {
    /// Reads the layout from `404.html` in a built site.
    pub fn load(site_dir: &Path) -> Result<Shell, ShellError> {
        let path = site_dir.join("404.html");
        let html = std::fs::read_to_string(&path).map_err(|source| ShellError::Io {
            path: path.clone(),
            source,
        })?;
        Shell::parse(&html).ok_or(ShellError::Marker { path })
    }

    fn parse(html: &str) -> Option<Shell> {
        let (head, rest) = html.split_once("<title>")?;
        let (_, rest) = rest.split_once("</title>")?;
        let marker = "<meta name=\"description\" content=\"";
        let (mid, rest) = rest.split_once(marker)?;
        let (_, rest) = rest.split_once('"')?;
        let (before_main, rest) = rest.split_once(START)?;
        let (_, after) = rest.split_once(END)?;
        Some(Shell {
            before_title: format!("{head}<title>"),
            title_to_description: format!("</title>{mid}{marker}"),
            description_to_main: format!("\"{before_main}{START}"),
            after_main: format!("{END}{after}"),
        })
    }

    /// A complete page. `title` and `description` are plain text (escaped here);
    /// `main_html` must already be safe HTML (e.g. from maud).
    pub fn page(&self, title: &str, description: &str, main_html: &str) -> String {
        format!(
            "{}{} – Vägvisaren{}{}{}{}{}",
            self.before_title,
            escape(title),
            self.title_to_description,
            escape(description),
            self.description_to_main,
            main_html,
            self.after_main
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_title_description_and_main() {
        let html = format!(
            "<html><head><title>Page not found</title><meta name=\"description\" content=\"x\"></head><body><main>{START}old{END}</main></body></html>"
        );
        let shell = Shell::parse(&html).expect("markers");
        let page = shell.page("Sök <1>", "Om \"sök\"", "<p>ny</p>");
        assert_eq!(
            page,
            format!(
                "<html><head><title>Sök &lt;1&gt; – Vägvisaren</title><meta name=\"description\" content=\"Om &quot;sök&quot;\"></head><body><main>{START}<p>ny</p>{END}</main></body></html>"
            )
        );
        assert!(Shell::parse("<html></html>").is_none());
    }
}
