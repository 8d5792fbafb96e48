//! Item statistics over HTTP on the real server: attempts submitted through the quiz form are
//! stored anonymously once per signed attempt (never on GET), and `/admin/statistik` shows the
//! figures of a question only when at least 10 attempts contained it, behind the admin sign-in.

use crate::support::{TestServer, client};
use crate::training::{MODULE, TOKEN, body, escape, grundkurs, parse_form, post};
use std::collections::HashMap;
use vagvisare_quizzes::Module;

fn db_path(server: &TestServer) -> std::path::PathBuf {
    server.data.path().join("var").join("utbildning.sqlite3")
}

fn count(server: &TestServer, table: &str) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        db_path(server),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open read-only");
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

fn admin_get(server: &TestServer, path: &str) -> (u16, String) {
    let response = client()
        .get(server.url(path))
        .bearer_auth(TOKEN)
        .send()
        .expect("request");
    (response.status().as_u16(), body(response))
}

/// What the test sent per question id: attempts that contained it and how many were right.
#[derive(Default, Clone, Copy)]
struct Sent {
    n: u32,
    right: u32,
}

/// Opens the module, answers every question shown (right on question `j` of attempt `i`
/// unless `i + j` is a multiple of 3), submits and counts what was sent. Returns the form fields.
fn submit_one(
    server: &TestServer,
    module: &Module,
    i: usize,
    sent: &mut HashMap<String, Sent>,
) -> Vec<(String, String)> {
    let page = body(server.get(&format!("/utbildning/{}/", module.id)));
    let form = parse_form(&page);
    let mut fields = vec![("forsok".to_string(), form.attempt.clone())];
    for (j, q) in module.questions.iter().enumerate() {
        let Some(shown) = form.options.get(&q.id) else {
            continue; // not drawn in this attempt
        };
        let right = !(i + j).is_multiple_of(3);
        let right_labels: Vec<String> = q.correct.iter().map(|&o| escape(&q.options[o])).collect();
        let picks: Vec<&(String, String)> = if right {
            shown
                .iter()
                .filter(|(_, l)| right_labels.contains(l))
                .collect()
        } else {
            shown
                .iter()
                .filter(|(_, l)| !right_labels.contains(l))
                .take(1)
                .collect()
        };
        assert!(!picks.is_empty(), "{}: options found", q.id);
        for (value, _) in picks {
            fields.push((format!("q-{}", q.id), value.clone()));
        }
        let s = sent.entry(q.id.clone()).or_default();
        s.n += 1;
        s.right += u32::from(right);
    }
    let response = post(server, &format!("/utbildning/{}/svar", module.id), &fields);
    assert_eq!(response.status(), 200, "attempt {i}");
    fields
}

