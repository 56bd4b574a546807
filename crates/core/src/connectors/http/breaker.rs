//! The per-institution circuit breaker: after N consecutive failed requests it opens for a
//! cool-down and calls fail fast; after the cool-down one probe is let through (half-open).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// When a breaker opens and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failed requests that open the circuit.
    pub failure_threshold: u32,
    /// How long the circuit stays open before a probe is allowed.
    pub cool_down: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_threshold: 5,
            cool_down: Duration::from_secs(60),
        }
    }
}

#[derive(Debug)]
struct State {
    config: BreakerConfig,
    consecutive_failures: u32,
    open_until: Option<Instant>,
    /// When the half-open probe was let through, if one is in flight.
    probe_started: Option<Instant>,
}

/// A shared breaker; clones share state.
#[derive(Clone, Debug)]
pub struct Breaker(Arc<Mutex<State>>);

/// The process-wide breaker for `key` (an institution or base URL), created on first use.
/// The latest `config` given for a key applies.
pub fn breaker_for(key: &str, config: BreakerConfig) -> Breaker {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Breaker>>> = OnceLock::new();
    let registry = REGISTRY.get_or_init(Default::default);
    let mut map = registry.lock().unwrap_or_else(|p| p.into_inner());
    let breaker = map
        .entry(key.to_string())
        .or_insert_with(|| Breaker::new(config))
        .clone();
    breaker.lock().config = config;
    breaker
}

impl Breaker {
    /// A breaker outside the registry (tests, one-off clients).
    pub fn new(config: BreakerConfig) -> Breaker {
        Breaker(Arc::new(Mutex::new(State {
            config,
            consecutive_failures: 0,
            open_until: None,
            probe_started: None,
        })))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Ok` when a request may go out; `Err(seconds until it may)` while open.
    pub fn admit(&self) -> Result<(), u64> {
        let mut s = self.lock();
        let now = Instant::now();
        let Some(until) = s.open_until else {
            return Ok(());
        };
        if now < until {
            return Err(ceil_secs(until - now));
        }
        // Half-open: one probe at a time (a probe abandoned for a whole cool-down is replaced).
        match s.probe_started {
            Some(started) if now.duration_since(started) < s.config.cool_down => Err(1),
            _ => {
                s.probe_started = Some(now);
                Ok(())
            }
        }
    }

    pub fn record_success(&self) {
        let mut s = self.lock();
        s.consecutive_failures = 0;
        s.open_until = None;
        s.probe_started = None;
    }

    pub fn record_failure(&self) {
        let mut s = self.lock();
        s.consecutive_failures = s.consecutive_failures.saturating_add(1);
        let probing = s.probe_started.take().is_some();
        if probing || s.consecutive_failures >= s.config.failure_threshold.max(1) {
            s.open_until = Some(Instant::now() + s.config.cool_down);
        }
    }

    /// True while calls fail fast.
    pub fn is_open(&self) -> bool {
        self.lock().open_until.is_some_and(|u| Instant::now() < u)
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_and_half_opens_after_cool_down() {
        let b = Breaker::new(BreakerConfig {
            failure_threshold: 3,
            cool_down: Duration::from_millis(50),
        });
        for _ in 0..2 {
            b.record_failure();
        }
        assert!(b.admit().is_ok());
        b.record_success();
        for _ in 0..3 {
            b.record_failure();
        }
        assert!(b.is_open());
        assert!(b.admit().is_err());
        std::thread::sleep(Duration::from_millis(60));
        assert!(b.admit().is_ok(), "half-open lets one probe through");
        assert!(b.admit().is_err(), "only one probe at a time");
        b.record_failure();
        assert!(b.is_open(), "a failed probe re-opens");
        std::thread::sleep(Duration::from_millis(60));
        assert!(b.admit().is_ok());
        b.record_success();
        assert!(!b.is_open());
        assert!(b.admit().is_ok());
    }
}
