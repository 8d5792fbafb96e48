//! A real, throw-away PostgreSQL server for tests: `initdb` into a temporary folder, `pg_ctl
//! start` on a free loopback port, and everything removed again when the cluster is dropped (or,
//! for the one [`PgCluster::shared`] cluster per test process, when the process exits).
//!
//! Only the PostgreSQL server programs are needed (`initdb`, `pg_ctl`, `createdb`, `psql`; on
//! Debian the `postgresql` package), found on `PATH` or in `/usr/lib/postgresql/*/bin` (newest
//! version first). `initdb` refuses to run as root, so when the tests run as root the server
//! runs as `nobody` (with `runuser` or `setpriv`) in a folder under `/tmp` owned by that user.
//!
//! The server trusts every local connection (`-A trust`, user `postgres`), listens only on
//! 127.0.0.1 and, unless started with [`PgCluster::start_with`]`(true)`, runs without `fsync`:
//! a killed *server process* loses nothing, a crashed machine may.
//!
//! When PostgreSQL is not installed, [`PgCluster::shared`] and [`PgCluster::fresh`] print one
//! loud message and return `None`, so the tests against PostgreSQL are skipped; with
//! `VAGVISARE_REQUIRE_POSTGRES=1` (CI, `scripts/test` as root) they panic instead. A PostgreSQL
//! that is installed but does not start is always a panic, never a silent skip.
//!
//! ```no_run
//! use vagvisare_quizzes::pg_cluster::PgCluster;
//!
//! let Some(cluster) = PgCluster::shared() else { return };
//! cluster.create_database("prov_certifikat").expect("database");
//! let url = cluster.url("prov_certifikat"); // postgres://postgres@127.0.0.1:PORT/prov_certifikat
//! # let _ = url;
//! ```

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, Once, OnceLock};

/// The environment variable that turns "PostgreSQL is not installed" from a skip into a panic
/// (CI sets it to `1`, and so does `scripts/test` when it runs as root and can install).
pub const REQUIRE_ENV: &str = "VAGVISARE_REQUIRE_POSTGRES";

/// The message printed (once per process) when PostgreSQL is not installed, and the panic
/// message when [`REQUIRE_ENV`] is set.
pub const MISSING_MESSAGE: &str = "POSTGRESQL SAKNAS: testerna mot PostgreSQL hoppas över \
     (installera postgresql: sudo apt-get install postgresql)";

/// The unprivileged user (and group) the server runs as when the tests run as root.
const UNPRIVILEGED_USER: &str = "nobody";
const UNPRIVILEGED_GROUP: &str = "nogroup";

/// How many times a start is tried on a new port when another process took the free port
/// between looking it up and the server binding it.
const PORT_ATTEMPTS: usize = 5;

/// Lines of the server log quoted in errors.
const LOG_TAIL_LINES: usize = 40;

/// A running, throw-away PostgreSQL server in its own temporary folder. Dropping it stops the
/// server (`pg_ctl stop -m immediate`) and removes the folder.
pub struct PgCluster {
    /// The PostgreSQL programs and how to run them (as which user).
    tools: Tools,
    /// The temporary folder: `data/` (the cluster), `log` (the server log) and the socket.
    dir: tempfile::TempDir,
    /// The loopback TCP port the server listens on (kept by [`PgCluster::start_again`]).
    port: u16,
    /// Whether `fsync` and `full_page_writes` stay on.
    durable: bool,
    /// The watchdog that stops the server and removes the folder when this process exits
    /// without dropping the cluster (a static, a panic that aborts, SIGKILL).
    watchdog: Mutex<Option<Child>>,
}

impl std::fmt::Debug for PgCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgCluster")
            .field("dir", &self.dir.path())
            .field("port", &self.port)
            .field("durable", &self.durable)
            .field("bin", &self.tools.bin)
            .finish_non_exhaustive()
    }
}

