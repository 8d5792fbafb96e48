//! `vagvisare`: builds, checks and serves Vägvisaren.
//!
//! The binary only wires the crates together: `vagvisare-model` reads the content,
//! `vagvisare-site` renders it and the server in [`server`] serves it.

mod cli;
mod cmd;
mod config;
mod modules;
mod municipality;
mod owners;
mod server;

use clap::Parser;
use std::process::ExitCode;

/// jemalloc instead of the system allocator: under glibc's malloc, the memory of thousands of
/// closed connections stayed with the process after a flood of slow connections (review H1 and
/// I2: 672 MB that never came back). jemalloc's background thread gives freed pages back to the
/// system within seconds, also while the server is idle.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    if let Err(e) = tikv_jemalloc_ctl::background_thread::write(true) {
        eprintln!("varning: minnet lämnas inte tillbaka i bakgrunden: {e}");
    }
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VAGVISARE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("fel: {}", said_once(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes joined with `: `, leaving out a cause whose text the message
/// already contains (many errors include their source in their own text).
fn said_once(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_already_in_the_message_are_not_repeated() {
        let io = std::io::Error::other("disk full");
        let err = anyhow::Error::new(io).context("var/site: kan inte skrivas: disk full");
        assert_eq!(said_once(&err), "var/site: kan inte skrivas: disk full");
        let err = anyhow::anyhow!("inre fel").context("yttre");
        assert_eq!(said_once(&err), "yttre: inre fel");
    }
}
