//! One process, several municipalities: each request goes to the municipality its `Host` header
//! names. Each municipality has its own router and state (built site, search index, training
//! catalogue and records, admin token), so nothing of one can reach another's pages, hits,
//! certificates or reports. An unknown host gets a neutral error page, never a municipality's
//! content. `/healthz` answers for any host and says nothing about the municipalities.
//!
//! A single site (no hosting file) answers for any host, as before.

use super::routes;
use super::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;
use vagvisare_quizzes::Store;

/// The municipalities' routers by host name.
#[derive(Clone)]
pub struct Hosts {
    by_host: Arc<HashMap<String, Router>>,
    single: Option<Router>,
    /// Every municipality's training records, for `/healthz`.
    stores: Arc<Vec<Arc<Store>>>,
}

/// The training records of the sites, if they run training.
fn stores<'a>(states: impl Iterator<Item = &'a AppState>) -> Arc<Vec<Arc<Store>>> {
    Arc::new(
        states
            .filter_map(|s| s.training.as_ref().map(|t| Arc::clone(&t.store)))
            .collect(),
    )
}

impl Hosts {
    /// One site that answers for every host.
    pub fn single(state: AppState) -> Hosts {
        Hosts {
            by_host: Arc::new(HashMap::new()),
            stores: stores(std::iter::once(&state)),
            single: Some(routes::site(state)),
        }
    }

    /// Several municipalities, each on its own host name.
    pub fn by_host(sites: Vec<(String, AppState)>) -> Hosts {
        Hosts {
            stores: stores(sites.iter().map(|(_, state)| state)),
            by_host: Arc::new(
                sites
                    .into_iter()
                    .map(|(host, state)| (host.to_ascii_lowercase(), routes::site(state)))
                    .collect(),
            ),
            single: None,
        }
    }

    /// The training records of every municipality served.
    pub fn stores(&self) -> &[Arc<Store>] {
        &self.stores
    }

    fn router_for(&self, request: &Request) -> Option<Router> {
        if let Some(router) = &self.single {
            return Some(router.clone());
        }
        let host = request_host(request)?;
        self.by_host.get(&host).cloned()
    }
}

/// The host name a request is for, lowercased and without port: the `Host` header, or the
/// URI's authority (HTTP/2).
pub fn request_host(request: &Request) -> Option<String> {
    let raw = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_string()))?;
    Some(host_without_port(&raw).to_ascii_lowercase())
}

/// `exempelstad.localhost:8080` → `exempelstad.localhost`; `[::1]:8080` → `[::1]`.
pub fn host_without_port(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    host.rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name)
}

/// Sends the request to its municipality's router.
pub async fn dispatch(State(hosts): State<Hosts>, request: Request) -> Response {
    match hosts.router_for(&request) {
        Some(router) => match router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        None => unknown_host(),
    }
}

/// A plain page in Swedish for a host this server does not serve. It uses no municipality's
/// layout, so it reveals nothing about which municipalities are hosted here.
fn unknown_host() -> Response {
    let body = maud::html! {
        (maud::DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { "Adressen finns inte här – Vägvisaren" }
            }
            body {
                main {
                    h1 { "Adressen finns inte här" }
                    p { "Den här servern har ingen webbplats för adressen du använde. Kontrollera adressen eller gå till din kommuns webbplats." }
                }
            }
        }
    };
    (StatusCode::MISDIRECTED_REQUEST, Html(body.into_string())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_removed_from_hosts() {
        assert_eq!(host_without_port("a.localhost:8080"), "a.localhost");
        assert_eq!(host_without_port("a.localhost"), "a.localhost");
        assert_eq!(host_without_port("[::1]:80"), "[::1]");
        assert_eq!(host_without_port("a:b"), "a:b");
    }
}