impl PgCluster {
    /// Starts a new cluster without `fsync` (fast; a killed server process loses nothing).
    /// Errors name the command, its exit status and the end of the server log.
    pub fn start() -> Result<PgCluster, String> {
        PgCluster::start_with(false)
    }

    /// Starts a new cluster with `fsync` and `full_page_writes` on, as in production.
    pub fn start_durable() -> Result<PgCluster, String> {
        PgCluster::start_with(true)
    }

    /// Starts a new cluster; `durable` keeps `fsync` and `full_page_writes` on.
    pub fn start_with(durable: bool) -> Result<PgCluster, String> {
        let Some(bin) = find_bin_dir() else {
            return Err(format!(
                "initdb finns inte (varken på PATH eller i /usr/lib/postgresql/*/bin): {MISSING_MESSAGE}"
            ));
        };
        let tools = Tools::new(bin)?;
        let dir = tools.make_dir()?;
        let mut cluster = PgCluster {
            tools,
            dir,
            port: 0,
            durable,
            watchdog: Mutex::new(None),
        };
        // The watchdog first: if this process dies during initdb or the start, it still cleans up.
        cluster.spawn_watchdog()?;
        cluster.init()?;
        let mut last = String::new();
        for _ in 0..PORT_ATTEMPTS {
            cluster.port = free_port()?;
            match cluster.pg_ctl_start() {
                Ok(()) => return Ok(cluster),
                Err(e) if e.contains("Address already in use") => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }

    /// The one cluster of this test process, started on first use; `None` (after one loud
    /// message on stderr) when PostgreSQL is not installed. Panics when PostgreSQL is not
    /// installed and `VAGVISARE_REQUIRE_POSTGRES=1`, and whenever an installed PostgreSQL
    /// does not start.
    ///
    /// The cluster is never dropped (it is a static): a watchdog process stops the server and
    /// removes its folder within a second or two after this process exits. Tests that stop or
    /// restart the server must use their own cluster ([`PgCluster::fresh`]); tests sharing
    /// this one should each use their own database ([`PgCluster::create_database`]).
    pub fn shared() -> Option<&'static PgCluster> {
        // One attempt per process: when it fails, every test using the cluster fails with the
        // same message (instead of each trying again).
        static SHARED: OnceLock<Result<Option<PgCluster>, String>> = OnceLock::new();
        match SHARED.get_or_init(try_start_or_skip) {
            Ok(cluster) => cluster.as_ref(),
            Err(e) => panic!("{e}"),
        }
    }

    /// A cluster of the caller's own (for tests that stop, kill or restart the server), with
    /// the same rules as [`PgCluster::shared`]: `None` when PostgreSQL is not installed, a
    /// panic when it is required or does not start.
    pub fn fresh() -> Option<PgCluster> {
        try_start_or_skip().unwrap_or_else(|e| panic!("{e}"))
    }

    /// The URL of a database on this server: `postgres://postgres@127.0.0.1:PORT/DATABASE`
    /// (user `postgres`, no password: the server trusts local connections).
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// The TCP port on 127.0.0.1 the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The temporary folder holding the cluster (`data/`), the server log (`log`) and the
    /// Unix socket.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The folder of the PostgreSQL programs in use (e.g. `/usr/lib/postgresql/15/bin`).
    pub fn bin_dir(&self) -> &Path {
        &self.tools.bin
    }

    /// The end of the server log, for assertion messages.
    pub fn log_tail(&self) -> String {
        log_tail(&self.log_path())
    }

    /// Creates a database (owned by `postgres`) with `createdb` over TCP.
    pub fn create_database(&self, name: &str) -> Result<(), String> {
        let createdb = self.tools.program("createdb");
        let port = self.port.to_string();
        let args = ["-h", "127.0.0.1", "-p", &port, "-U", "postgres", "--", name];
        self.tools
            .run(self.dir(), &createdb, &args)
            .map(drop)
            .map_err(|e| format!("{e}{}", self.log_tail()))
    }

    /// Runs SQL with `psql` over TCP in a database and returns what it printed (unaligned,
    /// tuples only: `select 1` gives `"1\n"`). Stops at the first error.
    pub fn psql(&self, database: &str, sql: &str) -> Result<String, String> {
        let psql = self.tools.program("psql");
        let port = self.port.to_string();
        let args = [
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            sql,
        ];
        self.tools
            .run(self.dir(), &psql, &args)
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Stops the server, letting it roll back open transactions (`pg_ctl stop -m fast`);
    /// nothing happens when it is already stopped. Panics when `pg_ctl` fails.
    pub fn stop(&self) {
        if let Err(e) = self.pg_ctl_stop("fast") {
            panic!("{e}");
        }
    }

    /// The same as [`PgCluster::stop`] (`pg_ctl stop -m fast`): "the database is down" in a
    /// test; bring it back with [`PgCluster::start_again`].
    pub fn stop_fast(&self) {
        self.stop();
    }

    /// Kills the server without a shutdown checkpoint (`pg_ctl stop -m immediate`), as after a
    /// crash; [`PgCluster::start_again`] then recovers from the write-ahead log. Panics when
    /// `pg_ctl` fails.
    pub fn kill(&self) {
        if let Err(e) = self.pg_ctl_stop("immediate") {
            panic!("{e}");
        }
    }

    /// Starts the stopped server again on the same port with the same data.
    pub fn start_again(&self) -> Result<(), String> {
        self.pg_ctl_start()
    }

    /// Whether the server is running (`pg_ctl status`).
    pub fn is_running(&self) -> bool {
        let pg_ctl = self.tools.program("pg_ctl");
        let data = self.data_path();
        self.tools
            .run(self.dir(), &pg_ctl, &["-D", path_str(&data), "status"])
            .is_ok()
    }

    /// The process id of the server (the postmaster) from its lock file, when there is one
    /// (e.g. to kill it with SIGKILL in a test; [`PgCluster::start_again`] recovers).
    pub fn postmaster_pid(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.data_path().join("postmaster.pid")).ok()?;
        text.lines().next()?.trim().parse().ok()
    }

    fn data_path(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("log")
    }

    /// The process id of a running `initdb` or `pg_ctl start`, for the watchdog to wait for.
    fn busy_path(&self) -> PathBuf {
        self.dir.path().join("busy.pid")
    }

    /// `initdb`: trust authentication, superuser `postgres`, UTF-8, C locale.
    fn init(&self) -> Result<(), String> {
        let initdb = self.tools.program("initdb");
        let data = self.data_path();
        let args = [
            "-D",
            path_str(&data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ];
        self.tools
            .run_tracked(self.dir(), &initdb, &args, &self.busy_path())
            .map(drop)
    }

    /// `pg_ctl start` on `self.port`, waiting up to 60 s for the server to accept connections.
    fn pg_ctl_start(&self) -> Result<(), String> {
        let pg_ctl = self.tools.program("pg_ctl");
        let data = self.data_path();
        let log = self.log_path();
        let mut options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c max_connections=300",
            self.port,
            shell_quote(path_str(self.dir.path()))
        );
        if !self.durable {
            options.push_str(" -c fsync=off -c full_page_writes=off");
        }
        let args = [
            "-D",
            path_str(&data),
            "-l",
            path_str(&log),
            "-w",
            "-t",
            "60",
            "-o",
            &options,
            "start",
        ];
        self.tools
            .run_tracked(self.dir(), &pg_ctl, &args, &self.busy_path())
            .map(drop)
            .map_err(|e| format!("{e}{}", self.log_tail()))
    }

    /// `pg_ctl stop -m MODE`, or nothing when the server is not running.
    fn pg_ctl_stop(&self, mode: &str) -> Result<(), String> {
        let data = self.data_path();
        // No lock file, or a stale one (a server killed with SIGKILL): nothing to stop.
        if self.postmaster_pid().is_none() || !self.is_running() {
            return Ok(());
        }
        let pg_ctl = self.tools.program("pg_ctl");
        let args = ["-D", path_str(&data), "-w", "-t", "60", "-m", mode, "stop"];
        self.tools
            .run(self.dir(), &pg_ctl, &args)
            .map(drop)
            .map_err(|e| format!("{e}{}", self.log_tail()))
    }

    /// Starts `sh` in its own process group (Ctrl-C in the terminal does not reach it) that
    /// waits for this process to end (or the folder to go), then for an `initdb` or `pg_ctl
    /// start` it left running (at most two minutes), then stops the server and removes the
    /// folder.
    fn spawn_watchdog(&self) -> Result<(), String> {
        let dir = shell_quote(path_str(self.dir.path()));
        let data = shell_quote(path_str(&self.data_path()));
        let busy = shell_quote(path_str(&self.busy_path()));
        let mut pg_ctl = self.tools.prefix.clone();
        pg_ctl.push(self.tools.program("pg_ctl"));
        let pg_ctl = pg_ctl
            .iter()
            .map(|a| shell_quote(path_str(a)))
            .collect::<Vec<_>>()
            .join(" ");
        let script = format!(
            "while kill -0 {pid} 2>/dev/null && [ -d {dir} ]; do sleep 1; done; \
             n=0; while [ $n -lt 240 ] && kill -0 \"$(cat {busy} 2>/dev/null)\" 2>/dev/null; \
             do sleep 0.5; n=$((n + 1)); done; \
             {pg_ctl} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {dir}",
            pid = std::process::id(),
        );
        let child = Command::new("sh")
            .args(["-c", &script])
            .current_dir("/")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("sh (the watchdog of the PostgreSQL test cluster): {e}"))?;
        *self
            .watchdog
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(child);
        Ok(())
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let watchdog = self
            .watchdog
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(mut child) = watchdog.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Err(e) = self.pg_ctl_stop("immediate") {
            let _ = writeln!(std::io::stderr(), "PostgreSQL test cluster: {e}");
        }
        // The TempDir removes the folder (as root also the files owned by `nobody`).
    }
}

