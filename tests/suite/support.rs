//! Shared helpers: running the binary and starting the real server on a free port.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The repository root (the bundled content lives here).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Runs `vagvisare` with arguments, in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vagvisare"))
        .args(args)
        .current_dir(dir)
        .env("VAGVISARE_LOG", "warn")
        .output()
        .expect("the vagvisare binary runs")
}

/// A running server with its own data folder; killed when dropped.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    child: Child,
    /// The data folder (site, database).
    pub data: tempfile::TempDir,
    /// Every line the server has written to stderr so far.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl TestServer {
    /// Starts `vagvisare serve` on the bundled content with extra config lines.
    pub fn start(extra_config: &str) -> TestServer {
        let data = tempfile::tempdir().expect("temp dir");
        TestServer::start_in(data, extra_config)
    }

    /// Starts the server with an existing data folder (to test restarts).
    pub fn start_in(data: tempfile::TempDir, extra_config: &str) -> TestServer {
        let config = format!(
            "data-dir = {:?}\n{extra_config}\n",
            data.path().join("var").display().to_string()
        );
        TestServer::start_with(data, &config, &[])
    }

    /// Starts the server with exactly `config` as its configuration file (written into
    /// `data`) and extra environment variables (`VAGVISARE_LOG` defaults to `info`).
    pub fn start_with(data: tempfile::TempDir, config: &str, env: &[(&str, &str)]) -> TestServer {
        TestServer::spawn(None, data, config, env)
    }

    /// Starts the server like [`TestServer::start_with`] on the content and data in `root`
    /// (`serve --root`), e.g. a fixture folder.
    pub fn start_at(
        root: &Path,
        data: tempfile::TempDir,
        config: &str,
        env: &[(&str, &str)],
    ) -> TestServer {
        TestServer::spawn(Some(root), data, config, env)
    }

    /// Starts the server in the repository root, with `--root` when given (without it the
    /// root is `.`, as `vagvisare build` run there sees it, so an up-to-date build is reused).
    fn spawn(
        root: Option<&Path>,
        data: tempfile::TempDir,
        config: &str,
        env: &[(&str, &str)],
    ) -> TestServer {
        let config_path = data.path().join("vagvisare.toml");
        std::fs::write(&config_path, config).expect("write config");
        let mut command = Command::new(env!("CARGO_BIN_EXE_vagvisare"));
        command
            .args(["--config"])
            .arg(&config_path)
            .args(["serve", "--addr", "127.0.0.1:0"]);
        if let Some(root) = root {
            command.arg("--root").arg(root);
        }
        command
            .current_dir(repo_root())
            .env("VAGVISARE_LOG", "info")
            .env_remove("VAGVISARE_SIGNING_KEY")
            .env_remove("VAGVISARE_SIGNING_KEY_FILE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start server");
        let stderr = child.stderr.take().expect("stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let lines = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://127.0.0.1:") {
                    let url = line[i..].trim_end_matches('/').to_string();
                    let _ = tx.send(url);
                }
                if let Ok(mut all) = lines.lock() {
                    all.push(line);
                }
            }
        });
        // Generous: a debug build on a busy two-core machine can take a minute to build and index.
        let base = match rx.recv_timeout(Duration::from_secs(180)) {
            Ok(base) => base,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                // The reader thread ends with the process; give it a moment to store the log.
                std::thread::sleep(Duration::from_millis(200));
                let text = log.lock().map(|l| l.join("\n")).unwrap_or_default();
                panic!("the server did not report its address; its log:\n{text}");
            }
        };
        TestServer {
            base,
            child,
            data,
            log,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The log so far, one string.
    pub fn log_text(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }

    /// A URL on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET without following redirects and without decompression.
    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        client().get(self.url(path)).send().expect("request")
    }

    /// Stops the server with SIGTERM and waits; returns the data folder for a restart.
    pub fn stop(mut self) -> tempfile::TempDir {
        terminate(&mut self.child);
        let data = tempfile::tempdir().expect("temp dir");
        std::mem::replace(&mut self.data, data)
    }
}

impl TestServer {
    /// Kills the server with SIGKILL (no graceful shutdown); returns the data folder.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let data = tempfile::tempdir().expect("temp dir");
        std::mem::replace(&mut self.data, data)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    for _ in 0..100 {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
}

/// An HTTP client that shows responses as they are.
pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .no_brotli()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}
