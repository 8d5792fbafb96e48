//! `GET /admin/xapi.json`: the certificates as xAPI statements (only with `public-url` set,
//! since every id is built on it), so that a municipality's
//! learning system (LMS or LRS) can import completions. One JSON array, streamed in batches
//! (memory stays flat however many certificates there are), filtered like the report
//! (`modul`, `enhet`).
//!
//! Each certificate gives a `completed` statement and, when passed, a `passed` statement
//! (ADL verb IRIs). The actor is an account on the municipality's public base URL named by
//! the certificate code – never a name or an e-mail address – and the object is the module as
//! an activity with id `<base URL>/utbildning/<module id>/`. Statement ids are derived from
//! the code and the verb, so importing the same export twice gives no duplicates.

use super::super::client::ClientIp;
use super::super::error::HtmlError;
use super::super::state::AppState;
use super::admin::{Gate, enabled, require_admin};
use super::report::{parse_query, stream_certificates};
use super::{Training, base_url};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use vagvisare_quizzes::{Certificate, ReportFilter};

/// The ADL verb for a finished attempt.
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// The ADL verb for a passed test.
pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
/// The ADL activity type of a module.
const COURSE: &str = "http://adlnet.gov/expapi/activities/course";

/// `GET /admin/xapi.json?modul=…&enhet=…` with a session cookie or a bearer token.
pub async fn download(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    match require_admin(&state, client, &headers, None, "xAPI-export hämtad").await? {
        Gate::Open => {
            let training = enabled(&state)?.0;
            let query = parse_query(&state, &training, query.as_deref(), false)?;
            let Some(base) = base_url(&state) else {
                return Err(HtmlError::not_found(
                    &state,
                    "Exporten för lärplattformar (xAPI) behöver webbplatsens offentliga adress. Ställ in public-url i vagvisare.toml.",
                ));
            };
            Ok(stream(training, query.filter, base))
        }
        Gate::Closed(response) => Ok(response),
    }
}

/// The statements for one certificate: `completed`, then `passed` if it passed.
pub fn statements(cert: &Certificate, title: &str, base: &str) -> Vec<Value> {
    let mut verbs = vec![(COMPLETED, "genomförde", "completed")];
    if cert.passed {
        verbs.push((PASSED, "klarade", "passed"));
    }
    let timestamp = cert
        .issued
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let scaled = if cert.total == 0 {
        0.0
    } else {
        f64::from(cert.correct) / f64::from(cert.total)
    };
    verbs
        .into_iter()
        .map(|(verb, sv, en)| {
            json!({
                "id": statement_id(cert, verb),
                "actor": {
                    "objectType": "Agent",
                    "account": { "homePage": base, "name": cert.code.as_str() },
                },
                "verb": { "id": verb, "display": { "sv-SE": sv, "en-US": en } },
                "object": {
                    "objectType": "Activity",
                    "id": format!("{base}/utbildning/{}/", cert.module_id),
                    "definition": { "name": { "sv-SE": title }, "type": COURSE },
                },
                "result": {
                    "score": { "raw": cert.correct, "min": 0, "max": cert.total, "scaled": scaled },
                    "success": cert.passed,
                    "completion": true,
                },
                "context": {
                    "platform": "Vägvisaren",
                    "language": "sv-SE",
                    "extensions": {
                        format!("{base}/utbildning/xapi/modulversion"): cert.module_version,
                        format!("{base}/utbildning/xapi/giltigt-till"): cert.valid_until.to_string(),
                    },
                },
                "timestamp": timestamp,
            })
        })
        .collect()
}

/// A stable UUID (version 8, RFC 9562) from the certificate code and the verb.
fn statement_id(cert: &Certificate, verb: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"vagvisare-xapi\0")
        .chain_update(cert.code.as_str().as_bytes())
        .chain_update(b"\0")
        .chain_update(verb.as_bytes())
        .finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The array as a stream: `[`, the statements batch by batch, `]`.
fn stream(training: Arc<Training>, filter: ReportFilter, base: String) -> Response {
    let mut first = true;
    let body = stream_certificates(
        training,
        filter,
        (Bytes::from_static(b"["), Bytes::from_static(b"]")),
        "xAPI-exporten",
        move |training, batch| {
            let mut chunk = String::with_capacity(batch.len() * 1600);
            for c in batch {
                let title = training
                    .catalog
                    .get(&c.module_id)
                    .map_or(c.module_id.as_str(), |m| m.title.as_str());
                for statement in statements(c, title, &base) {
                    if !first {
                        chunk.push(',');
                    }
                    first = false;
                    chunk.push_str(&statement.to_string());
                }
            }
            chunk
        },
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vagvisare_quizzes::CertificateCode;

    #[test]
    fn statements_name_the_code_not_the_person_and_have_stable_ids() {
        let cert = Certificate {
            code: CertificateCode::parse("7K3M-Q9TX-2HCR-W4PN-8FJD").expect("code"),
            name: "Åsa Öberg".into(),
            unit: Some("Norr".into()),
            module_id: "grundkurs".into(),
            module_version: 2,
            correct: 10,
            total: 12,
            passed: true,
            issued: time::macros::datetime!(2026-03-01 10:00 UTC),
            valid_until: time::macros::date!(2028 - 03 - 01),
            pages: Vec::new(),
        };
        let s = statements(&cert, "Grundkurs", "https://v.example");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0]["verb"]["id"], COMPLETED);
        assert_eq!(s[1]["verb"]["id"], PASSED);
        assert_eq!(
            s[0]["actor"]["account"],
            json!({ "homePage": "https://v.example", "name": "7K3M-Q9TX-2HCR-W4PN-8FJD" })
        );
        assert_eq!(
            s[0]["object"]["id"],
            "https://v.example/utbildning/grundkurs/"
        );
        assert_eq!(s[0]["timestamp"], "2026-03-01T10:00:00Z");
        let text = serde_json::to_string(&s).expect("json");
        assert!(!text.contains("Åsa") && !text.contains("Norr"), "{text}");
        let id = s[0]["id"].as_str().expect("id");
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'8', "version 8");
        assert_ne!(s[0]["id"], s[1]["id"]);
        assert_eq!(statements(&cert, "Grundkurs", "https://v.example"), s);
        let failed = Certificate {
            passed: false,
            ..cert
        };
        assert_eq!(statements(&failed, "G", "https://v.example").len(), 1);
    }
}
