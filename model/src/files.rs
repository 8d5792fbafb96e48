//! The files of a layer's `content/` folder. Only what is allowed is published: pages (`.md`)
//! and the images and documents that pages link to. Anything else – an editor's backup
//! (`sida.md~`), a draft note, a `.env`, an image nobody links to – is an error in `check`, so
//! that a stray file can never leak. Images that carry a location (EXIF GPS) are refused too:
//! a photo taken at a protected address must not reveal it.

use crate::problem::Problem;
use crate::site::LoadError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Extensions of files that pages may link to and that are then published.
pub const PUBLISHED_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "pdf"];

/// Files in `content/` that are not SUMMARY.md or 404.md.
#[derive(Debug, Default)]
pub(crate) struct ContentFiles {
    /// Markdown files not starting with a dot, as content paths (`barn/barnahus.md`).
    pub markdown: BTreeSet<String>,
    /// Every other file (and dotfiles of any kind), as content paths.
    pub other: BTreeSet<String>,
}

/// A file published next to the pages, as the build copies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFile {
    /// The path inside the site (`bilder/karta.png`).
    pub path: String,
    /// The file on disk.
    pub file: PathBuf,
}

/// Lists `dir` recursively. `special` names files at the top that are not pages.
pub(crate) fn scan(dir: &Path, special: &[&str]) -> Result<ContentFiles, LoadError> {
    let mut found = ContentFiles::default();
    if !dir.is_dir() {
        return Ok(found);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(|source| LoadError::Io {
            path: current.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| LoadError::Io {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = relative(dir, &path);
            if path.is_dir() {
                if name.starts_with('.') {
                    found.other.insert(format!("{rel}/"));
                } else {
                    stack.push(path);
                }
            } else if name.ends_with(".md") && !name.starts_with('.') {
                if !special.contains(&rel.as_str()) {
                    found.markdown.insert(rel);
                }
            } else {
                found.other.insert(rel);
            }
        }
    }
    Ok(found)
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks the non-page files of a `content/` folder against the files pages link to. Returns
/// the files to publish and the problems (every other file is an error).
pub(crate) fn check_other(
    content_dir: &Path,
    other: &BTreeSet<String>,
    linked: &BTreeSet<String>,
) -> (Vec<PublishedFile>, Vec<Problem>) {
    let mut published = Vec::new();
    let mut problems = Vec::new();
    for rel in other {
        let file = content_dir.join(rel.trim_end_matches('/'));
        let extension = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let hidden = rel.split('/').any(|part| part.starts_with('.'));
        if hidden || !PUBLISHED_EXTENSIONS.contains(&extension.as_str()) {
            problems.push(Problem::error(
                &file,
                1,
                "filen hör inte hemma i content/ och publiceras inte: bara sidor (.md) och bilder eller PDF-filer som en sida länkar till får ligga här. Flytta eller ta bort filen",
            ));
            continue;
        }
        if !linked.contains(rel) {
            problems.push(Problem::error(
                &file,
                1,
                "ingen sida länkar till filen, så den publiceras inte: länka till den från en sida eller ta bort den",
            ));
            continue;
        }
        if let Some(message) = location_metadata(&file, &extension) {
            problems.push(Problem::error(&file, 1, message));
            continue;
        }
        published.push(PublishedFile {
            path: rel.clone(),
            file,
        });
    }
    (published, problems)
}

/// A message when an image carries a GPS position (or cannot be read to tell).
fn location_metadata(file: &Path, extension: &str) -> Option<String> {
    if !matches!(extension, "jpg" | "jpeg" | "png" | "webp") {
        return None;
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return Some(format!("bilden kan inte läsas: {e}")),
    };
    let exif = match exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)) {
        Ok(exif) => exif,
        // No EXIF at all is the normal, safe case.
        Err(exif::Error::NotFound(_)) | Err(exif::Error::BlankValue(_)) => return None,
        Err(_) if !has_exif_marker(&bytes) => return None,
        Err(e) => {
            return Some(format!(
                "bildens metadata kan inte läsas ({e}): spara om bilden utan metadata innan den publiceras"
            ));
        }
    };
    let gps = exif.fields().any(|f| {
        matches!(
            f.tag,
            exif::Tag::GPSLatitude
                | exif::Tag::GPSLongitude
                | exif::Tag::GPSAltitude
                | exif::Tag::GPSDestLatitude
                | exif::Tag::GPSDestLongitude
        )
    });
    gps.then(|| {
        "bilden innehåller en GPS-position (EXIF) som kan avslöja var den togs: spara om bilden utan platsuppgifter".to_string()
    })
}

/// True if the bytes contain an EXIF header (`Exif\0\0`), so a read error matters.
fn has_exif_marker(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_files_are_errors_and_linked_images_are_published() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = dir.path();
        std::fs::create_dir_all(c.join("bilder")).expect("mkdir");
        std::fs::create_dir_all(c.join(".git")).expect("mkdir");
        for (name, body) in [
            ("index.md", "x"),
            ("SUMMARY.md", "x"),
            (".env", "SECRET=1"),
            ("index.md~", "backup"),
            ("anteckning.txt", "adress"),
            ("bilder/karta.png", "not really a png"),
            ("bilder/ensam.png", "x"),
            (".utkast.md", "x"),
        ] {
            std::fs::write(c.join(name), body).expect("write");
        }
        let files = scan(c, &["SUMMARY.md"]).expect("scan");
        assert_eq!(files.markdown.iter().collect::<Vec<_>>(), ["index.md"]);
        let linked = BTreeSet::from(["bilder/karta.png".to_string()]);
        let (published, problems) = check_other(c, &files.other, &linked);
        assert_eq!(published.len(), 1);
        assert_eq!(published[0].path, "bilder/karta.png");
        let messages: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    p.path.strip_prefix(c).unwrap_or(&p.path).display(),
                    p.message.split(':').next().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                ".env: filen hör inte hemma i content/ och publiceras inte",
                ".git: filen hör inte hemma i content/ och publiceras inte",
                ".utkast.md: filen hör inte hemma i content/ och publiceras inte",
                "anteckning.txt: filen hör inte hemma i content/ och publiceras inte",
                "bilder/ensam.png: ingen sida länkar till filen, så den publiceras inte",
                "index.md~: filen hör inte hemma i content/ och publiceras inte",
            ]
        );
    }

    /// A minimal JPEG with an EXIF segment holding a GPS IFD (latitude only).
    fn jpeg_with_gps() -> Vec<u8> {
        // TIFF header (little endian), IFD0 with one entry: GPSInfo pointer → GPS IFD with
        // GPSLatitudeRef 'N'.
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"II*\0");
        tiff.extend_from_slice(&8u32.to_le_bytes()); // IFD0 offset
        // IFD0: 1 entry
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&0x8825u16.to_le_bytes()); // GPSInfo
        tiff.extend_from_slice(&4u16.to_le_bytes()); // LONG
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&26u32.to_le_bytes()); // GPS IFD offset
        tiff.extend_from_slice(&0u32.to_le_bytes()); // next IFD
        // GPS IFD at 26: 1 entry GPSLatitude (RATIONAL×3) at offset 44
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes()); // GPSLatitude
        tiff.extend_from_slice(&5u16.to_le_bytes()); // RATIONAL
        tiff.extend_from_slice(&3u32.to_le_bytes());
        tiff.extend_from_slice(&44u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        for v in [55u32, 1, 36, 1, 0, 1] {
            tiff.extend_from_slice(&v.to_le_bytes());
        }
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(&app1);
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        jpeg
    }

    #[test]
    fn images_with_a_gps_position_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("foto.jpg");
        std::fs::write(&file, jpeg_with_gps()).expect("write");
        let message = location_metadata(&file, "jpg").expect("gps found");
        assert!(message.contains("GPS-position"), "{message}");
        std::fs::write(&file, [0xFF, 0xD8, 0xFF, 0xD9]).expect("write");
        assert_eq!(location_metadata(&file, "jpg"), None);
    }
}
