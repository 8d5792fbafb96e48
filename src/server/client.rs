//! The client's address: the connection's peer, or, when the peer is a configured trusted
//! proxy, the last address in `X-Forwarded-For` that is not a trusted proxy. It is used only
//! for the in-memory limits, and never stored or logged.

use super::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The peer address of a connection, put into each request's extensions by the serve loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer(pub SocketAddr);

/// The client's address for limits (see the module docs). Requests that did not come through
/// the serve loop (tests calling the router directly) count as 127.0.0.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<Peer>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |p| p.0.ip());
        Ok(ClientIp(
            state.security.proxies.client(peer, &parts.headers),
        ))
    }
}

/// An address or a range of addresses (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Parses `address` or `address/prefix`; `None` when it is neither.
    pub fn parse(text: &str) -> Option<IpRange> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let network: IpAddr = addr.parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpRange { network, prefix })
    }

    /// Whether `ip` lies in the range (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// `::ffff:a.b.c.d` as `a.b.c.d`.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The trusted proxies from the configuration.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpRange>);

impl TrustedProxies {
    /// From the configured texts (already validated; invalid ones are skipped).
    pub fn new(ranges: &[String]) -> TrustedProxies {
        TrustedProxies(ranges.iter().filter_map(|r| IpRange::parse(r)).collect())
    }

    /// Whether `ip` is a trusted proxy.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|r| r.contains(ip))
    }

    /// The client behind `peer`: the peer itself unless it is trusted; then the last
    /// `X-Forwarded-For` entry (from the right) that is not trusted. An unreadable header
    /// leaves the proxy as the client, which is safe: it only shares the proxy's limits.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                return client;
            };
            client = canonical(ip);
            if !self.trusts(client) {
                return client;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly `[v6]:port` or `v4:port`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Ok(sa) = hop.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn ranges() {
        let r = IpRange::parse("10.0.0.0/8").expect("range");
        assert!(r.contains(ip("10.1.2.3")));
        assert!(r.contains(ip("::ffff:10.1.2.3")));
        assert!(!r.contains(ip("11.0.0.1")));
        let one = IpRange::parse("192.0.2.7").expect("address");
        assert!(one.contains(ip("192.0.2.7")));
        assert!(!one.contains(ip("192.0.2.8")));
        let all = IpRange::parse("0.0.0.0/0").expect("all");
        assert!(all.contains(ip("203.0.113.9")));
        let v6 = IpRange::parse("fd00::/8").expect("v6");
        assert!(v6.contains(ip("fd12::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        for bad in ["", "x", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0/8"] {
            assert_eq!(IpRange::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies = TrustedProxies::new(&["10.0.0.0/8".into()]);
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("198.51.100.1, 203.0.113.5, 10.0.0.3"),
        );
        // Not from a proxy: the header is ignored.
        assert_eq!(proxies.client(ip("203.0.113.99"), &h), ip("203.0.113.99"));
        // From the proxy: the last untrusted hop (the first one is client-supplied).
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.5"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
        // Garbage stops the walk at the last good hop.
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("nonsense, 10.0.0.9"),
        );
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("10.0.0.9"));
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("[2001:db8::1]:4711"),
        );
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("2001:db8::1"));
        // Nothing configured: always the peer.
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.2"), &h), ip("10.0.0.2"));
    }
}
