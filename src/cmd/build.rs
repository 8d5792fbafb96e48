//! `vagvisare build`: writes the static site of every municipality.

use super::{compress_cache, load_content, program_identity, site_options};
use crate::municipality::Setup;
use std::path::Path;
use std::process::ExitCode;
use vagvisare_site::BuildTarget;

/// Builds each municipality into `<data-dir>/site`; with `--out DIR`, a single site goes to
/// `DIR` and several go to `DIR/<host>`. Text files get gzip and brotli variants, taken from
/// the shared cache when their bytes were compressed before.
pub fn run(setup: &Setup, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let several = setup.municipalities.len() > 1;
    let cache = compress_cache(setup);
    let program = program_identity();
    for municipality in &setup.municipalities {
        let loaded = load_content(municipality)?;
        let dir = match (out, several) {
            (Some(dir), false) => dir.to_path_buf(),
            (Some(dir), true) => dir.join(municipality.label()),
            (None, _) => municipality.config.data_dir.join("site"),
        };
        let options = site_options(&municipality.config);
        let target = BuildTarget {
            inputs: vagvisare_site::fingerprint(&loaded.site, &options, &program)?,
            out: dir,
            cache: cache.clone(),
        };
        let report = vagvisare_site::build(&loaded.site, &options, &target)?;
        let c = report.compression;
        eprintln!(
            "build: {}: {} sidor skrivna till {}; {} av {} filer komprimerade ({} nya varianter, {} från cachen)",
            municipality.label(),
            loaded.site.pages.len(),
            target.out.display(),
            c.compressed,
            c.files,
            c.made,
            c.reused
        );
    }
    prune(&cache);
    Ok(ExitCode::SUCCESS)
}

/// Deletes cache entries that no build has used for a long time; a failure only costs disk.
pub fn prune(cache: &vagvisare_site::CompressCache) {
    match cache.prune() {
        Ok(0) => {}
        Ok(n) => tracing::info!(files = n, "komprimeringscachen: gamla filer borttagna"),
        Err(e) => tracing::warn!("komprimeringscachen kan inte rensas: {e}"),
    }
}
