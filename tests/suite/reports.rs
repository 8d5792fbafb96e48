//! The editorial loop against the real server: "Rapportera ett fel på sidan" on every page,
//! bad input and flooding (Swedish 4xx, nothing stored), the admin report list (sign-in, national
//! text apart, mark done, CSV), the owner dashboard (order, counts, CSV), retention of reports,
//! "Hittade du det du behövde?" (off by default, counted when on). `check --owners` is in
//! `owners.rs`.

use crate::support::{TestServer, client, copy_dir, repo_root};
use crate::training::TOKEN;
use reqwest::blocking::Response;
use std::path::Path;
use time::{Duration, OffsetDateTime};
use vagvisare_quizzes::{NewPageReport, ReportLayer, Store};

const NATIONAL: &str = "barn/barnahus.md";
const NATIONAL_URL: &str = "/barn/barnahus.html";
const NATIONAL_OWNER: &str = "Nationella redaktionen – socialtjänstens arbete";
const LOCAL: &str = "exempelstad/stodteamet.md";
const LOCAL_OWNER: &str = "Individ- och familjeomsorgen, Stödteamet";

/// Exempelstad's overlay (from `examples/`) on the bundled base, its data in the copy, with the
/// test admin token and `extra` settings. `before` may prepare the data folder first.
fn start_exempelstad(extra: &str, before: impl FnOnce(&Path)) -> TestServer {
    let data = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("examples/exempelstad"), data.path());
    before(&data.path().join("var"));
    let config = format!(
        "municipality = \"Exempelstad\"\nbase = {:?}\ndata-dir = {:?}\nadmin-token = \"{TOKEN}\"\n{extra}\n",
        repo_root().display().to_string(),
        data.path().join("var").display().to_string()
    );
    TestServer::start_with(data, &config, &[])
}

fn post_form(server: &TestServer, path: &str, fields: &[(&str, &str)]) -> Response {
    client()
        .post(server.url(path))
        .header("origin", server.base.clone())
        .form(fields)
        .send()
        .expect("request")
}

fn report(server: &TestServer, page: &str, what: &str) -> Response {
    post_form(
        server,
        "/rapportera",
        &[
            ("sida", page),
            ("fel", what),
            ("forslag", ""),
            ("kontakt", ""),
        ],
    )
}

fn with_token(server: &TestServer, path: &str) -> Response {
    client()
        .get(server.url(path))
        .bearer_auth(TOKEN)
        .send()
        .expect("request")
}

fn expect(response: Response, status: u16, message: &str) {
    assert_eq!(response.status().as_u16(), status, "{message}");
    let body = response.text().expect("body");
    assert!(body.contains(message), "missing {message:?} in:\n{body}");
}