/// [`PgCluster::start`] for tests: `Ok(None)` when PostgreSQL is not installed (after one loud
/// message); the message to panic with when it is required but not installed, or installed
/// but does not start.
fn try_start_or_skip() -> Result<Option<PgCluster>, String> {
    if find_bin_dir().is_none() {
        if required() {
            return Err(format!("{MISSING_MESSAGE} ({REQUIRE_ENV}=1)"));
        }
        warn_missing();
        return Ok(None);
    }
    PgCluster::start()
        .map(Some)
        .map_err(|e| format!("PostgreSQL is installed but the test cluster did not start: {e}"))
}

/// Whether `VAGVISARE_REQUIRE_POSTGRES` is set to something other than empty or `0`.
fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Prints [`MISSING_MESSAGE`] in a box, once per process, straight to stderr (past the test
/// harness's output capture, so it is seen even when every test passes).
fn warn_missing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let line = "!".repeat(MISSING_MESSAGE.chars().count() + 8);
        let _ = write!(
            std::io::stderr(),
            "\n{line}\n!!! {MISSING_MESSAGE} !!!\n{line}\n\n"
        );
    });
}

/// The PostgreSQL programs (one bin folder) and the prefix that runs them as the right user.
struct Tools {
    /// The folder holding `initdb` and `pg_ctl`, symbolic links resolved.
    bin: PathBuf,
    /// `runuser -u nobody --` (or `setpriv …`) when running as root, else empty.
    prefix: Vec<PathBuf>,
    /// The user and group id that own the folder when running as root.
    owner: Option<(u32, u32)>,
}

