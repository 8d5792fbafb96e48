//! The built site, served from memory.
//!
//! At start-up every file that the build's manifest lists is read into memory, with the gzip
//! and brotli variants that `vagvisare build` made; a request is then a map lookup and a
//! reference-counted copy of the bytes. Nothing is compressed, read from disk or guessed per
//! request.
//!
//! - Only files in the manifest are served: a file put into the site folder after the build,
//!   a dotfile, or a precompressed variant asked for by name gets the 404 page.
//! - Paths are percent-decoded and then must be clean: no `.` or `..` or dotfile segments, no
//!   empty segments (`//barn` is a 404, never a redirect to another host), no backslashes.
//! - `/hjalp/` serves `hjalp/index.html`; `/hjalp` redirects to `/hjalp/` with a Location
//!   built from the site's own file name (always one leading slash).
//! - Each representation has a strong `ETag` (the file's SHA-256, plus `-gz` or `-br`);
//!   `If-None-Match` with any of a file's tags answers `304`, since all of them carry the same
//!   content. `Vary: Accept-Encoding` is sent for every file that has variants.

use super::encoding::AcceptEncoding;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use vagvisare_site::{Encoding, Manifest, sha256_hex};

/// Characters escaped in a redirect's path (site file names are plain slugs; this is a guard).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// One encoding of a file: its bytes and its entity tag.
#[derive(Debug, Clone)]
struct Representation {
    body: Bytes,
    etag: HeaderValue,
}

/// A file of the site with its variants.
#[derive(Debug, Clone)]
struct StaticFile {
    content_type: HeaderValue,
    identity: Representation,
    gzip: Option<Representation>,
    br: Option<Representation>,
}

impl StaticFile {
    fn representations(&self) -> impl Iterator<Item = &Representation> {
        std::iter::once(&self.identity)
            .chain(self.gzip.as_ref())
            .chain(self.br.as_ref())
    }

    fn has_variants(&self) -> bool {
        self.gzip.is_some() || self.br.is_some()
    }

    /// The representation for a request's `Accept-Encoding`, and its `Content-Encoding`.
    fn negotiate(&self, headers: &HeaderMap) -> (&Representation, Option<&'static str>) {
        if !self.has_variants() {
            return (&self.identity, None);
        }
        let accepted = AcceptEncoding::parse(headers);
        let mut best: Option<(u16, &Representation, Encoding)> = None;
        for encoding in Encoding::ALL {
            let variant = match encoding {
                Encoding::Brotli => self.br.as_ref(),
                Encoding::Gzip => self.gzip.as_ref(),
            };
            let q = accepted.quality(encoding);
            if let Some(v) = variant
                && q > 0
                && best.is_none_or(|(bq, _, _)| q > bq)
            {
                best = Some((q, v, encoding));
            }
        }
        match best {
            Some((_, v, encoding)) => (v, Some(encoding.name())),
            None => (&self.identity, None),
        }
    }
}

/// Files that are the same in several sites (the theme's assets), read once and shared.
#[derive(Debug, Default)]
pub struct SharedFiles {
    by_hash: Mutex<HashMap<String, StaticFile>>,
}

impl SharedFiles {
    /// An empty store.
    pub fn new() -> SharedFiles {
        SharedFiles::default()
    }

    fn get(&self, hash: &str) -> Option<StaticFile> {
        self.by_hash.lock().ok()?.get(hash).cloned()
    }

    fn insert(&self, hash: &str, file: &StaticFile) {
        if let Ok(mut map) = self.by_hash.lock() {
            map.entry(hash.to_string()).or_insert_with(|| file.clone());
        }
    }
}

/// A whole built site in memory.
#[derive(Debug)]
pub struct StaticSite {
    files: HashMap<String, StaticFile>,
    not_found: StaticFile,
    bytes: usize,
}

/// What a request path names.
enum Lookup<'a> {
    File(&'a StaticFile),
    Redirect(String),
    Missing,
}

impl StaticSite {
    /// Loads every file that the manifest in `dir` lists, with its variants, checking each
    /// file against its hash. Files already in `shared` (same hash) are not read again.
    pub fn load(dir: &Path, shared: &SharedFiles) -> anyhow::Result<StaticSite> {
        let manifest = Manifest::read(dir)?;
        let mut files = HashMap::with_capacity(manifest.files.len());
        let mut bytes = 0;
        for entry in &manifest.files {
            let file = match shared.get(&entry.hash) {
                Some(file) => file,
                None => {
                    let file = read_file(dir, entry)?;
                    shared.insert(&entry.hash, &file);
                    file
                }
            };
            bytes += file.representations().map(|r| r.body.len()).sum::<usize>();
            files.insert(entry.path.clone(), file);
        }
        let not_found = files.get("404.html").cloned().ok_or_else(|| {
            anyhow::anyhow!(
                "{}: 404.html saknas i den byggda webbplatsen: bygg om med vagvisare build",
                dir.display()
            )
        })?;
        Ok(StaticSite {
            files,
            not_found,
            bytes,
        })
    }

