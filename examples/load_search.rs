//! HTTP load test for `/api/search` (see BENCHMARKS.md): N concurrent keep-alive connections
//! send the relevance queries in turn for a fixed time; prints throughput, errors and latency
//! percentiles. Start a release server first:
//!
//! ```text
//! cargo build --release
//! target/release/vagvisare serve --addr 127.0.0.1:8080 &
//! cargo run --release --example load_search -- http://127.0.0.1:8080 64 20 1
//! ```
//!
//! Arguments: base URL, connections (64), seconds (20), client worker threads (1), a total
//! request rate per second (0, the default, sends as fast as the server answers; a rate spreads
//! requests evenly over the connections, so latency shows service time rather than queueing),
//! and `gzip` to send a browser's `Accept-Encoding: gzip, deflate, br` (the compressed answers
//! are counted, not decompressed). Any status other than 200 counts as an error, by status.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use vagvisare_search::Relevance;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args
        .first()
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let connections: usize = args.get(1).map_or(Ok(64), |a| a.parse())?;
    let seconds: u64 = args.get(2).map_or(Ok(20), |a| a.parse())?;
    let threads: usize = args.get(3).map_or(Ok(1), |a| a.parse())?;
    let rate: f64 = args.get(4).map_or(Ok(0.0), |a| a.parse())?;
    let browser = args.get(5).is_some_and(|a| a == "gzip");
    // Each connection's pause between sends at the requested rate.
    let interval = (rate > 0.0).then(|| Duration::from_secs_f64(connections as f64 / rate));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = Relevance::load(&root.join("search/relevance.toml"))?;
    let paths: Arc<Vec<String>> = Arc::new(
        set.cases
            .iter()
            .map(|c| {
                let mut p = format!("{base}/api/search?q={}&limit=8", encode(&c.q));
                if let Some(a) = c.audience {
                    p.push_str(&format!("&audience={}", a.key()));
                }
                p
            })
            .collect(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let mut headers = reqwest::header::HeaderMap::new();
        if browser {
            headers.insert(
                reqwest::header::ACCEPT_ENCODING,
                reqwest::header::HeaderValue::from_static("gzip, deflate, br"),
            );
        }
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(connections)
            .timeout(Duration::from_secs(10))
            .no_gzip()
            .no_brotli()
            .default_headers(headers)
            .build()?;
        // Warm up: open the connections and touch every query once.
        for p in paths.iter() {
            client.get(p).send().await?.bytes().await?;
        }
        let errors = Arc::new(AtomicUsize::new(0));
        let busy = Arc::new(AtomicUsize::new(0));
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for worker in 0..connections {
            let client = client.clone();
            let paths = Arc::clone(&paths);
            let errors = Arc::clone(&errors);
            let busy = Arc::clone(&busy);
            tasks.push(tokio::spawn(async move {
                let mut times = Vec::new();
                let mut i = worker;
                let mut next = Instant::now()
                    + interval.map_or(Duration::ZERO, |d| d.mul_f64(worker as f64 / connections as f64));
                while Instant::now() < deadline {
                    if let Some(d) = interval {
                        tokio::time::sleep_until(next.into()).await;
                        next += d;
                    }
                    let path = &paths[i % paths.len()];
                    i += 1;
                    let t0 = Instant::now();
                    let ok = match client.get(path).send().await {
                        Ok(r) => {
                            if r.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE {
                                busy.fetch_add(1, Ordering::Relaxed);
                            }
                            r.status().is_success() && r.bytes().await.is_ok()
                        }
                        Err(_) => false,
                    };
                    if ok {
                        times.push(t0.elapsed());
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                times
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.extend(t.await?);
        }
        let elapsed = started.elapsed();
        times.sort();
        let pct = |p: f64| {
            let i = ((times.len() as f64 - 1.0) * p).round() as usize;
            times.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{connections} connections, {threads} client thread(s), rate {}, {}{:.1} s: {} requests ({:.0}/s), {} errors ({} of them 503)",
            if rate > 0.0 { format!("{rate:.0}/s") } else { "unlimited".into() },
            if browser { "Accept-Encoding: gzip, deflate, br, " } else { "" },
            elapsed.as_secs_f64(),
            times.len(),
            times.len() as f64 / elapsed.as_secs_f64(),
            errors.load(Ordering::Relaxed),
            busy.load(Ordering::Relaxed)
        );
        println!(
            "latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            pct(0.50),
            pct(0.90),
            pct(0.99),
            pct(1.0)
        );
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
