//! `coffer`: the command-line interface over coffer-core, for scripts and headless machines.
//!
//! Exit codes: 0 ok; 2 usage; 3 key, passphrase or keychain problem; 4 bad input data;
//! 5 network or remote-service problem; 1 anything else. Errors go to stderr, one clear
//! sentence first, never a secret.

mod args;
mod commands;
mod exit;
mod passphrase_input;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    let outcome = commands::run(cli);
    if let Err(err) = outcome {
        eprintln!("coffer: {err}");
        let mut source = err.source();
        while let Some(cause) = source {
            eprintln!("  caused by: {cause}");
            source = cause.source();
        }
        std::process::exit(exit::code_for(&err));
    }
}
