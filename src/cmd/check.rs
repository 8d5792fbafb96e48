//! `vagvisare check`: validates everything (content, training modules and the search synonyms)
//! without writing anything.

use super::{print_problems, summary_line, today};
use crate::config::Config;
use crate::modules::{self, SiteLookup};
use std::path::Path;
use std::process::ExitCode;
use vagvisare_model::{LoadError, Paths, Site};
use vagvisare_quizzes::Target;

/// Reports every problem; exit code 1 if any is an error.
pub fn run(root: &Path, _config: &Config) -> anyhow::Result<ExitCode> {
    let root = crate::cmd::project_root(root);
    let (mut problems, site) = match Site::load(&Paths::under(root), today()) {
        Ok(loaded) => (loaded.warnings, Some(loaded.site)),
        Err(LoadError::Invalid(problems)) => (problems, None),
        Err(e) => return Err(e.into()),
    };
    // The training modules: with invalid content, check their own rules but not their sources.
    let mut modules = match &site {
        Some(site) => modules::check(root, &SiteLookup(site)),
        None => modules::check(root, &|_: &str, _: Option<&str>| Target::Found),
    };
    problems.append(&mut modules.problems);
    // The search synonyms.
    if let Err(mut found) = super::load_synonyms(root) {
        problems.append(&mut found);
    }
    print_problems(&problems);
    for line in &modules.report {
        eprintln!("{line}");
    }
    let failed = problems.iter().any(|p| p.is_error());
    if failed {
        eprintln!("check: {}", summary_line(&problems));
        Ok(ExitCode::FAILURE)
    } else {
        eprintln!(
            "check: allt innehåll är giltigt ({})",
            summary_line(&problems)
        );
        Ok(ExitCode::SUCCESS)
    }
}
