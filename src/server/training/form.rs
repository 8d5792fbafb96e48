//! What every training POST goes through: the origin check and reading the form body.

use super::super::error::HtmlError;
use super::super::state::AppState;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};

/// The form's fields in order; a field may repeat (checkboxes).
pub type Fields = Vec<(String, String)>;

/// Accepts a POST only from a page on this site: `Origin` must name the `Host`. The site sends
/// `Referrer-Policy: no-referrer`, so browsers send `Origin: null` (and no `Referer`) with its
/// own form posts; then the browser's `Sec-Fetch-Site: same-origin`, which pages cannot forge,
/// must vouch for it. Without `Origin`, a `Referer` naming the `Host` is also accepted.
pub fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), HtmlError> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST.as_str());
    let same_site_fetch = text("sec-fetch-site") == Some("same-origin");
    let ok = match (
        host,
        text(header::ORIGIN.as_str()),
        text(header::REFERER.as_str()),
    ) {
        (Some(_), Some("null"), _) => same_site_fetch,
        (Some(host), Some(origin), _) => authority(origin).is_some_and(|a| same_host(a, host)),
        (Some(host), None, Some(referer)) => authority(referer).is_some_and(|a| same_host(a, host)),
        (Some(_), None, None) => same_site_fetch,
        _ => false,
    };
    if ok {
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
