//! Runs the parsed command: opens what it needs from the core and prints the outcome.

mod data;
mod demo;
mod export;
mod import;
mod link;
mod prompt;
mod report;
mod sandbox;
mod serve;
mod sync;
mod vault;

use std::path::PathBuf;

use anyhow::Result;
use coffer_core::keychain::Keychain;
use coffer_core::vault::Unlock;
use coffer_core::Passphrase;

use crate::args::{Cli, Command, LinkCommand, PassphraseArgs, SandboxCommand};
use crate::passphrase_input::{self, StdinLines};

/// What every command shares: where the vault is, how to unlock it, how to print.
pub struct Context {
    pub vault_path: PathBuf,
    pub json: bool,
    pub keychain: Keychain,
    pub stdin: StdinLines,
    passphrase: PassphraseArgs,
}

impl Context {
    /// The vault passphrase, if the user supplied one by any of the three routes.
    pub fn vault_passphrase(&mut self) -> Result<Option<Passphrase>> {
        const WHAT: &str = "vault passphrase";
        if self.passphrase.passphrase_stdin {
            return self.stdin.next_passphrase(WHAT).map(Some);
        }
        if let Some(path) = &self.passphrase.passphrase_file {
            return passphrase_input::from_file(path, WHAT).map(Some);
        }
        if let Some(name) = &self.passphrase.passphrase_env {
            return passphrase_input::from_env(name, WHAT).map(Some);
        }
        Ok(None)
    }

    /// How to unlock the vault: the supplied passphrase, else the keychain.
    pub fn unlock(&mut self) -> Result<Unlock<'_>> {
        Ok(match self.vault_passphrase()? {
            Some(passphrase) => Unlock::Passphrase(passphrase),
            None => Unlock::Keychain(&self.keychain),
        })
    }

    pub fn open_vault(&mut self) -> Result<coffer_core::Vault> {
        let path = self.vault_path.clone();
        let unlock = self.unlock()?;
        Ok(coffer_core::Vault::open(&path, unlock)?)
    }

    /// Prints `value` as JSON with `--json`, else the text `human` renders.
    pub fn print<T: serde::Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> Result<()> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value)?);
        } else {
            print!("{}", human(value));
        }
        Ok(())
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let mut ctx = Context {
        vault_path: cli
            .vault
            .unwrap_or_else(coffer_core::paths::vault_path_from_env),
        json: cli.json,
        keychain: Keychain::from_env(),
        stdin: StdinLines::default(),
        passphrase: cli.passphrase,
    };
    match cli.command {
        Command::Init => vault::init(&mut ctx),
        Command::Status => vault::status(&mut ctx),
        Command::Rekey(args) => vault::rekey(&mut ctx, args),
        Command::Backup(args) => vault::backup(&mut ctx, args),
        Command::Restore(args) => vault::restore(&mut ctx, args),
        Command::Serve(args) => serve::serve(&mut ctx, args),
        Command::Sandbox(SandboxCommand::Serve(args)) => sandbox::serve(args),
        Command::Sandbox(SandboxCommand::Truth(args)) => sandbox::truth(&ctx, args),
        Command::Sandbox(SandboxCommand::File(args)) => sandbox::file(&ctx, args),
        Command::Accounts => data::accounts(&mut ctx),
        Command::Transactions(args) => data::transactions(&mut ctx, args),
        Command::Connections => data::connections(&mut ctx),
        Command::Unlink(args) => data::unlink(&mut ctx, args),
        Command::Link(LinkCommand::Issuer(args)) => link::issuer(&mut ctx, args),
        Command::Link(LinkCommand::Fdx(args)) => link::fdx(&mut ctx, args),
        Command::Link(LinkCommand::Simplefin(args)) => link::simplefin(&mut ctx, args),
        Command::Link(LinkCommand::Ofx(args)) => link::ofx(&mut ctx, args),
        Command::Sync(args) => sync::sync(&mut ctx, args),
        Command::Demo => demo::demo(&mut ctx),
        Command::Import(args) => import::import(&mut ctx, args),
        Command::Report(args) => report::report(&mut ctx, args),
        Command::Export(args) => export::export(&mut ctx, args),
    }
}

/// A single-threaded async runtime for the commands that talk to institutions.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
