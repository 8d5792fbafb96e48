//! The cost of compressing dynamic responses (see BENCHMARKS.md, "Compression of dynamic
//! responses"): fetches real answers from a running server (search JSON, the results page,
//! training pages) without compression, then compresses each body with gzip and brotli at
//! several levels and prints the size and the CPU time per response.
//!
//! ```text
//! target/release/vagvisare serve --addr 127.0.0.1:8080 &
//! cargo run --release --example compress_levels -- http://127.0.0.1:8080
//! ```

use std::io::Write;
use std::time::{Duration, Instant};

/// The answers measured: what the as-you-type box, the results page and training send.
const PATHS: [&str; 6] = [
    "/api/search?q=kontaktf%C3%B6rbud&limit=8",
    "/api/search?q=skyddade+personuppgifter&limit=10",
    "/api/search?q=barnahus&limit=3",
    "/sok?q=kontaktf%C3%B6rbud",
    "/utbildning/",
    "/utbildning/grundkurs/",
];

#[derive(Clone, Copy)]
enum Codec {
    Gzip(u32),
    /// Quality and window (log2); window 0 = fitted to the body.
    Brotli(i32, i32),
}

impl Codec {
    fn name(self) -> String {
        match self {
            Codec::Gzip(level) => format!("gzip {level}"),
            Codec::Brotli(q, 0) => format!("br {q}, fitted window"),
            Codec::Brotli(q, w) => format!("br {q}, window {w}"),
        }
    }

    fn compress(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Codec::Gzip(level) => {
                let mut out =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
                out.write_all(bytes).expect("in memory");
                out.finish().expect("in memory")
            }
            Codec::Brotli(quality, window) => {
                let fitted = (usize::BITS - bytes.len().max(1).leading_zeros()) as i32;
                let params = brotli::enc::BrotliEncoderParams {
                    quality,
                    lgwin: if window == 0 {
                        fitted.clamp(10, 22)
                    } else {
                        window
                    },
                    size_hint: if window == 0 { bytes.len() } else { 0 },
                    ..Default::default()
                };
                let mut out = Vec::new();
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in memory");
                out
            }
        }
    }
}

const CODECS: [Codec; 9] = [
    Codec::Gzip(1),
    Codec::Gzip(6),
    Codec::Gzip(9),
    Codec::Brotli(0, 0),
    Codec::Brotli(1, 0),
    Codec::Brotli(2, 0),
    Codec::Brotli(4, 0),
    Codec::Brotli(4, 22),
    Codec::Brotli(11, 0),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let client = reqwest::blocking::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()?;
    println!("| answer | bytes | codec | compressed | per response |");
    println!("|---|---|---|---|---|");
    for path in PATHS {
        let body = client.get(format!("{base}{path}")).send()?.bytes()?;
        for codec in CODECS {
            let (size, per) = time(codec, &body);
            println!(
                "| `{path}` | {} | {} | {size} ({:.0} %) | {:.0} µs |",
                body.len(),
                codec.name(),
                size as f64 * 100.0 / body.len() as f64,
                per.as_secs_f64() * 1e6
            );
        }
    }
    Ok(())
}

/// The compressed size and the median time of one compression (7 batches of ≥ 50 ms, after
/// 50 ms of warming up).
fn time(codec: Codec, body: &[u8]) -> (usize, Duration) {
    let size = codec.compress(body).len();
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_millis(50) {
        std::hint::black_box(codec.compress(std::hint::black_box(body)));
    }
    let mut batches = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(50) {
            std::hint::black_box(codec.compress(std::hint::black_box(body)));
            n += 1;
        }
        batches.push(start.elapsed() / n);
    }
    batches.sort();
    (size, batches[batches.len() / 2])
}
