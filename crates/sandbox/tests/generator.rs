//! Generator tests: determinism, realism invariants and the speed of large data sets.

use std::time::Instant;

use coffer_sandbox::calendar;
use coffer_sandbox::generator::rows::{Resolution, Role, RowState};
use coffer_sandbox::generator::AccountKind;
use coffer_sandbox::{truth, Bank, DataSpec};

#[test]
fn prints_default_truth() {
    let truth = truth(&DataSpec::default());
    println!("{}", serde_json::to_string_pretty(&truth).unwrap());
}
