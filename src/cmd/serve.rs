//! `vagvisare serve`: builds the site, then serves it.

use super::{load_content, site_options};
use crate::config::Config;
use crate::server;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

/// Builds into `<data-dir>/site` and serves until Ctrl-C or SIGTERM.
pub fn run(root: &Path, config: &Config, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    let loaded = load_content(root)?;
    let site_dir = config.data_dir.join("site");
    vagvisare_site::build(&loaded.site, &site_options(config), &site_dir)?;
    let state = server::AppState::new(&site_dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(server::serve(state, addr))?;
    Ok(ExitCode::SUCCESS)
}
