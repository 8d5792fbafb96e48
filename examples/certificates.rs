//! Certificate records on SQLite and on PostgreSQL, one and two replicas, side by side in one
//! run (issue 13; figures in BENCHMARKS.md). Measures the storage the server calls for each
//! certificate: issuing one for a passed result (`Store::issue_certificate`, one write
//! transaction) and verifying one by its code (`Store::certificate`, one read).
//!
//! ```text
//! cargo run --release --example certificates -- --seconds 5 --threads 8
//! ```
//!
//! A "replica" is one `Store` with its own connections, as one `vagvisare serve` process has:
//! for SQLite two handles on the same file (two processes on one machine), for PostgreSQL
//! two connection pools on the same schema (two servers on one database). The worker threads
//! are spread evenly over the replicas. PostgreSQL is a throw-away local server started by the
//! run (`pg_cluster`, fsync on, like SQLite's `synchronous = FULL`), on the same two cores.
//!
//! Options: `--seconds S` per measurement (5), `--threads T` (8).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use vagvisare_quizzes::pg_cluster::PgCluster;
use vagvisare_quizzes::{CertificateCode, NewCertificate, PgOptions, Store};

fn main() {
    let mut seconds = 5u64;
    let mut threads = 8usize;
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        match (pair[0].as_str(), pair.get(1).and_then(|v| v.parse().ok())) {
            ("--seconds", Some(v)) => seconds = v,
            ("--threads", Some(v)) => threads = v as usize,
            _ => {
                eprintln!("usage: certificates [--seconds S] [--threads T]");
                std::process::exit(2);
            }
        }
    }
    let cluster = PgCluster::start_durable().expect("PostgreSQL (install postgresql)");
    let dir = tempfile::tempdir().expect("temp dir");
    println!(
        "| database | replicas | issue/s | issue p50 | issue p99 | verify/s | verify p50 | verify p99 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, replicas) in [
        ("SQLite", 1usize),
        ("SQLite", 2),
        ("PostgreSQL", 1),
        ("PostgreSQL", 2),
    ] {
        let stores: Vec<Arc<Store>> = (0..replicas)
            .map(|_| {
                Arc::new(if name == "SQLite" {
                    Store::open_in(&dir.path().join(format!("sqlite-{replicas}"))).expect("sqlite")
                } else {
                    Store::postgres(&PgOptions {
                        url: cluster.url("postgres"),
                        password: None,
                        schema: format!("bench_{replicas}"),
                    })
                    .expect("postgres")
                })
            })
            .collect();
        stores[0].ping().expect("database answers");
        let seconds = Duration::from_secs(seconds);
        let (issued, issue) = run(&stores, threads, seconds, None);
        let codes = Arc::new(issued);
        let (_, verify) = run(&stores, threads, seconds, Some(&codes));
        println!(
            "| {name} | {replicas} | {:.0} | {} | {} | {:.0} | {} | {} |",
            issue.rate,
            ms(issue.p50),
            ms(issue.p99),
            verify.rate,
            ms(verify.p50),
            ms(verify.p99)
        );
    }
}

struct Stats {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Runs `threads` workers over `stores` for `time`: issuing certificates (`codes` is `None`)
/// or verifying the given codes. Returns the issued codes and the figures.
fn run(
    stores: &[Arc<Store>],
    threads: usize,
    time: Duration,
    codes: Option<&Arc<Vec<CertificateCode>>>,
) -> (Vec<CertificateCode>, Stats) {
    let stop = Arc::new(AtomicBool::new(false));
    let nonce = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let store = Arc::clone(&stores[t % stores.len()]);
            let stop = Arc::clone(&stop);
            let nonce = Arc::clone(&nonce);
            let codes = codes.cloned();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut issued = Vec::new();
                let mut i = t;
                while !stop.load(Ordering::Relaxed) {
                    let began = Instant::now();
                    match &codes {
                        None => {
                            let n = nonce.fetch_add(1, Ordering::Relaxed);
                            let name = format!("Person {n}");
                            let cert = store
                                .issue_certificate(
                                    &format!("resultat-{n}-{}", start.elapsed().as_nanos()),
                                    &NewCertificate {
                                        name: &name,
                                        unit: Some("Enheten"),
                                        module_id: "grundkurs",
                                        module_version: 3,
                                        correct: 10,
                                        total: 12,
                                        passed: true,
                                        valid_until: time::macros::date!(2028 - 12 - 01),
                                        pages: &[],
                                    },
                                    time::OffsetDateTime::now_utc(),
                                )
                                .expect("issue");
                            issued.push(cert.certificate().code.clone());
                        }
                        Some(codes) => {
                            let code = &codes[i % codes.len()];
                            i = i.wrapping_add(7919);
                            let found = store.certificate(code).expect("verify");
                            assert!(found.is_some(), "stored");
                        }
                    }
                    latencies.push(began.elapsed());
                }
                (issued, latencies)
            })
        })
        .collect();
    std::thread::sleep(time);
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut issued = Vec::new();
    for h in handles {
        let (codes, latencies) = h.join().expect("worker");
        issued.extend(codes);
        all.extend(latencies);
    }
    let elapsed = start.elapsed();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    let stats = Stats {
        rate: all.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    };
    (issued, stats)
}
