//! The manifest of a built site: every file the build wrote, with its content hash and its
//! precompressed variants, and a fingerprint of what the site was built from.
//!
//! The server serves exactly the files the manifest lists, so a file that lands in the site
//! folder after the build (or a dotfile) is never served. The fingerprint lets
//! `vagvisare serve` skip a build when the site is already up to date.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest's file name inside the site folder (a dotfile: never served).
pub const MANIFEST_FILE: &str = ".vagvisare-bygge.toml";

/// The manifest format this program writes and reads.
const FORMAT: u32 = 1;

/// What a build wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The manifest format.
    pub format: u32,
    /// The fingerprint of the inputs the site was built from (see [`crate::fingerprint`]).
    pub inputs: String,
    /// Every file, sorted by path.
    pub files: Vec<ManifestFile>,
}

/// One file of a built site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// The path inside the site, with `/` separators (`hjalp/index.html`).
    pub path: String,
    /// The SHA-256 of the file's bytes, as 64 hex digits.
    pub hash: String,
    /// Whether `<path>.gz` exists.
    pub gzip: bool,
    /// Whether `<path>.br` exists.
    pub br: bool,
}

/// Why a manifest could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file could not be read (for a site built by an older version: it does not exist).
    #[error("{}: kan inte läsas: {source}", path.display())]
    Io {
        /// The manifest file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a manifest this program wrote.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong, in Swedish.
        message: String,
    },
}

impl Manifest {
    pub(crate) fn new(inputs: &str, files: Vec<ManifestFile>) -> Manifest {
        Manifest {
            format: FORMAT,
            inputs: inputs.to_string(),
            files,
        }
    }

    /// Reads the manifest of the site in `site_dir`.
    pub fn read(site_dir: &Path) -> Result<Manifest, ManifestError> {
        let path = site_dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Io {
            path: path.clone(),
            source,
        })?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| ManifestError::Invalid {
            path: path.clone(),
            message: format!("är ingen giltig byggförteckning: {}", e.message()),
        })?;
        if manifest.format != FORMAT {
            return Err(ManifestError::Invalid {
                path,
                message: format!(
                    "byggförteckningen har format {} men programmet läser format {FORMAT}: bygg om med vagvisare build",
                    manifest.format
                ),
            });
        }
        Ok(manifest)
    }

    pub(crate) fn write(&self, site_dir: &Path) -> std::io::Result<()> {
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        std::fs::write(
            site_dir.join(MANIFEST_FILE),
            format!("# Skriven av vagvisare build. Servern visar bara filerna i listan.\n{text}"),
        )
    }
}

/// The `Content-Type` for a file of the site, and whether it is worth compressing (text).
/// Unknown extensions are served as bytes that browsers must not interpret.
pub fn content_type(path: &str) -> (&'static str, bool) {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => ("text/html; charset=utf-8", true),
        "css" => ("text/css; charset=utf-8", true),
        "js" | "mjs" => ("text/javascript; charset=utf-8", true),
        "json" | "map" => ("application/json", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "xml" => ("application/xml", true),
        "atom" => ("application/atom+xml", true),
        "svg" => ("image/svg+xml", true),
        "ico" => ("image/x-icon", true),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "gif" => ("image/gif", false),
        "webp" => ("image/webp", false),
        "pdf" => ("application/pdf", false),
        "woff2" => ("font/woff2", false),
        _ => ("application/octet-stream", false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_formats() {
        let dir = tempfile::tempdir().expect("tmp");
        let manifest = Manifest::new(
            "abc",
            vec![ManifestFile {
                path: "hjalp/index.html".into(),
                hash: "00".repeat(32),
                gzip: true,
                br: false,
            }],
        );
        manifest.write(dir.path()).expect("write");
        assert_eq!(Manifest::read(dir.path()).expect("read"), manifest);

        let file = dir.path().join(MANIFEST_FILE);
        std::fs::write(&file, "format = 99\ninputs = \"\"\nfiles = []\n").expect("write");
        let e = Manifest::read(dir.path()).expect_err("format 99");
        assert!(e.to_string().contains("format 99"), "{e}");
        std::fs::remove_file(&file).expect("rm");
        assert!(matches!(
            Manifest::read(dir.path()),
            Err(ManifestError::Io { .. })
        ));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), ("text/html; charset=utf-8", true));
        assert_eq!(content_type("bild.png"), ("image/png", false));
        assert_eq!(content_type("nytt.atom"), ("application/atom+xml", true));
        assert_eq!(content_type("README"), ("application/octet-stream", false));
    }
}