impl Tools {
    fn new(bin: PathBuf) -> Result<Tools, String> {
        if current_uid()? != 0 {
            return Ok(Tools {
                bin,
                prefix: Vec::new(),
                owner: None,
            });
        }
        let uid = id_number(&["-u", UNPRIVILEGED_USER])?;
        let gid = id_number(&["-g", UNPRIVILEGED_USER])?;
        let prefix: Vec<PathBuf> = if let Some(runuser) = find_on_path("runuser") {
            vec![runuser, "-u".into(), UNPRIVILEGED_USER.into(), "--".into()]
        } else if let Some(setpriv) = find_on_path("setpriv") {
            vec![
                setpriv,
                format!("--reuid={uid}").into(),
                format!("--regid={gid}").into(),
                "--clear-groups".into(),
            ]
        } else {
            return Err(format!(
                "running as root, and neither runuser nor setpriv was found to run initdb as \
                 {UNPRIVILEGED_USER} (initdb refuses to run as root)"
            ));
        };
        Ok(Tools {
            bin,
            prefix,
            owner: Some((uid, gid)),
        })
    }

    /// A PostgreSQL program: from the bin folder, or from `PATH` when that folder lacks it.
    fn program(&self, name: &str) -> PathBuf {
        let local = self.bin.join(name);
        if is_executable(&local) {
            return local;
        }
        find_on_path(name).unwrap_or(local)
    }

