//! Building the site: mdBook renders into a staging folder next to the output, the staging
//! folder is finished (descriptions, assets, clean-up) and only then swapped in. A failed build
//! never leaves a half-written site behind.

use crate::compress::{self, CompressCache, CompressStats};
use crate::manifest::Manifest;
use crate::options::SiteOptions;
use crate::preprocessor::FrontMatterPreprocessor;
use crate::render::escape;
use crate::theme;
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vagvisare_model::Site;

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file or folder could not be written or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// Where.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// mdBook reported an error.
    #[error("mdBook: {0}")]
    Mdbook(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The description used on pages that have no summary of their own.
const DEFAULT_DESCRIPTION: &str =
    "Stöd och rutiner om våld i nära relationer och hedersrelaterat våld och förtryck.";

/// Files mdBook writes that our theme never uses.
const UNUSED: [&str; 14] = [
    "book.js",
    "clipboard.min.js",
    "highlight.js",
    "highlight.css",
    "tomorrow-night.css",
    "ayu-highlight.css",
    "toc.js",
    "toc.html",
    "favicon.png",
    "favicon.svg",
    ".nojekyll",
    "css",
    "fonts",
    "FontAwesome",
];

/// Where a build goes and what it may reuse.
#[derive(Debug, Clone)]
pub struct BuildTarget {
    /// The site folder; what was there is replaced only when the build succeeded.
    pub out: PathBuf,
    /// The cache of compressed variants (several sites may share one).
    pub cache: CompressCache,
    /// The fingerprint of the inputs ([`crate::fingerprint`]), recorded in the manifest so a
    /// later start can tell that the site is up to date.
    pub inputs: String,
}

/// What a build did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildReport {
    /// Precompression: files compressed now and taken from the cache.
    pub compression: CompressStats,
}

/// Builds the site into `target.out`: renders it, writes gzip and brotli variants of its text
/// files (reusing `target.cache`) and the manifest, and only then swaps it in.
pub fn build(
    site: &Site,
    options: &SiteOptions,
    target: &BuildTarget,
) -> Result<BuildReport, BuildError> {
    let out = target.out.as_path();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".vagvisare-bygge-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let theme_dir = tempfile::Builder::new()
        .prefix("vagvisare-tema-")
        .tempdir()
        .map_err(io(&parent))?;
    theme::write_theme(theme_dir.path(), options).map_err(io(theme_dir.path()))?;

    let source = tempfile::Builder::new()
        .prefix("vagvisare-kalla-")
        .tempdir()
        .map_err(io(&parent))?;
    write_source(site, source.path())?;
    render_with_mdbook(
        site,
        options,
        source.path(),
        theme_dir.path(),
        staging.path(),
    )?;
    finish(site, staging.path())?;
    let shell = crate::shell::Shell::load(staging.path()).map_err(|e| BuildError::Io {
        path: staging.path().join("404.html"),
        source: std::io::Error::other(e.to_string()),
    })?;
    crate::changes::write(site, options, staging.path(), &shell).map_err(io(staging.path()))?;
    let (files, compression) = compress::precompress(staging.path(), &target.cache)
        .map_err(|(path, source)| BuildError::Io { path, source })?;
    Manifest::new(&target.inputs, files)
        .write(staging.path())
        .map_err(io(staging.path()))?;

    let staged = staging.keep();
    swap_in(&staged, out)?;
    Ok(BuildReport { compression })
}

/// Writes the folder mdBook reads: a SUMMARY.md made from the merged navigation, a stub for
/// every page (the preprocessor replaces it with the page from the model), `404.md`, and the
/// files pages link to. Nothing else: mdBook publishes every non-Markdown file in its source
/// folder, so building from this allow-list keeps stray files in `content/` from leaking.
fn write_source(site: &Site, dir: &Path) -> Result<(), BuildError> {
    let write = |rel: &str, text: &[u8]| -> Result<(), BuildError> {
        let file = dir.join(rel);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&file, text).map_err(io(&file))
    };
    write("SUMMARY.md", site.summary.to_markdown().as_bytes())?;
    for page in &site.pages {
        write(&page.path, format!("# {}\n", page.front.title).as_bytes())?;
    }
    let not_found = site.not_found_file();
    let text = std::fs::read(&not_found).map_err(io(&not_found))?;
    write("404.md", &text)?;
    for file in &site.files {
        let bytes = std::fs::read(&file.file).map_err(io(&file.file))?;
        write(&file.path, &bytes)?;
    }
    Ok(())
}

