//! Benchmark: time to open and unlock a vault with the raw keychain key and with a passphrase.
//!
//! Run with a Secret Service reachable (e.g. `make bench`, or inside `dbus-run-session` with
//! gnome-keyring unlocked) to measure the keychain path; without one it is reported as skipped.
//! Prints the median, min and max of repeated opens, each including the first read and the
//! schema check, so what is timed is "locked file → usable vault".

use std::time::{Duration, Instant};

use coffer_core::keychain::Keychain;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};

const RUNS: usize = 25;

fn summarize(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<34} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   ({} runs)",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

fn time_opens(
    path: &std::path::Path,
    mut unlock: impl FnMut() -> Unlock<'static>,
) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let vault = Vault::open(path, unlock()).expect("vault opens");
            let elapsed = started.elapsed();
            drop(vault);
            elapsed
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let passphrase_vault = dir.path().join("passphrase.db");
    let pass = || Passphrase::new("correct horse battery staple".into()).expect("passphrase");
    Vault::create(&passphrase_vault, Unlock::Passphrase(pass())).expect("create");
    summarize(
        "unlock with passphrase (PBKDF2×256k)",
        time_opens(&passphrase_vault, || Unlock::Passphrase(pass())),
    );

    match Keychain::probe() {
        Ok(()) => {
            let keychain: &'static Keychain = Box::leak(Box::new(Keychain::new(&format!(
                "coffer-bench-{}",
                std::process::id()
            ))));
            let keychain_vault = dir.path().join("keychain.db");
            Vault::create(&keychain_vault, Unlock::Keychain(keychain)).expect("create");
            summarize(
                "unlock with keychain raw key",
                time_opens(&keychain_vault, || Unlock::Keychain(keychain)),
            );
            let account = coffer_core::vault::keychain_account(&keychain_vault).expect("account");
            let _ = keychain.delete(&account);
        }
        Err(e) => println!("unlock with keychain raw key       skipped: {e}"),
    }
}
