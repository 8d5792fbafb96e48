//! Property tests (proptest, bounded by `PROPTEST_CASES`, 256 by default) for the parsers that
//! read what clients send: the search query string, client addresses from `X-Forwarded-For`,
//! signed tokens. The form parsers have theirs in `training/form.rs`.

use super::client::{IpRange, TrustedProxies};
use super::search::params::{self, ParamError};
use super::signing::{Purpose, SigningKey};
use axum::http::{HeaderMap, HeaderValue};
use proptest::prelude::*;
use std::net::IpAddr;
use time::OffsetDateTime;

proptest! {
    /// Any query string parses or gives one of the Swedish errors; a parsed one respects the
    /// limits.
    #[test]
    fn any_query_string_is_parsed_or_refused(raw in "\\PC{0,400}") {
        match params::parse(Some(&raw)) {
            Ok(p) => {
                prop_assert!(p.q.chars().count() <= params::MAX_QUERY_CHARS);
                prop_assert!((1..=50).contains(&p.limit));
            }
            Err(ParamError::Encoding | ParamError::TooLong | ParamError::Audience | ParamError::Limit | ParamError::Language) => {}
        }
    }

    /// Bytes of any kind (percent signs, plus signs, broken UTF-8 escapes) never panic.
    #[test]
    fn percent_soup_never_panics(parts in proptest::collection::vec("(%[0-9A-Fa-f]{0,2}|\\+|&|=|q|limit|audience|[a-zåäö0-9]{1,3})", 0..60)) {
        let raw: String = parts.concat();
        let _ = params::parse(Some(&raw));
    }

    /// What the search form sends comes back as typed.
    #[test]
    fn encoded_queries_round_trip(q in "\\PC{0,200}", limit in 1u64..=50) {
        let raw = format!("q={}&limit={limit}&audience=alla", params::encode(&q));
        let p = params::parse(Some(&raw)).expect("an encoded query parses");
        prop_assert_eq!(p.q, q);
        prop_assert_eq!(p.limit as u64, limit);
        prop_assert_eq!(p.audience, None);
    }

    /// The client is the peer unless the peer is trusted; then one of the addresses in the
    /// header, or the peer. Never a panic, whatever the header holds.
    #[test]
    fn forwarded_for_never_invents_an_address(
        header in "[0-9a-f:., \\[\\]]{0,80}",
        last in 0u8..=255,
    ) {
        let proxies = TrustedProxies::new(&["10.0.0.0/8".to_string()]);
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&header) {
            headers.insert("x-forwarded-for", v);
        }
        let outside: IpAddr = [203, 0, 113, last].into();
        prop_assert_eq!(proxies.client(outside, &headers), outside);
        let proxy: IpAddr = [10, 0, 0, last].into();
        let client = proxies.client(proxy, &headers);
        let in_header = header
            .split(',')
            .any(|h| h.trim().parse::<IpAddr>().ok() == Some(client)
                || h.trim().parse::<std::net::SocketAddr>().ok().map(|s| s.ip()) == Some(client));
        prop_assert!(client == proxy || in_header || client.to_canonical() != client);
    }

    /// Address ranges parse or are refused, never panic.
    #[test]
    fn ip_ranges_never_panic(text in "[0-9a-f:./]{0,50}") {
        if let Some(range) = IpRange::parse(&text) {
            let _ = range.contains([127, 0, 0, 1].into());
        }
    }

    /// Changing any one character of a signed token makes it invalid.
    #[test]
    fn a_changed_token_is_refused(index in 0usize..400, replacement in "[A-Za-z0-9_.=-]") {
        let key = SigningKey::from_text("9f2c1e7ab04d4d2c8e51f0a3b6c7d8e9f0a1b2c3").expect("key");
        let now = OffsetDateTime::now_utc();
        let token = key.sign(Purpose::Attempt, &("grundkurs", 3u32, u64::MAX), now + time::Duration::hours(1));
        let i = index % token.len();
        let mut changed = token.clone();
        changed.replace_range(i..=i, &replacement);
        prop_assume!(changed != token);
        prop_assert!(key.verify::<(String, u32, u64)>(Purpose::Attempt, &changed, now).is_err());
    }
}
