//! Compression of dynamic responses (search JSON, the `/sok` page, training pages): only where
//! it pays, at a level that costs little CPU. The built site's files are not touched here: they
//! are compressed once by `vagvisare build` (see `static_files`).
//!
//! The policy, measured in BENCHMARKS.md ("Compression of dynamic responses"):
//! - bodies under [`MIN_SIZE`] bytes are sent as they are: a few hundred bytes cost the same
//!   round trip compressed or not, and the CPU is better spent elsewhere;
//! - brotli at quality [`BROTLI_QUALITY`] with a window fitted to the body, or gzip at level
//!   [`GZIP_LEVEL`] with one compressor per thread that is reset, not made anew: both make a
//!   search answer about 2.5 times smaller. What costs is not the compressing but the memory:
//!   brotli from quality 1 and a new deflate compressor each allocate and first touch hundreds of
//!   kilobytes of tables, and fresh pages from the allocator cost a page fault each (with a TLB
//!   flush on every core). At quality 0 brotli's table grows with the body (16 KB for a search
//!   answer), and the reused deflate tables are already in memory;
//! - only text (HTML, JSON, CSV, plain text) with a known length is compressed; a streamed body
//!   is passed through;
//! - `/admin/` is never compressed: its pages carry a signed session value next to text that
//!   others can choose (certificate names), the setting that BREACH-style attacks need.

use super::encoding::AcceptEncoding;
use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use flate2::{Compress, Crc, FlushCompress, Status};
use std::cell::RefCell;
use vagvisare_site::Encoding;

/// Smaller bodies are not compressed.
pub const MIN_SIZE: usize = 1024;
/// Larger bodies are not compressed either (nothing dynamic is this large; a guard).
const MAX_SIZE: usize = 8 * 1024 * 1024;
/// Brotli quality for dynamic responses (0–11).
pub const BROTLI_QUALITY: i32 = 0;
/// Gzip level for dynamic responses (1–9).
pub const GZIP_LEVEL: u32 = 1;

/// The middleware: compresses the response when the client accepts it and it pays.
pub async fn dynamic(request: Request, next: Next) -> Response {
    let accepted = AcceptEncoding::parse(request.headers());
    let admin = request.uri().path().starts_with("/admin");
    let response = next.run(request).await;
    if admin || !eligible(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let Some(encoding) = accepted.preferred() else {
        return Response::from_parts(parts, body);
    };
    let bytes = match axum::body::to_bytes(body, MAX_SIZE).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!("svaret kunde inte läsas för komprimering: {e}");
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.status = StatusCode::INTERNAL_SERVER_ERROR;
            return Response::from_parts(parts, Body::empty());
        }
    };
    match compress(encoding, &bytes) {
        Ok(compressed) if compressed.len() < bytes.len() => {
            parts.headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(encoding.name()),
            );
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(compressed.len()));
            Response::from_parts(parts, Body::from(compressed))
        }
        Ok(_) => Response::from_parts(parts, Body::from(bytes)),
        Err(e) => {
            tracing::warn!("svaret kunde inte komprimeras: {e}");
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}

/// A response worth compressing: a full body of text of a known size in the range, not
/// already encoded, with a status that has a body.
fn eligible(response: &Response) -> bool {
    let status = response.status();
    if status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
    {
        return false;
    }
    let h = response.headers();
    if h.contains_key(header::CONTENT_ENCODING) || h.contains_key(header::CONTENT_RANGE) {
        return false;
    }
    let text = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("text/") || t.starts_with("application/json")
        });
    let size = response.body().size_hint().exact();
    text && size.is_some_and(|n| (MIN_SIZE as u64..=MAX_SIZE as u64).contains(&n))
}

/// Compresses `bytes` at the dynamic-response level.
pub fn compress(encoding: Encoding, bytes: &Bytes) -> std::io::Result<Vec<u8>> {
    match encoding {
        Encoding::Gzip => gzip(bytes),
        Encoding::Brotli => {
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin: window_for(bytes.len()),
                size_hint: bytes.len(),
                ..Default::default()
            };
            let mut out = Vec::with_capacity(bytes.len() / 3);
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
            Ok(out)
        }
    }
}

thread_local! {
    /// One deflate compressor per worker thread, reset for each response: a new one allocates
    /// and touches a few hundred kilobytes of tables, which costs more than compressing a
    /// search answer.
    static DEFLATE: RefCell<Compress> =
        RefCell::new(Compress::new(flate2::Compression::new(GZIP_LEVEL), false));
}

/// A gzip member (RFC 1952: header, raw deflate, CRC-32 and length) made with the thread's
/// compressor.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        // Magic, deflate, no flags, no time, no extra flags, unknown system.
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        loop {
            let read = usize::try_from(deflate.total_in()).unwrap_or(bytes.len());
            let rest = bytes.get(read..).unwrap_or_default();
            match deflate.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(1024)),
                Err(e) => return Err(std::io::Error::other(e)),
            }
        }
        let mut crc = Crc::new();
        crc.update(bytes);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        // ISIZE is the length modulo 2^32.
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        Ok(out)
    })
}

/// The smallest brotli window (10–22, as a power of two) that holds the whole body: a larger
/// one only costs memory to set up.
fn window_for(len: usize) -> i32 {
    let bits = usize::BITS - len.max(1).leading_zeros();
    i32::try_from(bits).unwrap_or(22).clamp(10, 22)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn windows_fit_the_body() {
        assert_eq!(window_for(0), 10);
        assert_eq!(window_for(5_000), 13);
        assert_eq!(window_for(1 << 30), 22);
    }

    #[test]
    fn compressed_bodies_decompress() {
        let text = Bytes::from("{\"hits\":[{\"title\":\"Kontaktförbud\"}]}".repeat(40));
        let br = compress(Encoding::Brotli, &text).expect("br");
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .expect("unbrotli");
        assert_eq!(back, text);
        let gz = compress(Encoding::Gzip, &text).expect("gz");
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .expect("gunzip");
        assert_eq!(back, text);
        assert!(br.len() < text.len() / 4 && gz.len() < text.len() / 4);
        // The thread's compressor is reset between answers.
        let other = Bytes::from("<p>Skyddat boende</p>".repeat(100));
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&compress(Encoding::Gzip, &other).expect("gz")[..])
            .read_to_end(&mut back)
            .expect("gunzip");
        assert_eq!(back, other);
        let empty = compress(Encoding::Gzip, &Bytes::new()).expect("empty");
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&empty[..])
            .read_to_end(&mut back)
            .expect("gunzip");
        assert!(back.is_empty());
    }
}
