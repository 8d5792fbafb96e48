//! The HTTP server: the built site, `/healthz`, and the server-rendered parts.
//!
//! The serve loop is our own (hyper's HTTP/1.1 server with a Tokio timer) so that slow or
//! idle clients cannot hold the server: every connection must send its headers within the
//! header timeout (which also closes idle keep-alive connections), every request must finish
//! within the request timeout (body included), and open connections are capped in all and per
//! client address. Over a cap, the connection gets a short Swedish 503 and is closed.

mod admin_session;
mod client;
mod compression;
mod editorial;
mod encoding;
pub mod error;
mod headers;
mod host;
mod hosts;
mod limits;
#[cfg(test)]
mod proptests;
mod rejection;
mod routes;
mod search;
mod signing;
mod state;
mod static_files;
mod training;

pub use client::{IpRange, Peer, TrustedProxies};
pub use editorial::Editorial;
pub use hosts::Hosts;
pub use routes::app;
pub use signing::SigningKey;
pub use state::{AppState, Security};
pub use static_files::{SharedFiles, StaticSite};
pub use training::{RETENTION_CLAIM, Training, spawn_daily_retention};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// File descriptors kept free for the database, the site's files and logging.
const RESERVED_FILES: u64 = 128;
/// How long open requests may take to finish after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// What the serve loop itself needs from the (top-level) configuration.
#[derive(Debug, Clone)]
pub struct Network {
    /// Connection caps and timeouts.
    pub limits: crate::config::Limits,
    /// Proxies whose connections are not counted per address.
    pub proxies: TrustedProxies,
}

/// Serves the municipalities in `hosts` on `addr` until Ctrl-C or SIGTERM, then finishes open
/// requests.
pub async fn serve(hosts: Hosts, addr: SocketAddr, network: Network) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("kan inte lyssna på {addr}: {e}"))?;
    let local = listener.local_addr()?;
    let limits = network.limits.clone();
    let max_connections = connection_cap(limits.max_connections);
    tracing::info!(
        max_connections,
        per_address = limits.connections_per_address,
        header_timeout_s = limits.header_timeout_seconds,
        request_timeout_s = limits.request_timeout_seconds,
        "anslutningar begränsas"
    );
    tracing::info!("Vägvisaren svarar på http://{local}/");

    let open = Arc::new(Semaphore::new(max_connections));
    let per_address = limits::ConnectionCounter::new(limits.connections_per_address);
    let request_timeout = Duration::from_secs(limits.request_timeout_seconds);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(limits.header_timeout_seconds))
        .max_buf_size(64 * 1024);
    let router = app(hosts);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();

    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    accept_error(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            refuse(&stream);
            continue;
        };
        let guard = if network.proxies.trusts(peer.ip()) {
            None
        } else {
            match per_address.try_open(peer.ip()) {
                Some(guard) => Some(guard),
                None => {
                    refuse(&stream);
                    continue;
                }
            }
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(Peer(peer));
            let router = router.clone();
            async move {
                let request = request.map(Body::new);
                let response =
                    match tokio::time::timeout(request_timeout, router.oneshot(request)).await {
                        Ok(Ok(response)) => response,
                        Ok(Err(never)) => match never {},
                        Err(_) => too_slow(),
                    };
                Ok::<_, std::convert::Infallible>(response)
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("anslutningen avbröts: {e}");
            }
            drop(permit);
            drop(guard);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("några anslutningar stängdes innan de var klara");
        }
    }
    tracing::info!("servern har stängts");
    Ok(())
}

/// The connection cap: the configured number, lowered to fit the open-file limit (raised to
/// the hard limit first), so that `accept` itself never runs out of file descriptors.
fn connection_cap(configured: usize) -> usize {
    let files = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!("gränsen för öppna filer kan inte läsas: {e}");
            1024
        }
    };
    let fit = usize::try_from(files.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX);
    if fit < configured {
        tracing::warn!(
            open_files = files,
            "max-connections sänks till {fit} för att rymmas inom gränsen för öppna filer (LimitNOFILE)"
        );
    }
    configured.min(fit).max(1)
}

/// Out of file descriptors (or another accept failure): wait a moment instead of spinning.
async fn accept_error(e: &std::io::Error) {
    tracing::warn!("kan inte ta emot en anslutning: {e}");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Over a connection cap: a short Swedish 503 if the socket takes it at once, then close.
fn refuse(stream: &TcpStream) {
    const BODY: &str = "Servern har för många anslutningar just nu. Försök igen om en stund.\n";
    let reply = format!(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    // One non-blocking write; a client that cannot take it gets the close alone.
    let _ = stream.try_write(reply.as_bytes());
}

/// 408 for a request that did not finish within the request timeout (a slow body). A plain
/// Swedish page: the request may be for any of the municipalities.
fn too_slow() -> Response {
    let body = maud::html! {
        (maud::DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Det tog för lång tid – Vägvisaren" }
            }
            body {
                main {
                    h1 { "Det tog för lång tid" }
                    p { "Förfrågan tog för lång tid att skicka. Ladda om sidan och försök igen." }
                }
            }
        }
    };
    let mut response = (
        StatusCode::REQUEST_TIMEOUT,
        axum::response::Html(body.into_string()),
    )
        .into_response();
    response.headers_mut().insert(
        axum::http::header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    headers::apply(&mut response, false, false);
    response
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
