//! Certificates that stay true, over HTTP on the real server: validity and reissue, the
//! verification page and its JSON form, a QR code on the certificate, content versions that
//! become outdated when a reading-list page gets a significant change note, the manager
//! report's filters and refresher list, and the xAPI export.

use crate::support::{TestServer, client, copy_dir, repo_root, run};
use crate::training::{TOKEN, body, certify, escape, grundkurs};
use serde_json::Value;
use time::{Duration, OffsetDateTime};
use vagvisare_quizzes::{NewCertificate, Store};

fn json(server: &TestServer, path: &str) -> (u16, Value) {
    let response = server.get(path);
    let status = response.status().as_u16();
    let text = body(response);
    (status, serde_json::from_str(&text).expect("JSON"))
}

fn admin(server: &TestServer, path: &str) -> (u16, String) {
    let response = client()
        .get(server.url(path))
        .bearer_auth(TOKEN)
        .send()
        .expect("request");
    (response.status().as_u16(), body(response))
}

/// Today in Sweden, as the server counts.
fn today() -> time::Date {
    vagvisare_quizzes::swedish_time(OffsetDateTime::now_utc()).date()
}

#[test]
fn verification_shows_the_facts_and_the_same_as_json() {
    let module = grundkurs();
    let server = TestServer::start("");
    let page = {
        // The certificate page itself: last valid day and a QR code made on the server.
        let (status, result) = crate::training::take(&server, &module, true);
        assert_eq!(status, 200);
        let token =
            crate::training::attr_after(&result, "name=\"resultat\"", "value").expect("token");
        let response = crate::training::post(
            &server,
            &format!("/utbildning/{}/intyg", module.id),
            &[
                ("resultat".into(), token),
                ("namn".into(), "Åsa <Öberg>".into()),
                ("enhet".into(), "Norra enheten".into()),
            ],
        );
        assert_eq!(response.status(), 200);
        body(response)
    };
    let valid_until = module.valid_until(today());
    let day = vagvisare_site::swedish_date(valid_until);
    assert!(
        page.contains(&format!("Giltigt till och med <strong>{day}</strong>")),
        "{page}"
    );
    let start = page.find("Kontrollkod: <strong>").expect("code") + "Kontrollkod: <strong>".len();
    let code = page[start..start + 24].to_string();
    // Without `public-url` the link is a path and there is no QR code (never the Host).
    assert!(
        page.contains(&format!(">/utbildning/intyg/{code}</a>")),
        "{page}"
    );
    assert!(!page.contains("<svg"));

    let verify = server.get(&format!("/utbildning/intyg/{code}"));
    assert_eq!(verify.status(), 200);
    let html = body(verify);
    assert!(html.contains("Intyget är giltigt"));
    for fact in [
        "<dt>Namn</dt><dd>Åsa &lt;Öberg&gt;</dd>",
        "<dt>Enhet</dt><dd>Norra enheten</dd>",
        &format!("<dt>Utbildning</dt><dd>{}</dd>", escape(&module.title)),
        &format!("<dt>Giltigt till</dt><dd>{day}</dd>"),
        "<dt>Innehållets version</dt>",
        &format!("Modulversion {}.", module.version),
    ] {
        assert!(html.contains(fact), "{fact}\n{html}");
    }
    assert!(html.contains(" rätt, godkänt</dd>"), "result");
    assert!(
        !html.contains("har ändrats sedan intyget"),
        "nothing changed"
    );

    let (status, cert) = json(&server, &format!("/utbildning/intyg/{code}.json"));
    assert_eq!(status, 200);
    assert_eq!(cert["code"], code.as_str());
    assert_eq!(cert["name"], "Åsa <Öberg>");
    assert_eq!(cert["unit"], "Norra enheten");
    assert_eq!(cert["module"]["id"], module.id.as_str());
    assert_eq!(cert["module"]["title"], module.title.as_str());
    assert_eq!(cert["issued"], today().to_string());
    assert_eq!(cert["valid_until"], valid_until.to_string());
    assert_eq!(cert["result"]["passed"], true);
    assert_eq!(cert["valid"], true);
    assert_eq!(cert["expired"], false);
    assert_eq!(cert["outdated"], false);
    assert_eq!(cert["status"], "giltigt");
    assert_eq!(cert["url"], format!("/utbildning/intyg/{code}").as_str());
    let pages = cert["content"].as_array().expect("content");
    let reading: Vec<&str> = module.reading.iter().map(|r| r.page.as_str()).collect();
    let recorded: Vec<&str> = pages
        .iter()
        .map(|p| p["page"].as_str().expect("page"))
        .collect();
    let mut unique = reading.clone();
    unique.dedup();
    assert_eq!(recorded, unique, "every reading-list page, in order");
    for p in pages {
        assert_eq!(p["changed"], false);
        assert_eq!(p["hash"].as_str().map(str::len), Some(16));
        assert!(html.contains(&escape(p["title"].as_str().expect("title"))));
    }

    for unknown in ["0000-0000-0000-0000-0000.json", "x.json"] {
        let (status, err) = json(&server, &format!("/utbildning/intyg/{unknown}"));
        assert_eq!(status, 404, "{unknown}");
        assert!(
            err["error"]
                .as_str()
                .is_some_and(|e| e.contains("Det finns inget intyg med den koden")),
            "{err}"
        );
    }
    let missing = server.get("/utbildning/intyg/0000-0000-0000-0000-0000");
    assert_eq!(missing.status(), 404);
    assert!(body(missing).contains("Det finns inget intyg med den koden"));
}

