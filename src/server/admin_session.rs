//! The admin session: after a sign-in with the admin token, one short-lived signed cookie
//! (`HttpOnly`, `SameSite=Strict`, `Path=/admin/`, `Secure` when the public address is https).
//! The token itself never appears in a page or a URL; scripts keep using
//! `Authorization: Bearer`. Readers never get a cookie: only a successful sign-in sets one.

use super::signing::{Purpose, SigningKey};
use super::state::Security;
use axum::http::{HeaderMap, HeaderValue, header};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// The cookie's name.
pub const COOKIE: &str = "vagvisare_admin";
/// How long a session lasts.
pub const LIFETIME: Duration = Duration::minutes(15);

/// What the cookie carries: only a random nonce; the signature and expiry do the rest.
#[derive(Debug, Serialize, Deserialize)]
struct Session {
    n: String,
}

/// The `Set-Cookie` value for a new session.
pub fn start(security: &Security, now: OffsetDateTime) -> anyhow::Result<HeaderValue> {
    let nonce = vagvisare_quizzes::Token::generate()?;
    let value = security.key.sign(
        Purpose::AdminSession,
        &Session {
            n: nonce.as_str().to_string(),
        },
        now + LIFETIME,
    );
    let secure = if security.public_url.as_ref().is_some_and(|u| u.is_https()) {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={value}; Path=/admin/; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
        LIFETIME.whole_seconds()
    );
    Ok(HeaderValue::from_str(&cookie)?)
}

/// The `Set-Cookie` value that ends the session.
pub fn end() -> HeaderValue {
    HeaderValue::from_static("vagvisare_admin=; Path=/admin/; Max-Age=0; HttpOnly; SameSite=Strict")
}

/// Whether the request carries a valid, unexpired session cookie signed with `key`.
pub fn valid(key: &SigningKey, headers: &HeaderMap, now: OffsetDateTime) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == COOKIE)
        .any(|(_, value)| {
            key.verify::<Session>(Purpose::AdminSession, value, now)
                .is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Limits, PublicUrl};

    fn security(public: Option<&str>) -> Security {
        Security::new(
            SigningKey::random().expect("key"),
            public.map(|u| PublicUrl::parse(u).expect("url")),
            &[],
            Limits::default(),
        )
    }

    fn cookie_header(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie
            .to_str()
            .expect("text")
            .split(';')
            .next()
            .expect("pair")
            .to_string();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("annan=1; {pair}")).expect("value"),
        );
        h
    }

    #[test]
    fn a_session_is_valid_for_fifteen_minutes_with_the_same_key() {
        let s = security(None);
        let now = OffsetDateTime::now_utc();
        let set = start(&s, now).expect("cookie");
        let text = set.to_str().expect("text");
        assert!(text.contains("HttpOnly"), "{text}");
        assert!(text.contains("SameSite=Strict"), "{text}");
        assert!(text.contains("Path=/admin/"), "{text}");
        assert!(text.contains("Max-Age=900"), "{text}");
        assert!(!text.contains("Secure"), "http: {text}");
        let h = cookie_header(&set);
        assert!(valid(&s.key, &h, now + Duration::minutes(14)));
        assert!(!valid(&s.key, &h, now + Duration::minutes(16)));
        assert!(!valid(&security(None).key, &h, now), "another key");
        assert!(!valid(&s.key, &HeaderMap::new(), now));
    }

    #[test]
    fn secure_over_https() {
        let s = security(Some("https://vagvisaren.kommun.se"));
        let set = start(&s, OffsetDateTime::now_utc()).expect("cookie");
        assert!(set.to_str().expect("text").ends_with("; Secure"));
    }
}
