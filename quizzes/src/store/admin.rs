//! Failed admin sign-ins, counted in the database so that the global lockout holds across
//! replicas. Only the time is stored: no address, no token.

use super::{Store, to_unix};
use crate::error::Error;
use rusqlite::params;
use time::{Duration, OffsetDateTime};

impl Store {
    /// Failed admin sign-ins since `now - window`.
    pub fn admin_failures(&self, window: Duration, now: OffsetDateTime) -> Result<u64, Error> {
        self.with(|c| {
            let n: i64 = c.query_row(
                "SELECT COUNT(*) FROM admin_failures WHERE at >= ?1",
                [to_unix(now - window)],
                |r| r.get(0),
            )?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// Records a failed sign-in at `now` and forgets those older than `window`.
    pub fn record_admin_failure(&self, window: Duration, now: OffsetDateTime) -> Result<(), Error> {
        self.with(|c| {
            c.execute(
                "DELETE FROM admin_failures WHERE at < ?1",
                [to_unix(now - window)],
            )?;
            c.execute(
                "INSERT INTO admin_failures (at) VALUES (?1)",
                params![to_unix(now)],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{t0, temp_store};
    use time::Duration;

    #[test]
    fn failures_are_counted_in_a_window() {
        let (_dir, store) = temp_store();
        let window = Duration::minutes(15);
        store.record_admin_failure(window, t0()).expect("1");
        store
            .record_admin_failure(window, t0() + Duration::minutes(10))
            .expect("2");
        assert_eq!(
            store
                .admin_failures(window, t0() + Duration::minutes(10))
                .expect("n"),
            2
        );
        assert_eq!(
            store
                .admin_failures(window, t0() + Duration::minutes(20))
                .expect("n"),
            1
        );
    }
}