#[test]
fn expired_certificates_are_marked_listed_for_a_refresher_and_passing_again_reissues() {
    let module = grundkurs();
    let data = tempfile::tempdir().expect("data");
    let var = data.path().join("var");
    // A certificate earned 25 months ago (the clock is the store's argument: no sleeping).
    let earned = OffsetDateTime::now_utc() - Duration::days(25 * 31);
    let old = {
        let store = Store::open_in(&var).expect("store");
        store
            .insert_certificate(
                &NewCertificate {
                    name: "Kim Lind",
                    unit: Some("Syd"),
                    module_id: &module.id,
                    module_version: module.version,
                    correct: 11,
                    total: 12,
                    passed: true,
                    valid_until: module.valid_until(earned.date()),
                    pages: &[],
                },
                earned,
            )
            .expect("insert")
    };
    let server = TestServer::start_in(data, &format!("admin-token = \"{TOKEN}\""));

    let html = body(server.get(&format!("/utbildning/intyg/{}", old.code)));
    assert!(html.contains("Intyget har gått ut"), "{html}");
    assert!(html.contains("<strong>Har gått ut</strong>"));
    assert!(html.contains("Sidornas versioner sparades inte"));
    let (_, cert) = json(&server, &format!("/utbildning/intyg/{}.json", old.code));
    assert_eq!(cert["expired"], true);
    assert_eq!(cert["valid"], false);
    assert_eq!(cert["status"], "har-gatt-ut");

    let (status, report) = admin(&server, "/admin/");
    assert_eq!(status, 200);
    let due = section(&report, "id=\"repetera\"", "id=\"alla-intyg\"");
    assert!(due.contains("Kim Lind"), "{due}");
    assert!(due.contains("Har gått ut"));

    // Passing again gives a new certificate with a new validity, and the person leaves the
    // refresher list; the old certificate stays expired.
    let new = certify(&server, &module, "Kim Lind", "Syd");
    assert_ne!(new, old.code.as_str());
    let (_, renewed) = json(&server, &format!("/utbildning/intyg/{new}.json"));
    assert_eq!(renewed["status"], "giltigt");
    assert_eq!(
        renewed["valid_until"],
        module.valid_until(today()).to_string()
    );
    let (_, report) = admin(&server, "/admin/");
    let due = section(&report, "id=\"repetera\"", "id=\"alla-intyg\"");
    assert!(!due.contains("Kim Lind"), "{due}");
    let (_, old_again) = json(&server, &format!("/utbildning/intyg/{}.json", old.code));
    assert_eq!(old_again["status"], "har-gatt-ut");
}

/// The text of `html` between two markers.
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).expect("start marker");
    let end = start + html[start..].find(to).expect("end marker");
    &html[start..end]
}

/// The national content copied into a folder, and a server whose settings make the server
/// folder an (empty) overlay on that copy, so the test can edit the content between starts.
fn start_on_copy(content: &std::path::Path, data: tempfile::TempDir) -> TestServer {
    let config = format!(
        "municipality = \"Testkommun\"\nbase = {:?}\ndata-dir = {:?}\nadmin-token = \"{TOKEN}\"\n",
        content.display().to_string(),
        data.path().join("var").display().to_string()
    );
    TestServer::start_with(data, &config, &[])
}

