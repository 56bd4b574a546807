//! Several vaults created, written, closed and reopened at once in one process: every step
//! succeeds. (The start-up race behind "PRAGMA key requires a key of one or more characters" has
//! its own deterministic test, `first_open_race.rs`.)

use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};

const THREADS: usize = 6;
const ROUNDS: usize = 12;

fn unlock() -> Unlock<'static> {
    Unlock::Passphrase(Passphrase::new("pw".into()).unwrap())
}

#[test]
fn vaults_opened_and_closed_on_many_threads_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let dir = dir.path();
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for round in 0..ROUNDS {
                        let path = dir.join(format!("v-{t}-{round}.db"));
                        let created = Vault::create(&path, unlock());
                        match created {
                            Ok(vault) => drop(vault),
                            Err(e) => {
                                failures.push(format!("create {t}/{round}: {e}"));
                                continue;
                            }
                        }
                        match Vault::open(&path, unlock()) {
                            Ok(vault) => {
                                if let Err(e) = vault.brief_status() {
                                    failures.push(format!("status {t}/{round}: {e}"));
                                }
                            }
                            Err(e) => failures.push(format!("open {t}/{round}: {e}")),
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{failures:#?}");
}
