//! Shared HTTP plumbing for connectors: retries with backoff and jitter, Retry-After, circuit breaker.