#[test]
fn a_significant_change_to_a_reading_list_page_marks_certificates_as_older_versions() {
    let module = grundkurs();
    let copy = tempfile::tempdir().expect("copy");
    for dir in ["content", "data", "quizzes/modules"] {
        copy_dir(&repo_root().join(dir), &copy.path().join(dir));
    }
    let server = start_on_copy(copy.path(), tempfile::tempdir().expect("data"));
    let code = certify(&server, &module, "Robin", "Norr");
    let (_, before) = json(&server, &format!("/utbildning/intyg/{code}.json"));
    assert_eq!(before["outdated"], false);
    let data = server.stop();

    // The editor rewrites "vald/index.md" and marks the change significant.
    let page = copy.path().join("content/vald/index.md");
    let text = std::fs::read_to_string(&page).expect("read");
    let today = today();
    let note = format!(
        "changes = [\n  {{ date = {today}, note = \"Nytt avsnitt om skyddat boende.\", significant = true }},\n"
    );
    let text = text.replacen("changes = [\n", &note, 1).replacen(
        "reviewed = 2026-12-01",
        &format!("reviewed = {today}"),
        1,
    ) + "\nEn ny mening om skyddat boende.\n";
    std::fs::write(&page, text).expect("write");

    let server = start_on_copy(copy.path(), data);
    let html = body(server.get(&format!("/utbildning/intyg/{code}")));
    assert!(html.contains("Intyget är giltigt"), "still valid by date");
    assert!(
        html.contains("Våld i nära relationer</a>” har ändrats sedan intyget utfärdades: "),
        "{html}"
    );
    assert!(html.contains("Nytt avsnitt om skyddat boende."));
    assert!(html.contains("<strong>äldre version</strong>"));
    let (_, after) = json(&server, &format!("/utbildning/intyg/{code}.json"));
    assert_eq!(after["outdated"], true);
    assert_eq!(after["status"], "aldre-version");
    let changed: Vec<&Value> = after["content"]
        .as_array()
        .expect("content")
        .iter()
        .filter(|p| p["changed"] == true)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["page"], "vald/index.md");
    assert_eq!(
        changed[0]["changes"][0]["note"],
        "Nytt avsnitt om skyddat boende."
    );

    // The manager report and its CSV mark it.
    let (_, report) = admin(&server, "/admin/");
    assert!(
        report.contains("Äldre version: Våld i nära relationer har ändrats"),
        "{report}"
    );
    let (_, csv) = admin(&server, "/admin/rapport.csv");
    assert!(
        csv.contains(";Äldre version;Våld i nära relationer;"),
        "{csv}"
    );

    // A new certificate records the new version and is up to date.
    let fresh = certify(&server, &module, "Robin", "Norr");
    let (_, fresh) = json(&server, &format!("/utbildning/intyg/{fresh}.json"));
    assert_eq!(fresh["outdated"], false);
}

#[test]
fn the_report_filters_strictly_by_module_and_unit() {
    let module = grundkurs();
    let other = crate::training::catalog()
        .modules()
        .iter()
        .find(|m| m.id != module.id)
        .expect("a second module")
        .clone();
    let server = TestServer::start(&format!("admin-token = \"{TOKEN}\""));
    certify(&server, &module, "Ada Norr", "Norr");
    certify(&server, &module, "Bo Syd", "Syd");
    certify(&server, &other, "Cy Syd", "Syd");

    let (status, page) = admin(&server, &format!("/admin/?modul={}", module.id));
    assert_eq!(status, 200);
    let list = section(&page, "id=\"alla-intyg\"", "</table>");
    assert!(list.contains("Intyg i urvalet (2)"), "{list}");
    assert!(list.contains("Ada Norr") && list.contains("Bo Syd"));
    assert!(!list.contains("Cy Syd"));
    assert!(page.contains(&format!("href=\"/admin/rapport.csv?modul={}\"", module.id)));
    assert!(page.contains("<label for=\"urval-modul\">"));

    let (_, page) = admin(&server, "/admin/?enhet=Syd");
    let list = section(&page, "id=\"alla-intyg\"", "</table>");
    assert!(list.contains("Bo Syd") && list.contains("Cy Syd"));
    assert!(!list.contains("Ada Norr"));

    let (status, csv) = admin(
        &server,
        &format!("/admin/rapport.csv?modul={}&enhet=Syd", module.id),
    );
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 2, "header + Bo:\n{csv}");
    assert!(csv.contains("Bo Syd"));
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.contains(";Giltigt till;Status;"))
    );
    assert!(csv.contains(";Giltigt;"));

    for (bad, message) in [
        (
            "/admin/?modul=finns-inte",
            "Det finns ingen utbildningsmodul med det id:t.",
        ),
        ("/admin/?sida=0", "Sidnumret ska vara ett heltal"),
        ("/admin/?sida=tre", "Sidnumret ska vara ett heltal"),
        ("/admin/?sortera=namn", "Adressen har en okänd parameter."),
        (
            "/admin/?enhet=a&enhet=b",
            "Adressen har samma parameter flera gånger.",
        ),
        (
            "/admin/rapport.csv?sida=2",
            "Adressen har en okänd parameter.",
        ),
        (
            "/admin/xapi.json?modul=x",
            "Det finns ingen utbildningsmodul med det id:t.",
        ),
    ] {
        let (status, text) = admin(&server, bad);
        assert_eq!(status, 400, "{bad}");
        assert!(text.contains(message), "{bad}: {text}");
    }
    // Filters are for staff only: without sign-in the page is the sign-in form.
    assert_eq!(server.get("/admin/?modul=finns-inte").status(), 401);
}