/// Data lines of the reports CSV (without the header).
fn report_rows(server: &TestServer) -> Vec<String> {
    let csv = with_token(server, "/admin/rapporter.csv")
        .text()
        .expect("csv");
    csv.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn reports_are_checked_stored_listed_marked_done_and_exported() {
    let server = start_exempelstad(
        "[limits]\nreports-per-page-per-hour = 3\nreports-total-per-hour = 6\n",
        |var| {
            let store = Store::open_in(var).expect("store");
            let now = OffsetDateTime::now_utc();
            store.record_feedback(LOCAL, true, now).expect("yes");
            store.record_feedback(LOCAL, false, now).expect("no");
        },
    );

    // Every page ends with the form; the yes/no question is off by default.
    let page = server.get(NATIONAL_URL).text().expect("page");
    for part in [
        "<form method=\"post\" action=\"/rapportera\">",
        "<input type=\"hidden\" name=\"sida\" value=\"barn/barnahus.md\">",
        "<label for=\"rapport-fel\">Vad är fel? (måste fyllas i)</label>",
        "Beskriv felet, inte en person.",
        "inte heller din IP-adress",
    ] {
        assert!(page.contains(part), "missing {part:?}");
    }
    assert!(!page.contains("action=\"/hittade\""), "feedback is off");
    expect(
        post_form(&server, "/hittade", &[("sida", NATIONAL), ("svar", "ja")]),
        404,
        "Sidan finns inte",
    );

    // Bad input: a Swedish 4xx, nothing stored.
    let long = "x".repeat(2001);
    expect(
        report(&server, NATIONAL, "   "),
        400,
        "Skriv vad som är fel på sidan",
    );
    expect(report(&server, NATIONAL, &long), 400, "Texten är för lång");
    expect(
        post_form(
            &server,
            "/rapportera",
            &[("sida", NATIONAL), ("fel", "Fel"), ("kontakt", &long)],
        ),
        400,
        "Kontaktuppgiften får vara högst 200 tecken",
    );
    expect(
        report(&server, NATIONAL, "Fel \u{202E}txet"),
        400,
        "Texten innehåller osynliga tecken eller styrtecken",
    );
    expect(
        report(&server, NATIONAL, &"x".repeat(20_000)),
        413,
        "Formuläret är för stort",
    );
    expect(
        report(&server, "finns/inte.md", "Fel"),
        400,
        "Sidan som rapporten gäller finns inte",
    );
    expect(
        post_form(
            &server,
            "/rapportera",
            &[("sida", NATIONAL), ("fel", "a"), ("fel", "b")],
        ),
        400,
        "samma fält flera gånger",
    );
    let foreign = client()
        .post(server.url("/rapportera"))
        .header("origin", "http://evil.example")
        .form(&[("sida", NATIONAL), ("fel", "Fel")])
        .send()
        .expect("request");
    expect(
        foreign,
        403,
        "Formuläret måste skickas från Vägvisarens egen sida",
    );
    let no_origin = client()
        .post(server.url("/rapportera"))
        .form(&[("sida", NATIONAL), ("fel", "Fel")])
        .send()
        .expect("request");
    assert_eq!(no_origin.status(), 403);
    // The trap field: thanked, not stored.
    let trapped = post_form(
        &server,
        "/rapportera",
        &[
            ("sida", NATIONAL),
            ("fel", "Köp billigt"),
            ("webbplats", "x"),
        ],
    );
    assert_eq!(trapped.status(), 303);
    assert!(report_rows(&server).is_empty(), "nothing stored so far");

    // A report on national text and one on local text, the latter with a contact.
    let sent = post_form(
        &server,
        "/rapportera",
        &[
            ("sida", NATIONAL),
            ("fel", "=HYPERLINK(\"http://x\";\"klicka\")"),
            ("forslag", "Skriv att barnahus finns i hela landet."),
            ("kontakt", ""),
        ],
    );
    assert_eq!(sent.status(), 303);
    let thanks = sent
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string();
    assert_eq!(thanks, "/rapportera/tack?sida=barn%2Fbarnahus.md");
    let page = server.get(&thanks);
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.headers()
            .get("x-robots-tag")
            .and_then(|v| v.to_str().ok()),
        Some("noindex, nofollow")
    );
    let page = page.text().expect("thanks");
    assert!(page.contains("Tack för din rapport"));
    assert!(page.contains(NATIONAL_OWNER), "names the owner");
    assert!(page.contains("href=\"/barn/barnahus.html\""), "links back");
    let sent = post_form(
        &server,
        "/rapportera",
        &[
            ("sida", LOCAL),
            ("fel", "Telefontiden är fel."),
            ("kontakt", "handlaggare@example.se"),
        ],
    );
    assert_eq!(sent.status(), 303);
    let log = server.log_text();
    assert!(log.contains("rapport: mottagen"), "{log}");
    assert!(
        !log.contains("Telefontiden") && !log.contains("handlaggare@"),
        "no text in the log"
    );

    // Flooding: per page (3 an hour), then in all (6 an hour).
    for i in 0..2 {
        assert_eq!(report(&server, NATIONAL, &format!("Fel {i}")).status(), 303);
    }
    let flooded = report(&server, NATIONAL, "En till");
    assert!(flooded.headers().contains_key("retry-after"));
    expect(
        flooded,
        429,
        "Det har kommit många felrapporter på kort tid",
    );
    for page in ["barn/orosanmalan.md", "barn/index.md"] {
        assert_eq!(report(&server, page, "Fel").status(), 303, "{page}");
    }
    expect(
        report(&server, "barn/prata-med-barn.md", "Fel"),
        429,
        "Vänta",
    );
    let rows = report_rows(&server);
    assert_eq!(rows.len(), 6, "{rows:?}");

    // The admin pages need the sign-in.
    let anonymous = server.get("/admin/rapporter");
    expect(
        anonymous,
        401,
        "<input type=\"hidden\" name=\"tillbaka\" value=\"/admin/rapporter\">",
    );
    assert_eq!(server.get("/admin/rapporter.csv").status(), 401);
    assert_eq!(server.get("/admin/sidor").status(), 401);
    assert_eq!(server.get("/admin/sidor.csv").status(), 401);
    let wrong = client()
        .get(server.url("/admin/rapporter"))
        .bearer_auth("fel-nyckel")
        .send()
        .expect("request");
    assert_eq!(wrong.status(), 401);

    // The list: national text apart from local text, each with its owner.
    let list = with_token(&server, "/admin/rapporter")
        .text()
        .expect("list");
    let local_at = list.find("<h2 id=\"lokal-text\">").expect("local heading");
    let national_at = list
        .find("<h2 id=\"nationell-text\">")
        .expect("national heading");
    let phone = list.find("Telefontiden är fel.").expect("local report");
    let hyperlink = list
        .find("=HYPERLINK(&quot;http://x&quot;;&quot;klicka&quot;)")
        .expect("national report, escaped");
    assert!(local_at < phone && phone < national_at && national_at < hyperlink);
    assert!(list.contains(LOCAL_OWNER) && list.contains(NATIONAL_OWNER));
    assert!(list.contains("handlaggare@example.se"));

    // CSV: formula-safe, with the layer; filtered by layer.
    let csv = with_token(&server, "/admin/rapporter.csv?lager=nationell");
    assert_eq!(
        csv.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let csv = csv.text().expect("csv");
    assert!(csv.starts_with("\u{feff}Nummer;Inkom;Sida;Sidans titel;Ägare;Lager;Vad är fel?;"));
    assert!(
        csv.contains(";\"'=HYPERLINK(\"\"http://x\"\";\"\"klicka\"\")\";"),
        "{csv}"
    );
    assert!(csv.contains(";nationell;") && !csv.contains(";lokal;"));
    assert_eq!(
        csv.lines().count(),
        6,
        "five national reports and the header"
    );
    expect(
        with_token(&server, "/admin/rapporter.csv?lager=annat"),
        400,
        "lager ska vara nationell eller lokal",
    );

    // Mark the local report as done: Origin and sign-in required.
    let id = rows
        .iter()
        .find(|r| r.contains("Telefontiden"))
        .and_then(|r| r.split(';').next())
        .expect("id")
        .to_string();
    let path = format!("/admin/rapporter/{id}/atgardad");
    let anonymous = post_form(&server, &path, &[]);
    assert_eq!(anonymous.status(), 401);
    let foreign = client()
        .post(server.url(&path))
        .bearer_auth(TOKEN)
        .header("origin", "http://evil.example")
        .send()
        .expect("request");
    assert_eq!(foreign.status(), 403);
    let done = client()
        .post(server.url(&path))
        .bearer_auth(TOKEN)
        .header("origin", server.base.clone())
        .send()
        .expect("request");
    assert_eq!(done.status(), 303);
    let again = client()
        .post(server.url(&path))
        .bearer_auth(TOKEN)
        .header("origin", server.base.clone())
        .send()
        .expect("request");
    expect(again, 404, "Det finns ingen öppen rapport med det numret");
    let list = with_token(&server, "/admin/rapporter")
        .text()
        .expect("list");
    assert!(
        !list.contains("Telefontiden"),
        "done reports leave the list"
    );
    let all = report_rows(&server);
    let done_row = all
        .iter()
        .find(|r| r.contains("Telefontiden"))
        .expect("kept");
    assert!(!done_row.ends_with(';'), "has a done date: {done_row}");

    // The dashboard, through a session cookie as a person would sign in.
    let elsewhere = post_form(
        &server,
        "/admin/",
        &[("nyckel", TOKEN), ("tillbaka", "https://evil.example/")],
    );
    assert_eq!(
        elsewhere
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/admin/"),
        "only admin pages"
    );
    let signed_in = post_form(
        &server,
        "/admin/",
        &[("nyckel", TOKEN), ("tillbaka", "/admin/sidor")],
    );
    assert_eq!(signed_in.status(), 303);
    assert_eq!(
        signed_in
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/admin/sidor"),
        "back to the page asked for"
    );
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("cookie")
        .to_string();
    let admin = client()
        .get(server.url("/admin/"))
        .header("cookie", &cookie)
        .send()
        .expect("request")
        .text()
        .expect("admin");
    assert!(admin.contains("href=\"/admin/sidor\"") && admin.contains("href=\"/admin/rapporter\""));
    let dashboard = client()
        .get(server.url("/admin/sidor"))
        .header("cookie", &cookie)
        .send()
        .expect("request");
    assert_eq!(dashboard.status(), 200);
    let dashboard = dashboard.text().expect("dashboard");
    assert!(dashboard.contains("Sidor och ägare"));
    assert!(dashboard.contains("<a href=\"/barn/barnahus.html\">Barnahus</a>"));
    let month = vagvisare_quizzes::feedback_month(OffsetDateTime::now_utc());
    assert!(
        dashboard.contains(&format!("<td>{month}</td><td>1</td><td>1</td>")),
        "the counts per month"
    );
    let csv = with_token(&server, "/admin/sidor.csv").text().expect("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "\u{feff}Sida;Adress;Vad;Ägare;Lager;Granskas senast;Läge;Öppna felrapporter;Ändrad nationell text;Öppna frågor till ägaren;Hittade det: ja;Hittade det: nej"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    let barnahus = rows
        .iter()
        .find(|r| r.get(1) == Some(&NATIONAL_URL) && r.get(2) == Some(&"sidan"))
        .expect("barnahus row");
    assert_eq!(barnahus[7], "3", "open reports on the page");
    let stodteamet = rows
        .iter()
        .find(|r| r.get(1) == Some(&"/exempelstad/stodteamet.html"))
        .expect("local row");
    assert_eq!(stodteamet[4], "lokal");
    assert_eq!(stodteamet[7], "0", "its report is done");
    assert_eq!(
        (
            stodteamet[stodteamet.len() - 2],
            stodteamet[stodteamet.len() - 1]
        ),
        ("1", "1"),
        "feedback counts"
    );
    // Most urgent first: overdue; open reports or drift; due within 30 days; ok.
    let rank = |r: &Vec<&str>| match r.get(6).copied() {
        Some("försenad") => 0,
        _ if r.get(7).is_some_and(|n| *n != "0") || r.get(8).is_some_and(|d| !d.is_empty()) => 1,
        Some("inom 30 dagar") => 2,
        _ => 3,
    };
    let ranks: Vec<u8> = rows.iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
}

#[test]
fn old_reports_are_deleted_and_feedback_is_counted_when_switched_on() {
    let data = tempfile::tempdir().expect("temp dir");
    let var = data.path().join("var");
    let store = Store::open_in(&var).expect("store");
    let now = OffsetDateTime::now_utc();
    let old = |days: i64| {
        store
            .insert_page_report(
                &NewPageReport {
                    page: NATIONAL,
                    title: "Barnahus",
                    owner: NATIONAL_OWNER,
                    layer: ReportLayer::National,
                    what: "Gammalt fel",
                    suggestion: None,
                    contact: Some("kontakt@example.se"),
                },
                now - Duration::days(days),
            )
            .expect("insert")
    };
    let expired = old(31);
    let kept = old(29);
    drop(store);
    let server = TestServer::start_in(data, "report-retention-days = 30\npage-feedback = true");
    let store = Store::open_in(&server.data.path().join("var")).expect("store");
    assert!(
        store.page_report(expired).expect("read").is_none(),
        "deleted at start"
    );
    assert!(store.page_report(kept).expect("read").is_some());

    // Without an admin token the admin pages do not exist.
    assert_eq!(server.get("/admin/rapporter").status(), 404);
    assert_eq!(server.get("/admin/sidor").status(), 404);

    let page = server.get(NATIONAL_URL).text().expect("page");
    assert!(
        page.contains(
            "<form class=\"hittade ingen-utskrift\" method=\"post\" action=\"/hittade\">"
        )
    );
    assert!(page.contains("<legend>Hittade du det du behövde?</legend>"));
    for answer in ["ja", "ja", "nej"] {
        let r = post_form(&server, "/hittade", &[("sida", NATIONAL), ("svar", answer)]);
        assert_eq!(r.status(), 303);
    }
    expect(
        post_form(
            &server,
            "/hittade",
            &[("sida", NATIONAL), ("svar", "kanske")],
        ),
        400,
        "Svara med knappen Ja eller Nej",
    );
    expect(
        post_form(&server, "/hittade", &[("sida", "nej.md"), ("svar", "ja")]),
        400,
        "Sidan som svaret gäller finns inte",
    );
    let thanks = server.get("/hittade/tack?sida=barn%2Fbarnahus.md&svar=nej");
    assert_eq!(thanks.status(), 200);
    assert!(
        thanks
            .text()
            .expect("thanks")
            .contains("Tack för ditt svar")
    );
    let counts = store.feedback_counts().expect("counts");
    assert_eq!(counts.len(), 1, "one row per page and month: {counts:?}");
    assert_eq!(
        (counts[0].page.as_str(), counts[0].yes, counts[0].no),
        (NATIONAL, 2, 1)
    );
}

#[test]
fn each_municipality_gets_reports_on_its_own_pages_only() {
    use crate::hosting::{self, EXEMPELSTAD, NORDVIK};
    let server = hosting::start();
    let client = hosting::client(&server);
    let send = |host: &str, page: &str| {
        client
            .post(hosting::url(&server, host, "/rapportera"))
            .header("origin", hosting::url(&server, host, ""))
            .form(&[
                ("sida", page),
                ("fel", &format!("Fel på {page} hos {host}")),
            ])
            .send()
            .expect("request")
    };
    assert_eq!(send(EXEMPELSTAD, LOCAL).status(), 303);
    expect(
        send(NORDVIK, LOCAL),
        400,
        "Sidan som rapporten gäller finns inte",
    );
    assert_eq!(send(NORDVIK, NATIONAL).status(), 303);
    let csv = |host: &str, overlay: &str| {
        client
            .get(hosting::url(&server, host, "/admin/rapporter.csv"))
            .bearer_auth(hosting::admin_token(overlay))
            .send()
            .expect("request")
            .text()
            .expect("csv")
    };
    let exempelstad = csv(EXEMPELSTAD, "exempelstad");
    assert!(
        exempelstad.contains(";lokal;Fel på exempelstad/stodteamet.md"),
        "{exempelstad}"
    );
    assert!(!exempelstad.contains(NORDVIK), "{exempelstad}");
    let nordvik = csv(NORDVIK, "nordvik");
    assert!(
        nordvik.contains(";nationell;Fel på barn/barnahus.md hos nordvik"),
        "{nordvik}"
    );
    assert!(!nordvik.contains(EXEMPELSTAD), "{nordvik}");
}
