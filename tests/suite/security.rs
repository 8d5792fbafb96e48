//! The security review's findings (`shared/reviews/security-2026-12-01.md`) as regression
//! tests on the real server: slow and half-open connections (H1), writes on GET (M2),
//! scripted certificates and the report (M3), admin guessing and the session (L2, L3), the
//! `Host` allow-list (L4), start-up errors (L6), invisible characters (L7), `noindex` and
//! route templates in the log (L8), and forms across replicas with one signing key.
//!
//! Per-address limits are tested from other loopback addresses (127.0.0.2 …), so the test's
//! own requests from 127.0.0.1 show that everyone else is still served.

use crate::support::{TestServer, client, repo_root, run};
use crate::training::{
    MODULE, TOKEN, answers, attr_after, body, certify, grundkurs, parse_form, post,
};
use reqwest::blocking::Response;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

/// A client whose connections come from `ip` (a loopback address).
fn client_from(ip: [u8; 4]) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .no_brotli()
        .local_address(IpAddr::V4(Ipv4Addr::from(ip)))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

fn addr(server: &TestServer) -> SocketAddr {
    server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("socket address")
}

/// A std TCP connection to the server from `from` (bound first, so it can be 127.0.0.N).
fn connect_from(server: &TestServer, from: [u8; 4]) -> std::net::TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let target = addr(server);
    runtime.block_on(async move {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(SocketAddr::from((from, 0)))
            .expect("bind loopback");
        let stream = socket.connect(target).await.expect("connect");
        stream.into_std().expect("std stream")
    })
}

/// Reads until the server closes the connection or `limit` passes; the text and how long it
/// took, or `None` if the connection was still open at `limit`.
fn read_until_closed(
    stream: &mut std::net::TcpStream,
    limit: Duration,
) -> Option<(String, Duration)> {
    stream.set_nonblocking(false).expect("blocking");
    let start = Instant::now();
    let mut text = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.checked_sub(start.elapsed())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .expect("timeout");
        match stream.read(&mut buf) {
            Ok(0) => return Some((String::from_utf8_lossy(&text).into_owned(), start.elapsed())),
            Ok(n) => text.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return None;
            }
            // A reset is a close too.
            Err(_) => return Some((String::from_utf8_lossy(&text).into_owned(), start.elapsed())),
        }
    }
}

/// The server's resident memory in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn status_within(url: &str, limit: Duration) -> (u16, Duration) {
    let start = Instant::now();
    let response = reqwest::blocking::Client::builder()
        .timeout(limit)
        .build()
        .expect("client")
        .get(url)
        .send()
        .expect("a legitimate request is answered");
    (response.status().as_u16(), start.elapsed())
}

/// H1: 2,000 half-sent requests (from 20 addresses, under the per-address cap) leave
/// `/healthz` and a help page answering, every half-sent request is closed within the header
/// timeout plus a margin, and memory comes back afterwards.
#[test]
fn half_sent_requests_do_not_take_the_site_down() {
    rlimit::increase_nofile_limit(u64::MAX).expect("open-file limit");
    let server = TestServer::start("[limits]\nheader-timeout-seconds = 4");
    for _ in 0..20 {
        assert_eq!(server.get("/hjalp/").status(), 200);
    }
    let baseline = rss_kib(server.pid());

    let opened = Instant::now();
    let mut half_open: Vec<std::net::TcpStream> = (0..2000u32)
        .map(|i| {
            let mut s = connect_from(&server, [127, 0, 0, 2 + (i % 20) as u8]);
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
                .expect("half a request");
            s
        })
        .collect();
    let open_took = opened.elapsed();
    let during = rss_kib(server.pid());
    for path in ["/healthz", "/hjalp/", "/hjalp/surfa-sakrare.html"] {
        let (status, took) = status_within(&server.url(path), Duration::from_secs(5));
        assert_eq!(status, 200, "{path} while 2,000 connections hang");
        assert!(took < Duration::from_secs(2), "{path} took {took:?}");
    }

    // Every half-sent request is closed: 4 s header timeout, counted from its own start.
    let bound = Duration::from_secs(4 + 3) + open_took;
    let mut slowest = Duration::ZERO;
    for s in &mut half_open {
        let (_, took) = read_until_closed(s, bound).expect("the server closes a half-sent request");
        slowest = slowest.max(took);
    }
    drop(half_open);

    // Memory returns: within twice the idle baseline (the issue's bound) 60 s after closing.
    let closed = Instant::now();
    let mut after = rss_kib(server.pid());
    while after > 2 * baseline && closed.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(500));
        let _ = server.get("/healthz");
        after = rss_kib(server.pid());
    }
    eprintln!(
        "H1: RSS {baseline} KiB idle, {during} KiB with 2,000 half-open, {after} KiB after {:?}; slowest close after {slowest:?}",
        closed.elapsed()
    );
    assert!(
        after <= 2 * baseline,
        "RSS {after} KiB > 2 × {baseline} KiB"
    );
    assert_eq!(server.get("/healthz").status(), 200);
}

