//! What every training POST goes through: the origin check and reading the form body.

use super::super::error::HtmlError;
use super::super::state::AppState;
use crate::config::PublicUrl;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};

/// The form's fields in order; a field may repeat (checkboxes).
pub type Fields = Vec<(String, String)>;

/// Accepts a POST only from a page on this site. The site sends `Referrer-Policy:
/// same-origin`, so browsers send our origin in `Origin` (and a same-origin `Referer`) with its
/// own form posts, also browsers without Fetch Metadata. With `public-url` configured, the
/// `Origin` (or, without one, the `Referer`) must be exactly that origin, scheme included;
/// without it, the authority must name the request's `Host`. `Origin: null` (sent by some
/// browsers and privacy settings) is accepted only with `Sec-Fetch-Site: same-origin`, which
/// pages cannot forge. Several `Origin` headers are refused.
pub fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), HtmlError> {
    if origin_ok(state.security.public_url.as_ref(), headers) {
        Ok(())
    } else {
        Err(HtmlError::new(
            state,
            StatusCode::FORBIDDEN,
            "Formuläret kunde inte tas emot",
            "Formuläret måste skickas från Vägvisarens egen sida. Gå tillbaka till sidan, ladda om den och försök igen.",
        ))
    }
}

/// The decision of [`check_origin`], without the page.
pub fn origin_ok(public: Option<&PublicUrl>, headers: &HeaderMap) -> bool {
    let text = |name: &str| {
        let mut values = headers.get_all(name).iter();
        let first = values.next()?.to_str().ok();
        // Two values of one of these headers: not something a browser sends.
        if values.next().is_some() {
            Some("\u{0}")
        } else {
            first
        }
    };
    let host = text(header::HOST.as_str());
    let same_site_fetch = text("sec-fetch-site") == Some("same-origin");
    let matches = |url: &str| match public {
        Some(p) => scheme_and_authority(url)
            .is_some_and(|(scheme, a)| scheme == p.scheme && a.eq_ignore_ascii_case(&p.authority)),
        None => host.is_some_and(|h| authority(url).is_some_and(|a| same_host(a, h))),
    };
    match (
        host,
        text(header::ORIGIN.as_str()),
        text(header::REFERER.as_str()),
    ) {
        (None, _, _) => false,
        (Some(_), Some("null"), _) => same_site_fetch,
        (Some(_), Some(origin), _) => matches(origin),
        (Some(_), None, Some(referer)) => matches(referer),
        (Some(_), None, None) => same_site_fetch,
    }
}

/// 429 for a client over a rate limit.
pub fn slow_down(state: &AppState, wait: std::time::Duration, message: &str) -> HtmlError {
    HtmlError::too_many_requests(state, wait, message)
}

/// The scheme and `host[:port]` of an `http(s)://` URL or origin.
fn scheme_and_authority(url: &str) -> Option<(&'static str, &str)> {
    let scheme = if url.starts_with("https://") {
        "https"
    } else if url.starts_with("http://") {
        "http"
    } else {
        return None;
    };
    Some((scheme, authority(url)?))
}

/// The `host[:port]` of an `http(s)://` URL or origin.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

fn same_host(authority: &str, host: &str) -> bool {
    authority.eq_ignore_ascii_case(host.trim())
}

/// The form body, or a Swedish 413 (too large) or 400 (not a form).
pub fn fields(
    state: &AppState,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Fields, HtmlError> {
    match form {
        Ok(Form(fields)) => Ok(fields),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(HtmlError::new(
                state,
                StatusCode::PAYLOAD_TOO_LARGE,
                "Formuläret är för stort",
                "Formuläret innehöll mer än vad det här formuläret kan ta emot.",
            ))
        }
        Err(_) => Err(HtmlError::bad_request(
            state,
            "Formuläret kunde inte läsas. Gå tillbaka och försök igen.",
        )),
    }
}

