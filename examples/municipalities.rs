//! Many municipalities on one server (issue 12; figures in BENCHMARKS.md): generates N
//! municipalities' overlays from the national base in a temporary folder, with a hosting file
//! that serves them on `m01.localhost` … `mNN.localhost`, then measures with the release binary:
//!
//! 1. `vagvisare build` of every municipality (the deployment step), with an empty cache;
//! 2. a start with the sites built: time from start until every municipality has answered
//!    its first page, and the resident memory (RSS) per municipality;
//! 3. search latency per municipality over HTTP;
//! 4. cold starts: without the built sites but with the compression cache, and without both.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example municipalities -- --count 20
//! ```
//!
//! Options: `--count N` (20), `--dir DIR` (a new temporary folder, removed afterwards unless
//! given), `--binary PATH` (`target/release/vagvisare`), `--port P` (18600), `--rounds R`
//! (search queries per municipality = R × the 20 queries below; 5).
//!
//! Each overlay has three local routine pages placed under "Rutiner", a local block in each
//! national page that declares a place (when the base declares fewer than five, the generator's
//! copy of the base gets a place at the end of five routine pages) and a local contact. Phone
//! numbers are examples that cannot be dialled (000 …).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vagvisare_model::{Layers, Site};

/// Queries sent to every municipality (words that staff, landlords and people seeking help
/// type; some with typos or without å/ä/ö).
const QUERIES: [&str; 20] = [
    "kontaktförbud",
    "orosanmälan",
    "skyddade personuppgifter",
    "hedersrelaterat våld",
    "skyddat boende",
    "riskbedömning",
    "fråga om våld",
    "barnahus",
    "kvinnojour",
    "hyresvärd skyddad identitet",
    "polisanmälan",
    "brottsskadeersattning",
    "tvångsäktenskap",
    "målsägandebiträde",
    "sekretess",
    "våldsutsatta kvinnor",
    "utreseförbud",
    "stöd till den som utövar våld",
    "ekonomiskt stod",
    "kontaktforbud",
];

/// Routine pages that get a place for local text when the base declares too few.
const PLACE_PAGES: [&str; 5] = [
    "rutiner/fraga-om-vald.md",
    "rutiner/riskbedomning.md",
    "rutiner/skyddat-boende.md",
    "rutiner/samverkan.md",
    "rutiner/dokumentation-och-sekretess.md",
];

struct Args {
    count: usize,
    dir: Option<PathBuf>,
    binary: PathBuf,
    port: u16,
    rounds: usize,
}

