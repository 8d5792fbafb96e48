//! Several replicas on one PostgreSQL: two `vagvisare serve` processes share the training
//! records. A certificate passed on one verifies on the other and is in the other's CSV; 200
//! people certified at once over both replicas lose nothing and make no duplicates; killing a
//! replica with SIGKILL in the middle loses no committed certificate; a database that is down
//! leaves pages and search working, training answers 503, and both come back by themselves.
//! Every test here has `postgres` in its name (`cargo test -- postgres`).

use crate::support::{TestServer, client};
use crate::training::{
    MODULE, TOKEN, answers, attr_after, body, certify, grundkurs, parse_form, post, take,
};
use std::collections::HashSet;
use vagvisare_quizzes::Module;
use vagvisare_quizzes::pg_cluster::PgCluster;

/// The same signing key on every replica (a form served by one is accepted by the other).
const KEY: &str = "9c1e5a7b3d2f4e6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e";

/// Starts a replica on `database` (own data folder for the built site).
fn replica(url: &str, key_file: &std::path::Path) -> TestServer {
    TestServer::start(&format!(
        "database-url = {url:?}\nsigning-key-file = {:?}\nadmin-token = \"{TOKEN}\"\n\
         [limits]\nquiz-submissions-per-hour = 100000\ncertificates-per-hour = 100000\n",
        key_file.display().to_string()
    ))
}

fn key_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("signeringsnyckel");
    std::fs::write(&path, KEY).expect("key");
    path
}

/// The admin CSV of `server`, as text.
fn csv(server: &TestServer) -> String {
    let response = client()
        .get(server.url("/admin/rapport.csv"))
        .bearer_auth(TOKEN)
        .send()
        .expect("csv");
    assert_eq!(response.status(), 200);
    body(response)
}

/// The certificate codes in a CSV report (the last column, after the header).
fn codes_in(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .filter_map(|l| l.trim_end().rsplit(';').next())
        .map(|c| c.trim_matches('"').to_string())
        .filter(|c| c.len() == 24)
        .collect()
}

/// Certifies `name` with the quiz page from `form_from`, the answers to `answer_to` and the
/// name form to `name_to`; then sends the same answers once more to the other replica,
/// which must refuse them (submitted once). Returns the certificate code.
fn certify_across(
    module: &Module,
    form_from: &TestServer,
    answer_to: &TestServer,
    name_to: &TestServer,
    name: &str,
) -> Option<String> {
    let page = client()
        .get(form_from.url(&format!("/utbildning/{MODULE}/")))
        .send()
        .ok()?
        .text()
        .ok()?;
    let form = parse_form(&page);
    let fields = answers(module, &form, true);
    let submit = format!("/utbildning/{MODULE}/svar");
    let result = client()
        .post(answer_to.url(&submit))
        .header("origin", answer_to.base.clone())
        .form(&fields)
        .send()
        .ok()?;
    assert_eq!(result.status(), 200, "{name}: answers accepted");
    let result = result.text().ok()?;
    let token = attr_after(&result, "name=\"resultat\"", "value").expect("passed");
    let again = post(form_from, &submit, &fields);
    assert_eq!(
        again.status(),
        400,
        "{name}: the same attempt twice is refused"
    );
    let fields = vec![
        ("resultat".to_string(), token),
        ("namn".to_string(), name.to_string()),
        ("enhet".to_string(), "Replik".to_string()),
    ];
    let response = client()
        .post(name_to.url(&format!("/utbildning/{MODULE}/intyg")))
        .header("origin", name_to.base.clone())
        .form(&fields)
        .send()
        .ok()?;
    if response.status() != 200 {
        return None;
    }
    let page = response.text().ok()?;
    let start = page.find("Kontrollkod: <strong>")? + "Kontrollkod: <strong>".len();
    Some(page[start..start + 24].to_string())
}