const PUBLIC: &str = "vagvisaren.example";

/// A request to the server with the public host name (as behind the real address).
fn on_public(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
) -> reqwest::blocking::RequestBuilder {
    client()
        .request(method, server.url(path))
        .header("host", PUBLIC)
        .header("origin", format!("https://{PUBLIC}"))
}

/// Passes the module on the public host and returns the certificate page.
fn certify_public(server: &TestServer, name: &str, unit: &str) -> String {
    let module = grundkurs();
    let page = body(
        on_public(
            server,
            reqwest::Method::GET,
            &format!("/utbildning/{}/", module.id),
        )
        .send()
        .expect("form"),
    );
    let fields = crate::training::answers(&module, &crate::training::parse_form(&page), true);
    let result = body(
        on_public(
            server,
            reqwest::Method::POST,
            &format!("/utbildning/{}/svar", module.id),
        )
        .form(&fields)
        .send()
        .expect("submit"),
    );
    let token = crate::training::attr_after(&result, "name=\"resultat\"", "value").expect("token");
    let response = on_public(
        server,
        reqwest::Method::POST,
        &format!("/utbildning/{}/intyg", module.id),
    )
    .form(&[
        ("resultat", token.as_str()),
        ("namn", name),
        ("enhet", unit),
    ])
    .send()
    .expect("certificate");
    assert_eq!(response.status(), 200);
    body(response)
}

fn code_of(page: &str) -> String {
    let start = page.find("Kontrollkod: <strong>").expect("code") + "Kontrollkod: <strong>".len();
    page[start..start + 24].to_string()
}

