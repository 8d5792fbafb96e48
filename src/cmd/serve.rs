//! `vagvisare serve`: for every municipality builds the site, loads the training modules and
//! records and the search index, then serves them all from one process.

use super::{load_content, load_synonyms, print_problems, site_options, summary_line};
use crate::modules::{self, PageLinks, SiteLookup};
use crate::municipality::{Municipality, Setup};
use crate::server;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use vagvisare_model::Site;
use vagvisare_quizzes::{Retention, Store};
use vagvisare_search::Index;

/// Builds each municipality into `<data-dir>/site` and serves until Ctrl-C or SIGTERM.
pub fn run(setup: &Setup, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    // One signing key for the process (from the top-level settings), derived per municipality.
    writable_data_dir(&setup.config.data_dir)?;
    let (key, source) = server::SigningKey::load(
        setup.config.signing_key_file.as_deref(),
        &setup.config.data_dir,
    )?;
    tracing::info!("signeringsnyckeln kommer från {source}");
    let mut states = Vec::new();
    let mut trainings = Vec::new();
    for municipality in &setup.municipalities {
        let (state, training) = prepare(setup, municipality, &key)?;
        trainings.push(training);
        states.push((municipality.host.clone(), state));
    }
    let hosts = match (setup.config.is_hosting(), states.pop()) {
        (false, Some((_, state))) => server::Hosts::single(state),
        (true, last) => {
            states.extend(last);
            server::Hosts::by_host(
                states
                    .into_iter()
                    .filter_map(|(host, state)| host.map(|h| (h, state)))
                    .collect(),
            )
        }
        (false, None) => anyhow::bail!("ingen webbplats att visa"),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        for training in trainings {
            server::spawn_daily_retention(training);
        }
        let network = server::Network {
            limits: setup.config.limits.clone(),
            proxies: server::TrustedProxies::new(&setup.config.trusted_proxies),
        };
        server::serve(hosts, addr, network).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Builds one municipality's site, search index and training, ready to serve. Its tokens are
/// signed with a key derived for it, so a form from one municipality is refused by another.
fn prepare(
    setup: &Setup,
    municipality: &Municipality,
    key: &server::SigningKey,
) -> anyhow::Result<(server::AppState, Arc<server::Training>)> {
    let loaded = load_content(municipality)?;
    let config = &municipality.config;
    writable_data_dir(&config.data_dir)?;
    let site_dir = config.data_dir.join("site");
    vagvisare_site::build(&loaded.site, &site_options(config), &site_dir)?;
    let training = Arc::new(training(municipality, &loaded.site)?);
    // Built before the runtime starts, so no async worker is blocked by it.
    let index = Arc::new(search_index(municipality, &loaded.site)?);
    let security = server::Security::new(
        key.for_site(municipality.host.as_deref().unwrap_or("")),
        config.public_url(),
        &setup.config.trusted_proxies,
        setup.config.limits.clone(),
    );
    let state = server::AppState::new(&site_dir)?
        .with_training(Arc::clone(&training))
        .with_search(index)
        .with_security(security);
    Ok((state, training))
}

/// Builds the search index in memory from the loaded site and the synonyms file (checked the
/// same way as `check` does).
fn search_index(municipality: &Municipality, site: &Site) -> anyhow::Result<Index> {
    let synonyms = match load_synonyms(municipality.national_root()) {
        Ok(synonyms) => synonyms,
        Err(problems) => {
            print_problems(&problems);
            anyhow::bail!("sökningens synonymer: {}", summary_line(&problems));
        }
    };
    let start = std::time::Instant::now();
    let index = Index::build(site, synonyms)?;
    tracing::info!(
        municipality = municipality.label(),
        sections = index.len(),
        compound_parts = index.compound_parts(),
        ms = start.elapsed().as_millis() as u64,
        "sök: indexet är byggt"
    );
    Ok(index)
}

/// Loads the training modules (with the same checks as `check`), opens the records in the
/// municipality's data folder and deletes records older than the retention allows.
fn training(municipality: &Municipality, site: &Site) -> anyhow::Result<server::Training> {
    let config = &municipality.config;
    let catalog = match modules::load(&municipality.layers, &SiteLookup(site)) {
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
        municipality = municipality.label(),
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