    /// A new temporary folder; as root under `/tmp` (which `nobody` can traverse) and owned
    /// by `nobody:nogroup`.
    fn make_dir(&self) -> Result<tempfile::TempDir, String> {
        let parent = if self.owner.is_some() {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("vagvisare-pg-")
            .tempdir_in(&parent)
            .map_err(|e| format!("temporary folder in {}: {e}", parent.display()))?;
        if let Some((uid, gid)) = self.owner {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).map_err(|e| {
                format!(
                    "chown {UNPRIVILEGED_USER}:{UNPRIVILEGED_GROUP} {}: {e}",
                    dir.path().display()
                )
            })?;
        }
        Ok(dir)
    }

    /// [`Tools::run`] with the process id in `busy` while it runs (for the watchdog).
    fn run_tracked(
        &self,
        cwd: &Path,
        program: &Path,
        args: &[&str],
        busy: &Path,
    ) -> Result<Output, String> {
        let result = self.run_with(cwd, program, args, Some(busy));
        let _ = std::fs::remove_file(busy);
        result
    }

    /// Runs a program (as the unprivileged user when root) in `cwd`, with messages in
    /// English; an error names the command, its exit status and its output.
    fn run(&self, cwd: &Path, program: &Path, args: &[&str]) -> Result<Output, String> {
        self.run_with(cwd, program, args, None)
    }

    /// [`Tools::run`], writing the process id to `busy` when given.
    fn run_with(
        &self,
        cwd: &Path,
        program: &Path,
        args: &[&str],
        busy: Option<&Path>,
    ) -> Result<Output, String> {
        let mut command = match self.prefix.split_first() {
            Some((runner, rest)) => {
                let mut c = Command::new(runner);
                c.args(rest).arg(program);
                c
            }
            None => Command::new(program),
        };
        command
            .args(args)
            .current_dir(cwd)
            .env("LC_ALL", "C")
            // Settings of the caller's own PostgreSQL that would redirect or change connections.
            .env_remove("PGHOSTADDR")
            .env_remove("PGSERVICE")
            .env_remove("PGOPTIONS")
            .env_remove("PGSSLMODE")
            .env_remove("PGPASSWORD")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let shown = describe(&self.prefix, program, args);
        let child = command
            .spawn()
            .map_err(|e| format!("`{shown}` did not run: {e}"))?;
        if let Some(busy) = busy {
            let _ = std::fs::write(busy, child.id().to_string());
        }
        let out = child
            .wait_with_output()
            .map_err(|e| format!("`{shown}`: {e}"))?;
        if out.status.success() {
            return Ok(out);
        }
        let mut message = format!("`{shown}` failed ({})", out.status);
        for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(text);
            if !text.trim().is_empty() {
                let _ = write!(message, "\n{name}:\n{}", text.trim_end());
            }
        }
        Err(message)
    }
}

