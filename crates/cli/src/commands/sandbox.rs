//! `coffer sandbox serve|truth`: the synthetic bank for demos, tests and benchmarks.

use std::io::Write;

use anyhow::{Context as _, Result};
use coffer_sandbox::{DataSpec, FaultSpec, SandboxConfig};

use super::Context;
use crate::args::{SandboxDataArgs, SandboxFileArgs, SandboxServeArgs};
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

pub fn file(ctx: &Context, args: SandboxFileArgs) -> Result<()> {
    use coffer_sandbox::files;
    let spec = data_spec(&args.data);
    let out = std::fs::File::create(&args.out)
        .with_context(|| format!("could not create {}", args.out.display()))?;
    let mut out = std::io::BufWriter::new(out);
    let written = match args.format.as_str() {
        "ofx1" => files::ofx_v1(&spec, &args.account, None, &mut out),
        "ofx2" => files::ofx_v2(&spec, &args.account, None, &mut out),
        "qfx" => files::qfx(&spec, &args.account, None, &mut out),
        "csv-short" => files::csv_barclays_short(&spec, &args.account, None, &mut out),
        _ => files::csv_barclays_category(&spec, &args.account, None, &mut out),
    }
    .map_err(|e| BadInput(format!("cannot write that file: {e}")))?;
    out.flush()?;
    let report =
        serde_json::json!({ "rows": written.rows, "file": args.out.display().to_string() });
    ctx.print(&report, |_| {
        format!("Wrote {} rows to {}.\n", written.rows, args.out.display())
    })
}
