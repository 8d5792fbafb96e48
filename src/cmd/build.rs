//! `vagvisare build`: writes the static site of every municipality.

use super::{load_content, site_options};
use crate::municipality::Setup;
use std::path::Path;
use std::process::ExitCode;

/// Builds each municipality into `<data-dir>/site`; with `--out DIR`, a single site goes to
/// `DIR` and several go to `DIR/<host>`.
pub fn run(setup: &Setup, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let several = setup.municipalities.len() > 1;
    for municipality in &setup.municipalities {
        let loaded = load_content(municipality)?;
        let target = match (out, several) {
            (Some(dir), false) => dir.to_path_buf(),
            (Some(dir), true) => dir.join(municipality.label()),
            (None, _) => municipality.config.data_dir.join("site"),
        };
        vagvisare_site::build(&loaded.site, &site_options(&municipality.config), &target)?;
        eprintln!(
            "build: {}: {} sidor skrivna till {}",
            municipality.label(),
            loaded.site.pages.len(),
            target.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
