//! Headers on every response: security policy, privacy and caching.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Only our own origin; no inline scripts or styles; no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Browser features the site never needs.
pub const PERMISSIONS: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/// Paths that search engines must not index or follow: certificate checks (names), admin,
/// search results, the API and the thank-you pages of error reports and feedback.
const NOINDEX: [&str; 7] = [
    "/utbildning/intyg",
    "/admin",
    "/sok",
    "/api/",
    "/healthz",
    "/rapportera",
    "/hittade",
];

/// Adds the security headers and a cache policy: hashed assets are immutable; everything else
/// is `no-store`, so pages about violence are not kept in a shared computer's cache.
pub async fn add(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let immutable = path.starts_with("/assets/");
    let noindex = NOINDEX.iter().any(|p| path.starts_with(p));
    let mut response = next.run(request).await;
    let cacheable = immutable && response.status().is_success();
    apply(&mut response, cacheable, noindex);
    response
}

/// Sets the headers on a response made outside the router (timeouts, refused connections).
pub fn apply(response: &mut Response, cacheable: bool, noindex: bool) {
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    // same-origin: nothing leaves the site, and browsers without Fetch Metadata send a
    // same-origin Origin/Referer with our own forms.
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS,
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    let cache = if cacheable {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    set(h, header::CACHE_CONTROL, cache);
    if noindex {
        set(
            h,
            HeaderName::from_static("x-robots-tag"),
            "noindex, nofollow",
        );
    }
}
