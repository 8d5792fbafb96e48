//! Which content encodings a client accepts (`Accept-Encoding`, with quality values), for the
//! precompressed site files and for compressed dynamic responses.

use axum::http::{HeaderMap, header};
use vagvisare_site::Encoding;

/// The qualities a client gave in `Accept-Encoding` (in thousandths, as the header allows).
#[derive(Debug, Default, Clone, Copy)]
pub struct AcceptEncoding {
    br: Option<u16>,
    gzip: Option<u16>,
    any: Option<u16>,
}

impl AcceptEncoding {
    /// Reads every `Accept-Encoding` header of a request.
    pub fn parse(headers: &HeaderMap) -> AcceptEncoding {
        let mut out = AcceptEncoding::default();
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .next()
                    .map_or(1000, parse_quality);
                let slot = if coding.eq_ignore_ascii_case("br") {
                    &mut out.br
                } else if coding.eq_ignore_ascii_case("gzip")
                    || coding.eq_ignore_ascii_case("x-gzip")
                {
                    &mut out.gzip
                } else if coding == "*" {
                    &mut out.any
                } else {
                    continue;
                };
                *slot = Some(q);
            }
        }
        out
    }

    /// The quality for `encoding` (0 = not acceptable); `*` covers encodings not named.
    pub fn quality(&self, encoding: Encoding) -> u16 {
        let named = match encoding {
            Encoding::Brotli => self.br,
            Encoding::Gzip => self.gzip,
        };
        named.or(self.any).unwrap_or(0)
    }

    /// The encoding to use when both are available: the higher quality, brotli on a tie;
    /// `None` when the client accepts neither.
    pub fn preferred(&self) -> Option<Encoding> {
        let (br, gzip) = (self.quality(Encoding::Brotli), self.quality(Encoding::Gzip));
        match (br, gzip) {
            (0, 0) => None,
            (b, g) if b >= g => Some(Encoding::Brotli),
            _ => Some(Encoding::Gzip),
        }
    }
}

/// `0.8` → 800; anything unreadable counts as 0 (not acceptable).
fn parse_quality(q: &str) -> u16 {
    let q = q.trim();
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match whole {
        "1" if fraction.bytes().all(|b| b == b'0') => 1000,
        "0" if fraction.is_empty() => 0,
        "0" if digits(fraction) && fraction.len() <= 3 => {
            let padded = format!("{fraction:0<3}");
            padded.parse().unwrap_or(0)
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn qualities() {
        assert_eq!(parse_quality("1"), 1000);
        assert_eq!(parse_quality("1.000"), 1000);
        assert_eq!(parse_quality("0"), 0);
        assert_eq!(parse_quality("0.5"), 500);
        assert_eq!(parse_quality("0.125"), 125);
        assert_eq!(parse_quality("0.1234"), 0);
        assert_eq!(parse_quality("x"), 0);
        let a = AcceptEncoding::parse(&headers(&[("accept-encoding", "gzip, deflate, br")]));
        assert_eq!(
            (a.quality(Encoding::Brotli), a.quality(Encoding::Gzip)),
            (1000, 1000)
        );
        let a = AcceptEncoding::parse(&headers(&[("accept-encoding", "br;q=0, *;q=0.5")]));
        assert_eq!(
            (a.quality(Encoding::Brotli), a.quality(Encoding::Gzip)),
            (0, 500)
        );
        let a = AcceptEncoding::parse(&headers(&[("accept-encoding", "identity")]));
        assert_eq!(
            (a.quality(Encoding::Brotli), a.quality(Encoding::Gzip)),
            (0, 0)
        );
        assert_eq!(a.preferred(), None);
        let a = AcceptEncoding::parse(&headers(&[("accept-encoding", "gzip;q=1, br;q=0.5")]));
        assert_eq!(a.preferred(), Some(Encoding::Gzip));
        let a = AcceptEncoding::parse(&headers(&[("accept-encoding", "gzip, br")]));
        assert_eq!(a.preferred(), Some(Encoding::Brotli));
    }
}
