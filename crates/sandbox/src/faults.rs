//! Fault injection: the `FaultSpec` grammar, and seeded dice that decide each request's fate.
//!
//! Grammar (comma-separated `key=value`, any order, whitespace ignored; `""` or `none` = no faults):
//!
//! | key | value | effect |
//! |---|---|---|
//! | `latency` | duration: `50ms`, `2s`, or bare milliseconds | every API request waits this long first |
//! | `5xx` | probability 0..=1 | answer 500, 502 or 503 with `{"error":"server_error"}` |
//! | `429` | probability | answer 429 with `Retry-After` and `{"error":"rate_limited"}` |
//! | `retry_after` | seconds (default 1) | the `Retry-After` value sent with 429 |
//! | `drop` | probability | close the connection without any response |
//! | `truncate` | probability | send full headers (true `Content-Length`) and half the body, then close |
//! | `malformed` | probability | send a complete response whose body is not valid JSON |
//! | `expire_token_after` | n | each access token answers `401 token_expired` after n uses |
//! | `step_up_after` | n | each login session answers `403 step_up_required` after n requests |
//! | `seed` | u64 | seed of the fault dice (default: the data seed) |
//!
//! Probabilities are checked in the order drop, 5xx, 429 (before the handler runs) and truncate,
//! malformed (on its response); one die roll per kind per request, from a PRNG seeded by `seed`,
//! so a sequential client sees the same faults on every run. `/_sandbox/*` is never faulted.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::prng::SplitMix64;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FaultSpecError {
    #[error("unknown fault `{0}` (known: latency, 5xx, 429, retry_after, drop, truncate, malformed, expire_token_after, step_up_after, seed)")]
    UnknownKey(String),
    #[error("fault `{key}` has an invalid value `{value}`: {expected}")]
    BadValue {
        key: String,
        value: String,
        expected: &'static str,
    },
    #[error("`{0}` is not of the form key=value")]
    NotKeyValue(String),
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FaultSpec {
    pub latency_ms: u64,
    pub server_error: f64,
    pub rate_limit: f64,
    pub retry_after_secs: u64,
    pub drop: f64,
    pub truncate: f64,
    pub malformed: f64,
    pub expire_token_after: Option<u32>,
    pub step_up_after: Option<u32>,
    pub seed: Option<u64>,
}

impl FaultSpec {
    pub fn none() -> FaultSpec {
        FaultSpec {
            retry_after_secs: 1,
            ..FaultSpec::default()
        }
    }

    pub fn is_none(&self) -> bool {
        *self
            == FaultSpec {
                retry_after_secs: self.retry_after_secs,
                seed: self.seed,
                ..FaultSpec::none()
            }
    }
}

fn probability(key: &str, value: &str) -> Result<f64, FaultSpecError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| FaultSpecError::BadValue {
            key: key.to_owned(),
            value: value.to_owned(),
            expected: "a probability between 0 and 1",
        })
}

fn number<T: FromStr>(key: &str, value: &str) -> Result<T, FaultSpecError> {
    value.parse().map_err(|_| FaultSpecError::BadValue {
        key: key.to_owned(),
        value: value.to_owned(),
        expected: "a non-negative integer",
    })
}

