//! Two municipalities on one server: the example overlays of Exempelstad and Nordvik
//! (`examples/`), each answering on its own host name. Each sees the national base with its
//! own local text, pages, synonyms and admin token, and nothing of the other's.

use crate::support::{TestServer, copy_dir, repo_root};
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use std::net::SocketAddr;

pub(crate) const EXEMPELSTAD: &str = "exempelstad.localhost";
pub(crate) const NORDVIK: &str = "nordvik.localhost";

/// The admin tokens in the examples' own `vagvisare.toml`.
pub(crate) fn admin_token(overlay: &str) -> String {
    let text = std::fs::read_to_string(
        repo_root()
            .join("examples")
            .join(overlay)
            .join("vagvisare.toml"),
    )
    .expect("example config");
    let line = text
        .lines()
        .find(|l| l.starts_with("admin-token"))
        .expect("an admin token");
    line.split('"').nth(1).expect("quoted").to_string()
}

/// Both example overlays copied into a temporary folder (their `base` pointing at this
/// repository, their data folders inside the copy) and a hosting file that lists them.
pub(crate) fn start() -> TestServer {
    start_with("")
}

/// Like [`start`], with `extra` settings at the top of the hosting file.
pub(crate) fn start_with(extra: &str) -> TestServer {
    let data = tempfile::tempdir().expect("temp dir");
    let mut hosting = format!("{extra}\n");
    for (host, name) in [(EXEMPELSTAD, "exempelstad"), (NORDVIK, "nordvik")] {
        let overlay = data.path().join(name);
        copy_dir(&repo_root().join("examples").join(name), &overlay);
        let file = overlay.join("vagvisare.toml");
        let text = std::fs::read_to_string(&file).expect("read");
        let text = text
            .lines()
            .map(|l| {
                if l.starts_with("base =") {
                    format!("base = {:?}", repo_root().display().to_string())
                } else if l.starts_with("data-dir =") {
                    format!("data-dir = {:?}", overlay.join("var").display().to_string())
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&file, text).expect("write");
        hosting.push_str(&format!(
            "[[municipalities]]\nhost = {host:?}\noverlay = {:?}\n\n",
            overlay.display().to_string()
        ));
    }
    TestServer::start_with(data, &hosting, &[])
}

/// A client that sends both host names to the test server.
pub(crate) fn client(server: &TestServer) -> Client {
    let addr: SocketAddr = server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(EXEMPELSTAD, addr)
        .resolve(NORDVIK, addr)
        .build()
        .expect("client")
}

pub(crate) fn url(server: &TestServer, host: &str, path: &str) -> String {
    let port = server.base.rsplit(':').next().expect("port");
    format!("http://{host}:{port}{path}")
}

fn get(client: &Client, server: &TestServer, host: &str, path: &str) -> (StatusCode, String) {
    let response = client.get(url(server, host, path)).send().expect("request");
    let status = response.status();
    (status, response.text().expect("body"))
}

#[test]
fn two_municipalities_share_the_national_base_and_keep_their_own_text_apart() {
    let server = start();
    let client = client(&server);

    // A national routine with a local block: each municipality sees only its own.
    let (status, exempelstad) = get(&client, &server, EXEMPELSTAD, "/rutiner/riskbedomning.html");
    assert_eq!(status, StatusCode::OK);
    assert!(
        exempelstad.contains("Så gör vi i Exempelstad"),
        "the block heading"
    );
    assert!(exempelstad.contains("FREDA-farlighetsbedömningen i varje utredning"));
    assert!(
        exempelstad.contains("Nationell vägledning"),
        "the page says it is national"
    );
    let (status, nordvik) = get(&client, &server, NORDVIK, "/rutiner/riskbedomning.html");
    assert_eq!(status, StatusCode::OK);
    assert!(
        !nordvik.contains("Exempelstad"),
        "nothing of Exempelstad on Nordvik's page"
    );
    let national_heading = |page: &str| {
        page.split("<h1")
            .nth(1)
            .map(|h| h[..80.min(h.len())].to_string())
    };
    assert_eq!(
        national_heading(&exempelstad),
        national_heading(&nordvik),
        "same national page"
    );

    // A page Nordvik replaces: its own text there, the national one in Exempelstad.
    let (status, replaced) = get(&client, &server, NORDVIK, "/rutiner/en-vag-in.html");
    assert_eq!(status, StatusCode::OK);
    assert!(replaced.contains("Trygghetsmottagningen"));
    assert!(
        replaced.contains("Nordviks egen text"),
        "the replacing page is marked as local"
    );
    let (status, national) = get(&client, &server, EXEMPELSTAD, "/rutiner/en-vag-in.html");
    assert_eq!(status, StatusCode::OK);
    assert!(!national.contains("Trygghetsmottagningen"));

    // Own pages exist only in their municipality.
    let own = "/exempelstad/relationsvaldsteamet.html";
    assert_eq!(get(&client, &server, EXEMPELSTAD, own).0, StatusCode::OK);
    assert_eq!(get(&client, &server, NORDVIK, own).0, StatusCode::NOT_FOUND);

    // Search: Exempelstad's own synonym finds its local text, marked as local; Nordvik's
    // search knows nothing of it.
    let (status, body) = get(
        &client,
        &server,
        EXEMPELSTAD,
        "/api/search?q=v%C3%A5ldsteamet",
    );
    assert_eq!(status, StatusCode::OK);
    let found: serde_json::Value = serde_json::from_str(&body).expect("json");
    let hits = found["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "{body}");
    assert_eq!(hits[0]["origin"], "lokal", "{body}");
    assert!(
        hits.iter().any(|h| h["url"]
            .as_str()
            .is_some_and(|u| u.contains("relationsvaldsteamet"))),
        "{body}"
    );
    let (_, body) = get(&client, &server, NORDVIK, "/api/search?q=v%C3%A5ldsteamet");
    assert!(!body.contains("relationsvaldsteamet"), "{body}");
    // A local block is found by its own words and links to its place in the national page.
    let (_, body) = get(
        &client,
        &server,
        EXEMPELSTAD,
        "/api/search?q=PATRIARK%20tv%C3%A5%20handl%C3%A4ggare",
    );
    assert!(
        body.contains("riskbedomning.html#lokalt-sa-gor-vi"),
        "{body}"
    );
    let (_, page) = get(
        &client,
        &server,
        EXEMPELSTAD,
        "/sok?q=riskbed%C3%B6mning%20FREDA",
    );
    assert!(
        page.contains("Exempelstads egen text"),
        "hits say where they come from: {page}"
    );
    assert!(page.contains("Nationell vägledning"), "{page}");

    // Each municipality's admin token opens only its own admin pages.
    let token = admin_token("exempelstad");
    let admin = |host: &str| -> Response {
        client
            .get(url(&server, host, "/admin/rapport.csv"))
            .bearer_auth(&token)
            .send()
            .expect("request")
    };
    assert_eq!(admin(EXEMPELSTAD).status(), StatusCode::OK);
    assert_eq!(admin(NORDVIK).status(), StatusCode::UNAUTHORIZED);

    // A host that is not listed gets the neutral page, not another municipality's site.
    let (status, body) = get(&client, &server, "127.0.0.1", "/");
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{body}");
    assert!(!body.contains("Exempelstad") && !body.contains("Nordvik"));
}