fn render_with_mdbook(
    site: &Site,
    options: &SiteOptions,
    content: &Path,
    theme_dir: &Path,
    staging: &Path,
) -> Result<(), BuildError> {
    let mdbook = |e: anyhow::Error| BuildError::Mdbook(format!("{e:#}"));
    let mut cfg = Config::default();
    cfg.book.title = Some("Vägvisaren".into());
    cfg.book.language = Some("sv".into());
    cfg.book.src = content.to_path_buf();
    cfg.build.build_dir = staging.to_path_buf();
    cfg.build.create_missing = false;
    for (key, value) in [
        (
            "output.html.theme",
            toml::Value::from(theme_dir.display().to_string()),
        ),
        ("output.html.no-section-label", toml::Value::from(true)),
        ("output.html.definition-lists", toml::Value::from(false)),
        ("output.html.site-url", toml::Value::from("/")),
        ("output.html.input-404", toml::Value::from("404.md")),
        ("output.html.hash-files", toml::Value::from(false)),
        ("output.html.print.enable", toml::Value::from(false)),
        ("output.html.playground.runnable", toml::Value::from(false)),
        ("output.html.playground.copyable", toml::Value::from(false)),
    ] {
        cfg.set(key, value).map_err(mdbook)?;
    }
    let root = content.parent().unwrap_or(content);
    let mut book = MDBook::load_with_config(root, cfg).map_err(mdbook)?;
    book.with_preprocessor(FrontMatterPreprocessor {
        site: Arc::new(site.clone()),
        options: options.clone(),
    });
    book.build().map_err(mdbook)
}

/// Fills in each page's description, removes mdBook files we do not use, writes our assets.
fn finish(site: &Site, dir: &Path) -> Result<(), BuildError> {
    let mut described = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        let file = dir.join(page.path.replace(".md", ".html"));
        described.push((file, page.front.summary.clone()));
        if i == 0 {
            described.push((dir.join("index.html"), page.front.summary.clone()));
        }
    }
    described.push((dir.join("404.html"), DEFAULT_DESCRIPTION.to_string()));
    for (file, summary) in described {
        let html = std::fs::read_to_string(&file).map_err(io(&file))?;
        let html = wrap_tables(&html.replacen(theme::DESCRIPTION, &escape(&summary), 1));
        std::fs::write(&file, html).map_err(io(&file))?;
    }
    for name in UNUSED {
        let path = dir.join(name);
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else if path.exists() {
            std::fs::remove_file(&path)
        } else {
            Ok(())
        };
        removed.map_err(io(&path))?;
    }
    theme::write_assets(dir).map_err(io(dir))
}

/// The region around each Markdown table. A wide table scrolls sideways inside it, and
/// `tabindex="0"` lets keyboard users reach it and scroll it too (WCAG 2.1.1, axe rule
/// `scrollable-region-focusable`).
const TABLE_REGION: &str =
    "<div class=\"tabell\" role=\"region\" aria-label=\"Tabell\" tabindex=\"0\"><table>";

/// Puts every table that mdBook rendered inside a [`TABLE_REGION`].
fn wrap_tables(html: &str) -> String {
    html.replace("<table>", TABLE_REGION)
        .replace("</table>", "</table></div>")
}

/// Moves the finished staging folder to `out`; the old site is removed only afterwards.
fn swap_in(staged: &Path, out: &Path) -> Result<(), BuildError> {
    if out.exists() {
        let name = out
            .file_name()
            .map_or_else(|| "webbplats".into(), |n| n.to_string_lossy().into_owned());
        let old = out.with_file_name(format!(".{name}.gammal-{}", std::process::id()));
        std::fs::rename(out, &old).map_err(io(out))?;
        std::fs::rename(staged, out).map_err(io(out))?;
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        std::fs::rename(staged, out).map_err(io(out))?;
    }
    Ok(())
}