fn duration_ms(key: &str, value: &str) -> Result<u64, FaultSpecError> {
    if let Some(ms) = value.strip_suffix("ms") {
        return number(key, ms);
    }
    if let Some(seconds) = value.strip_suffix('s') {
        return number::<u64>(key, seconds).map(|s| s * 1000);
    }
    number(key, value)
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(text: &str) -> Result<FaultSpec, FaultSpecError> {
        let mut spec = FaultSpec::none();
        let text = text.trim();
        if text.is_empty() || text == "none" {
            return Ok(spec);
        }
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .map(|(k, v)| (k.trim(), v.trim()))
                .ok_or_else(|| FaultSpecError::NotKeyValue(part.to_owned()))?;
            match key {
                "latency" => spec.latency_ms = duration_ms(key, value)?,
                "5xx" => spec.server_error = probability(key, value)?,
                "429" => spec.rate_limit = probability(key, value)?,
                "retry_after" => spec.retry_after_secs = number(key, value.trim_end_matches('s'))?,
                "drop" => spec.drop = probability(key, value)?,
                "truncate" => spec.truncate = probability(key, value)?,
                "malformed" => spec.malformed = probability(key, value)?,
                "expire_token_after" => spec.expire_token_after = Some(number(key, value)?),
                "step_up_after" => spec.step_up_after = Some(number(key, value)?),
                "seed" => spec.seed = Some(number(key, value)?),
                other => return Err(FaultSpecError::UnknownKey(other.to_owned())),
            }
        }
        Ok(spec)
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.latency_ms > 0 {
            parts.push(format!("latency={}ms", self.latency_ms));
        }
        for (key, p) in [
            ("5xx", self.server_error),
            ("429", self.rate_limit),
            ("drop", self.drop),
            ("truncate", self.truncate),
            ("malformed", self.malformed),
        ] {
            if p > 0.0 {
                parts.push(format!("{key}={p}"));
            }
        }
        if self.rate_limit > 0.0 {
            parts.push(format!("retry_after={}", self.retry_after_secs));
        }
        if let Some(n) = self.expire_token_after {
            parts.push(format!("expire_token_after={n}"));
        }
        if let Some(n) = self.step_up_after {
            parts.push(format!("step_up_after={n}"));
        }
        if let Some(seed) = self.seed {
            parts.push(format!("seed={seed}"));
        }
        if parts.is_empty() {
            return f.write_str("none");
        }
        f.write_str(&parts.join(","))
    }
}

/// What the dice decided for one request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultDecision {
    pub latency: Duration,
    pub drop: bool,
    pub server_error: Option<u16>,
    pub rate_limit: Option<u64>,
    pub truncate: bool,
    pub malformed: bool,
}

/// The seeded dice. Every request rolls every die, so decisions depend only on request order.
pub struct FaultDice {
    rng: SplitMix64,
}

impl FaultDice {
    pub fn new(seed: u64) -> FaultDice {
        FaultDice {
            rng: SplitMix64::derive(&[seed, 0xFA17]),
        }
    }

    pub fn roll(&mut self, spec: &FaultSpec) -> FaultDecision {
        let drop = self.rng.chance(spec.drop);
        let server_error = self.rng.chance(spec.server_error);
        let status = [500u16, 502, 503][self.rng.below(3) as usize];
        let rate_limit = self.rng.chance(spec.rate_limit);
        let truncate = self.rng.chance(spec.truncate);
        let malformed = self.rng.chance(spec.malformed);
        FaultDecision {
            latency: Duration::from_millis(spec.latency_ms),
            drop,
            server_error: server_error.then_some(status),
            rate_limit: rate_limit.then_some(spec.retry_after_secs),
            truncate,
            malformed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_grammar() {
        let spec: FaultSpec = "latency=50ms,5xx=0.1,429=0.05,drop=0.05,truncate=0.05,malformed=0.05,expire_token_after=3,step_up_after=5"
            .parse()
            .unwrap();
        assert_eq!(spec.latency_ms, 50);
        assert_eq!(spec.server_error, 0.1);
        assert_eq!(spec.expire_token_after, Some(3));
        assert_eq!(spec.step_up_after, Some(5));
        assert_eq!(spec.to_string().parse::<FaultSpec>().unwrap(), spec);
        assert!("none".parse::<FaultSpec>().unwrap().is_none());
        assert!(matches!(
            "bogus=1".parse::<FaultSpec>(),
            Err(FaultSpecError::UnknownKey(_))
        ));
        assert!(matches!(
            "5xx=2".parse::<FaultSpec>(),
            Err(FaultSpecError::BadValue { .. })
        ));
        assert_eq!("latency=2s".parse::<FaultSpec>().unwrap().latency_ms, 2000);
    }
}