/// The part of the statistics page about question `id`.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<h3 id=\"stat-{id}\">"))
        .unwrap_or_else(|| panic!("{id}: section on the page"));
    let rest = &page[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

/// Checks every question's section against what was sent.
fn check_page(page: &str, module: &Module, sent: &HashMap<String, Sent>) -> usize {
    let mut shown = 0;
    for q in &module.questions {
        let s = sent.get(&q.id).copied().unwrap_or_default();
        let part = section(page, &q.id);
        assert!(part.contains(&escape(&q.prompt)), "{}: question text", q.id);
        if s.n >= 10 {
            shown += 1;
            assert!(
                part.contains(&format!("<dt>Antal svar</dt><dd>{}</dd>", s.n)),
                "{}: n = {} in {part}",
                q.id,
                s.n
            );
            let facility = (f64::from(s.right) / f64::from(s.n) * 100.0).round();
            assert!(
                part.contains(&format!("<dt>Andel rätt</dt><dd>{facility} %</dd>")),
                "{}: facility {facility} % in {part}",
                q.id
            );
            assert!(part.contains("<caption"), "{}: option table", q.id);
            assert!(!part.contains("För få svar ännu"), "{}", q.id);
        } else {
            assert!(
                part.contains(&format!("För få svar ännu ({} av 10).", s.n)),
                "{}: hidden with n = {} in {part}",
                q.id,
                s.n
            );
            assert!(!part.contains("Andel rätt"), "{}: no figures", q.id);
            assert!(!part.contains("Valt av"), "{}: no option counts", q.id);
        }
    }
    shown
}

#[test]
fn statistics_need_ten_attempts_per_question_and_the_sign_in_and_gets_store_nothing() {
    let module = grundkurs();
    let server = TestServer::start(&format!("admin-token = \"{TOKEN}\""));
    let path = format!("/admin/statistik/{MODULE}");

    // Without the sign-in: 401 with the sign-in form, and no question text.
    for p in ["/admin/statistik", path.as_str()] {
        let response = server.get(p);
        assert_eq!(response.status(), 401, "{p}");
        let page = body(response);
        assert!(page.contains("Inloggning krävs"), "{p}");
        assert!(!page.contains(&escape(&module.questions[0].prompt)), "{p}");
    }
    let wrong = client()
        .get(server.url(&path))
        .bearer_auth("fel-nyckel-som-ar-lang-nog")
        .send()
        .expect("request");
    assert_eq!(wrong.status(), 401);

    // The session cookie of the sign-in form opens the statistics too.
    let signed_in = post(&server, "/admin/", &[("nyckel".into(), TOKEN.into())]);
    assert_eq!(signed_in.status(), 303);
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string();
    let with_cookie = client()
        .get(server.url(&path))
        .header("cookie", &cookie)
        .send()
        .expect("request");
    assert_eq!(with_cookie.status(), 200);
    assert!(body(with_cookie).contains(&escape(&module.questions[0].prompt)));

    // GET (and HEAD) of the module page store nothing.
    for _ in 0..3 {
        assert_eq!(server.get(&format!("/utbildning/{MODULE}/")).status(), 200);
    }
    let head = client()
        .head(server.url(&format!("/utbildning/{MODULE}/")))
        .send()
        .expect("head");
    assert_eq!(head.status(), 200);
    assert_eq!(count(&server, "item_attempts"), 0);
    assert_eq!(count(&server, "item_answers"), 0);
    assert_eq!(count(&server, "submissions"), 0);

    // The list links every module; nothing submitted yet.
    let (status, _) = admin_get(&server, "/admin/statistik/finns-inte");
    assert_eq!(status, 404, "unknown module");
    let (status, list) = admin_get(&server, "/admin/statistik");
    assert_eq!(status, 200);
    assert!(list.contains(&format!("href=\"/admin/statistik/{MODULE}\"")));
    assert!(list.contains("<caption"));
    let (_, report) = admin_get(&server, "/admin/");
    assert!(
        report.contains("href=\"/admin/statistik\""),
        "linked from /admin/"
    );

    // Nine attempts: every question is still hidden.
    let mut sent: HashMap<String, Sent> = HashMap::new();
    let mut last = Vec::new();
    for i in 0..9 {
        last = submit_one(&server, &module, i, &mut sent);
    }
    assert_eq!(count(&server, "item_attempts"), 9);
    let asked: i64 = sent.values().map(|s| i64::from(s.n)).sum();
    assert_eq!(count(&server, "item_answers"), asked);

    // Re-posting the same signed attempt is refused and stores nothing more.
    let again = post(&server, &format!("/utbildning/{MODULE}/svar"), &last);
    assert_eq!(again.status(), 400);
    assert_eq!(count(&server, "item_attempts"), 9);

    let (status, page) = admin_get(&server, &path);
    assert_eq!(status, 200);
    assert!(
        page.contains("punktbiserial korrelation"),
        "names the index"
    );
    assert!(page.contains("9 inskickade försök"), "{page}");
    assert_eq!(check_page(&page, &module, &sent), 0, "all hidden below 10");
    assert!(page.contains("Ingen fråga har ännu tillräckligt många svar för att visa siffror."));

    // More attempts until some questions reach 10 (all of them when every question is asked).
    let mut i = 9;
    while sent.values().map(|s| s.n).max().unwrap_or(0) < 10 {
        submit_one(&server, &module, i, &mut sent);
        i += 1;
        assert!(i < 200, "questions reach 10 attempts");
    }
    let (status, page) = admin_get(&server, &path);
    assert_eq!(status, 200);
    let shown = check_page(&page, &module, &sent);
    assert!(shown >= 1, "figures for questions with n ≥ 10");
    assert!(
        page.contains("med siffror har varningar"),
        "summary of warnings"
    );
    assert!(page.contains("<th scope=\"row\">"), "row headers");
    assert!(page.contains("Rätt svar"), "right options are marked");

    // The same figures as CSV, one line per option, behind the same sign-in.
    let csv_path = format!("/admin/statistik/{MODULE}/csv");
    assert_eq!(server.get(&csv_path).status(), 401);
    let response = client()
        .get(server.url(&csv_path))
        .bearer_auth(TOKEN)
        .send()
        .expect("csv");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let csv = body(response);
    let options: usize = module.questions.iter().map(|q| q.options.len()).sum();
    assert_eq!(csv.trim_end().split("\r\n").count(), 1 + options);
    for q in &module.questions {
        let s = sent.get(&q.id).copied().unwrap_or_default();
        let prefix = format!("{MODULE};{};", module.version);
        let row = csv
            .split("\r\n")
            .find(|l| l.starts_with(&prefix) && l.contains(&format!(";{};{};", q.id, s.n)))
            .unwrap_or_else(|| panic!("{}: a CSV line with n = {}", q.id, s.n));
        assert_eq!(s.n >= 10, !row.contains("För få svar ännu"), "{}", q.id);
    }

    // Nothing in the records names a person: no certificate was asked for, and the tables
    // hold no name, unit, nonce or exact time.
    assert_eq!(count(&server, "certificates"), 0);
}
