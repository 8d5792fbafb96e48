//! Dates as people in Sweden read them: Swedish local time (CET/CEST) without relying on the
//! system's time zone database, which is unreliable in threaded programs.

use time::{Date, Month, OffsetDateTime, UtcOffset};

/// The offset of Swedish time at `t`: +02:00 from 01:00 UTC on the last Sunday of March to
/// 01:00 UTC on the last Sunday of October (the EU rule), otherwise +01:00.
pub fn swedish_offset(t: OffsetDateTime) -> UtcOffset {
    let utc = t.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let start = last_sunday(year, Month::March).with_hms(1, 0, 0);
    let end = last_sunday(year, Month::October).with_hms(1, 0, 0);
    let summer = match (start, end) {
        (Ok(start), Ok(end)) => {
            let now = utc.date().with_time(utc.time());
            now >= start && now < end
        }
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// `t` in Swedish local time.
pub fn swedish_time(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(swedish_offset(t))
}

/// The date in Sweden at `t`, written `2026-03-01` (the Swedish standard form).
pub fn swedish_date(t: OffsetDateTime) -> String {
    let d = swedish_time(t).date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn last_sunday(year: i32, month: Month) -> Date {
    let last = Date::from_calendar_date(year, month, 31).unwrap_or(Date::MIN);
    let back = last.weekday().number_days_from_sunday();
    last - time::Duration::days(i64::from(back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn winter_is_utc_plus_one() {
        assert_eq!(
            swedish_offset(datetime!(2026-01-15 12:00 UTC)).whole_hours(),
            1
        );
        assert_eq!(swedish_date(datetime!(2026-01-15 23:30 UTC)), "2026-01-16");
    }

    #[test]
    fn summer_is_utc_plus_two() {
        assert_eq!(
            swedish_offset(datetime!(2026-07-01 12:00 UTC)).whole_hours(),
            2
        );
        assert_eq!(swedish_date(datetime!(2026-06-30 22:30 UTC)), "2026-07-01");
        assert_eq!(swedish_date(datetime!(2026-06-30 21:30 UTC)), "2026-06-30");
    }

    #[test]
    fn switches_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert_eq!(
            swedish_offset(datetime!(2026-03-29 00:59 UTC)).whole_hours(),
            1
        );
        assert_eq!(
            swedish_offset(datetime!(2026-03-29 01:00 UTC)).whole_hours(),
            2
        );
        assert_eq!(
            swedish_offset(datetime!(2026-10-25 00:59 UTC)).whole_hours(),
            2
        );
        assert_eq!(
            swedish_offset(datetime!(2026-10-25 01:00 UTC)).whole_hours(),
            1
        );
    }
}
