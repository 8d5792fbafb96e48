//! `vagvisare check`: validates everything (content, training modules and the search synonyms)
//! of every municipality without writing anything.

use super::{print_problems, summary_line, today};
use crate::modules::{self, SiteLookup};
use crate::municipality::Setup;
use std::process::ExitCode;
use vagvisare_model::{LoadError, Problem, Site};
use vagvisare_quizzes::Target;

/// Reports every problem once (a national problem is not repeated for each municipality);
/// exit code 1 if any is an error.
pub fn run(setup: &Setup) -> anyhow::Result<ExitCode> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut shallow = 0;
    // The cue check's figures per module, printed once after the problems.
    let mut report: Vec<String> = Vec::new();
    for municipality in &setup.municipalities {
        let site = match Site::load(&municipality.layers, today()) {
            Ok(loaded) => {
                problems.extend(loaded.warnings);
                Some(loaded.site)
            }
            Err(LoadError::Invalid(found)) => {
                problems.extend(found);
                None
            }
            Err(e) => return Err(e.into()),
        };
        // The training modules: with invalid content, check their own rules but not their
        // sources.
        let checked = match &site {
            Some(site) => modules::check(&municipality.layers, &SiteLookup(site)),
            None => modules::check(&municipality.layers, &|_: &str, _: Option<&str>| {
                Target::Found
            }),
        };
        problems.extend(checked.problems);
        for line in checked.report {
            if !report.contains(&line) {
                report.push(line);
            }
        }
        if let Err(found) = super::load_synonyms(&municipality.layers) {
            problems.extend(found);
        }
        if let Some(site) = &site {
            shallow = shallow.max(site.sources.shallow().count());
        }
    }
    problems.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    problems.dedup();
    print_problems(&problems);
    for line in &report {
        eprintln!("{line}");
    }
    if shallow > 0 {
        eprintln!(
            "check: {shallow} källor att förbättra (deep = false): länken går inte direkt till lagtexten eller den exakta sidan"
        );
    }
    if problems.iter().any(Problem::is_error) {
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