/// The bin folder of the PostgreSQL server programs: the folder of `initdb` on `PATH`
/// (symbolic links resolved), else the newest `/usr/lib/postgresql/VERSION/bin` with `initdb`.
fn find_bin_dir() -> Option<PathBuf> {
    if let Some(initdb) = find_on_path("initdb") {
        let real = std::fs::canonicalize(&initdb).unwrap_or(initdb);
        if let Some(parent) = real.parent() {
            return Some(parent.to_path_buf());
        }
    }
    let mut versions: Vec<(Vec<u64>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version: Vec<u64> = name
                .split('.')
                .map(str::parse)
                .collect::<Result<_, _>>()
                .ok()?;
            let bin = entry.path().join("bin");
            is_executable(&bin.join("initdb")).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A program on `PATH`.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.mode() & 0o111 != 0)
}

/// The effective user id of this process (the owner of `/proc/self`, else `id -u`).
fn current_uid() -> Result<u32, String> {
    match std::fs::metadata("/proc/self") {
        Ok(m) => Ok(m.uid()),
        Err(_) => id_number(&["-u"]),
    }
}

/// A number printed by `id` (`id -u nobody`, `id -g nobody`, `id -u`).
fn id_number(args: &[&str]) -> Result<u32, String> {
    let out = Command::new("id")
        .args(args)
        .output()
        .map_err(|e| format!("`id {}` did not run: {e}", args.join(" ")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .parse()
        .ok()
        .filter(|_| out.status.success())
        .ok_or_else(|| {
            format!(
                "`id {}` failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            )
        })
}

/// A free TCP port on 127.0.0.1 (bound, read and released; the server binds it next).
fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// The last lines of the server log, with a heading, or nothing when there is no log.
fn log_tail(log: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(log) else {
        return String::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    let tail = &lines[lines.len().saturating_sub(LOG_TAIL_LINES)..];
    if tail.is_empty() {
        return String::new();
    }
    format!("\nserver log {}:\n{}", log.display(), tail.join("\n"))
}

/// A path as `&str` (the temporary folders and PostgreSQL's folders are ASCII).
fn path_str(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

/// Single quotes for `sh` (and for the option string `pg_ctl -o` hands to `sh`).
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A command line for error messages.
fn describe(prefix: &[PathBuf], program: &Path, args: &[&str]) -> String {
    prefix
        .iter()
        .map(|p| p.display().to_string())
        .chain(std::iter::once(program.display().to_string()))
        .chain(args.iter().map(|a| {
            if a.contains(' ') {
                shell_quote(a)
            } else {
                (*a).to_string()
            }
        }))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer of `select 1`-like queries without the trailing newline.
    fn query(cluster: &PgCluster, database: &str, sql: &str) -> String {
        match cluster.psql(database, sql) {
            Ok(out) => out.trim().to_string(),
            Err(e) => panic!("{sql}: {e}"),
        }
    }

    #[test]
    fn postgres_cluster_creates_a_database_and_answers_psql() {
        let Some(cluster) = PgCluster::fresh() else {
            return;
        };
        cluster.create_database("prov").expect("createdb");
        assert_eq!(query(&cluster, "prov", "select 1"), "1");
        assert_eq!(query(&cluster, "prov", "select current_user"), "postgres");
        assert_eq!(query(&cluster, "prov", "show server_encoding"), "UTF8");
        assert_eq!(query(&cluster, "prov", "show max_connections"), "300");
        assert_eq!(query(&cluster, "prov", "show fsync"), "off");
        assert_eq!(
            cluster.url("prov"),
            format!("postgres://postgres@127.0.0.1:{}/prov", cluster.port())
        );
        assert!(cluster.is_running());
        // A second database of the same name is an error naming the command.
        let again = cluster.create_database("prov").expect_err("exists");
        assert!(again.contains("createdb"), "{again}");
        assert!(again.contains("already exists"), "{again}");
    }

    #[test]
    fn postgres_cluster_is_down_after_stop_fast_and_back_with_its_data_after_start_again() {
        let Some(cluster) = PgCluster::fresh() else {
            return;
        };
        let port = cluster.port();
        cluster.create_database("uppe").expect("createdb");
        query(
            &cluster,
            "uppe",
            "create table t (x int); insert into t values (7)",
        );
        cluster.stop_fast();
        assert!(!cluster.is_running());
        assert!(
            cluster.psql("uppe", "select 1").is_err(),
            "the server is down"
        );
        cluster.stop(); // already stopped: nothing happens
        cluster.start_again().expect("start again");
        assert_eq!(cluster.port(), port);
        assert_eq!(query(&cluster, "uppe", "select x from t"), "7");
    }

    #[test]
    fn postgres_cluster_recovers_committed_rows_after_a_kill() {
        let Some(cluster) = PgCluster::fresh() else {
            return;
        };
        cluster.create_database("krasch").expect("createdb");
        query(
            &cluster,
            "krasch",
            "create table t (x int); insert into t values (1), (2)",
        );
        cluster.kill();
        assert!(
            cluster.psql("krasch", "select 1").is_err(),
            "the server is down"
        );
        cluster.start_again().expect("start again after a kill");
        assert_eq!(query(&cluster, "krasch", "select sum(x) from t"), "3");
        // SIGKILL of the postmaster itself leaves a stale lock file: stop() is then a no-op,
        // and the next start recovers.
        query(&cluster, "krasch", "insert into t values (4)");
        let pid = cluster.postmaster_pid().expect("postmaster.pid");
        let killed = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        for _ in 0..100 {
            if !cluster.is_running() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        cluster.stop();
        cluster.start_again().expect("start again after SIGKILL");
        assert_eq!(query(&cluster, "krasch", "select sum(x) from t"), "7");
    }

    #[test]
    fn postgres_start_error_names_the_command_its_status_and_the_log() {
        let Some(cluster) = PgCluster::fresh() else {
            return;
        };
        cluster.stop_fast();
        // Another process takes the port while the server is down.
        let _taken = TcpListener::bind(("127.0.0.1", cluster.port())).expect("bind");
        let e = cluster.start_again().expect_err("the port is taken");
        assert!(e.contains("pg_ctl"), "{e}");
        assert!(e.contains("exit status"), "{e}");
        assert!(e.contains("server log"), "{e}");
        assert!(e.contains("Address already in use"), "{e}");
    }

    #[test]
    fn postgres_durable_cluster_keeps_fsync_on() {
        if PgCluster::shared().is_none() {
            return;
        }
        let cluster = PgCluster::start_durable().expect("durable cluster");
        assert_eq!(query(&cluster, "postgres", "show fsync"), "on");
        assert_eq!(query(&cluster, "postgres", "show full_page_writes"), "on");
    }

    #[test]
    fn postgres_dropped_cluster_is_stopped_and_its_folder_removed() {
        let Some(cluster) = PgCluster::fresh() else {
            return;
        };
        let dir = cluster.dir().to_path_buf();
        let port = cluster.port();
        assert!(dir.join("data/PG_VERSION").exists());
        drop(cluster);
        assert!(!dir.exists(), "{} is removed", dir.display());
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "nothing listens on {port}"
        );
    }

    #[test]
    fn postgres_shared_cluster_is_one_per_process() {
        let Some(first) = PgCluster::shared() else {
            return;
        };
        let second = PgCluster::shared().expect("still there");
        assert!(std::ptr::eq(first, second));
        first.create_database("delad").expect("createdb");
        assert_eq!(query(second, "delad", "select 40 + 2"), "42");
    }

    #[test]
    fn postgres_bin_folder_has_the_server_programs() {
        let Some(bin) = find_bin_dir() else {
            return;
        };
        for program in ["initdb", "pg_ctl", "postgres"] {
            assert!(
                is_executable(&bin.join(program)),
                "{program} in {}",
                bin.display()
            );
        }
    }

    #[test]
    fn postgres_shell_quote_survives_quotes() {
        assert_eq!(shell_quote("/tmp/a b"), "'/tmp/a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
