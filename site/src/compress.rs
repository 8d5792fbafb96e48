//! Precompression: every text file of a built site gets a gzip and a brotli variant at the
//! highest quality, written next to it (`hjalp/index.html.gz`, `hjalp/index.html.br`), so the
//! server only loads them and never compresses a page while a reader waits. Any web server that
//! serves precompressed files (nginx's `gzip_static`, Caddy's `precompressed`) can use them too.
//!
//! High-quality brotli is slow (tens of milliseconds for a page), so variants are kept in a
//! cache folder keyed by the SHA-256 of the file's bytes: a rebuild compresses only the files
//! whose bytes changed, and files that are the same in every municipality (the theme's hashed
//! `/assets/`) are compressed once for all of them when they share the cache.

use crate::manifest::{ManifestFile, content_type};
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// Files smaller than this are not compressed: the saving would not pay for the header.
const MIN_SIZE: usize = 256;

/// A variant is kept only when it is at most this share (in per cent) of the original.
const MAX_RATIO_PERCENT: usize = 90;

/// The cache's layout and codec settings; a new value starts a fresh cache folder, so files
/// compressed with other settings are never mixed in.
const CACHE_VERSION: &str = "v1-br11-gz9";

/// Cache entries not used for this long are deleted after a build.
const CACHE_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// A compressed encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `Content-Encoding: gzip`, file suffix `.gz`.
    Gzip,
    /// `Content-Encoding: br`, file suffix `.br`.
    Brotli,
}

impl Encoding {
    /// Both, in the order a server prefers them (smallest first).
    pub const ALL: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The file suffix of the variant, without the dot.
    pub fn suffix(self) -> &'static str {
        match self {
            Encoding::Gzip => "gz",
            Encoding::Brotli => "br",
        }
    }

    /// The `Content-Encoding` value.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gzip => "gzip",
            Encoding::Brotli => "br",
        }
    }

    /// Compresses `bytes` at the highest quality.
    pub fn compress(self, bytes: &[u8]) -> io::Result<Vec<u8>> {
        match self {
            Encoding::Gzip => {
                let mut out = flate2::write::GzEncoder::new(
                    Vec::with_capacity(bytes.len() / 3),
                    flate2::Compression::best(),
                );
                out.write_all(bytes)?;
                out.finish()
            }
            Encoding::Brotli => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 11,
                    lgwin: 22,
                    size_hint: bytes.len(),
                    mode: brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_TEXT,
                    ..Default::default()
                };
                let mut out = Vec::with_capacity(bytes.len() / 3);
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
                Ok(out)
            }
        }
    }
}

/// What precompression did: how many variants were made now and how many came from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompressStats {
    /// Files in the site.
    pub files: usize,
    /// Files that are compressed (text, large enough, and the variant pays).
    pub compressed: usize,
    /// Variants compressed in this build.
    pub made: usize,
    /// Variants taken from the cache.
    pub reused: usize,
}

/// The cache folder for compressed variants, keyed by content hash.
#[derive(Debug, Clone)]
pub struct CompressCache {
    dir: PathBuf,
}

impl CompressCache {
    /// A cache in `dir` (created when first written). Several sites may share one.
    pub fn new(dir: impl Into<PathBuf>) -> CompressCache {
        CompressCache { dir: dir.into() }
    }

    fn entry(&self, hash: &str, encoding: Encoding) -> PathBuf {
        let (head, _) = hash.split_at(2.min(hash.len()));
        self.dir
            .join(CACHE_VERSION)
            .join(head)
            .join(format!("{hash}.{}", encoding.suffix()))
    }

