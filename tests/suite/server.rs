//! The real server over HTTP: pages, 404, /healthz, headers, compression, bad requests.

use crate::support::{TestServer, client};

const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("referrer-policy", "same-origin"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
];

fn assert_security_headers(response: &reqwest::blocking::Response, what: &str) {
    let h = response.headers();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{what}: CSP {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: CSP {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: CSP {csp}");
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(
            h.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{what}: {name}"
        );
    }
    assert!(
        h.get("permissions-policy").is_some(),
        "{what}: permissions-policy"
    );
    assert!(h.get("set-cookie").is_none(), "{what}: no cookies");
}

#[test]
fn serves_pages_healthz_404_and_headers() {
    let server = TestServer::start(
        "municipality = \"Testkommun\"\nneutral-url = \"https://example.org/vader\"",
    );

    let health = server.get("/healthz");
    assert_eq!(health.status(), 200);
    assert_security_headers(&health, "/healthz");

    for path in [
        "/",
        "/hjalp/",
        "/hjalp/surfa-sakrare.html",
        "/personal/",
        "/skola/",
    ] {
        let response = server.get(path);
        assert_eq!(response.status(), 200, "{path}");
        assert_security_headers(&response, path);
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
        let html = response.text().expect("body");
        assert!(html.contains("<html lang=\"sv\">"), "{path}");
        assert!(
            html.contains("href=\"https://example.org/vader\""),
            "{path}: neutral url"
        );
        assert!(html.contains("Testkommun"), "{path}: municipality");
    }

    let missing = server.get("/finns/inte.html");
    assert_eq!(missing.status(), 404);
    assert_security_headers(&missing, "404");
    let body = missing.text().expect("body");
    assert!(body.contains("Sidan finns inte"), "Swedish 404");
    assert!(body.contains("id=\"lamna-sidan\""), "quick exit on 404");

    let page = server.get("/").text().expect("body");
    let css = page
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.starts_with("/assets/")))
        .expect("stylesheet link")
        .to_string();
    let asset = server.get(&css);
    assert_eq!(asset.status(), 200);
    assert_security_headers(&asset, "asset");
    assert_eq!(
        asset
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
}

#[test]
fn compresses_with_gzip_and_brotli() {
    let server = TestServer::start("");
    for encoding in ["gzip", "br"] {
        let response = client()
            .get(server.url("/hjalp/har-far-du-hjalp.html"))
            .header("accept-encoding", encoding)
            .send()
            .expect("request");
        assert_eq!(response.status(), 200);
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some(encoding)
        );
    }
}

#[test]
fn malformed_requests_get_4xx_never_5xx() {
    let server = TestServer::start("");
    for path in [
        "/%ZZ",
        "/..%2f..%2fetc/passwd",
        "/hjalp/%C0%AF",
        "/%00",
        "/a/b/c/d/e/f/g",
    ] {
        let status = server.get(path).status();
        assert!(status.is_client_error(), "{path}: {status}");
    }
    let response = client()
        .post(server.url("/hjalp/"))
        .body("x")
        .send()
        .expect("request");
    assert_eq!(response.status(), 405, "POST to a page");
    assert!(
        response
            .text()
            .expect("body")
            .contains("Det går inte att skicka till den här adressen")
    );

    // A raw request line that is not HTTP.
    use std::io::{Read, Write};
    let addr = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.write_all(b"NONSENSE\r\n\r\n").expect("write");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 4"),
        "{reply}"
    );
}

#[test]
fn stops_gracefully_on_sigterm() {
    let server = TestServer::start("");
    assert_eq!(server.get("/healthz").status(), 200);
    let base = server.base.clone();
    let _data = server.stop();
    assert!(client().get(format!("{base}/healthz")).send().is_err());
}