/// H1: a connection over the per-address cap gets a Swedish 503 and is closed, while other
/// addresses are served; an idle keep-alive connection and a slow body are closed in time.
#[test]
fn connection_caps_and_timeouts() {
    let server = TestServer::start(
        "[limits]\nconnections-per-address = 4\nheader-timeout-seconds = 2\nrequest-timeout-seconds = 2",
    );
    let held: Vec<_> = (0..4)
        .map(|_| {
            let mut s = connect_from(&server, [127, 0, 0, 5]);
            s.write_all(b"GET / HTTP/1.1\r\n").expect("half");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut fifth = connect_from(&server, [127, 0, 0, 5]);
    let (reply, _) =
        read_until_closed(&mut fifth, Duration::from_secs(3)).expect("refused at once");
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(reply.contains("Retry-After: 5"), "{reply}");
    assert!(reply.contains("för många anslutningar"), "{reply}");
    assert_eq!(
        server.get("/healthz").status(),
        200,
        "other addresses are served"
    );
    drop(held);

    // An idle keep-alive connection is closed after the header timeout.
    let mut idle = connect_from(&server, [127, 0, 0, 6]);
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("request");
    let (reply, took) = read_until_closed(&mut idle, Duration::from_secs(6)).expect("closed");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(
        took >= Duration::from_millis(1500),
        "kept alive a while: {took:?}"
    );

    // A request whose body never arrives gets 408 after the request timeout.
    let mut slow = connect_from(&server, [127, 0, 0, 7]);
    let start = Instant::now();
    slow.write_all(
        format!(
            "POST /utbildning/{MODULE}/svar HTTP/1.1\r\nHost: {0}\r\nOrigin: {1}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\nforsok=",
            addr(&server),
            server.base
        )
        .as_bytes(),
    )
    .expect("head and 7 bytes");
    let (reply, _) = read_until_closed(&mut slow, Duration::from_secs(8)).expect("closed");
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("tog för lång tid"), "Swedish page: {reply}");
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "{:?}",
        start.elapsed()
    );
}

fn db_path(server: &TestServer) -> std::path::PathBuf {
    server.data.path().join("var").join("utbildning.sqlite3")
}

