//! The sandbox bank: a deterministic synthetic "Barclays US"-shaped issuer served over loopback
//! HTTP, with faults on request and a truth report of what a full sync must produce.

pub mod api;
pub mod auth;
pub mod calendar;
pub mod catalog;
pub mod cursor;
pub mod export;
pub mod faults;
pub mod fdx;
pub mod files;
pub mod generator;
pub mod money;
pub mod ofx;
pub mod pdf;
pub mod prng;
pub mod protocol;
pub mod protocol_truth;
pub mod server;
pub mod simplefin;
pub mod state;
pub mod truth;
pub mod webhook;

pub use auth::Credentials;
pub use faults::{FaultSpec, FaultSpecError};
pub use generator::{Bank, DataSpec};
pub use protocol_truth::{truth_fdx, truth_ofx, truth_simplefin, ProtocolTruth};
pub use server::{serve_forever, start, AdvanceReport, SandboxConfig, SandboxError, SandboxHandle};
pub use truth::{truth, Truth};
