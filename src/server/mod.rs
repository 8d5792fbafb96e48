//! The HTTP server: the built site, `/healthz`, and the server-rendered parts.

mod compression;
mod encoding;
pub mod error;
mod headers;
mod hosts;
mod rejection;
mod routes;
mod search;
mod state;
mod static_files;
mod training;

pub use hosts::Hosts;
pub use routes::app;
pub use state::AppState;
pub use static_files::{SharedFiles, StaticSite};
pub use training::{Training, spawn_daily_retention};

use std::net::SocketAddr;

/// Serves the municipalities in `hosts` on `addr` until Ctrl-C or SIGTERM, then finishes open
/// requests.
pub async fn serve(hosts: Hosts, addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("kan inte lyssna på {addr}: {e}"))?;
    let local = listener.local_addr()?;
    tracing::info!("Vägvisaren svarar på http://{local}/");
    axum::serve(listener, app(hosts))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("servern har stängts");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("kan inte lyssna efter Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("kan inte lyssna efter SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
