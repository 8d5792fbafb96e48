//! A fingerprint of what a build reads, so that `vagvisare serve` can skip a build whose
//! result is already on disk (the deployment step `vagvisare build` wrote it).

use crate::build::BuildError;
use crate::options::SiteOptions;
use crate::theme;
use sha2::{Digest, Sha256};
use std::path::Path;
use vagvisare_model::Site;

/// The fingerprint of a build of `site` with `options`: the bytes of every file in each layer's
/// `content/`, `blocks/` and `data/` folders (with their paths), the settings, what the date
/// changes (which pages and local blocks are overdue for review on `options.today`, and the
/// date itself while there are no changes to list), the theme, this crate's version, and
/// `program`, the caller's identity (for example the size and time of its executable), so a
/// new program version builds again.
pub fn fingerprint(
    site: &Site,
    options: &SiteOptions,
    program: &str,
) -> Result<String, BuildError> {
    let mut h = Sha256::new();
    let field = |h: &mut Sha256, bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut h, program.as_bytes());
    field(&mut h, theme::INDEX_HBS.as_bytes());
    for asset in theme::assets() {
        field(&mut h, asset.name.as_bytes());
    }
    // Every setting but the date (a new setting is included without a change here).
    let dateless = SiteOptions {
        today: time::Date::MIN,
        ..options.clone()
    };
    field(&mut h, format!("{dateless:?}").as_bytes());
    if crate::changes::significant_changes(site).is_empty() {
        // The feeds of an empty change list are dated today.
        field(&mut h, options.today.to_string().as_bytes());
    }
    for page in &site.pages {
        if page.review_overdue(options.today) {
            field(&mut h, page.path.as_bytes());
        }
        for block in &page.blocks {
            if block.review_overdue(options.today) {
                field(&mut h, block.file.to_string_lossy().as_bytes());
            }
        }
    }
    for (_, layer) in site.layers.all() {
        for dir in [layer.content(), layer.blocks(), layer.join("data")] {
            field(&mut h, dir.to_string_lossy().as_bytes());
            hash_tree(&mut h, &dir)?;
        }
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Hashes the path and bytes of every file under `dir` (dotfiles too), in a stable order.
/// A folder that does not exist adds nothing.
fn hash_tree(h: &mut Sha256, dir: &Path) -> Result<(), BuildError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Io { path, source }
    };
    if !dir.is_dir() {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .collect::<Result<_, _>>()
        .map_err(io(dir))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let kind = entry.file_type().map_err(io(&path))?;
        h.update(name.as_encoded_bytes());
        h.update([0]);
        if kind.is_dir() {
            h.update(b"/");
            hash_tree(h, &path)?;
        } else {
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_hash_paths_and_bytes() {
        let dir = tempfile::tempdir().expect("tmp");
        let digest = |d: &Path| {
            let mut h = Sha256::new();
            hash_tree(&mut h, d).expect("hash");
            h.finalize()
        };
        std::fs::create_dir_all(dir.path().join("a")).expect("mkdir");
        std::fs::write(dir.path().join("a/x.md"), "x").expect("write");
        let first = digest(dir.path());
        assert_eq!(first, digest(dir.path()), "stable");
        std::fs::write(dir.path().join("a/x.md"), "y").expect("write");
        let second = digest(dir.path());
        assert_ne!(first, second, "bytes count");
        std::fs::write(dir.path().join("a/.x.md~"), "y").expect("write");
        assert_ne!(second, digest(dir.path()), "dotfiles count");
        assert_eq!(digest(&dir.path().join("saknas")), Sha256::new().finalize());
    }
}
