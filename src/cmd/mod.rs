//! One file per subcommand; this module holds what they share.

mod build;
mod certificates;
mod check;
mod owners;
mod reviewed;
mod serve;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::municipality::{Municipality, Setup};
use std::path::Path;
use std::process::ExitCode;
use vagvisare_model::{Layers, LoadError, Loaded, Problem, Site};
use vagvisare_search::{SYNONYMS_FILE, SearchError, Synonyms};
use vagvisare_site::{CompressCache, SiteOptions};

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(&cli.root, cli.config.as_deref())?;
    match cli.command {
        Command::Check { owners: false } => check::run(&setup),
        Command::Check { owners: true } => owners::run(&setup),
        Command::Build { out } => build::run(&setup, out.as_deref()),
        Command::Serve { addr } => serve::run(&setup, addr),
        Command::Reviewed { files } => reviewed::run(&setup, &files),
        Command::Certificates { action, host } => {
            certificates::run(&setup, host.as_deref(), &action)
        }
    }
}

/// Today's date, which decides overdue reviews.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The site options from a municipality's configuration.
pub fn site_options(config: &Config) -> SiteOptions {
    SiteOptions {
        municipality: config.municipality.clone(),
        neutral_url: config.neutral_url.clone(),
        contacts: config.contacts.clone(),
        today: today(),
        public_url: None,
        page_feedback: config.page_feedback,
    }
}

/// The cache of compressed site files, shared by every municipality of the setup (so the
/// theme's assets are compressed once for all of them): `<data-dir>/cache/precompressed` of
/// the top-level configuration.
pub fn compress_cache(setup: &Setup) -> CompressCache {
    CompressCache::new(setup.config.data_dir.join("cache").join("precompressed"))
}

/// This program's identity for build fingerprints: the size and time of its executable, so a
/// new program builds the sites again even when the content is unchanged.
pub fn program_identity() -> String {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    match meta {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", meta.len())
        }
        Err(_) => String::new(),
    }
}

/// Loads a municipality's content, printing warnings; on errors prints every problem and fails.
pub fn load_content(municipality: &Municipality) -> anyhow::Result<Loaded> {
    match Site::load(&municipality.layers, today()) {
        Ok(loaded) => {
            print_problems(&loaded.warnings);
            Ok(loaded)
        }
        Err(LoadError::Invalid(problems)) => {
            print_problems(&problems);
            anyhow::bail!("{}: {}", municipality.label(), summary_line(&problems))
        }
        Err(e) => Err(e.into()),
    }
}

/// Loads `search/synonyms.toml` of every layer (the national base, then the municipality's
/// overlay, whose rules are added to the national ones); every problem becomes an error at its
/// file and line.
pub fn load_synonyms(layers: &Layers) -> Result<Synonyms, Vec<Problem>> {
    let mut merged = Synonyms::default();
    let mut problems = Vec::new();
    for (_, layer) in layers.all() {
        let shown = project_root(&layer.root).join(SYNONYMS_FILE);
        match Synonyms::load(&shown, &shown) {
            Ok(found) => merged = merged.with(found),
            Err(errors) => problems.extend(errors.into_iter().map(|e| match e {
                SearchError::Synonyms {
                    path,
                    line,
                    message,
                } => Problem::error(&path, line, message),
                other => Problem::error(&shown, 1, other.to_string()),
            })),
        }
    }
    if problems.is_empty() {
        Ok(merged)
    } else {
        Err(problems)
    }
}

/// Prints problems to stderr, one per line (hints indented).
pub fn print_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("{p}");
    }
}

/// "3 fel, 2 varningar".
pub fn summary_line(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    format!("{errors} fel, {warnings} varningar")
}

/// `.` becomes the empty path, so messages read `content/a.md`, not `./content/a.md`.
pub fn project_root(root: &Path) -> &Path {
    if root == Path::new(".") {
        Path::new("")
    } else {
        root
    }
}

/// The municipality's training records: its PostgreSQL schema when `database-url` is set
/// (no connection is made yet), else the SQLite file in its data folder (created if missing).
pub fn open_store(municipality: &Municipality) -> anyhow::Result<vagvisare_quizzes::Store> {
    Ok(match municipality.config.database(None)? {
        Some(options) => vagvisare_quizzes::Store::postgres(&options)?,
        None => vagvisare_quizzes::Store::open_in(&municipality.config.data_dir)?,
    })
}
