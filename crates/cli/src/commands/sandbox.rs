//! `coffer sandbox serve|truth`: the synthetic bank for demos, tests and benchmarks.

use std::io::Write;

use anyhow::{Context as _, Result};
use coffer_sandbox::{DataSpec, FaultSpec, SandboxConfig};

use super::Context;
use crate::args::{SandboxDataArgs, SandboxServeArgs};
use crate::exit::BadInput;

pub fn data_spec(args: &SandboxDataArgs) -> DataSpec {
    DataSpec {
        seed: args.seed,
        cards: args.cards,
        savings: args.savings,
        cds: args.cds,
        months: args.months,
        tx_per_month: args.tx_per_month,
        ..DataSpec::default()
    }
}

pub fn serve(args: SandboxServeArgs) -> Result<()> {
    let faults = match &args.faults {
        Some(spec) => spec
            .parse::<FaultSpec>()
            .map_err(|e| BadInput(format!("--faults: {e}")))?,
        None => FaultSpec::default(),
    };
    let config = SandboxConfig {
        addr: args.addr,
        data: data_spec(&args.data),
        faults,
        ..SandboxConfig::default()
    };
    coffer_sandbox::serve_forever(config, |url| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{url}");
        let _ = out.flush();
    })
    .context("the sandbox bank stopped")
}

pub fn truth(ctx: &Context, args: SandboxDataArgs) -> Result<()> {
    let truth = coffer_sandbox::truth(&data_spec(&args));
    ctx.print(&truth, |t| {
        serde_json::to_string_pretty(t).unwrap_or_default() + "\n"
    })
}