fn count(db: &std::path::Path, table: &str) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// M2: GET and HEAD of module pages write nothing (row counts and file sizes unchanged); the
/// first write is the submission.
#[test]
fn a_get_and_head_flood_writes_nothing() {
    let server = TestServer::start("");
    let db = db_path(&server);
    let wal = db.with_extension("sqlite3-wal");
    let before = (file_size(&db), file_size(&wal));
    std::thread::scope(|s| {
        for t in 0..8 {
            let server = &server;
            s.spawn(move || {
                let c = client();
                for i in 0..50 {
                    let url = server.url(&format!("/utbildning/{MODULE}/"));
                    let status = if (t + i) % 2 == 0 {
                        c.get(&url).send().expect("get").status()
                    } else {
                        c.head(&url).send().expect("head").status()
                    };
                    assert_eq!(status, 200);
                }
            });
        }
    });
    assert_eq!(count(&db, "submissions"), 0);
    assert_eq!(count(&db, "certificates"), 0);
    assert_eq!(
        (file_size(&db), file_size(&wal)),
        before,
        "no bytes written"
    );
    certify(&server, &grundkurs(), "Kim", "");
    assert_eq!(
        count(&db, "submissions"),
        1,
        "the submission is the first write"
    );
    assert_eq!(count(&db, "certificates"), 1);
}

/// A form served by one process submits on another with the same key and database (replicas);
/// a replay on the first is refused; a process with another key refuses the form.
#[test]
fn forms_work_across_replicas_with_one_key() {
    let shared = tempfile::tempdir().expect("shared");
    let var = shared.path().join("var");
    let key_file = shared.path().join("nyckel");
    std::fs::write(
        &key_file,
        "5f1d0c9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a",
    )
    .expect("key");
    let config = |key: &str| format!("data-dir = {:?}\n{key}\n", var.display().to_string());
    let a = TestServer::start_with(
        tempfile::tempdir().expect("a"),
        &config(&format!(
            "signing-key-file = {:?}",
            key_file.display().to_string()
        )),
        &[],
    );
    let b = TestServer::start_with(
        tempfile::tempdir().expect("b"),
        &config(""),
        &[(
            "VAGVISARE_SIGNING_KEY",
            "5f1d0c9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a",
        )],
    );
    let other = TestServer::start_with(
        tempfile::tempdir().expect("c"),
        &config(""),
        &[(
            "VAGVISARE_SIGNING_KEY",
            "0123456789abcdef0123456789abcdef-en-annan-nyckel",
        )],
    );
    assert!(a.log_text().contains("signeringsnyckeln kommer från filen"));
    assert!(
        b.log_text()
            .contains("signeringsnyckeln kommer från miljövariabeln")
    );

    let module = grundkurs();
    let form = parse_form(&body(a.get(&format!("/utbildning/{MODULE}/"))));
    let fields = answers(&module, &form, true);
    let submit = format!("/utbildning/{MODULE}/svar");
    let refused = post(&other, &submit, &fields);
    assert_eq!(refused.status(), 400, "another key");
    assert!(body(refused).contains("Formuläret är ogiltigt eller för gammalt"));
    let on_b = post(&b, &submit, &fields);
    assert_eq!(on_b.status(), 200, "served by A, submitted on B");
    let result = body(on_b);
    let replay = post(&a, &submit, &fields);
    assert_eq!(replay.status(), 400);
    assert!(
        body(replay).contains("redan inskickade"),
        "replay refused on A"
    );

    let token = attr_after(&result, "name=\"resultat\"", "value").expect("passed");
    let name_form = vec![
        ("resultat".to_string(), token),
        ("namn".to_string(), "Kim Replika".to_string()),
        ("enhet".to_string(), String::new()),
    ];
    let issue = format!("/utbildning/{MODULE}/intyg");
    let on_a = body(post(&a, &issue, &name_form));
    let on_b = body(post(&b, &issue, &name_form));
    let code = |page: &str| {
        let start = page.find("Kontrollkod: <strong>").expect("code") + 21;
        page[start..start + 24].to_string()
    };
    assert_eq!(
        code(&on_a),
        code(&on_b),
        "one certificate per result, on any replica"
    );
    assert_eq!(count(&var.join("utbildning.sqlite3"), "certificates"), 1);
}