/// The one value of field `name`: `None` if missing; an error if sent more than once.
pub fn single<'a>(fields: &'a Fields, name: &str) -> Result<Option<&'a str>, ()> {
    let mut found = fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str());
    let first = found.next();
    if found.next().is_some() {
        return Err(());
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_of_urls() {
        assert_eq!(authority("http://127.0.0.1:8080"), Some("127.0.0.1:8080"));
        assert_eq!(
            authority("https://kommun.se/utbildning/"),
            Some("kommun.se")
        );
        assert_eq!(authority("https://a.se?x"), Some("a.se"));
        assert_eq!(authority("null"), None);
        assert_eq!(authority("https://user@evil.se"), None);
        assert_eq!(authority("ftp://kommun.se"), None);
        assert_eq!(authority("https://"), None);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, axum::http::HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origins_without_a_public_url() {
        let ok = |pairs: &[(&'static str, &'static str)]| origin_ok(None, &headers(pairs));
        assert!(ok(&[("host", "a.se"), ("origin", "http://a.se")]));
        assert!(ok(&[("host", "a.se"), ("origin", "https://a.se")]));
        assert!(ok(&[
            ("host", "a.se"),
            ("referer", "http://a.se/utbildning/x/")
        ]));
        assert!(ok(&[
            ("host", "a.se"),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(!ok(&[("host", "a.se"), ("origin", "null")]));
        assert!(!ok(&[("host", "a.se"), ("origin", "http://evil.se")]));
        assert!(!ok(&[("host", "a.se"), ("referer", "http://evil.se/")]));
        assert!(!ok(&[("host", "a.se")]));
        assert!(!ok(&[("origin", "http://a.se")]));
        assert!(!ok(&[
            ("host", "a.se"),
            ("origin", "http://a.se"),
            ("origin", "http://evil.se")
        ]));
    }

    #[test]
    fn origins_with_a_public_url_compare_the_scheme() {
        let p = PublicUrl::parse("https://vagvisaren.kommun.se").expect("url");
        let ok = |pairs: &[(&'static str, &'static str)]| origin_ok(Some(&p), &headers(pairs));
        let host = ("host", "vagvisaren.kommun.se");
        assert!(ok(&[host, ("origin", "https://vagvisaren.kommun.se")]));
        assert!(ok(&[
            host,
            ("referer", "https://vagvisaren.kommun.se/admin/")
        ]));
        assert!(!ok(&[host, ("origin", "http://vagvisaren.kommun.se")]));
        assert!(!ok(&[
            ("host", "rebind.attacker.example"),
            ("origin", "http://rebind.attacker.example")
        ]));
        assert!(!ok(&[
            host,
            ("referer", "https://vagvisaren.kommun.se.evil/")
        ]));
    }

    proptest::proptest! {
        /// Any form body is read into fields or refused with a Swedish 400/413, never a panic;
        /// what a browser encodes comes back as sent, and `single` refuses repeated fields.
        #[test]
        fn form_bodies_round_trip(
            pairs in proptest::collection::vec(("\\PC{0,12}", "\\PC{0,40}"), 0..12),
            junk in "\\PC{0,200}",
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
            let read = |body: String| {
                runtime.block_on(async move {
                    use axum::extract::FromRequest;
                    let request = axum::http::Request::builder()
                        .method("POST")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(axum::body::Body::from(body))
                        .expect("request");
                    Form::<Fields>::from_request(request, &()).await.map(|Form(f)| f)
                })
            };
            let mut encoded = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &pairs {
                encoded.append_pair(k, v);
            }
            let fields = read(encoded.finish()).expect("an encoded form is read");
            proptest::prop_assert_eq!(&fields, &pairs);
            for (k, _) in &pairs {
                let n = pairs.iter().filter(|(other, _)| other == k).count();
                proptest::prop_assert_eq!(single(&fields, k).is_err(), n > 1);
            }
            let _ = read(junk);
        }

        /// The origin check never panics, whatever the headers hold.
        #[test]
        fn origin_check_never_panics(host in "\\PC{0,30}", origin in "\\PC{0,40}", referer in "\\PC{0,40}") {
            let mut h = HeaderMap::new();
            for (name, value) in [("host", &host), ("origin", &origin), ("referer", &referer)] {
                if let Ok(v) = axum::http::HeaderValue::from_str(value) {
                    h.insert(name, v);
                }
            }
            let public = PublicUrl::parse("https://vagvisaren.kommun.se").expect("url");
            let _ = origin_ok(None, &h);
            let _ = origin_ok(Some(&public), &h);
        }
    }

    #[test]
    fn single_field_values() {
        let f: Fields = vec![
            ("a".into(), "1".into()),
            ("b".into(), "2".into()),
            ("b".into(), "3".into()),
        ];
        assert_eq!(single(&f, "a"), Ok(Some("1")));
        assert_eq!(single(&f, "c"), Ok(None));
        assert_eq!(single(&f, "b"), Err(()));
    }
}