    /// How many files the site has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The bytes held for this site (files and variants; shared files counted in each site).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The answer to a GET or HEAD for `path` (still percent-encoded) with `query`.
    pub fn respond(&self, path: &str, query: Option<&str>, headers: &HeaderMap) -> Response {
        match self.lookup(path) {
            Lookup::File(file) => answer(file, StatusCode::OK, headers, true),
            Lookup::Redirect(to) => {
                let location = match query {
                    Some(q) => format!("{to}?{q}"),
                    None => to,
                };
                let mut response = Response::new(Body::empty());
                *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
                if let Ok(value) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(header::LOCATION, value);
                    response
                } else {
                    self.not_found(headers)
                }
            }
            Lookup::Missing => self.not_found_under(path, headers),
        }
    }

    /// The 404 page for a missing `path`: a language's own (`/en/…` gets `en/404.html`) when
    /// the site has one, else the site's.
    fn not_found_under(&self, path: &str, headers: &HeaderMap) -> Response {
        let own = path
            .strip_prefix('/')
            .and_then(|p| p.split_once('/'))
            .filter(|(first, _)| first.bytes().all(|b| b.is_ascii_lowercase()))
            .and_then(|(first, _)| self.files.get(&format!("{first}/404.html")));
        match own {
            Some(file) => answer(file, StatusCode::NOT_FOUND, headers, false),
            None => self.not_found(headers),
        }
    }

    /// The site's 404 page with status 404.
    pub fn not_found(&self, headers: &HeaderMap) -> Response {
        answer(&self.not_found, StatusCode::NOT_FOUND, headers, false)
    }

    fn lookup(&self, raw: &str) -> Lookup<'_> {
        let Some(rest) = raw.strip_prefix('/') else {
            return Lookup::Missing;
        };
        let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
            return Lookup::Missing;
        };
        if !clean(&decoded) {
            return Lookup::Missing;
        }
        if decoded.is_empty() || decoded.ends_with('/') {
            let key = format!("{decoded}index.html");
            return self.files.get(&key).map_or(Lookup::Missing, Lookup::File);
        }
        if let Some(file) = self.files.get(decoded.as_ref()) {
            return Lookup::File(file);
        }
        if self.files.contains_key(&format!("{decoded}/index.html")) {
            return Lookup::Redirect(format!("/{}/", utf8_percent_encode(&decoded, PATH)));
        }
        Lookup::Missing
    }
}

/// A decoded path (without its leading slash) that can name a file of the site: segments are
/// not empty (except a final one, for a folder), and none is `.`, `..` or a dotfile; no
/// backslash or NUL anywhere. `//barn` fails here, so it is never turned into a redirect.
fn clean(decoded: &str) -> bool {
    if decoded.contains(['\\', '\0']) {
        return false;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    segments
        .iter()
        .enumerate()
        .all(|(i, s)| (!s.is_empty() || i == last) && !s.starts_with('.'))
}

/// The response for `file`: `304` when the client has it, else the negotiated representation.
/// `Content-Length` is set for HEAD too (axum drops the body of a HEAD answer).
fn answer(file: &StaticFile, status: StatusCode, headers: &HeaderMap, tagged: bool) -> Response {
    let (chosen, encoding) = file.negotiate(headers);
    if tagged && status == StatusCode::OK && not_modified(file, headers) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        let h = response.headers_mut();
        h.insert(header::ETAG, chosen.etag.clone());
        if file.has_variants() {
            h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        return response;
    }
    let mut response = Response::new(Body::from(chosen.body.clone()));
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, file.content_type.clone());
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(chosen.body.len()));
    if tagged {
        h.insert(header::ETAG, chosen.etag.clone());
    }
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if file.has_variants() {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// True when `If-None-Match` names `*` or one of the file's tags (weak comparison, as the
/// header asks for).
fn not_modified(file: &StaticFile, headers: &HeaderMap) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',').map(str::trim).any(|tag| {
                tag == "*"
                    || file.representations().any(|r| {
                        let ours = r.etag.as_bytes();
                        tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == ours
                    })
            })
        })
    })
}

