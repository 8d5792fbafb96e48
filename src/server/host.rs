//! The `Host` allow-list (against DNS rebinding) and the site's own origin for form checks.
//!
//! With `public-url` configured, only its host is served; every other `Host` gets a Swedish
//! 421 page. Without it (local development) any host is accepted. `/healthz` answers for any
//! host, for load balancers. The decision is one function, [`decide`], so that one process can
//! later serve several municipalities, each with its own public address.

use super::error::HtmlError;
use super::state::AppState;
use crate::config::PublicUrl;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a request's `Host` may be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostDecision {
    /// Serve it.
    Allowed,
    /// Not one of our hosts: 421.
    Refused,
}

/// Decides on the `Host` header value: with a public address, only its authority (case
/// insensitive; the default port may be left out); without one, anything.
pub fn decide(public: Option<&PublicUrl>, host: Option<&str>) -> HostDecision {
    let Some(public) = public else {
        return HostDecision::Allowed;
    };
    let Some(host) = host.map(|h| h.trim().to_ascii_lowercase()) else {
        return HostDecision::Refused;
    };
    let default_port = if public.is_https() { ":443" } else { ":80" };
    let bare = host.strip_suffix(default_port).unwrap_or(&host);
    let wanted = public
        .authority
        .strip_suffix(default_port)
        .unwrap_or(&public.authority);
    if bare == wanted {
        HostDecision::Allowed
    } else {
        HostDecision::Refused
    }
}

/// Middleware: refuses requests for other hosts (except `/healthz`).
pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match decide(state.security.public_url.as_ref(), host) {
        HostDecision::Allowed => next.run(request).await,
        HostDecision::Refused => HtmlError::new(
            &state,
            StatusCode::MISDIRECTED_REQUEST,
            "Fel adress",
            "Den här servern svarar inte för den adressen. Skriv webbplatsens adress igen.",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_host_without_a_public_url() {
        assert_eq!(decide(None, Some("x")), HostDecision::Allowed);
        assert_eq!(decide(None, None), HostDecision::Allowed);
    }

    #[test]
    fn only_the_public_host_with_one() {
        let p = PublicUrl::parse("https://Vagvisaren.Kommun.se").expect("url");
        assert_eq!(
            decide(Some(&p), Some("vagvisaren.kommun.se")),
            HostDecision::Allowed
        );
        assert_eq!(
            decide(Some(&p), Some("VAGVISAREN.kommun.se:443")),
            HostDecision::Allowed
        );
        for bad in [
            "rebind.attacker.example",
            "vagvisaren.kommun.se.evil",
            "vagvisaren.kommun.se:8443",
            "",
        ] {
            assert_eq!(decide(Some(&p), Some(bad)), HostDecision::Refused, "{bad}");
        }
        assert_eq!(decide(Some(&p), None), HostDecision::Refused);
        let local = PublicUrl::parse("http://127.0.0.1:8080/").expect("url");
        assert_eq!(
            decide(Some(&local), Some("127.0.0.1:8080")),
            HostDecision::Allowed
        );
        assert_eq!(
            decide(Some(&local), Some("localhost:8080")),
            HostDecision::Refused
        );
    }
}
