//! Per-client limits kept in memory: a token-bucket [`RateLimiter`] (quiz submissions,
//! certificate issues, failed admin sign-ins, error reports; also keyed by a name, for limits
//! per page and in all) and a [`ConnectionCounter`] of open connections per address.
//!
//! No address is kept: clients are keyed by a hash of their address (IPv6 by its /64 network)
//! with a random key chosen at start, and a bucket is forgotten as soon as it is full again.
//! The limits are per server process: with several replicas, a client gets each limit once per
//! replica.

use super::client::canonical;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Above this many tracked clients, full buckets are pruned at once; if that is not enough,
/// the oldest state is dropped (the limiter fails open rather than using unbounded memory).
const MAX_CLIENTS: usize = 200_000;

/// A client key: a keyed hash of the address. IPv6 clients are grouped by /64, because one
/// household or office usually gets a whole /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ClientKey(u64);

#[derive(Debug, Default)]
struct Keyer(RandomState);

impl Keyer {
    fn key(&self, ip: IpAddr) -> ClientKey {
        let grouped = match canonical(ip) {
            IpAddr::V6(v6) => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(bits.into())
            }
            v4 => v4,
        };
        ClientKey(self.0.hash_one(grouped))
    }

    /// A key for something other than a client (a page, or the whole site).
    fn named(&self, name: &str) -> ClientKey {
        ClientKey(self.0.hash_one(("name", name)))
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The clients and when full buckets were last forgotten.
#[derive(Debug)]
struct Buckets {
    map: HashMap<ClientKey, Bucket>,
    pruned: Instant,
}

/// How often full buckets are forgotten (on the next event after this much time).
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Allows each client `capacity` events at once, refilled evenly over `window`.
#[derive(Debug)]
pub struct RateLimiter {
    capacity: f64,
    per_second: f64,
    keyer: Keyer,
    buckets: Mutex<Buckets>,
}

impl RateLimiter {
    /// `capacity` events per `window` per client (at least 1).
    pub fn new(capacity: u32, window: Duration) -> RateLimiter {
        let capacity = f64::from(capacity.max(1));
        RateLimiter {
            capacity,
            per_second: capacity / window.as_secs_f64().max(1.0),
            keyer: Keyer::default(),
            buckets: Mutex::new(Buckets {
                map: HashMap::new(),
                pruned: Instant::now(),
            }),
        }
    }

    /// Takes one event for `ip`; `Err(wait)` when the client must wait first.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    /// Gives back one event taken by [`RateLimiter::check`] (it turned out not to count).
    pub fn refund(&self, ip: IpAddr) {
        let key = self.keyer.key(ip);
        let now = Instant::now();
        let mut buckets = self.lock();
        if let Some(bucket) = buckets.map.get_mut(&key) {
            let tokens = (self.refilled(bucket, now) + 1.0).min(self.capacity);
            *bucket = Bucket { tokens, last: now };
        }
    }

    /// `Some(wait)` if `ip` has no event left, without taking one.
    #[cfg(test)]
    pub fn blocked(&self, ip: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let key = self.keyer.key(ip);
        let buckets = self.lock();
        let bucket = buckets.map.get(&key)?;
        let tokens = self.refilled(bucket, now);
        (tokens < 1.0).then(|| self.wait(tokens))
    }

    /// Takes one event for `name` (a page path, or `""` for the whole site) instead of a
    /// client; `Err(wait)` when it must wait first.
    pub fn check_named(&self, name: &str) -> Result<(), Duration> {
        self.check_key(self.keyer.named(name), Instant::now())
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        self.check_key(self.keyer.key(ip), now)
    }

    fn check_key(&self, key: ClientKey, now: Instant) -> Result<(), Duration> {
        let mut guard = self.lock();
        let buckets = &mut *guard;
        let crowded = buckets.map.len() >= MAX_CLIENTS && !buckets.map.contains_key(&key);
        if crowded || now.saturating_duration_since(buckets.pruned) >= PRUNE_EVERY {
            buckets
                .map
                .retain(|_, b| self.refilled(b, now) < self.capacity);
            buckets.pruned = now;
            if buckets.map.len() >= MAX_CLIENTS {
                buckets.map.clear();
            }
        }
        let bucket = buckets.map.entry(key).or_insert(Bucket {
            tokens: self.capacity,
            last: now,
        });
        let tokens = self.refilled(bucket, now);
        if tokens < 1.0 {
            return Err(self.wait(tokens));
        }
        *bucket = Bucket {
            tokens: tokens - 1.0,
            last: now,
        };
        Ok(())
    }

    /// Forgets clients whose bucket is full again (nothing to remember). Also done on the
    /// first event a minute after the last time.
    #[cfg(test)]
    pub fn prune(&self) {
        let now = Instant::now();
        let mut buckets = self.lock();
        buckets
            .map
            .retain(|_, b| self.refilled(b, now) < self.capacity);
        buckets.pruned = now;
    }

    /// How many clients are tracked now.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.lock().map.len()
    }

    fn refilled(&self, b: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        (b.tokens + elapsed * self.per_second).min(self.capacity)
    }

    fn wait(&self, tokens: f64) -> Duration {
        Duration::from_secs_f64(((1.0 - tokens) / self.per_second).max(1.0))
            .min(Duration::from_secs(3600))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Buckets> {
        // A panic while holding this lock cannot leave the map inconsistent: take it anyway.
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Open connections per client address.
#[derive(Debug)]
pub struct ConnectionCounter {
    per_address: usize,
    keyer: Keyer,
    open: Mutex<HashMap<ClientKey, usize>>,
}

/// One counted connection; dropping it counts the connection as closed.
#[derive(Debug)]
pub struct ConnectionGuard {
    counter: Arc<ConnectionCounter>,
    key: ClientKey,
}

impl ConnectionCounter {
    /// At most `per_address` open connections per address.
    pub fn new(per_address: usize) -> Arc<ConnectionCounter> {
        Arc::new(ConnectionCounter {
            per_address,
            keyer: Keyer::default(),
            open: Mutex::new(HashMap::new()),
        })
    }

    /// Counts a new connection from `ip`, or `None` when the address has too many open.
    pub fn try_open(self: &Arc<Self>, ip: IpAddr) -> Option<ConnectionGuard> {
        let key = self.keyer.key(ip);
        let mut open = self.lock();
        let n = open.entry(key).or_insert(0);
        if *n >= self.per_address {
            return None;
        }
        *n += 1;
        Some(ConnectionGuard {
            counter: Arc::clone(self),
            key,
        })
    }

    /// Addresses with open connections.
    #[cfg(test)]
    pub fn addresses(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientKey, usize>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        let mut open = self.counter.lock();
        if let Some(n) = open.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn buckets_allow_a_burst_then_refill() {
        let limiter = RateLimiter::new(3, Duration::from_secs(3));
        let t = Instant::now();
        let a = ip("192.0.2.1");
        for _ in 0..3 {
            assert_eq!(limiter.check_at(a, t), Ok(()));
        }
        assert!(limiter.check_at(a, t).is_err());
        limiter.refund(a);
        assert_eq!(limiter.check(a), Ok(()), "a refunded event can be used");
        // Another client is not affected.
        assert_eq!(limiter.check_at(ip("192.0.2.2"), t), Ok(()));
        // One token back after a second.
        assert_eq!(limiter.check_at(a, t + Duration::from_millis(1100)), Ok(()));
        assert!(
            limiter
                .check_at(a, t + Duration::from_millis(1100))
                .is_err()
        );
    }

    #[test]
    fn named_keys_are_limited_apart_from_clients() {
        let limiter = RateLimiter::new(2, Duration::from_secs(3600));
        assert_eq!(limiter.check_named("a.md"), Ok(()));
        assert_eq!(limiter.check_named("a.md"), Ok(()));
        assert!(limiter.check_named("a.md").is_err());
        assert_eq!(limiter.check_named("b.md"), Ok(()));
        assert_eq!(limiter.check(ip("192.0.2.1")), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        assert_eq!(limiter.check(ip("2001:db8:1:2::1")), Ok(()));
        assert!(limiter.check(ip("2001:db8:1:2::ffff")).is_err());
        assert_eq!(limiter.check(ip("2001:db8:1:3::1")), Ok(()));
        assert!(limiter.check(ip("::ffff:192.0.2.9")).is_ok());
        assert!(limiter.check(ip("192.0.2.9")).is_err(), "mapped v4 is v4");
    }

    #[test]
    fn blocked_does_not_take_and_full_buckets_are_forgotten() {
        let limiter = RateLimiter::new(2, Duration::from_secs(1));
        let a = ip("198.51.100.1");
        assert_eq!(limiter.blocked(a), None);
        limiter.check(a).expect("first");
        limiter.check(a).expect("second");
        assert!(limiter.blocked(a).is_some());
        assert_eq!(limiter.tracked(), 1);
        std::thread::sleep(Duration::from_millis(1100));
        limiter.prune();
        assert_eq!(limiter.tracked(), 0, "nothing kept once full again");
    }

    #[test]
    fn connections_per_address() {
        let counter = ConnectionCounter::new(2);
        let a = ip("127.0.0.2");
        let g1 = counter.try_open(a).expect("1");
        let g2 = counter.try_open(a).expect("2");
        assert!(counter.try_open(a).is_none());
        assert!(counter.try_open(ip("127.0.0.3")).is_some());
        drop(g1);
        let _g3 = counter.try_open(a).expect("after a close");
        drop(g2);
        assert_eq!(counter.addresses(), 1);
    }
}