fn parse_args() -> Result<Args, Box<dyn std::error::Error>> {
    let root = repo_root();
    let mut args = Args {
        count: 20,
        dir: None,
        binary: root.join("target/release/vagvisare"),
        port: 18600,
        rounds: 5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} saknar ett värde"))?;
        match flag.as_str() {
            "--count" => args.count = value.parse()?,
            "--dir" => args.dir = Some(std::path::absolute(value)?),
            "--binary" => args.binary = std::path::absolute(value)?,
            "--port" => args.port = value.parse()?,
            "--rounds" => args.rounds = value.parse()?,
            other => return Err(format!("okänd flagga {other}").into()),
        }
    }
    Ok(args)
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let temp;
    let dir = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let hosting = generate(&dir, args.count)?;
    println!(
        "{} municipalities generated in {}",
        args.count,
        dir.display()
    );
    let hosts: Vec<String> = (1..=args.count).map(host).collect();
    let config = hosting.display().to_string();

    // 1. The deployment step, with an empty cache.
    let t = Instant::now();
    let out = Command::new(&args.binary)
        .args(["--config", &config, "build"])
        .current_dir(&dir)
        .env("VAGVISARE_LOG", "warn")
        .output()?;
    if !out.status.success() {
        return Err(format!("build: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    println!(
        "build (all municipalities, empty cache): {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // 2. Start with the sites built; 3. search latency.
    let mut server = Server::start(&args, &dir, &config)?;
    let ready = server.wait_ready(&hosts)?;
    report_ready("start, sites built", &ready);
    let rss_start = server.rss_kb();
    search_latency(&server, &hosts, args.rounds)?;
    let rss_after = server.rss_kb();
    println!(
        "RSS after start: {:.1} MB ({:.1} MB per municipality); after the searches: {:.1} MB ({:.1} MB per municipality); peak {:.1} MB",
        mb(rss_start),
        mb(rss_start) / args.count as f64,
        mb(rss_after),
        mb(rss_after) / args.count as f64,
        mb(server.hwm_kb())
    );
    drop(server);

    // 4. Cold starts.
    for (what, remove_cache) in [
        ("start without built sites, cache kept", false),
        ("start without built sites or cache", true),
    ] {
        for i in 1..=args.count {
            let site = dir.join(overlay_name(i)).join("var").join("site");
            if site.exists() {
                std::fs::remove_dir_all(&site)?;
            }
        }
        if remove_cache {
            let cache = dir.join("var").join("cache");
            if cache.exists() {
                std::fs::remove_dir_all(&cache)?;
            }
        }
        let mut server = Server::start(&args, &dir, &config)?;
        let ready = server.wait_ready(&hosts)?;
        report_ready(what, &ready);
        println!("  RSS {:.1} MB", mb(server.rss_kb()));
    }
    Ok(())
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn host(i: usize) -> String {
    format!("m{i:02}.localhost")
}

fn overlay_name(i: usize) -> String {
    format!("m{i:02}")
}

/// Writes the base copy, the overlays and the hosting file; returns the hosting file.
fn generate(dir: &Path, count: usize) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let root = repo_root();
    let base = dir.join("base");
    for part in ["content", "data", "quizzes/modules"] {
        copy_tree(&root.join(part), &base.join(part))?;
    }
    std::fs::create_dir_all(base.join("search"))?;
    std::fs::copy(
        root.join("search/synonyms.toml"),
        base.join("search/synonyms.toml"),
    )?;
    let today = time::OffsetDateTime::now_utc().date();
    let mut site = load(&base, today)?;
    if site.pages.iter().filter(|p| !p.places.is_empty()).count() < PLACE_PAGES.len() {
        for page in PLACE_PAGES {
            let file = base.join("content").join(page);
            let mut text = std::fs::read_to_string(&file)?;
            text.push_str("\n{{lokalt:sa-gor-vi}}\n");
            std::fs::write(&file, text)?;
        }
        site = load(&base, today)?;
    }
    let places: Vec<(String, String, String)> = site
        .pages
        .iter()
        .flat_map(|p| {
            let stamp = p.stamp();
            let based_on = format!(
                "{{ version = {}, hash = \"{}\" }}",
                stamp.version,
                stamp.hash.map(|h| h.to_string()).unwrap_or_default()
            );
            p.places
                .iter()
                .map(move |(place, _)| (p.path.clone(), place.clone(), based_on.clone()))
        })
        .collect();

    let mut hosting = String::new();
    for i in 1..=count {
        let name = format!("Kommun {i}");
        let overlay = dir.join(overlay_name(i));
        write_overlay(&overlay, &name, &places)?;
        hosting.push_str(&format!(
            "\n[[municipalities]]\nhost = \"{}\"\noverlay = \"{}\"\n",
            host(i),
            overlay_name(i)
        ));
    }
    let file = dir.join("hosting.toml");
    std::fs::write(&file, hosting)?;
    Ok(file)
}

fn load(base: &Path, today: time::Date) -> Result<Site, Box<dyn std::error::Error>> {
    match Site::load(&Layers::national(base), today) {
        Ok(loaded) => Ok(loaded.site),
        Err(e) => Err(format!("{}: {e}", base.display()).into()),
    }
}

fn write_overlay(
    dir: &Path,
    name: &str,
    places: &[(String, String, String)],
) -> Result<(), Box<dyn std::error::Error>> {
    let write = |rel: &str, text: &str| -> std::io::Result<()> {
        let file = dir.join(rel);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(file, text)
    };
    write(
        "vagvisare.toml",
        &format!(
            "municipality = \"{name}\"\nbase = \"../base\"\ndata-dir = \"var\"\n\n[[contacts]]\nname = \"Socialtjänstens mottagning i {name}\"\nphone = \"000-000 00 00\"\nhours = \"Vardagar 8–16\"\ndescription = \"Ett exempel: numret går inte att ringa.\"\n"
        ),
    )?;
    let unit = format!("Enheten för våld i nära relationer, {name}");
    let pages = [
        (
            "mottagning",
            "Så tar vi emot den som söker stöd",
            "Så tar mottagningen emot den som söker stöd för våld i en nära relation.",
            "Den som ringer eller kommer till mottagningen får tala med en socialsekreterare samma dag. Vi frågar om det finns ett akut behov av skydd. Vi bokar ett nytt samtal inom en vecka.",
        ),
        (
            "jour",
            "Jour på kvällar och helger",
            "Så når du socialjouren när mottagningen är stängd.",
            "När mottagningen är stängd svarar socialjouren. Jouren kan ordna skydd samma kväll. Jouren lämnar över ärendet till mottagningen nästa vardag.",
        ),
        (
            "samverkan-polis",
            "Samverkan med polisen här",
            "Så samverkar enheten med polisen i kommunen.",
            "Enheten träffar polisen en gång i månaden. Vi går igenom ärenden där det finns risk för nytt våld. Vi skriver ner vem som gör vad.",
        ),
    ];
    for (slug, title, summary, body) in pages {
        write(
            &format!("content/lokalt/{slug}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\nsummary = \"{summary}\"\naudience = [\"personal\", \"nyanstalld\"]\ntags = [\"rutin\", \"lokalt\"]\nowner = \"{unit}\"\nreviewed = 2026-11-23\nsources = [\"sos-freda\"]\nplacement = {{ after = \"rutiner/samverkan.md\" }}\n+++\n\n{body}\n\n## Vem gör vad?\n\nSocialsekreteraren håller i ärendet. Enhetschefen beslutar om skydd. {name} följer upp varje ärende efter en månad.\n"
            ),
        )?;
    }
    for (page, place, based_on) in places {
        let stem = page.trim_end_matches(".md");
        write(
            &format!("blocks/{stem}/{place}.md"),
            &format!(
                "+++\nowner = \"{unit}\"\nreviewed = 2026-11-30\nbased_on = {based_on}\n+++\nHos oss i {name} ringer du mottagningen först. Mottagningen bokar ett samtal inom en vecka. Skriv ner vad du har gjort i journalen samma dag.\n"
            ),
        )?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The server under test; killed when dropped.
struct Server {
    child: Child,
    base: String,
    started: Instant,
}

impl Server {
    fn start(args: &Args, dir: &Path, config: &str) -> std::io::Result<Server> {
        let started = Instant::now();
        let child = Command::new(&args.binary)
            .args(["--config", config, "serve", "--addr"])
            .arg(format!("127.0.0.1:{}", args.port))
            .current_dir(dir)
            .env("VAGVISARE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Server {
            child,
            base: format!("http://127.0.0.1:{}", args.port),
            started,
        })
    }

    /// Polls `/` on every host until each has answered 200 once; the time of each first answer.
    fn wait_ready(
        &mut self,
        hosts: &[String],
    ) -> Result<BTreeMap<String, Duration>, Box<dyn std::error::Error>> {
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?;
        let mut ready = BTreeMap::new();
        while ready.len() < hosts.len() {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!("the server stopped: {status}").into());
            }
            if self.started.elapsed() > Duration::from_secs(600) {
                return Err("not ready after 600 s".into());
            }
            for h in hosts {
                if ready.contains_key(h) {
                    continue;
                }
                let answered = client
                    .get(format!("{}/", self.base))
                    .header("host", h.as_str())
                    .send()
                    .is_ok_and(|r| r.status().is_success());
                if answered {
                    ready.insert(h.clone(), self.started.elapsed());
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        Ok(ready)
    }

    fn status_kb(&self, key: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
            })
            .unwrap_or(0)
    }

    fn rss_kb(&self) -> u64 {
        self.status_kb("VmRSS:")
    }

    fn hwm_kb(&self) -> u64 {
        self.status_kb("VmHWM:")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn report_ready(what: &str, ready: &BTreeMap<String, Duration>) {
    let mut times: Vec<f64> = ready.values().map(Duration::as_secs_f64).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: first municipality answered after {:.2} s, every municipality after {:.2} s",
        times.first().copied().unwrap_or(0.0),
        times.last().copied().unwrap_or(0.0)
    );
}

/// Sends every query `rounds` times to each municipality in turn (one keep-alive connection,
/// one request at a time) and prints latency per municipality and over all.
fn search_latency(
    server: &Server,
    hosts: &[String],
    rounds: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let mut all = Vec::new();
    let mut per_host = Vec::new();
    for h in hosts {
        let mut times = Vec::new();
        let mut took = Vec::new();
        for _ in 0..rounds {
            for q in QUERIES {
                let url = format!("{}/api/search?q={}&limit=8", server.base, encode(q));
                let t = Instant::now();
                let response = client.get(&url).header("host", h.as_str()).send()?;
                if !response.status().is_success() {
                    return Err(format!("{h}: {q}: {}", response.status()).into());
                }
                let body: serde_json::Value = serde_json::from_slice(&response.bytes()?)?;
                times.push(t.elapsed());
                took.push(body["took_us"].as_u64().unwrap_or(0));
            }
        }
        times.sort();
        took.sort_unstable();
        per_host.push((
            h.clone(),
            pct(&times, 0.5),
            pct(&times, 0.99),
            took[took.len() / 2],
        ));
        all.extend(times);
    }
    all.sort();
    println!(
        "search over HTTP, {} queries per municipality: p50 {:.2} ms, p99 {:.2} ms over all",
        rounds * QUERIES.len(),
        pct(&all, 0.5),
        pct(&all, 0.99)
    );
    let p50s: Vec<f64> = per_host.iter().map(|p| p.1).collect();
    let p99s: Vec<f64> = per_host.iter().map(|p| p.2).collect();
    let range = |v: &[f64]| {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(0.0, f64::max);
        format!("{min:.2}–{max:.2} ms")
    };
    println!(
        "  per municipality: p50 {}, p99 {}",
        range(&p50s),
        range(&p99s)
    );
    for (h, p50, p99, took) in per_host {
        println!("  {h}: p50 {p50:.2} ms, p99 {p99:.2} ms, median took_us {took}");
    }
    Ok(())
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
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
