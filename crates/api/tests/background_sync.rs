//! A sync runs beside the session: over a real passphrase vault and the sandbox bank on
//! loopback (with injected latency, so the sync is slow), reads and category edits answer while
//! the sync is still running, a second sync is refused as `busy`, locking stops the sync and
//! leaves nothing readable, and the data the sync wrote is visible to the session afterwards.

mod support;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use coffer_api::admin::RekeyRequest;
use coffer_api::connect::{IssuerCodeRequest, IssuerLoginRequest};
use coffer_api::recategorize::SetCategoryRequest;
use coffer_api::types::{CreateVaultRequest, UnlockRequest};
use coffer_api::views::{SyncRequest, SyncSummary, TransactionsPageRequest, UnlinkRequest};
use coffer_api::{ApiError, ErrorKind, Session};
use coffer_core::keychain::Keychain;
use coffer_core::sync::SyncProgress;
use coffer_core::KeyMode;
use coffer_sandbox::{DataSpec, FaultSpec};

const PASSPHRASE: &str = "background passphrase";
/// Long enough for any step of a test to finish; only reached when something hangs.
const PATIENCE: Duration = Duration::from_secs(60);

struct Fixture {
    session: Session,
    sandbox: coffer_sandbox::SandboxHandle,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

/// A passphrase vault with the sandbox's card issuer linked through the API; every request to
/// the bank then waits `latency_ms`.
fn linked(latency_ms: u64) -> Fixture {
    let (runtime, sandbox) = support::start_sandbox(DataSpec {
        cards: 2,
        savings: 1,
        cds: 1,
        months: 3,
        tx_per_month: 20,
        ..DataSpec::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(
        dir.path().join("v.db"),
        Keychain::new("coffer-api-background"),
    );
    session
        .vault_create(CreateVaultRequest {
            key_mode: KeyMode::Passphrase,
            passphrase: Some(PASSPHRASE.into()),
        })
        .unwrap();
    let challenge = session
        .link_issuer_start(IssuerLoginRequest {
            url: sandbox.api_url(),
            institution: Some("Card issuer".into()),
            username: "demo".into(),
            password: "demo".into(),
        })
        .unwrap();
    session
        .link_issuer_code(IssuerCodeRequest {
            login_id: challenge.login_id,
            code: "123456".into(),
        })
        .unwrap();
    sandbox.set_faults(FaultSpec {
        latency_ms,
        ..FaultSpec::none()
    });
    Fixture {
        session,
        sandbox,
        _runtime: runtime,
        _dir: dir,
    }
}

fn page_total(s: &Session) -> Result<u64, ApiError> {
    s.transactions_page(TransactionsPageRequest {
        limit: Some(50),
        ..Default::default()
    })
    .map(|p| p.total)
}

fn first_transaction(s: &Session) -> Option<i64> {
    let page = s.transactions_page(TransactionsPageRequest {
        limit: Some(1),
        ..Default::default()
    });
    page.unwrap().rows.first().map(|row| row.id)
}

fn stored_transactions(s: &Session) -> u64 {
    s.vault_check().unwrap().counts["transactions"]
}

/// Runs `sync_run` on a thread of the scope. The sync pauses inside its first batch's progress
/// event (after that batch is committed) until `resume` is sent; `paused` says it got there.
fn paused_sync<'s>(
    scope: &'s std::thread::Scope<'s, '_>,
    session: &'s Session,
) -> (
    mpsc::Receiver<()>,
    mpsc::Sender<()>,
    std::thread::ScopedJoinHandle<'s, Result<SyncSummary, ApiError>>,
) {
    let (paused_tx, paused) = mpsc::channel();
    let (resume, resume_rx) = mpsc::channel::<()>();
    let handle = scope.spawn(move || {
        let mut first = true;
        session.sync_run(SyncRequest::default(), &mut |event| {
            if first && matches!(event, SyncProgress::Batch { .. }) {
                first = false;
                paused_tx.send(()).unwrap();
                resume_rx.recv_timeout(PATIENCE).unwrap();
            }
        })
    });
    (paused, resume, handle)
}

#[test]
fn reads_and_edits_answer_while_a_sync_runs_and_its_data_is_then_visible() {
    let f = linked(100);
    let s = &f.session;
    std::thread::scope(|scope| {
        let (paused, resume, sync) = paused_sync(scope, s);
        paused
            .recv_timeout(PATIENCE)
            .expect("the sync committed a batch");

        // The sync is provably mid-run (it waits inside its own progress callback), and still
        // every view answers: the session's lock is not held by the sync.
        let started = Instant::now();
        let summary = s.dashboard_summary().unwrap();
        assert!(!summary.accounts.is_empty(), "the first batch is visible");
        let mid_sync = page_total(s).unwrap();
        s.connections_list().unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));

        // One sync at a time, and nothing that changes the file under it.
        let second = s.sync_run(SyncRequest::default(), &mut |_| {}).unwrap_err();
        assert_eq!(second.kind, ErrorKind::Busy, "{}", second.message);
        let rekey = s
            .vault_rekey(RekeyRequest {
                current_passphrase: Some(PASSPHRASE.into()),
                key_mode: KeyMode::Passphrase,
                new_passphrase: Some("another passphrase".into()),
            })
            .unwrap_err();
        assert_eq!(rekey.kind, ErrorKind::Busy, "{}", rekey.message);
        let connection = s.connections_list().unwrap()[0].id;
        let unlink = s
            .connection_unlink(UnlinkRequest {
                connection_id: connection,
                purge: true,
            })
            .unwrap_err();
        assert_eq!(unlink.kind, ErrorKind::Busy, "{}", unlink.message);

        // Category edits write beside the running sync's batches (the busy timeout queues them).
        resume.send(()).unwrap();
        let mut edits_during_sync = 0;
        for category in ["Dining", "Groceries", "Shopping"].iter().cycle().take(200) {
            if sync.is_finished() {
                break;
            }
            if let Some(edited) = first_transaction(s) {
                s.transaction_set_category(SetCategoryRequest {
                    transaction_id: edited,
                    category: (*category).into(),
                })
                .unwrap();
                edits_during_sync += 1;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(edits_during_sync > 0, "the sync ended before any edit");

        let summary = sync.join().unwrap().unwrap();
        assert_eq!(summary.outcomes.len(), 1);
        assert_eq!(
            summary.outcomes[0].status, "ok",
            "{:?}",
            summary.outcomes[0]
        );
        assert!(summary.outcomes[0].batches > 1);
        eprintln!(
            "sync: {} batches; {edits_during_sync} category edits while it ran",
            summary.outcomes[0].batches
        );
        assert!(page_total(s).unwrap() > mid_sync);
    });

    // Everything the sync wrote is visible to the session's own connection, without a reload.
    let truth = f.sandbox.truth();
    assert_eq!(stored_transactions(s), truth.counts.transactions);
    let seen_by_session = page_total(s).unwrap();
    s.vault_lock();
    s.vault_unlock(UnlockRequest {
        passphrase: Some(PASSPHRASE.into()),
    })
    .unwrap();
    assert_eq!(page_total(s).unwrap(), seen_by_session);

    // The slot is free again: a second sync runs (and finds nothing new).
    let again = s.sync_run(SyncRequest::default(), &mut |_| {}).unwrap();
    assert_eq!(again.outcomes[0].status, "ok");
    assert_eq!(again.outcomes[0].totals.added, 0);
}

#[test]
fn locking_during_a_sync_stops_it_and_leaves_nothing_readable() {
    let f = linked(0);
    let s = &f.session;
    std::thread::scope(|scope| {
        let (paused, resume, sync) = paused_sync(scope, s);
        paused
            .recv_timeout(PATIENCE)
            .expect("the sync committed a batch");
        s.vault_lock();
        for read in [page_total(s).map(|_| ()), s.dashboard_summary().map(|_| ())] {
            assert_eq!(read.unwrap_err().kind, ErrorKind::Locked);
        }
        assert!(!s.app_info().unlocked);
        resume.send(()).unwrap();
        let stopped = sync.join().unwrap().unwrap_err();
        assert_eq!(stopped.kind, ErrorKind::Locked, "{}", stopped.message);
        assert!(stopped.message.contains("stopped"), "{}", stopped.message);
    });

    // The sync stopped at its next step: what it committed is kept, the run says so, and the
    // connection was not marked as failing.
    s.vault_unlock(UnlockRequest {
        passphrase: Some(PASSPHRASE.into()),
    })
    .unwrap();
    let kept = stored_transactions(s);
    assert!(
        kept < f.sandbox.truth().counts.transactions,
        "stopped early"
    );
    let audit = s.audit_log_list(Default::default()).unwrap();
    let line = audit
        .iter()
        .find(|e| e.action == "sync")
        .expect("the stopped sync is in the audit log");
    assert_eq!(line.outcome, "failed");
    assert!(
        line.detail.contains("\"status\":\"stopped\""),
        "{}",
        line.detail
    );
    // Paused in its first batch when the vault was locked, it asked for no second one.
    assert!(line.detail.contains("\"batches\":1,"), "{}", line.detail);
    let connection = &s.connections_list().unwrap()[0];
    assert_eq!(connection.status, "active", "{connection:?}");

    // Unlocked again, the next sync resumes and finishes.
    let summary = s.sync_run(SyncRequest::default(), &mut |_| {}).unwrap();
    assert_eq!(summary.outcomes[0].status, "ok");
    assert_eq!(
        stored_transactions(s),
        f.sandbox.truth().counts.transactions
    );
}