    /// The cached variant of the file with `hash`, or `None`. A hit is marked as used now, so
    /// that [`CompressCache::prune`] keeps it.
    fn get(&self, hash: &str, encoding: Encoding) -> Option<Vec<u8>> {
        let path = self.entry(hash, encoding);
        let bytes = std::fs::read(&path).ok()?;
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            // Best effort: a cache entry that keeps its old time is only pruned earlier.
            let _ = file.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Stores a variant (written to a temporary file and renamed, so a reader never sees half
    /// a file, and two builds writing the same entry do not disturb each other).
    fn put(&self, hash: &str, encoding: Encoding, bytes: &[u8]) -> io::Result<()> {
        let path = self.entry(hash, encoding);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Deletes cache entries that no build has used for [`CACHE_MAX_AGE`], and folders of
    /// older cache versions. Returns how many files were deleted.
    pub fn prune(&self) -> io::Result<usize> {
        let Ok(versions) = std::fs::read_dir(&self.dir) else {
            return Ok(0);
        };
        let mut deleted = 0;
        let now = SystemTime::now();
        for version in versions.flatten() {
            let path = version.path();
            if version.file_name() != CACHE_VERSION {
                if path.is_dir() {
                    deleted += count_files(&path);
                    std::fs::remove_dir_all(&path)?;
                }
                continue;
            }
            for shard in std::fs::read_dir(&path)?.flatten() {
                let Ok(entries) = std::fs::read_dir(shard.path()) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let old = entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| now.duration_since(t).ok())
                        .is_some_and(|age| age > CACHE_MAX_AGE);
                    if old {
                        std::fs::remove_file(entry.path())?;
                        deleted += 1;
                    }
                }
            }
        }
        Ok(deleted)
    }
}

fn count_files(dir: &Path) -> usize {
    walk(dir).map_or(0, |files| files.len())
}

/// Every file under `dir` as a path relative to it with `/` separators, sorted; folders and
/// files whose name starts with a dot are skipped.
pub(crate) fn walk(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((current, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push((entry.path(), format!("{rel}/")));
            } else if kind.is_file() {
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One file's manifest entry, or the file that failed and why.
type FileResult = Result<ManifestFile, (PathBuf, io::Error)>;

/// Writes a gzip and a brotli variant next to every text file in `dir` (where they pay), using
/// and filling `cache`, and returns the site's file list for the manifest. Files are hashed
/// and compressed on all cores.
pub(crate) fn precompress(
    dir: &Path,
    cache: &CompressCache,
) -> Result<(Vec<ManifestFile>, CompressStats), (PathBuf, io::Error)> {
    let paths = walk(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let next = AtomicUsize::new(0);
    let made = AtomicUsize::new(0);
    let reused = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileResult>>> =
        Mutex::new((0..paths.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(paths.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(rel) = paths.get(i) else { break };
                    let result = one_file(dir, rel, cache, &made, &reused);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(result);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    let mut files = Vec::with_capacity(results.len());
    for (rel, result) in paths.iter().zip(results) {
        match result {
            Some(Ok(file)) => files.push(file),
            Some(Err(e)) => return Err(e),
            None => {
                return Err((
                    dir.join(rel),
                    io::Error::other("filen blev inte komprimerad"),
                ));
            }
        }
    }
    let stats = CompressStats {
        files: files.len(),
        compressed: files.iter().filter(|f| f.gzip || f.br).count(),
        made: made.into_inner(),
        reused: reused.into_inner(),
    };
    Ok((files, stats))
}

/// Hashes one file and writes its variants (from the cache when it has them).
fn one_file(
    dir: &Path,
    rel: &str,
    cache: &CompressCache,
    made: &AtomicUsize,
    reused: &AtomicUsize,
) -> FileResult {
    let path = dir.join(rel);
    let bytes = std::fs::read(&path).map_err(|e| (path.clone(), e))?;
    let hash = sha256_hex(&bytes);
    let mut file = ManifestFile {
        path: rel.to_string(),
        hash,
        gzip: false,
        br: false,
    };
    let (_, compressible) = content_type(rel);
    if !compressible || bytes.len() < MIN_SIZE {
        return Ok(file);
    }
    for encoding in Encoding::ALL {
        let variant = match cache.get(&file.hash, encoding) {
            Some(v) => {
                reused.fetch_add(1, Ordering::Relaxed);
                v
            }
            None => {
                let v = encoding.compress(&bytes).map_err(|e| (path.clone(), e))?;
                // A cache that cannot be written only costs time in the next build.
                if let Err(e) = cache.put(&file.hash, encoding, &v) {
                    tracing::warn!("komprimeringscachen kan inte skrivas: {e}");
                }
                made.fetch_add(1, Ordering::Relaxed);
                v
            }
        };
        if variant.len() * 100 > bytes.len() * MAX_RATIO_PERCENT {
            continue;
        }
        let out = dir.join(format!("{rel}.{}", encoding.suffix()));
        std::fs::write(&out, &variant).map_err(|e| (out.clone(), e))?;
        match encoding {
            Encoding::Gzip => file.gzip = true,
            Encoding::Brotli => file.br = true,
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn variants_decompress_to_the_original() {
        let text = "<p>Våld i nära relationer</p>\n".repeat(50);
        let gz = Encoding::Gzip.compress(text.as_bytes()).expect("gzip");
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .expect("gunzip");
        assert_eq!(back, text);
        let br = Encoding::Brotli.compress(text.as_bytes()).expect("brotli");
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .expect("unbrotli");
        assert_eq!(back, text);
        assert!(br.len() < text.len() / 5);
    }

    /// A small built site: a page, a tiny stylesheet, an image and a dotfile.
    fn site(page: &str) -> tempfile::TempDir {
        let site = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(site.path().join("a")).expect("mkdir");
        std::fs::write(site.path().join("a/index.html"), page).expect("write");
        std::fs::write(site.path().join("liten.css"), "p{}").expect("write");
        std::fs::write(site.path().join("bild.png"), vec![7u8; 4000]).expect("write");
        std::fs::write(site.path().join(".env"), "SECRET=1").expect("write");
        site
    }

    #[test]
    fn unchanged_files_come_from_the_cache() {
        let cache_dir = tempfile::tempdir().expect("tmp");
        let cache = CompressCache::new(cache_dir.path());
        let page = "<html><body>".to_string() + &"Stöd och skydd. ".repeat(100) + "</body></html>";

        let first = site(&page);
        let (files, stats) = precompress(first.path(), &cache).expect("first");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a/index.html", "bild.png", "liten.css"]);
        assert!(files[0].gzip && files[0].br, "the page is compressed");
        assert!(!files[1].gzip && !files[1].br, "images are not");
        assert!(!files[2].gzip && !files[2].br, "tiny files are not");
        assert_eq!((stats.made, stats.reused, stats.compressed), (2, 0, 1));
        assert!(first.path().join("a/index.html.br").is_file());

        let (_, again) = precompress(site(&page).path(), &cache).expect("second");
        assert_eq!((again.made, again.reused), (0, 2));

        let changed = site(&page.replace("Stöd", "Hjälp"));
        let (_, stats) = precompress(changed.path(), &cache).expect("third");
        assert_eq!((stats.made, stats.reused), (2, 0));
        assert_eq!(cache.prune().expect("prune"), 0, "fresh entries stay");
    }
}
