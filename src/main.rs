//! `vagvisare`: builds, checks and serves Vägvisaren.
//!
//! The binary only wires the crates together: `vagvisare-model` reads the content,
//! `vagvisare-site` renders it and the server in [`server`] serves it.

mod cli;
mod cmd;
mod config;
mod modules;
mod municipality;
mod server;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
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
            eprintln!("fel: {err:#}");
            ExitCode::FAILURE
        }
    }
}
