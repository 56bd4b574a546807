//! The first vaults a process opens, on several threads at the same instant, all open.
//!
//! SQLite marks itself initialized *before* it runs SQLCipher's start-up hook
//! (`sqlcipher_extra_init`), so a second thread could open a connection in between and have
//! `PRAGMA key` refused with "PRAGMA key requires a key of one or more characters" (it failed CI
//! once). The window lasts microseconds; this test widens it on purpose. SQLite's mutexes are
//! wrapped so that the first opener pauses the first time it reaches for SQLite's main mutex
//! after SQLite has set its "initialized" flag, which is before SQLCipher's hook has run. The race exists once per process, so the body runs in
//! child processes of this test binary.

use std::cell::Cell;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Barrier, OnceLock};
use std::time::Duration;

use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use rusqlite::ffi;

const CHILD_ENV: &str = "COFFER_FIRST_OPEN_RACE_DIR";
const THREADS: usize = 6;
const PROCESSES: usize = 2;
/// Long enough for every other thread to reach `PRAGMA key` while the first one is paused.
const PAUSE: Duration = Duration::from_millis(300);

struct DefaultMutexes {
    methods: ffi::sqlite3_mutex_methods,
    main: usize,
}

static DEFAULT_MUTEXES: OnceLock<DefaultMutexes> = OnceLock::new();
/// Set once the first opener has paused inside the window.
static PAUSED_IN_WINDOW: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Whether this thread is the first opener, the one that pauses.
    static FIRST_OPENER: Cell<bool> = const { Cell::new(false) };
}

/// Whether SQLite has set its "initialized" flag: from then on `sqlite3_config` is refused with
/// `SQLITE_MISUSE`. Before it, the option set here is SQLite's default, so nothing changes.
fn sqlite_marked_initialized() -> bool {
    // SAFETY: called only on the first opener, while it alone is inside SQLite's start-up.
    unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_COVERING_INDEX_SCAN, 1) == ffi::SQLITE_MISUSE }
}

unsafe extern "C" fn enter_pausing_in_start_up(mutex: *mut ffi::sqlite3_mutex) {
    let defaults = DEFAULT_MUTEXES.get().expect("installed first");
    // The first time the first opener reaches for SQLite's main mutex after SQLite has marked
    // itself initialized, it holds no SQLite mutex and SQLCipher's hook has not run yet.
    if mutex as usize == defaults.main
        && FIRST_OPENER.with(Cell::get)
        && !PAUSED_IN_WINDOW.load(Ordering::SeqCst)
        && sqlite_marked_initialized()
    {
        PAUSED_IN_WINDOW.store(true, Ordering::SeqCst);
        std::thread::sleep(PAUSE);
    }
    // SAFETY: SQLite's own xMutexEnter, called with the mutex SQLite gave us.
    unsafe { (defaults.methods.xMutexEnter.expect("SQLite's xMutexEnter"))(mutex) }
}

/// Wraps SQLite's default mutexes; must run before anything in the process opens a connection.
fn install_pausing_mutexes() {
    // SAFETY: SQLite is not initialized yet in this fresh child. Allocating a static mutex only
    // sets up the mutex subsystem (with SQLite's defaults), which GETMUTEX then copies out; MUTEX
    // copies our wrapper in, and is allowed until SQLite is initialized.
    unsafe {
        let main = ffi::sqlite3_mutex_alloc(ffi::SQLITE_MUTEX_STATIC_MAIN) as usize;
        let mut methods: ffi::sqlite3_mutex_methods = std::mem::zeroed();
        assert_eq!(
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_GETMUTEX, &mut methods as *mut _),
            ffi::SQLITE_OK
        );
        let mut pausing = ffi::sqlite3_mutex_methods { ..methods };
        pausing.xMutexEnter = Some(enter_pausing_in_start_up);
        assert!(DEFAULT_MUTEXES
            .set(DefaultMutexes { methods, main })
            .is_ok());
        assert_eq!(
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_MUTEX, &pausing as *const _),
            ffi::SQLITE_OK
        );
    }
}

/// The child's body: `THREADS` threads released together each create a vault.
fn race_in_this_process(dir: &std::path::Path) -> Vec<String> {
    install_pausing_mutexes();
    let barrier = Barrier::new(THREADS);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let path = dir.join(format!("v-{t}.db"));
                    let unlock = Unlock::Passphrase(Passphrase::new("pw".into()).unwrap());
                    barrier.wait();
                    // Thread 0 starts SQLite; the others follow while it is paused.
                    if t == 0 {
                        FIRST_OPENER.with(|first| first.set(true));
                    } else {
                        std::thread::sleep(PAUSE / 3);
                    }
                    Vault::create(&path, unlock)
                        .err()
                        .map(|e| format!("thread {t}: {e}"))
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|w| w.join().unwrap())
            .collect()
    })
}

#[test]
fn the_first_vaults_a_process_opens_at_once_all_open() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        let failures = race_in_this_process(std::path::Path::new(&dir));
        assert!(
            PAUSED_IN_WINDOW.load(Ordering::SeqCst),
            "the first opener never reached the window (SQLite's start-up changed?)"
        );
        assert!(failures.is_empty(), "{failures:#?}");
        return;
    }
    let me = std::env::current_exe().unwrap();
    let mut failed = Vec::new();
    for round in 0..PROCESSES {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(&me)
            .args([
                "--exact",
                "the_first_vaults_a_process_opens_at_once_all_open",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .output()
            .unwrap();
        if !out.status.success() {
            let output = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            let reasons: Vec<&str> = output
                .lines()
                .filter(|line| line.contains("thread ") || line.contains("never reached"))
                .collect();
            failed.push(format!("process {round}: {}", reasons.join(" | ")));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