/// Reads one manifest entry and its variants, checking the file against its hash.
fn read_file(dir: &Path, entry: &vagvisare_site::ManifestFile) -> anyhow::Result<StaticFile> {
    let read = |rel: &str| -> anyhow::Result<Bytes> {
        let path = dir.join(rel);
        std::fs::read(&path)
            .map(Bytes::from)
            .map_err(|e| anyhow::anyhow!("{}: kan inte läsas: {e}", path.display()))
    };
    let body = read(&entry.path)?;
    if sha256_hex(&body) != entry.hash {
        anyhow::bail!(
            "{}: filen har ändrats efter bygget: bygg om med vagvisare build",
            dir.join(&entry.path).display()
        );
    }
    let short = entry.hash.get(..16).unwrap_or(&entry.hash);
    let tag = |suffix: &str| {
        HeaderValue::from_str(&format!("\"{short}{suffix}\""))
            .map_err(|_| anyhow::anyhow!("{}: ogiltig hash i byggförteckningen", entry.path))
    };
    let variant = |present: bool, encoding: Encoding| -> anyhow::Result<Option<Representation>> {
        if !present {
            return Ok(None);
        }
        Ok(Some(Representation {
            body: read(&format!("{}.{}", entry.path, encoding.suffix()))?,
            etag: tag(&format!("-{}", encoding.suffix()))?,
        }))
    };
    let (content_type, _) = vagvisare_site::content_type(&entry.path);
    Ok(StaticFile {
        content_type: HeaderValue::from_static(content_type),
        identity: Representation {
            body,
            etag: tag("")?,
        },
        gzip: variant(entry.gzip, Encoding::Gzip)?,
        br: variant(entry.br, Encoding::Brotli)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_clean_paths() {
        for ok in ["", "hjalp/", "hjalp/index.html", "assets/a-1.css"] {
            assert!(clean(ok), "{ok:?}");
        }
        for bad in [
            "/barn",
            "/",
            "a//b",
            ".env",
            "hjalp/.env",
            "../x",
            "a/../b",
            "a/./b",
            "a\\b",
            "a\0",
            ".vagvisare-bygge.toml",
        ] {
            assert!(!clean(bad), "{bad:?}");
        }
    }

    fn site() -> StaticSite {
        let file = |body: &'static str| StaticFile {
            content_type: HeaderValue::from_static("text/html; charset=utf-8"),
            identity: Representation {
                body: Bytes::from_static(body.as_bytes()),
                etag: HeaderValue::from_static("\"abc\""),
            },
            gzip: Some(Representation {
                body: Bytes::from_static(b"gz"),
                etag: HeaderValue::from_static("\"abc-gz\""),
            }),
            br: Some(Representation {
                body: Bytes::from_static(b"br"),
                etag: HeaderValue::from_static("\"abc-br\""),
            }),
        };
        let mut files = HashMap::new();
        files.insert("index.html".to_string(), file("start"));
        files.insert("hjalp/index.html".to_string(), file("hjalp"));
        files.insert("404.html".to_string(), file("saknas"));
        StaticSite {
            not_found: file("saknas"),
            files,
            bytes: 0,
        }
    }

    #[test]
    fn folders_redirects_and_404() {
        let site = site();
        let none = HeaderMap::new();
        let r = site.respond("/hjalp", Some("a=1"), &none);
        assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(r.headers()[header::LOCATION], "/hjalp/?a=1");
        for path in ["//hjalp", "///hjalp", "/%2fhjalp", "/\\hjalp", "/%5chjalp"] {
            assert_eq!(site.respond(path, None, &none).status(), 404, "{path}");
        }
        assert_eq!(site.respond("/", None, &none).status(), 200);
        assert_eq!(site.respond("/hj%61lp/", None, &none).status(), 200);
        assert_eq!(site.respond("/%ff", None, &none).status(), 404);
        assert_eq!(site.respond("/index.html.gz", None, &none).status(), 404);
    }

    #[test]
    fn negotiation_and_conditional_requests() {
        let site = site();
        let r = site.respond("/", None, &headers(&[("accept-encoding", "gzip, br")]));
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(r.headers()[header::ETAG], "\"abc-br\"");
        assert_eq!(r.headers()[header::VARY], "accept-encoding");
        let r = site.respond(
            "/",
            None,
            &headers(&[("accept-encoding", "gzip;q=1, br;q=0.5")]),
        );
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        let r = site.respond("/", None, &none_matching("\"abc-gz\""));
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        let r = site.respond("/", None, &none_matching("W/\"abc\", \"x\""));
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        let r = site.respond("/", None, &none_matching("\"other\""));
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get(header::CONTENT_ENCODING).is_none());
        let r = site.respond("/saknas", None, &none_matching("*"));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(r.headers().get(header::ETAG).is_none());
    }

    fn none_matching(tag: &'static str) -> HeaderMap {
        headers(&[("if-none-match", tag)])
    }
}
