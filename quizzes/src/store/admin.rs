//! Failed admin sign-ins, counted in the database so that the global lockout holds across
//! replicas. Only the time is stored: no address, no token.

use super::db::args;
use super::{Store, to_unix};
use crate::error::Error;
use time::{Duration, OffsetDateTime};

impl Store {
    /// Failed admin sign-ins since `now - window`.
    pub fn admin_failures(&self, window: Duration, now: OffsetDateTime) -> Result<u64, Error> {
        self.read(|tx| {
            tx.query_one(
                "SELECT COUNT(*) FROM admin_failures WHERE at >= ?1",
                args![to_unix(now - window)],
            )?
            .get(0)
        })
    }

    /// Records a failed sign-in at `now` and forgets those older than `window`.
    pub fn record_admin_failure(&self, window: Duration, now: OffsetDateTime) -> Result<(), Error> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM admin_failures WHERE at < ?1",
                args![to_unix(now - window)],
            )?;
            tx.execute(
                "INSERT INTO admin_failures (at) VALUES (?1)",
                args![to_unix(now)],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{on_both, t0};
    use time::Duration;

    on_both! {
        fn failures_are_counted_in_a_window(store) {
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
}