#[test]
fn postgres_two_replicas_share_certificates_lose_nothing_and_survive_a_kill() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    cluster.create_database("repliker").expect("database");
    let url = cluster.url("repliker");
    let keys = tempfile::tempdir().expect("keys");
    let key = key_file(&keys);
    let a = replica(&url, &key);
    let b = replica(&url, &key);
    let module = grundkurs();

    // Passed on A, verified on B, listed in B's CSV.
    let code = certify(&a, &module, "Ada Replik", "Enhet A");
    let verified = b.get(&format!("/utbildning/intyg/{code}"));
    assert_eq!(verified.status(), 200);
    assert!(body(verified).contains("Ada Replik"));
    assert!(codes_in(&csv(&b)).contains(&code), "in B's CSV");

    // 200 people at once, each with the form from one replica, the answers to the other and
    // the name to the first; every attempt is then sent again and refused.
    let people = 200;
    let codes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..10)
            .map(|t| {
                let (a, b, module) = (&a, &b, &module);
                s.spawn(move || {
                    (0..people / 10)
                        .map(|i| {
                            let n = t * (people / 10) + i;
                            let (x, y) = if n % 2 == 0 { (a, b) } else { (b, a) };
                            certify_across(module, x, y, x, &format!("Person {n}"))
                                .unwrap_or_else(|| panic!("Person {n} certified"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(codes.len(), people);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), people, "unique");
    let listed = codes_in(&csv(&a));
    assert_eq!(
        listed.len(),
        people + 1,
        "every certificate once, none twice"
    );
    assert_eq!(listed.iter().collect::<HashSet<_>>().len(), people + 1);
    for c in &codes {
        assert!(listed.contains(c), "{c} stored");
    }

    // SIGKILL replica A while people are being certified on it: every certificate a reader
    // was shown is stored and verifies on B.
    let before = codes_in(&csv(&b)).len();
    let shown: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let (a, module) = (&a, &module);
                s.spawn(move || {
                    let mut shown = Vec::new();
                    for i in 0..100 {
                        match certify_killable(module, a, &format!("Kill {t}-{i}")) {
                            Some(code) => shown.push(code),
                            None => break,
                        }
                    }
                    shown
                })
            })
            .collect();
        // Let some certificates through, then kill.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while codes_in(&csv(&b)).len() < before + 8 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let pid = a.pid();
        let status = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        workers
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    assert!(shown.len() >= 8, "certificates were issued before the kill");
    let stored = codes_in(&csv(&b));
    for c in &shown {
        assert!(stored.contains(c), "{c} survived the kill");
        assert_eq!(b.get(&format!("/utbildning/intyg/{c}")).status(), 200);
    }
    assert_eq!(
        stored.iter().collect::<HashSet<_>>().len(),
        stored.len(),
        "no duplicates"
    );
    drop(a);
    // B goes on serving training.
    certify(&b, &module, "Efter Kill", "Enhet B");
}

/// Certifies `name` entirely on `server`; `None` once the server is gone.
fn certify_killable(module: &Module, server: &TestServer, name: &str) -> Option<String> {
    let page = client()
        .get(server.url(&format!("/utbildning/{MODULE}/")))
        .send()
        .ok()?
        .text()
        .ok()?;
    let form = parse_form(&page);
    let result = client()
        .post(server.url(&format!("/utbildning/{MODULE}/svar")))
        .header("origin", server.base.clone())
        .form(&answers(module, &form, true))
        .send()
        .ok()?
        .text()
        .ok()?;
    let token = attr_after(&result, "name=\"resultat\"", "value")?;
    let page = client()
        .post(server.url(&format!("/utbildning/{MODULE}/intyg")))
        .header("origin", server.base.clone())
        .form(&[
            ("resultat".to_string(), token),
            ("namn".to_string(), name.to_string()),
            ("enhet".to_string(), String::new()),
        ])
        .send()
        .ok()?
        .text()
        .ok()?;
    let start = page.find("Kontrollkod: <strong>")? + "Kontrollkod: <strong>".len();
    page.get(start..start + 24).map(str::to_string)
}

#[test]
fn postgres_down_keeps_the_site_answers_503_for_training_and_recovers() {
    let Some(cluster) = PgCluster::fresh() else {
        return;
    };
    let url = cluster.url("postgres");
    let keys = tempfile::tempdir().expect("keys");
    // The database is down when the server starts: it starts anyway.
    cluster.stop_fast();
    let server = replica(&url, &key_file(&keys));
    let module = grundkurs();
    let health = |server: &TestServer| body(server.get("/healthz"));
    assert_eq!(health(&server), r#"{"site":"ok","database":"unavailable"}"#);
    assert_eq!(server.get("/").status(), 200);
    assert_eq!(server.get("/sok?q=skyddade+personuppgifter").status(), 200);
    let (status, page) = take(&server, &module, true);
    assert_eq!(status, 503, "{page}");
    assert!(
        page.contains("Utbildningen går inte att använda just nu"),
        "{page}"
    );
    assert!(page.contains("Vägledningen och sökningen fungerar som vanligt"));

    // Back: training works without a restart, and /healthz says so.
    cluster.start_again().expect("start");
    let code = certify(&server, &module, "Bo Tillbaka", "");
    assert_eq!(health(&server), r#"{"site":"ok","database":"ok"}"#);

    // Down again with pooled connections, then back once more.
    cluster.stop_fast();
    let (status, _) = take(&server, &module, true);
    assert_eq!(status, 503);
    assert_eq!(
        server.get(&format!("/utbildning/intyg/{code}")).status(),
        503
    );
    assert_eq!(server.get("/hjalp/").status(), 200);
    cluster.start_again().expect("start again");
    let verified = server.get(&format!("/utbildning/intyg/{code}"));
    assert_eq!(verified.status(), 200);
    assert!(body(verified).contains("Bo Tillbaka"));
    assert!(
        !server.log_text().contains("panicked"),
        "nothing panicked:\n{}",
        server.log_text()
    );
}

#[test]
fn postgres_municipalities_in_one_database_keep_their_records_apart() {
    use crate::hosting::{self, EXEMPELSTAD, NORDVIK};
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    cluster.create_database("kommuner").expect("database");
    let server = hosting::start_with(&format!("database-url = {:?}", cluster.url("kommuner")));
    let client = hosting::client(&server);
    let send = |host: &str, page: &str| {
        client
            .post(hosting::url(&server, host, "/rapportera"))
            .header("origin", hosting::url(&server, host, ""))
            .form(&[("sida", page), ("fel", &format!("Fel hos {host}"))])
            .send()
            .expect("request")
            .status()
    };
    assert_eq!(send(EXEMPELSTAD, "hjalp/index.md"), 303);
    assert_eq!(send(NORDVIK, "hjalp/index.md"), 303);
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
        exempelstad.contains(&format!("Fel hos {EXEMPELSTAD}")),
        "{exempelstad}"
    );
    assert!(!exempelstad.contains(NORDVIK), "{exempelstad}");
    let nordvik = csv(NORDVIK, "nordvik");
    assert!(nordvik.contains(&format!("Fel hos {NORDVIK}")), "{nordvik}");
    assert!(!nordvik.contains(EXEMPELSTAD), "{nordvik}");
    // Each in its own schema of the one database.
    let schemas = cluster
        .psql(
            "kommuner",
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'vv_%' ORDER BY 1",
        )
        .expect("psql");
    assert_eq!(schemas.trim(), "vv_exempelstad\nvv_nordvik");
    let rows = cluster
        .psql("kommuner", "SELECT COUNT(*) FROM vv_nordvik.page_reports")
        .expect("psql");
    assert_eq!(rows.trim(), "1");
}
