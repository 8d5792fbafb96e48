//! The query string of the search routes, parsed by hand so that every problem gets a Swedish
//! message (axum's `Query` rejection is English): `q`, `audience`, `limit` and `lang`.

use vagvisare_model::{Audience, Language};
use vagvisare_search::MAX_LIMIT;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Hits returned when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;

/// Validated parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// The query as typed (may be empty or only spaces).
    pub q: String,
    /// The audience filter.
    pub audience: Option<Audience>,
    /// How many hits (1–50).
    pub limit: usize,
    /// The language of the page the search comes from (`en`, `lattlast`); `None` (or `sv`)
    /// is Swedish. Its hits come first, and the results page is in its words.
    pub lang: Option<Language>,
}

/// What is wrong with a request; the message is shown to the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// Bad percent-encoding or not UTF-8.
    #[error("Adressen innehåller tecken som inte går att läsa. Skriv sökorden igen.")]
    Encoding,
    /// Over [`MAX_QUERY_CHARS`].
    #[error("Sökfrågan är för lång. Använd högst 200 tecken.")]
    TooLong,
    /// Not an audience key.
    #[error("Okänd målgrupp. Välj personal, nyanstalld, hyresvard, skola eller allman.")]
    Audience,
    /// Not a number.
    #[error("Antalet träffar (limit) måste vara ett heltal, till exempel 10.")]
    Limit,
    /// Not a language code.
    #[error("Okänt språk (lang). Välj sv, lattlast eller en.")]
    Language,
}

/// Parses a raw query string (without `?`). Repeated keys: the first wins; unknown keys are
/// ignored.
pub fn parse(raw: Option<&str>) -> Result<Params, ParamError> {
    let mut q = None;
    let mut audience = None;
    let mut limit = None;
    let mut lang = None;
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key)?;
        let value = decode(value)?;
        let slot = match key.as_str() {
            "q" => &mut q,
            "audience" => &mut audience,
            "limit" => &mut limit,
            "lang" => &mut lang,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    let q = q.unwrap_or_default();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ParamError::TooLong);
    }
    let audience = match audience.as_deref().map(str::trim) {
        None | Some("" | "alla") => None,
        Some(key) => Some(key.parse::<Audience>().map_err(|_| ParamError::Audience)?),
    };
    let limit = match limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(n) => n
            .parse::<u64>()
            .map_err(|_| ParamError::Limit)?
            .clamp(1, MAX_LIMIT as u64) as usize,
    };
    let lang = match lang.as_deref().map(str::trim) {
        None | Some("" | "sv") => None,
        Some(code) => Some(Language::from_code(code).ok_or(ParamError::Language)?),
    };
    Ok(Params {
        q,
        audience,
        limit,
        lang,
    })
}

/// Form decoding: `+` is a space, `%XX` a byte; the bytes must be UTF-8. Written out because
/// `form_urlencoded::parse` is lenient (it keeps a broken `%ZZ` and replaces bad UTF-8), and a
/// broken address must get a clear message instead of a search for garbled words.
fn decode(text: &str) -> Result<String, ParamError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .ok_or(ParamError::Encoding)?;
                let hex = std::str::from_utf8(hex).map_err(|_| ParamError::Encoding)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| ParamError::Encoding)?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ParamError::Encoding)
}

/// Form encoding for links (`/sok?q=…`).
pub fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_decodes() {
        let p = parse(Some(
            "q=v%C3%A5ld+i+n%C3%A4ra&audience=skola&limit=500&x=1&q=ignored",
        ))
        .expect("valid");
        assert_eq!(p.q, "våld i nära");
        assert_eq!(p.audience, Some(Audience::Skola));
        assert_eq!(p.limit, 50);
        assert_eq!(parse(None).expect("valid").limit, DEFAULT_LIMIT);
        assert_eq!(parse(Some("audience=alla")).expect("valid").audience, None);
        assert_eq!(
            parse(Some("lang=en")).expect("valid").lang,
            Language::from_code("en")
        );
        assert_eq!(parse(Some("lang=sv")).expect("valid").lang, None);
    }

    #[test]
    fn rejects_bad_input_with_swedish_messages() {
        assert_eq!(parse(Some("q=%ZZ")), Err(ParamError::Encoding));
        assert_eq!(parse(Some("q=%C3")), Err(ParamError::Encoding));
        assert_eq!(parse(Some("q=%")), Err(ParamError::Encoding));
        assert_eq!(parse(Some("q=%+1")), Err(ParamError::Encoding));
        assert_eq!(parse(Some("audience=barn")), Err(ParamError::Audience));
        assert_eq!(parse(Some("limit=tio")), Err(ParamError::Limit));
        assert_eq!(parse(Some("lang=xx")), Err(ParamError::Language));
        let long = format!("q={}", "a".repeat(201));
        assert_eq!(parse(Some(&long)), Err(ParamError::TooLong));
        let ok = format!("q={}", "å".repeat(200));
        assert!(parse(Some(&ok)).is_ok(), "200 characters, not bytes");
    }

    #[test]
    fn encodes_for_links() {
        assert_eq!(encode("våld & <x>"), "v%C3%A5ld+%26+%3Cx%3E");
        assert_eq!(decode(&encode("våld & <x>")), Ok("våld & <x>".into()));
    }
}