/// M3: submissions and certificate issues are limited per client (429, `Retry-After`, in
/// Swedish); other clients are not affected.
#[test]
fn submissions_and_certificates_are_rate_limited_per_client() {
    let server =
        TestServer::start("[limits]\nquiz-submissions-per-hour = 3\ncertificates-per-hour = 1");
    let module = grundkurs();
    let submit = format!("/utbildning/{MODULE}/svar");
    let mut results = Vec::new();
    for _ in 0..3 {
        let form = parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
        let response = post(&server, &submit, &answers(&module, &form, true));
        assert_eq!(response.status(), 200);
        results.push(attr_after(&body(response), "name=\"resultat\"", "value").expect("token"));
    }
    let form = parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
    let fields = answers(&module, &form, true);
    let limited = post(&server, &submit, &fields);
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=1200).contains(&wait), "{wait}");
    assert!(body(limited).contains("Vänta"));
    let elsewhere = client_from([127, 0, 0, 9])
        .post(server.url(&submit))
        .header("origin", &server.base)
        .form(&fields)
        .send()
        .expect("request");
    assert_eq!(elsewhere.status(), 200, "another address is not limited");

    let issue = format!("/utbildning/{MODULE}/intyg");
    let name_form = |token: &str| {
        vec![
            ("resultat".to_string(), token.to_string()),
            ("namn".to_string(), "Kim".to_string()),
        ]
    };
    assert_eq!(post(&server, &issue, &name_form(&results[0])).status(), 200);
    assert_eq!(post(&server, &issue, &name_form(&results[1])).status(), 429);
}