#[test]
fn the_public_url_gives_a_qr_code_and_an_xapi_export_without_names() {
    let module = grundkurs();
    let server = TestServer::start(&format!(
        "admin-token = \"{TOKEN}\"\npublic-url = \"https://{PUBLIC}\""
    ));
    let first = certify_public(&server, "Åsa Namnsson", "Enheten");
    let a = code_of(&first);
    let b = code_of(&certify_public(&server, "Bo Namnsson", ""));
    // The certificate page: an absolute link and a QR code made on the server.
    let link = format!("https://{PUBLIC}/utbildning/intyg/{a}");
    assert!(first.contains(&format!(">{link}</a>")), "{first}");
    assert!(first.contains("aria-label=\"QR-kod till kontrollsidan för intyget\""));
    assert!(first.contains("<svg aria-hidden=\"true\""));
    assert!(!first.contains("<?xml"));
    let verify: Value = serde_json::from_str(&body(
        on_public(
            &server,
            reqwest::Method::GET,
            &format!("/utbildning/intyg/{a}.json"),
        )
        .send()
        .expect("json"),
    ))
    .expect("JSON");
    assert_eq!(verify["url"], link.as_str());

    let export = |path: &str| {
        on_public(&server, reqwest::Method::GET, path)
            .bearer_auth(TOKEN)
            .send()
            .expect("request")
    };
    let anonymous = on_public(&server, reqwest::Method::GET, "/admin/xapi.json")
        .send()
        .expect("request");
    assert_eq!(anonymous.status(), 401);
    let response = export("/admin/xapi.json");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let text = body(response);
    assert!(
        !text.contains("Namnsson") && !text.contains("Enheten"),
        "no names"
    );
    let statements: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    assert_eq!(statements.len(), 4, "completed + passed per certificate");
    let home = format!("https://{PUBLIC}");
    for code in [&a, &b] {
        let mine: Vec<&Value> = statements
            .iter()
            .filter(|s| s["actor"]["account"]["name"] == code.as_str())
            .collect();
        let verbs: Vec<&str> = mine
            .iter()
            .map(|s| s["verb"]["id"].as_str().expect("verb"))
            .collect();
        assert_eq!(
            verbs,
            [
                "http://adlnet.gov/expapi/verbs/completed",
                "http://adlnet.gov/expapi/verbs/passed"
            ]
        );
        for s in mine {
            assert_eq!(s["actor"]["account"]["homePage"], home.as_str());
            assert!(s["actor"].get("mbox").is_none() && s["actor"].get("name").is_none());
            assert_eq!(
                s["object"]["id"],
                format!("{home}/utbildning/{}/", module.id).as_str()
            );
            assert_eq!(s["object"]["objectType"], "Activity");
            assert_eq!(s["result"]["success"], true);
            assert!(s["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
            assert_eq!(s["id"].as_str().map(str::len), Some(36));
        }
    }
    // The same export again has the same statement ids (an import is idempotent).
    assert_eq!(body(export("/admin/xapi.json")), text);
    // Filtered like the report.
    let none = body(export("/admin/xapi.json?enhet=Ingen"));
    assert_eq!(
        serde_json::from_str::<Vec<Value>>(&none)
            .expect("array")
            .len(),
        0
    );
}

#[test]
fn without_a_public_url_there_is_no_xapi_export() {
    let server = TestServer::start(&format!("admin-token = \"{TOKEN}\""));
    let (status, text) = admin(&server, "/admin/xapi.json");
    assert_eq!(status, 404);
    assert!(text.contains("Ställ in public-url"), "{text}");
    let (_, report) = admin(&server, "/admin/");
    assert!(!report.contains("/admin/xapi.json"));
}

#[test]
fn a_persons_certificates_can_be_listed_and_deleted_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp");
    let var = dir.path().join("var");
    let config = dir.path().join("vagvisare.toml");
    std::fs::write(
        &config,
        format!("data-dir = {:?}\n", var.display().to_string()),
    )
    .expect("config");
    let config = config.to_str().expect("utf-8");
    let earned = time::macros::datetime!(2026-11-02 09:00 UTC);
    let store = Store::open_in(&var).expect("store");
    let issue = |name: &'static str, module_id: &'static str| {
        store
            .insert_certificate(
                &NewCertificate {
                    name,
                    unit: Some("Syd"),
                    module_id,
                    module_version: 1,
                    correct: 11,
                    total: 12,
                    passed: true,
                    valid_until: time::macros::date!(2028 - 11 - 02),
                    pages: &[],
                },
                earned,
            )
            .expect("issue")
            .code
            .to_string()
    };
    let first = issue("Åsa Öberg", "grundkurs");
    let second = issue("åsa öberg", "heder");
    let other = issue("Kim Lind", "grundkurs");
    drop(store);

    let found = run(
        &repo_root(),
        &[
            "--config",
            config,
            "certificates",
            "find",
            "--name",
            "ÅSA ÖBERG",
        ],
    );
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    let csv = String::from_utf8(found.stdout).expect("utf-8");
    assert!(csv.starts_with("\u{feff}Kod;Namn;Enhet;"), "{csv}");
    assert!(csv.contains(&first) && csv.contains(&second), "{csv}");
    assert!(!csv.contains(&other) && !csv.contains("Kim Lind"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "a header and two certificates");

    let deleted = run(
        &repo_root(),
        &[
            "--config",
            config,
            "certificates",
            "delete",
            &first,
            &second,
        ],
    );
    assert!(
        deleted.status.success(),
        "{}",
        String::from_utf8_lossy(&deleted.stderr)
    );
    assert!(String::from_utf8_lossy(&deleted.stderr).contains("2 av 2 intyg raderade"));
    let again = run(
        &repo_root(),
        &[
            "--config",
            config,
            "certificates",
            "find",
            "--name",
            "Åsa Öberg",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).lines().count(),
        1,
        "only the header"
    );

    // The other person's certificate is still there; an unknown or malformed code is an error.
    let store = Store::open_in(&var).expect("store");
    assert_eq!(store.certificate_count().expect("count"), 1);
    let missing = run(
        &repo_root(),
        &["--config", config, "certificates", "delete", &first],
    );
    assert_eq!(missing.status.code(), Some(1));
    let bad = run(
        &repo_root(),
        &["--config", config, "certificates", "delete", "inte-en-kod"],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ingen intygskod"));
}
