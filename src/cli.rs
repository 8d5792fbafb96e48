//! Command-line arguments.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The version and the git commit of the build, for `--version`.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("VAGVISARE_GIT_COMMIT"),
    ")"
);

/// Vägvisaren: guidance on violence in close relationships, with search and training.
#[derive(Debug, Parser)]
#[command(name = "vagvisare", version = VERSION, about)]
pub struct Cli {
    /// The configuration file (default: vagvisare.toml if it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The project folder with content/ and data/ (default: the current folder).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the static site.
    Build {
        /// Where to write the site (default: <data-dir>/site).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Build the site, then serve it with search and training.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Check all content without writing anything.
    Check {
        /// Print every page and local block with its owner, review state, open error
        /// reports and drift instead, most urgent first (the admin page /admin/sidor).
        #[arg(long)]
        owners: bool,
    },
    /// Mark texts that build on another page (local blocks, replacing pages, language
    /// variants) as reviewed against its current version: writes `based_on` in each file.
    Reviewed {
        /// The files to mark, e.g. blocks/rutiner/fraga-om-vald/sa-gor-vi.md.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// One person's certificates: show them (a request for access) or delete them (erasure).
    Certificates {
        /// What to do.
        #[command(subcommand)]
        action: CertificatesAction,
        /// In a hosting setup: the municipality, by the host name it answers to.
        #[arg(long, global = true, value_name = "HOST")]
        host: Option<String>,
    },
}

/// What `vagvisare certificates` does.
#[derive(Debug, Subcommand)]
pub enum CertificatesAction {
    /// Print every certificate issued to a name (as written on it; case is ignored) as CSV.
    Find {
        /// The name as the person wrote it on the certificate.
        #[arg(long)]
        name: String,
    },
    /// Delete certificates by their codes (with the page versions they recorded).
    Delete {
        /// The certificate codes, e.g. 7K3M-Q9TX-2HCR-W4PN-8FJD.
        #[arg(required = true, value_name = "CODE")]
        codes: Vec<String>,
    },
}
