//! Building the site: mdBook renders into a staging folder next to the output, the staging
//! folder is finished (descriptions, assets, clean-up) and only then swapped in. A failed build
//! never leaves a half-written site behind.

use crate::compress::{self, CompressCache, CompressStats};
use crate::manifest::Manifest;
use crate::options::SiteOptions;
use crate::preprocessor::FrontMatterPreprocessor;
use crate::render::escape;
use crate::theme;
use crate::variant;
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vagvisare_model::{Language, Site};

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
    let source = tempfile::Builder::new()
        .prefix("vagvisare-kalla-")
        .tempdir()
        .map_err(io(&parent))?;
    render_book(
        site,
        options,
        None,
        source.path(),
        theme_dir.path(),
        staging.path(),
    )?;
    finish(site, options, staging.path())?;
    // Each language with published variants is a book of its own under its prefix, rendered
    // after the Swedish one (mdBook empties the folder it renders into).
    for language in variant::languages(site) {
        let dir = staging.path().join(language.code);
        let source = source.path().join(language.code);
        let theme = theme_dir.path().join(language.code);
        render_book(site, options, Some(language), &source, &theme, &dir)?;
        finish_variants(site, options, language, &dir)?;
    }
    theme::write_assets(staging.path()).map_err(io(staging.path()))?;
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

/// Writes the theme and the source for one book (`language`: `None` for the Swedish pages) and
/// renders it into `out`.
fn render_book(
    site: &Site,
    options: &SiteOptions,
    language: Option<Language>,
    source: &Path,
    theme_dir: &Path,
    out: &Path,
) -> Result<(), BuildError> {
    theme::write_theme(theme_dir, options, language).map_err(io(theme_dir))?;
    match language {
        None => write_source(site, source)?,
        Some(l) => write_variant_source(site, l, source)?,
    }
    render_with_mdbook(site, options, language, source, theme_dir, out)
}

/// Writes one file of a book's source folder.
fn write_file(dir: &Path, rel: &str, text: &[u8]) -> Result<(), BuildError> {
    let file = dir.join(rel);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(&file, text).map_err(io(&file))
}

/// The source folder of a language's book: its SUMMARY.md, a stub at the Swedish page's path
/// for each published variant (so `/en/` mirrors the Swedish addresses) and a 404 page in
/// the language.
fn write_variant_source(site: &Site, language: Language, dir: &Path) -> Result<(), BuildError> {
    write_file(
        dir,
        "SUMMARY.md",
        variant::summary(site, language).as_bytes(),
    )?;
    for page in &site.pages {
        if let Some(v) = page.variant(language).filter(|v| v.published()) {
            write_file(dir, &page.path, format!("# {}\n", v.title).as_bytes())?;
        }
    }
    let ui = crate::ui::ui(Some(language));
    let not_found = format!("# {}\n\n{}", ui.not_found_title, ui.not_found_text);
    write_file(dir, "404.md", not_found.as_bytes())
}

/// Writes the folder mdBook reads: a SUMMARY.md made from the merged navigation, a stub for
/// every page (the preprocessor replaces it with the page from the model), `404.md`, and the
/// files pages link to. Nothing else: mdBook publishes every non-Markdown file in its source
/// folder, so building from this allow-list keeps stray files in `content/` from leaking.
fn write_source(site: &Site, dir: &Path) -> Result<(), BuildError> {
    let write = |rel: &str, text: &[u8]| write_file(dir, rel, text);
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
    language: Option<Language>,
    content: &Path,
    theme_dir: &Path,
    staging: &Path,
) -> Result<(), BuildError> {
    let mdbook = |e: anyhow::Error| BuildError::Mdbook(format!("{e:#}"));
    let mut cfg = Config::default();
    cfg.book.title = Some("Vägvisaren".into());
    cfg.book.language = Some(language.map_or("sv", |l| l.html_lang()).into());
    let site_url = language.map_or_else(|| "/".to_string(), |l| format!("{}/", l.prefix()));
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
        ("output.html.site-url", toml::Value::from(site_url.as_str())),
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
        language,
    });
    book.build().map_err(mdbook)
}

/// Fills in each Swedish page's description and alternates and removes mdBook files we do not
/// use.
fn finish(site: &Site, options: &SiteOptions, dir: &Path) -> Result<(), BuildError> {
    let mut described = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        let file = dir.join(page.path.replace(".md", ".html"));
        let alternates = variant::alternates(page, options);
        described.push((file, page.front.summary.clone(), alternates.clone()));
        if i == 0 {
            described.push((
                dir.join("index.html"),
                page.front.summary.clone(),
                alternates,
            ));
        }
    }
    described.push((
        dir.join("404.html"),
        DEFAULT_DESCRIPTION.to_string(),
        String::new(),
    ));
    fill_in(described)?;
    remove_unused(dir)
}

/// Fills in the descriptions and alternates of a language's pages and removes mdBook files we
/// do not use.
fn finish_variants(
    site: &Site,
    options: &SiteOptions,
    language: Language,
    dir: &Path,
) -> Result<(), BuildError> {
    let mut described = Vec::new();
    for page in &site.pages {
        let Some(v) = page.variant(language).filter(|v| v.published()) else {
            continue;
        };
        let file = dir.join(page.path.replace(".md", ".html"));
        let alternates = variant::alternates(page, options);
        if described.is_empty() && page.path != "index.md" {
            described.push((
                dir.join("index.html"),
                v.summary.clone(),
                alternates.clone(),
            ));
        }
        described.push((file, v.summary.clone(), alternates));
    }
    let ui = crate::ui::ui(Some(language));
    described.push((
        dir.join("404.html"),
        ui.not_found_title.to_string(),
        String::new(),
    ));
    fill_in(described)?;
    remove_unused(dir)
}

/// Puts each file's description and alternates in place of the template's placeholders and
/// wraps its tables.
fn fill_in(files: Vec<(PathBuf, String, String)>) -> Result<(), BuildError> {
    for (file, summary, alternates) in files {
        let html = std::fs::read_to_string(&file).map_err(io(&file))?;
        let html = html
            .replacen(theme::DESCRIPTION, &escape(&summary), 1)
            .replacen(theme::ALTERNATES, &alternates, 1);
        std::fs::write(&file, wrap_tables(&html)).map_err(io(&file))?;
    }
    Ok(())
}

/// Removes the files mdBook writes that our theme never uses.
fn remove_unused(dir: &Path) -> Result<(), BuildError> {
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
    Ok(())
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
