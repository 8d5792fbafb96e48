//! `vagvisare check`: validates everything without writing anything.

use super::{print_problems, summary_line, today};
use crate::config::Config;
use std::path::Path;
use std::process::ExitCode;
use vagvisare_model::{LoadError, Paths, Site};

/// Reports every problem; exit code 1 if any is an error.
pub fn run(root: &Path, _config: &Config) -> anyhow::Result<ExitCode> {
    let problems = match Site::load(&Paths::under(crate::cmd::project_root(root)), today()) {
        Ok(loaded) => loaded.warnings,
        Err(LoadError::Invalid(problems)) => problems,
        Err(e) => return Err(e.into()),
    };
    print_problems(&problems);
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
