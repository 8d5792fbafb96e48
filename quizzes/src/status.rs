//! A certificate's status for managers: valid, expiring soon, expired, earned on an older
//! version of the reading list, or not passed. The version comparison itself is the content
//! model's (`drift`); this module only ranks the outcomes.

use crate::store::Certificate;
use time::{Date, Duration};

/// A certificate "expires soon" when its last valid day is at most this many days away.
pub const EXPIRES_SOON_DAYS: i64 = 60;

/// What a manager needs to know about a certificate today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Passed, not expired, and the reading list has not changed since.
    Valid,
    /// Valid, but its last valid day is within [`EXPIRES_SOON_DAYS`].
    ExpiresSoon,
    /// Valid by date, but a page of the reading list has changed significantly since.
    Outdated,
    /// Its last valid day has passed.
    Expired,
    /// The result did not pass (only in records from early versions).
    NotPassed,
}

impl Status {
    /// The status of `cert` on `today` (a Swedish date); `outdated` says whether a page of
    /// its reading list has a significant change after the recorded version.
    pub fn of(cert: &Certificate, today: Date, outdated: bool) -> Status {
        if !cert.passed {
            Status::NotPassed
        } else if cert.valid_until < today {
            Status::Expired
        } else if outdated {
            Status::Outdated
        } else if cert.valid_until <= today + Duration::days(EXPIRES_SOON_DAYS) {
            Status::ExpiresSoon
        } else {
            Status::Valid
        }
    }

    /// The status in plain Swedish, as shown in the report and on the verification page.
    pub fn label(self) -> &'static str {
        match self {
            Status::Valid => "Giltigt",
            Status::ExpiresSoon => "Går ut inom 60 dagar",
            Status::Outdated => "Äldre version",
            Status::Expired => "Har gått ut",
            Status::NotPassed => "Inte godkänt",
        }
    }

    /// A stable machine-readable name for JSON and CSV filters.
    pub fn id(self) -> &'static str {
        match self {
            Status::Valid => "giltigt",
            Status::ExpiresSoon => "gar-ut-snart",
            Status::Outdated => "aldre-version",
            Status::Expired => "har-gatt-ut",
            Status::NotPassed => "ej-godkant",
        }
    }

    /// Whether the certificate still counts (valid, possibly soon expiring or outdated).
    pub fn is_valid(self) -> bool {
        matches!(self, Status::Valid | Status::ExpiresSoon | Status::Outdated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::CertificateCode;
    use time::macros::{date, datetime};

    fn cert(valid_until: Date, passed: bool) -> Certificate {
        Certificate {
            code: CertificateCode::generate().expect("rng"),
            name: "Kim".into(),
            unit: None,
            module_id: "grund".into(),
            module_version: 1,
            correct: 9,
            total: 10,
            passed,
            issued: datetime!(2024-03-01 10:00 UTC),
            valid_until,
            pages: Vec::new(),
        }
    }

    #[test]
    fn statuses_by_date_version_and_result() {
        let today = date!(2026 - 03 - 01);
        let end = date!(2026 - 06 - 01);
        assert_eq!(Status::of(&cert(end, true), today, false), Status::Valid);
        let soon = today + Duration::days(EXPIRES_SOON_DAYS);
        assert_eq!(
            Status::of(&cert(soon, true), today, false),
            Status::ExpiresSoon
        );
        // The last valid day is still valid.
        assert_eq!(
            Status::of(&cert(today, true), today, false),
            Status::ExpiresSoon
        );
        let yesterday = today - Duration::days(1);
        assert_eq!(
            Status::of(&cert(yesterday, true), today, true),
            Status::Expired
        );
        assert_eq!(Status::of(&cert(end, true), today, true), Status::Outdated);
        assert_eq!(
            Status::of(&cert(end, false), today, false),
            Status::NotPassed
        );
        assert!(Status::Outdated.is_valid());
        assert!(!Status::Expired.is_valid());
        assert_eq!(Status::Expired.label(), "Har gått ut");
    }
}
