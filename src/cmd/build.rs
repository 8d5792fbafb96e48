//! `vagvisare build`: writes the static site.

use super::{load_content, site_options};
use crate::config::Config;
use std::path::Path;
use std::process::ExitCode;

/// Builds into `out` (default `<data-dir>/site`).
pub fn run(root: &Path, config: &Config, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let loaded = load_content(root)?;
    let out = out.map_or_else(|| config.data_dir.join("site"), Path::to_path_buf);
    vagvisare_site::build(&loaded.site, &site_options(config), &out)?;
    eprintln!(
        "build: {} sidor skrivna till {}",
        loaded.site.pages.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
