//! Set-up shared by the API's integration tests: the sandbox bank on loopback, on a runtime of
//! its own that the test keeps alive.

use coffer_sandbox::{DataSpec, SandboxConfig, SandboxHandle};

/// Starts the sandbox bank with `data` on a one-worker runtime; keep both for the whole test.
pub fn start_sandbox(data: DataSpec) -> (tokio::runtime::Runtime, SandboxHandle) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = runtime
        .block_on(coffer_sandbox::start(SandboxConfig {
            data,
            ..SandboxConfig::default()
        }))
        .unwrap();
    (runtime, sandbox)
}
