//! `vagvisare check --owners`: the owner dashboard of `/admin/sidor` in the terminal, for every
//! municipality: each page and local block with its state, review date, open error reports (when
//! the municipality's records exist), owner, layer and drift, most urgent first.

use super::{print_problems, summary_line, today};
use crate::municipality::Setup;
use crate::owners::Dashboard;
use std::process::ExitCode;
use vagvisare_model::{LoadError, Site, owned_texts};
use vagvisare_quizzes::FILE_NAME;

/// Prints the table to stdout; exit code 1 if a municipality's content does not load.
pub fn run(setup: &Setup) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for municipality in &setup.municipalities {
        let site = match Site::load(&municipality.layers, today()) {
            Ok(loaded) => loaded.site,
            Err(LoadError::Invalid(problems)) => {
                print_problems(&problems);
                eprintln!("{}: {}", municipality.label(), summary_line(&problems));
                failed = true;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        // Only read records that exist: checking must not create a database.
        let file = municipality.config.data_dir.join(FILE_NAME);
        let store = if municipality.config.database_url.is_some() || file.is_file() {
            Some(super::open_store(municipality)?)
        } else {
            None
        };
        let dashboard = Dashboard::load(&owned_texts(&site, today()), today(), store.as_ref())?;
        if setup.config.is_hosting() {
            println!("== {} ==", municipality.label());
        }
        print!("{}", dashboard.terminal());
        if store.is_none() {
            eprintln!(
                "check --owners: {} finns inte, så felrapporterna räknas inte",
                file.display()
            );
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
