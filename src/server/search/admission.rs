//! Admission of searches: at most a fixed number of searches are in the server at once,
//! running or waiting to run; one more gets 503 with `Retry-After` at once instead of
//! queueing without end. A search costs at most a few milliseconds (the search crate bounds
//! its work), so the wait of an admitted search is bounded too, and a flood of searches can
//! never keep the help pages and the quick exit waiting.

use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Searches that may wait, beyond those running: enough for 64 keep-alive connections
/// searching flat out from one office, small enough that a search admitted last still starts
/// within tens of milliseconds.
pub const WAITING: usize = 124;
/// Seconds a client is asked to wait after a 503.
pub const RETRY_AFTER_SECONDS: u32 = 1;

/// The admission control, shared by the search routes.
#[derive(Debug)]
pub struct Admission {
    /// Places for searches in the server, running or waiting.
    places: Arc<Semaphore>,
    /// Searches running at once.
    running: Arc<Semaphore>,
}

/// An admitted search: it holds its place until dropped.
#[derive(Debug)]
pub struct Admitted {
    _place: OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

impl Admission {
    /// `running` searches at once and `waiting` more waiting for them.
    pub fn new(running: usize, waiting: usize) -> Admission {
        let running = running.max(1);
        Admission {
            places: Arc::new(Semaphore::new(running + waiting)),
            running: Arc::new(Semaphore::new(running)),
        }
    }

    /// Two running searches per core (one computes while the other's thread is being
    /// scheduled), and [`WAITING`] more.
    pub fn for_this_machine() -> Admission {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Admission::new(2 * cores, WAITING)
    }

    /// A place for a search, or `None` when every place is taken (answer 503).
    pub fn admit(&self) -> Option<Admitted> {
        let place = Arc::clone(&self.places).try_acquire_owned().ok()?;
        Some(Admitted {
            _place: place,
            running: Arc::clone(&self.running),
        })
    }
}

impl Admitted {
    /// Waits for a running place, then runs `search` in `spawn_blocking`; `None` if the
    /// blocking task failed (a panic: a bug).
    pub async fn run_blocking<T: Send + 'static>(
        self,
        search: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        // The semaphore is never closed, so acquiring cannot fail; run anyway if it did.
        let _running = self.running.acquire().await.ok();
        tokio::task::spawn_blocking(search).await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn admits_up_to_its_places_then_refuses_until_one_is_free() {
        let admission = Admission::new(1, 1);
        let first = admission.admit().expect("a running place");
        let second = admission.admit().expect("a waiting place");
        assert!(admission.admit().is_none(), "full");
        drop(first);
        let third = admission.admit().expect("a place again");
        assert_eq!(second.run_blocking(|| 7).await, Some(7));
        assert_eq!(third.run_blocking(|| 8).await, Some(8));
        assert!(admission.admit().is_some());
    }
}
