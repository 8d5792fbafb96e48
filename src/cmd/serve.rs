//! `vagvisare serve`: for every municipality makes sure the site is built (skipping the build
//! when `vagvisare build` already wrote it from the same content, settings and program), loads
//! it into memory with its precompressed variants, loads the training modules and records and
//! builds the search index, then serves them all from one process.
//!
//! Municipalities are prepared in parallel, one per core: each one's work (content, search
//! index, database) is independent of the others'.

use super::build::prune;
use super::{
    compress_cache, load_content, load_synonyms, print_problems, program_identity, site_options,
    summary_line,
};
use crate::modules::{self, PageLinks, SiteLookup};
use crate::municipality::{Municipality, Setup};
use crate::server::{self, SharedFiles, StaticSite};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use vagvisare_model::Site;
use vagvisare_quizzes::Retention;
use vagvisare_search::Index;
use vagvisare_site::{BuildTarget, CompressCache, Manifest};

/// What every municipality's preparation shares.
struct Shared<'a> {
    setup: &'a Setup,
    key: server::SigningKey,
    cache: CompressCache,
    files: SharedFiles,
    program: String,
}

/// Prepares each municipality and serves until Ctrl-C or SIGTERM.
pub fn run(setup: &Setup, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    // One signing key for the process (from the top-level settings), derived per municipality.
    writable_data_dir(&setup.config.data_dir)?;
    let (key, source) = server::SigningKey::load(
        setup.config.signing_key_file.as_deref(),
        &setup.config.data_dir,
    )?;
    tracing::info!("signeringsnyckeln kommer från {source}");
    let shared = Shared {
        setup,
        key,
        cache: compress_cache(setup),
        files: SharedFiles::new(),
        program: program_identity(),
    };
    let prepared = prepare_all(&setup.municipalities, &shared)?;
    prune(&shared.cache);
    tracing::info!(
        municipalities = prepared.len(),
        ms = start.elapsed().as_millis() as u64,
        "alla kommuner är klara"
    );
    let mut states = Vec::new();
    let mut trainings = Vec::new();
    for (municipality, (state, training)) in setup.municipalities.iter().zip(prepared) {
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

type Prepared = (server::AppState, Arc<server::Training>);

/// Prepares every municipality, in parallel on all cores; the results are in the order of
/// `municipalities`. The first error (in that order) stops the start.
fn prepare_all(municipalities: &[Municipality], shared: &Shared) -> anyhow::Result<Vec<Prepared>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(municipalities.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<anyhow::Result<Prepared>>>> =
        Mutex::new(municipalities.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(municipality) = municipalities.get(i) else {
                        break;
                    };
                    let result = prepare(municipality, shared);
                    let failed = result.is_err();
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(result);
                    }
                    if failed {
                        // Stop handing out work: the start fails anyway.
                        next.store(municipalities.len(), Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let results = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("förberedelsen av en kommun avbröts"))?;
    let mut prepared = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Some(Ok(p)) => prepared.push(p),
            Some(Err(e)) => return Err(e),
            None => {}
        }
    }
    if prepared.len() != municipalities.len() {
        anyhow::bail!("alla kommuner kunde inte förberedas");
    }
    Ok(prepared)
}

/// Prepares one municipality's site (from memory), search index and training. Its tokens are
/// signed with a key derived for it, so a form from one municipality is refused by another.
fn prepare(municipality: &Municipality, shared: &Shared) -> anyhow::Result<Prepared> {
    let loaded = load_content(municipality)?;
    let config = &municipality.config;
    writable_data_dir(&config.data_dir)?;
    let site_dir = config.data_dir.join("site");
    let files = Arc::new(site_files(municipality, &loaded.site, &site_dir, shared)?);
    let training = Arc::new(training(municipality, &loaded.site)?);
    // Built before the runtime starts, so no async worker is blocked by it.
    let index = Arc::new(search_index(municipality, &loaded.site)?);
    let setup = shared.setup;
    let editorial = Arc::new(server::Editorial::new(
        &loaded.site,
        config.page_feedback,
        &setup.config.limits,
    ));
    let security = server::Security::new(
        shared
            .key
            .for_site(municipality.host.as_deref().unwrap_or("")),
        config.public_url(),
        &setup.config.trusted_proxies,
        setup.config.limits.clone(),
    );
    let state = server::AppState::new(&site_dir, files)?
        .with_training(Arc::clone(&training))
        .with_search(index)
        .with_editorial(editorial)
        .with_security(security);
    Ok((state, training))
}

/// The municipality's built site in memory. A site that `vagvisare build` wrote from the same
/// inputs is only loaded; otherwise (or when it cannot be loaded) it is built first.
fn site_files(
    municipality: &Municipality,
    site: &Site,
    site_dir: &Path,
    shared: &Shared,
) -> anyhow::Result<StaticSite> {
    let start = Instant::now();
    let options = site_options(&municipality.config);
    let inputs = vagvisare_site::fingerprint(site, &options, &shared.program)?;
    let built = Manifest::read(site_dir).is_ok_and(|m| m.inputs == inputs);
    if built {
        match StaticSite::load(site_dir, &shared.files) {
            Ok(files) => {
                log_loaded(municipality, &files, "redan byggd", start);
                return Ok(files);
            }
            Err(e) => tracing::warn!("{e:#}; webbplatsen byggs om"),
        }
    }
    let target = BuildTarget {
        out: site_dir.to_path_buf(),
        cache: shared.cache.clone(),
        inputs,
    };
    let report = vagvisare_site::build(site, &options, &target)?;
    let files = StaticSite::load(site_dir, &shared.files)?;
    let c = report.compression;
    tracing::info!(
        municipality = municipality.label(),
        compressed_now = c.made,
        from_cache = c.reused,
        "webbplatsen är byggd"
    );
    log_loaded(municipality, &files, "byggd nu", start);
    Ok(files)
}

fn log_loaded(municipality: &Municipality, files: &StaticSite, how: &str, start: Instant) {
    tracing::info!(
        municipality = municipality.label(),
        files = files.len(),
        kb = files.bytes() / 1024,
        ms = start.elapsed().as_millis() as u64,
        "webbplatsen ligger i minnet ({how})"
    );
}

/// Builds the search index in memory from the loaded site and the synonyms file (checked the
/// same way as `check` does).
fn search_index(municipality: &Municipality, site: &Site) -> anyhow::Result<Index> {
    let synonyms = match load_synonyms(&municipality.layers) {
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
    let store = crate::cmd::open_store(municipality)?;
    let retention = Retention {
        certificate_years: config.retention_years,
        report_max_age: time::Duration::days(config.report_retention_days.into()),
        ..Retention::default()
    };
    // PostgreSQL that is down at start does not stop the site: pages and search are served,
    // training answers 503 until the database answers (it is retried on every request).
    let now = time::OffsetDateTime::now_utc();
    match store.apply_retention_once(&retention, now, server::RETENTION_CLAIM) {
        Ok(pruned) => {
            let pruned = pruned.unwrap_or_default();
            tracing::info!(
                municipality = municipality.label(),
                modules = catalog.len(),
                certificates = pruned.certificates,
                submissions = pruned.submissions,
                attempt_records = pruned.attempt_records,
                reports = pruned.reports,
                "utbildning: moduler laddade, gamla uppgifter raderade"
            );
        }
        Err(e) if e.is_unavailable() => tracing::warn!(
            municipality = municipality.label(),
            "utbildning: {e}; utbildningen svarar 503 tills databasen svarar"
        ),
        Err(e) => return Err(e.into()),
    }
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
