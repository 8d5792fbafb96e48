//! The built site served from memory on the real server: precompressed variants that decompress
//! to the same bytes, strong ETags and 304, HEAD, Vary; the Swedish 404 and 405 pages with the
//! security headers; `//` paths and dotfiles (review L1, M4); axum's own errors in Swedish (I1);
//! compressed dynamic responses; and a rebuild that reuses the compressed files in the cache.

use crate::support::{TestServer, client, repo_root, run};
use reqwest::blocking::Response;
use std::io::Read;
use std::path::Path;

fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The security headers every answer must carry.
fn assert_secure(response: &Response, what: &str) {
    let csp = header(response, "content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{what}: CSP {csp:?}");
    assert_eq!(
        header(response, "x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(response, "x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
    assert!(header(response, "referrer-policy").is_some(), "{what}");
    assert!(header(response, "cache-control").is_some(), "{what}");
}

fn get_with(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = client().get(server.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().expect("request")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

#[test]
fn pages_come_precompressed_with_etags_304_head_and_vary() {
    let server = TestServer::start("");
    let path = "/hjalp/har-far-du-hjalp.html";
    let plain = get_with(&server, path, &[]);
    assert_eq!(plain.status(), 200);
    assert_eq!(
        header(&plain, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header(&plain, "vary").as_deref(), Some("accept-encoding"));
    assert!(header(&plain, "content-encoding").is_none());
    let plain_tag = header(&plain, "etag").expect("etag");
    assert!(
        plain_tag.starts_with('"') && !plain_tag.starts_with("W/"),
        "strong: {plain_tag}"
    );
    let length = header(&plain, "content-length").expect("content-length");
    let original = plain.bytes().expect("body").to_vec();
    assert_eq!(length, original.len().to_string());
    assert!(String::from_utf8_lossy(&original).contains("<html lang=\"sv\">"));

    let mut tags = vec![plain_tag.clone()];
    for (accept, encoding) in [
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
    ] {
        let response = get_with(&server, path, &[("accept-encoding", accept)]);
        assert_eq!(response.status(), 200, "{accept}");
        assert_eq!(
            header(&response, "content-encoding").as_deref(),
            Some(encoding),
            "{accept}"
        );
        assert_eq!(
            header(&response, "vary").as_deref(),
            Some("accept-encoding")
        );
        let tag = header(&response, "etag").expect("etag");
        let length = header(&response, "content-length").expect("length");
        let body = response.bytes().expect("body").to_vec();
        assert_eq!(length, body.len().to_string(), "{accept}");
        assert!(body.len() < original.len() / 2, "{accept}: compressed");
        let back = if encoding == "gzip" {
            gunzip(&body)
        } else {
            unbrotli(&body)
        };
        assert_eq!(back, original, "{accept}: the same bytes");
        assert_ne!(tag, plain_tag, "each encoding has its own tag");
        tags.push(tag);
    }

    // 304 for any tag of the file; 200 for a tag that is not.
    for tag in &tags {
        let response = get_with(
            &server,
            path,
            &[("if-none-match", tag), ("accept-encoding", "br")],
        );
        assert_eq!(response.status(), 304, "{tag}");
        assert!(header(&response, "etag").is_some());
        assert_secure(&response, "304");
        assert!(response.bytes().expect("body").is_empty());
    }
    let response = get_with(&server, path, &[("if-none-match", "\"annan\"")]);
    assert_eq!(response.status(), 200);

    // HEAD: the same headers, no body.
    let head = client()
        .head(server.url(path))
        .header("accept-encoding", "gzip")
        .send()
        .expect("head");
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "content-encoding").as_deref(), Some("gzip"));
    let length: usize = header(&head, "content-length")
        .and_then(|l| l.parse().ok())
        .expect("content-length on HEAD");
    assert!(length > 0 && length < original.len());
    assert_secure(&head, "HEAD");
    assert!(head.bytes().expect("body").is_empty());

    // Folders and assets.
    let folder = get_with(&server, "/hjalp/", &[]);
    assert_eq!(folder.status(), 200);
    let redirect = get_with(&server, "/hjalp", &[]);
    assert_eq!(redirect.status(), 308);
    assert_eq!(header(&redirect, "location").as_deref(), Some("/hjalp/"));
    assert_secure(&redirect, "redirect");
    let page = folder.text().expect("body");
    let css = page
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.starts_with("/assets/")))
        .expect("stylesheet")
        .to_string();
    let asset = get_with(&server, &css, &[("accept-encoding", "br")]);
    assert_eq!(asset.status(), 200);
    assert_eq!(
        header(&asset, "content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        header(&asset, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
}

#[test]
fn errors_are_swedish_pages_with_the_security_headers() {
    let server = TestServer::start("");

    let missing = get_with(&server, "/finns/inte.html", &[("accept-encoding", "br")]);
    assert_eq!(missing.status(), 404);
    assert_secure(&missing, "404");
    assert_eq!(
        header(&missing, "cache-control").as_deref(),
        Some("no-store")
    );
    assert!(header(&missing, "etag").is_none(), "no tag on an error");
    let body = unbrotli(&missing.bytes().expect("body"));
    let body = String::from_utf8(body).expect("utf-8");
    assert!(body.contains("Sidan finns inte"), "Swedish 404");
    assert!(body.contains("id=\"lamna-sidan\""), "quick exit on 404");

    // 405 on a built page, and on routes that exist with other methods.
    let cases = [
        (reqwest::Method::POST, "/hjalp/"),
        (reqwest::Method::PUT, "/sok"),
        (reqwest::Method::DELETE, "/utbildning/"),
        (reqwest::Method::OPTIONS, "/utbildning/"),
    ];
    for (method, path) in cases {
        let response = client()
            .request(method.clone(), server.url(path))
            .send()
            .expect("request");
        let what = format!("{method} {path}");
        assert_eq!(response.status(), 405, "{what}");
        assert_secure(&response, &what);
        let allow = header(&response, "allow").unwrap_or_default();
        assert!(allow.contains("GET"), "{what}: Allow {allow:?}");
        assert_eq!(
            header(&response, "content-type").as_deref(),
            Some("text/html; charset=utf-8"),
            "{what}"
        );
        let body = response.text().expect("body");
        assert!(
            body.contains("Det går inte att skicka till den här adressen"),
            "{what}: {body}"
        );
        assert!(body.contains("id=\"lamna-sidan\""), "{what}: quick exit");
    }
    let api = client()
        .post(server.url("/api/search?q=x"))
        .send()
        .expect("request");
    assert_eq!(api.status(), 405);
    let text = api.text().expect("body");
    assert!(text.contains("\"error\""), "JSON under /api/: {text}");

    // A path axum cannot read: Swedish, not "Invalid URL".
    let bad = get_with(&server, "/utbildning/%ff/", &[]);
    assert_eq!(bad.status(), 400);
    assert_secure(&bad, "400");
    let body = bad.text().expect("body");
    assert!(body.contains("Felaktig förfrågan"), "{body}");
    assert!(!body.contains("Invalid"), "{body}");
}

#[test]
fn protocol_relative_paths_and_backslashes_never_redirect() {
    let server = TestServer::start("");
    for path in [
        "//barn",
        "///hjalp",
        "//hjalp/",
        "/%2fbarn",
        "/%5cbarn",
        "/hjalp//index.html",
    ] {
        let response = get_with(&server, path, &[]);
        assert_eq!(response.status(), 404, "{path}");
        assert!(header(&response, "location").is_none(), "{path}");
        assert_secure(&response, path);
    }
    // Sent as they are (an HTTP client library would tidy them): a backslash that browsers
    // read as a slash, and dot segments.
    use std::io::{Read as _, Write};
    let addr = server.base.trim_start_matches("http://");
    for path in [
        "/\\barn",
        "/\\hjalp",
        "/%2e%2e/hjalp/",
        "/../hjalp",
        "/./hjalp",
    ] {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("write");
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        assert!(
            reply.starts_with("HTTP/1.1 404") || reply.starts_with("HTTP/1.1 400"),
            "{path}: {reply}"
        );
        assert!(!reply.to_ascii_lowercase().contains("location:"), "{path}");
    }
}

#[test]
fn only_files_the_build_wrote_are_served() {
    let server = TestServer::start("");
    assert_eq!(server.get("/.vagvisare-bygge.toml").status(), 404);
    assert_eq!(server.get("/index.html.gz").status(), 404);
    assert_eq!(server.get("/index.html.br").status(), 404);
    let data = server.stop();

    // Files put into the built site afterwards: a dotfile, an editor's backup, a note.
    let site = data.path().join("var").join("site");
    std::fs::write(site.join(".env"), "SECRET=1").expect("write");
    std::fs::create_dir_all(site.join(".git")).expect("mkdir");
    std::fs::write(site.join(".git").join("config"), "[core]").expect("write");
    std::fs::write(site.join("hjalp").join("anteckning.txt"), "adress").expect("write");
    std::fs::write(site.join("hjalp").join("index.html~"), "gammal").expect("write");
    let server = TestServer::start_in(data, "");
    for path in [
        "/.env",
        "/.git/config",
        "/hjalp/anteckning.txt",
        "/hjalp/index.html~",
        "/%2eenv",
    ] {
        let response = server.get(path);
        assert_eq!(response.status(), 404, "{path}");
        let body = response.text().expect("body");
        assert!(
            !body.contains("SECRET") && !body.contains("adress\n"),
            "{path}"
        );
    }
    assert_eq!(server.get("/hjalp/").status(), 200);
}

/// The compression counts `vagvisare build` prints: (new variants, from the cache).
fn build_counts(config: &Path) -> (usize, usize) {
    let config = config.display().to_string();
    let out = run(&repo_root(), &["--config", &config, "build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("build: "))
        .unwrap_or_else(|| panic!("no build line: {stderr}"));
    let number_before = |marker: &str| -> usize {
        let (head, _) = line.split_once(marker).expect("marker");
        head.rsplit(' ')
            .next()
            .and_then(|n| n.trim_start_matches('(').parse().ok())
            .unwrap_or_else(|| panic!("count before {marker:?} in {line}"))
    };
    (
        number_before(" nya varianter"),
        number_before(" från cachen"),
    )
}

#[test]
fn rebuilds_reuse_compressed_files_and_serve_skips_an_up_to_date_build() {
    let data = tempfile::tempdir().expect("tmp");
    let config = data.path().join("vagvisare.toml");
    let var = data.path().join("var");
    let write_config = |name: &str| {
        std::fs::write(
            &config,
            format!(
                "municipality = \"{name}\"\ndata-dir = {:?}\n",
                var.display().to_string()
            ),
        )
        .expect("config");
    };
    write_config("Första kommunen");
    let (made, reused) = build_counts(&config);
    assert!(
        made > 100,
        "every text file is compressed the first time: {made}"
    );
    assert_eq!(reused, 0);
    let cache = var.join("cache").join("precompressed");
    let cached = |dir: &Path| -> usize { walk(dir).len() };
    assert_eq!(cached(&cache), made, "one cache file per variant");

    // The same content again: nothing is compressed.
    let (made_again, reused_again) = build_counts(&config);
    assert_eq!((made_again, reused_again), (0, made));
    assert_eq!(cached(&cache), made);

    // Another name changes every page, but not the theme's assets: those come from the cache.
    write_config("Andra kommunen");
    let (made_pages, reused_assets) = build_counts(&config);
    assert!(made_pages > 100, "{made_pages}");
    let assets = std::fs::read_dir(var.join("site").join("assets"))
        .expect("assets")
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".css") || name.ends_with(".js")
        })
        .count();
    assert!(assets >= 2);
    assert!(
        reused_assets >= assets * 2,
        "assets (and unchanged files) come from the cache: {reused_assets}"
    );
    assert_eq!(cached(&cache), made + made_pages);

    // `serve` finds the site up to date and only loads it: the built folder stays the same.
    let manifest = var.join("site").join(".vagvisare-bygge.toml");
    let before = std::fs::read_to_string(&manifest).expect("manifest");
    let marker = var.join("site").join("hjalp").join("index.html");
    let inode_before = inode(&marker);
    let server = TestServer::start_in(data, "municipality = \"Andra kommunen\"");
    let page = server.get("/hjalp/").text().expect("body");
    assert!(page.contains("Andra kommunen"), "the built site is served");
    let site = server.data.path().join("var").join("site");
    assert_eq!(
        std::fs::read_to_string(site.join(".vagvisare-bygge.toml")).expect("manifest"),
        before
    );
    assert_eq!(inode(&site.join("hjalp").join("index.html")), inode_before);
    drop(server);
}

fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("metadata").ino()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn dynamic_answers_are_compressed_only_when_they_pay() {
    let server = TestServer::start("");
    let path = "/api/search?q=kontaktf%C3%B6rbud&limit=10";
    let plain: serde_json::Value =
        serde_json::from_slice(&get_with(&server, path, &[]).bytes().expect("body")).expect("json");
    for (accept, encoding) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let response = get_with(&server, path, &[("accept-encoding", accept)]);
        assert_eq!(response.status(), 200);
        assert_eq!(
            header(&response, "content-encoding").as_deref(),
            Some(encoding),
            "{accept}"
        );
        assert_eq!(
            header(&response, "vary").as_deref(),
            Some("accept-encoding")
        );
        let body = response.bytes().expect("body");
        let back = if encoding == "br" {
            unbrotli(&body)
        } else {
            gunzip(&body)
        };
        let mut value: serde_json::Value = serde_json::from_slice(&back).expect("json");
        let mut expected = plain.clone();
        // The time taken differs between two searches; everything else is the same.
        value["took_us"] = 0.into();
        expected["took_us"] = 0.into();
        assert_eq!(value, expected, "{accept}");
    }
    // A small answer is sent as it is.
    let small = get_with(
        &server,
        "/api/search?q=qqqqqqqq",
        &[("accept-encoding", "br")],
    );
    assert_eq!(small.status(), 200);
    assert!(header(&small, "content-encoding").is_none());
    // The results page is compressed too.
    let page = get_with(
        &server,
        "/sok?q=skyddade+personuppgifter",
        &[("accept-encoding", "gzip")],
    );
    assert_eq!(header(&page, "content-encoding").as_deref(), Some("gzip"));
    let html = String::from_utf8(gunzip(&page.bytes().expect("body"))).expect("utf-8");
    assert!(html.contains("<html lang=\"sv\">"));
}