/// The defaults let a class of 30 behind one address take the same quiz at once.
#[test]
fn a_class_of_thirty_behind_one_address_passes_with_the_defaults() {
    let server = TestServer::start("");
    let module = grundkurs();
    let codes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..30)
            .map(|i| {
                let (server, module) = (&server, &module);
                s.spawn(move || certify(server, module, &format!("Deltagare {i}"), "Klass 9B"))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(codes.len(), 30);
}

fn admin_get(from: [u8; 4], server: &TestServer, token: &str) -> Response {
    client_from(from)
        .get(server.url("/admin/"))
        .bearer_auth(token)
        .send()
        .expect("request")
}

/// L2: failed admin sign-ins are limited per client and in all, with a lockout (429 and
/// `Retry-After`), and logged without the token or the address.
#[test]
fn admin_guessing_is_locked_out_and_logged() {
    let server = TestServer::start(&format!(
        "admin-token = \"{TOKEN}\"\n[limits]\nadmin-failures-per-address = 3\nadmin-failures-total = 6"
    ));
    let wrong = "gissning-gissning-gissning-gissning";
    for _ in 0..3 {
        assert_eq!(admin_get([127, 0, 0, 11], &server, wrong).status(), 401);
    }
    let locked = admin_get([127, 0, 0, 11], &server, wrong);
    assert_eq!(locked.status(), 429);
    assert!(locked.headers().get("retry-after").is_some());
    assert!(body(locked).contains("tillfälligt spärrad"));
    assert_eq!(
        admin_get([127, 0, 0, 11], &server, TOKEN).status(),
        429,
        "locked even with the right token"
    );
    // The form is locked for that address too.
    let form = client_from([127, 0, 0, 11])
        .post(server.url("/admin/"))
        .header("origin", &server.base)
        .form(&[("nyckel", TOKEN)])
        .send()
        .expect("request");
    assert_eq!(form.status(), 429);
    assert_eq!(
        admin_get([127, 0, 0, 12], &server, TOKEN).status(),
        200,
        "other address"
    );
    for _ in 0..3 {
        assert_eq!(admin_get([127, 0, 0, 12], &server, wrong).status(), 401);
    }
    // Six failures in all: sign-in is locked for everyone.
    assert_eq!(admin_get([127, 0, 0, 13], &server, TOKEN).status(), 429);

    std::thread::sleep(Duration::from_millis(300));
    let log = server.log_text();
    assert_eq!(
        log.matches("admin: inloggning misslyckades").count(),
        6,
        "{log}"
    );
    assert!(log.contains("admin: rapport visad"), "{log}");
    assert!(log.contains("admin: inloggning spärrad"), "{log}");
    assert!(
        !log.contains(TOKEN) && !log.contains(wrong),
        "no tokens in the log"
    );
    for ip in ["127.0.0.11", "127.0.0.12", "127.0.0.13"] {
        assert!(!log.contains(ip), "no addresses in the log");
    }
}

/// L2: weak, whitespace-only and too short admin tokens are refused at start-up;
/// `admin-token-file` works.
#[test]
fn weak_admin_tokens_are_refused_and_token_files_work() {
    let dir = tempfile::tempdir().expect("dir");
    for (token, message) in [
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "för lätt att gissa"),
        ("                                    ", "mellanslag"),
        ("Xq7vR2mN9pL4sT8w", "minst 32 tecken"),
    ] {
        let config = dir.path().join("v.toml");
        std::fs::write(&config, format!("admin-token = \"{token}\"\n")).expect("config");
        let out = run(
            &repo_root(),
            &["--config", config.to_str().expect("utf-8"), "check"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("v.toml:1: admin-token"), "{stderr}");
        assert!(stderr.contains(message), "{message}: {stderr}");
    }
    let data = tempfile::tempdir().expect("data");
    let token_file = data.path().join("admin-nyckel");
    std::fs::write(&token_file, format!("{TOKEN}\n")).expect("token");
    let config = format!(
        "data-dir = {:?}\nadmin-token-file = {:?}\n",
        data.path().join("var").display().to_string(),
        token_file.display().to_string()
    );
    let server = TestServer::start_with(data, &config, &[]);
    let ok = client()
        .get(server.url("/admin/"))
        .bearer_auth(TOKEN)
        .send()
        .expect("request");
    assert_eq!(ok.status(), 200);
}

/// L4 and I4: with `public-url`, other hosts get 421 (but `/healthz` answers), `Origin` must
/// match scheme and host, and the certificate names the public address, not the `Host`.
#[test]
fn only_the_public_host_is_served() {
    let server = TestServer::start("public-url = \"https://vagvisaren.example\"");
    let with_host = |path: &str, host: &str| {
        client()
            .get(server.url(path))
            .header("host", host)
            .send()
            .expect("request")
    };
    assert_eq!(with_host("/", "vagvisaren.example").status(), 200);
    let refused = with_host("/", "rebind.attacker.example");
    assert_eq!(refused.status(), 421);
    assert!(body(refused).contains("Den här servern svarar inte för den adressen"));
    assert_eq!(with_host("/utbildning/", "127.0.0.1").status(), 421);
    assert_eq!(
        with_host("/healthz", "rebind.attacker.example").status(),
        200
    );

    let module = grundkurs();
    let form_page = body(with_host(
        &format!("/utbildning/{MODULE}/"),
        "vagvisaren.example",
    ));
    let fields = answers(&module, &parse_form(&form_page), true);
    let send = |path: &str, origin: &str, fields: &[(String, String)]| {
        client()
            .post(server.url(path))
            .header("host", "vagvisaren.example")
            .header("origin", origin)
            .form(fields)
            .send()
            .expect("request")
    };
    let submit = format!("/utbildning/{MODULE}/svar");
    assert_eq!(
        send(&submit, "http://vagvisaren.example", &fields).status(),
        403,
        "the scheme is compared"
    );
    let passed = send(&submit, "https://vagvisaren.example", &fields);
    assert_eq!(passed.status(), 200);
    let token = attr_after(&body(passed), "name=\"resultat\"", "value").expect("token");
    let cert = body(send(
        &format!("/utbildning/{MODULE}/intyg"),
        "https://vagvisaren.example",
        &[
            ("resultat".to_string(), token),
            ("namn".to_string(), "Kim".to_string()),
        ],
    ));
    assert!(
        cert.contains(">https://vagvisaren.example/utbildning/intyg/"),
        "{cert}"
    );
}

/// L8: `X-Robots-Tag: noindex, nofollow` on certificate checks, admin, search and the API,
/// not on content pages; the log names the route template, never the certificate code.
#[test]
fn noindex_and_route_templates_in_the_log() {
    let data = tempfile::tempdir().expect("data");
    let config = format!(
        "data-dir = {:?}\n",
        data.path().join("var").display().to_string()
    );
    let server = TestServer::start_with(data, &config, &[("VAGVISARE_LOG", "debug")]);
    let code = certify(&server, &grundkurs(), "Kim", "");
    let robots = |path: &str| {
        server
            .get(path)
            .headers()
            .get("x-robots-tag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    for path in [
        format!("/utbildning/intyg/{code}"),
        "/utbildning/intyg?kod=x".to_string(),
        "/admin/".to_string(),
        "/sok?q=hemligtsokord".to_string(),
        "/api/search?q=hemligtsokord".to_string(),
    ] {
        assert_eq!(
            robots(&path).as_deref(),
            Some("noindex, nofollow"),
            "{path}"
        );
    }
    assert_eq!(robots("/hjalp/"), None);
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log_text();
    assert!(
        log.contains("/utbildning/intyg/{code}"),
        "route template:\n{log}"
    );
    assert!(!log.contains(&code), "no certificate code in the log");
    assert!(!log.contains("hemligtsokord"), "no search words in the log");
}

/// L7: names and units with direction overrides or invisible characters are refused.
#[test]
fn invisible_characters_in_names_are_refused() {
    let server = TestServer::start("");
    let module = grundkurs();
    let form = parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
    let result = body(post(
        &server,
        &format!("/utbildning/{MODULE}/svar"),
        &answers(&module, &form, true),
    ));
    let token = attr_after(&result, "name=\"resultat\"", "value").expect("token");
    for (name, unit) in [
        ("\u{202E}=1+1", ""),
        ("Kim\u{200B}", ""),
        ("Kim", "\u{2066}Enhet"),
    ] {
        let response = post(
            &server,
            &format!("/utbildning/{MODULE}/intyg"),
            &[
                ("resultat".to_string(), token.clone()),
                ("namn".to_string(), name.to_string()),
                ("enhet".to_string(), unit.to_string()),
            ],
        );
        assert_eq!(response.status(), 400, "{name:?} {unit:?}");
        assert!(body(response).contains("osynliga tecken"));
    }
}

/// M3: the report is paged and the CSV is streamed: 2,500 certificates give 25 pages of 100,
/// and a CSV of 2,501 lines.
#[test]
fn the_report_is_paged_and_the_csv_complete() {
    let data = tempfile::tempdir().expect("data");
    let var = data.path().join("var");
    drop(vagvisare_quizzes::Store::open_in(&var).expect("create"));
    {
        let mut conn = rusqlite::Connection::open(var.join("utbildning.sqlite3")).expect("open");
        let tx = conn.transaction().expect("tx");
        for i in 0..2500 {
            let code = vagvisare_quizzes::CertificateCode::generate().expect("code");
            tx.execute(
                "INSERT INTO certificates (code, name, unit, module_id, module_version, correct, total, passed, issued)
                 VALUES (?1, ?2, 'Enhet', 'grundkurs', 1, 9, 10, 1, ?3)",
                rusqlite::params![code.as_str(), format!("Person {i}"), 1_780_000_000 + i],
            )
            .expect("insert");
        }
        tx.commit().expect("commit");
    }
    let config = format!(
        "data-dir = {:?}\nadmin-token = \"{TOKEN}\"\n",
        var.display().to_string()
    );
    let server = TestServer::start_with(data, &config, &[]);
    let get = |path: &str| {
        client()
            .get(server.url(path))
            .bearer_auth(TOKEN)
            .send()
            .expect("request")
    };
    let first = body(get("/admin/"));
    assert!(first.contains("Alla intyg (2500)"));
    assert!(first.contains("Sida 1 av 25"));
    assert_eq!(first.matches("<td>Person ").count(), 100);
    assert!(first.contains("<td>Person 2499</td>"), "newest first");
    let last = body(get("/admin/?sida=25"));
    assert!(last.contains("<td>Person 0</td>"));
    assert!(last.contains("Föregående sida"));
    let csv = body(get("/admin/rapport.csv"));
    assert_eq!(csv.lines().count(), 2501);
}

/// L6: database and data-folder problems at start-up are one Swedish line naming the file.
#[test]
fn startup_errors_name_the_file_once_in_swedish() {
    let dir = tempfile::tempdir().expect("dir");
    let var = dir.path().join("var");
    std::fs::create_dir_all(&var).expect("var");
    let db = var.join("utbildning.sqlite3");
    std::fs::write(&db, vec![0x5a; 8192]).expect("junk");
    let config = dir.path().join("v.toml");
    std::fs::write(
        &config,
        format!("data-dir = {:?}\n", var.display().to_string()),
    )
    .expect("config");
    let serve = |config: &std::path::Path| {
        run(
            &repo_root(),
            &[
                "--config",
                config.to_str().expect("utf-8"),
                "serve",
                "--addr",
                "127.0.0.1:0",
            ],
        )
    };
    let out = serve(&config);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = format!("fel: {}: filen är inte en SQLite-databas", db.display());
    assert!(stderr.contains(&line), "{stderr}");
    assert_eq!(
        stderr.matches("SQLite-databas").count(),
        1,
        "said once: {stderr}"
    );
    assert!(!stderr.contains("file is not a database"), "{stderr}");

    let file = dir.path().join("en-fil");
    std::fs::write(&file, "x").expect("file");
    std::fs::write(
        &config,
        format!("data-dir = {:?}\n", file.join("var").display().to_string()),
    )
    .expect("config");
    let out = serve(&config);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("datamappen kan inte skapas: en del av sökvägen är en fil, inte en mapp"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
}

/// Several municipalities in one process: each signs with its own derived key, so a quiz form
/// from one is refused by another, and a host that is not listed gets 421.
#[test]
fn municipalities_refuse_each_others_forms() {
    let data = tempfile::tempdir().expect("data");
    for (dir, name) in [("a", "Aby"), ("b", "Bestad")] {
        let overlay = data.path().join(dir);
        std::fs::create_dir_all(&overlay).expect("overlay");
        std::fs::write(
            overlay.join("vagvisare.toml"),
            format!(
                "municipality = \"{name}\"\nbase = {:?}\n",
                repo_root().display().to_string()
            ),
        )
        .expect("municipality config");
    }
    let hosting = "[[municipalities]]\nhost = \"a.localhost\"\noverlay = \"a\"\n\n[[municipalities]]\nhost = \"b.localhost\"\noverlay = \"b\"\n";
    let server = TestServer::start_with(data, hosting, &[]);
    let get = |host: &str, path: &str| {
        client()
            .get(server.url(path))
            .header("host", host)
            .send()
            .expect("request")
    };
    assert_eq!(get("c.localhost", "/").status(), 421);
    assert_eq!(get("c.localhost", "/healthz").status(), 200);
    let module = grundkurs();
    let page = get("a.localhost", &format!("/utbildning/{MODULE}/"));
    assert_eq!(page.status(), 200);
    let fields = answers(&module, &parse_form(&body(page)), true);
    let submit = |host: &str| {
        client()
            .post(server.url(&format!("/utbildning/{MODULE}/svar")))
            .header("host", host)
            .header("origin", format!("http://{host}"))
            .form(&fields)
            .send()
            .expect("request")
    };
    let elsewhere = submit("b.localhost");
    assert_eq!(elsewhere.status(), 400, "B refuses A's form");
    assert!(body(elsewhere).contains("Formuläret är ogiltigt eller för gammalt"));
    assert_eq!(submit("a.localhost").status(), 200, "A takes its own form");
}
