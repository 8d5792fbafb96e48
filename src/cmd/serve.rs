//! `vagvisare serve`: builds the site, loads the training modules and records, then serves.

use super::{
    load_content, load_synonyms, print_problems, project_root, site_options, summary_line,
};
use crate::config::Config;
use crate::modules::{self, PageLinks, SiteLookup};
use crate::server;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use vagvisare_model::Site;
use vagvisare_quizzes::{Retention, Store};
use vagvisare_search::Index;

/// Builds into `<data-dir>/site` and serves until Ctrl-C or SIGTERM.
pub fn run(root: &Path, config: &Config, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    let loaded = load_content(root)?;
    writable_data_dir(&config.data_dir)?;
    let site_dir = config.data_dir.join("site");
    vagvisare_site::build(&loaded.site, &site_options(config), &site_dir)?;
    let training = Arc::new(training(root, config, &loaded.site)?);
    // Built before the runtime starts, so no async worker is blocked by it.
    let index = Arc::new(search_index(root, &loaded.site)?);
    let (key, source) =
        server::SigningKey::load(config.signing_key_file.as_deref(), &config.data_dir)?;
    tracing::info!("signeringsnyckeln kommer från {source}");
    let security = server::Security::new(
        key,
        config.public_url(),
        &config.trusted_proxies,
        config.limits.clone(),
    );
    let state = server::AppState::new(&site_dir)?
        .with_training(Arc::clone(&training))
        .with_search(index)
        .with_security(security);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        server::spawn_daily_retention(training);
        server::serve(state, addr).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the search index in memory from the loaded site and the synonyms file (checked the
/// same way as `check` does).
fn search_index(root: &Path, site: &Site) -> anyhow::Result<Index> {
    let synonyms = match load_synonyms(root) {
        Ok(synonyms) => synonyms,
        Err(problems) => {
            print_problems(&problems);
            anyhow::bail!("sökningens synonymer: {}", summary_line(&problems));
        }
    };
    let start = std::time::Instant::now();
    let index = Index::build(site, synonyms)?;
    tracing::info!(
        sections = index.len(),
        compound_parts = index.compound_parts(),
        ms = start.elapsed().as_millis() as u64,
        "sök: indexet är byggt"
    );
    Ok(index)
}

/// Loads the training modules (with the same checks as `check`), opens the records in the
/// data folder and deletes records older than the retention allows.
fn training(root: &Path, config: &Config, site: &Site) -> anyhow::Result<server::Training> {
    let catalog = match modules::load(project_root(root), &SiteLookup(site)) {
        Ok(catalog) => catalog,
        Err(problems) => {
            print_problems(&problems);
            anyhow::bail!("utbildningsmodulerna: {}", summary_line(&problems));
        }
    };
    let store = Store::open_in(&config.data_dir)?;
    let retention = Retention {
        certificate_years: config.retention_years,
        ..Retention::default()
    };
    let pruned = store.apply_retention(&retention, time::OffsetDateTime::now_utc())?;
    tracing::info!(
        modules = catalog.len(),
        certificates = pruned.certificates,
        submissions = pruned.submissions,
        "utbildning: moduler laddade, gamla uppgifter raderade"
    );
    Ok(server::Training {
        catalog,
        store: Arc::new(store),
        links: PageLinks::new(site),
        admin_token: config.admin_token()?,
        retention,
    })
}

/// The data folder exists (or is created) and the server may write in it; otherwise a Swedish
/// `path: message` before anything else is written.
fn writable_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "{}: datamappen kan inte skapas: {}",
            dir.display(),
            crate::config::io_swedish(&e)
        )
    })?;
    let probe = dir.join(format!(".skrivprov-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| {
        anyhow::anyhow!(
            "{}: servern kan inte skriva i datamappen: {}",
            dir.display(),
            crate::config::io_swedish(&e)
        )
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}
