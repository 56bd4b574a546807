//! How the sync engine groups fetched pages into commits: consecutive pages of records share a
//! transaction (groups doubling from one page, up to `COMMIT_ROWS` rows), a page with a rotated secret or only bookkeeping is
//! committed on its own with everything before it, a failure keeps every page fetched before
//! it, and the result equals storing the pages one by one.

mod analytics_support;

use std::collections::VecDeque;

use analytics_support::{bulk_batches, new_vault};
use coffer_core::sync::{sync_connection, Batch, Connector, ConnectorError, SyncProgress};
use coffer_core::Vault;
use zeroize::Zeroizing;

/// Hands out scripted pages, then `None`.
struct Script(VecDeque<Result<Batch, ConnectorError>>);

impl Connector for Script {
    async fn next_batch(&mut self) -> Result<Option<Batch>, ConnectorError> {
        self.0.pop_front().transpose()
    }
}

/// `pages` pages of 1,000 card transactions (and the card), each with its own cursor.
fn pages(pages: usize) -> Vec<Batch> {
    let all = bulk_batches(pages * 1_000).remove(0);
    all.transactions
        .chunks(1_000)
        .enumerate()
        .map(|(k, rows)| Batch {
            accounts: all.accounts.clone(),
            transactions: rows.to_vec(),
            cursors: vec![("transactions:cc_1".into(), format!("page-{}", k + 1))],
            label: format!("page {}", k + 1),
            ..Batch::default()
        })
        .collect()
}

fn rotated(token: &str) -> Batch {
    let mut b = Batch::labelled("token renewed");
    b.secrets.push((
        "refresh_token".into(),
        Zeroizing::new(token.as_bytes().to_vec()),
    ));
    b
}

/// Runs a sync over `script`; returns the `batches` count of each commit's progress report and
/// the outcome's status.
fn sync(
    v: &mut Vault,
    connection: i64,
    script: Vec<Result<Batch, ConnectorError>>,
) -> (Vec<u64>, String) {
    let mut commits = Vec::new();
    let mut connector = Script(script.into());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let outcome = runtime
        .block_on(sync_connection(
            v,
            connection,
            "Test Bank",
            &mut connector,
            None,
            &mut |p| {
                if let SyncProgress::Batch { batches, .. } = p {
                    commits.push(*batches);
                }
            },
            &|| false,
        ))
        .unwrap();
    (commits, outcome.status)
}

#[test]
fn pages_share_commits_and_a_rotated_secret_is_committed_at_once() {
    let mut script: Vec<_> = pages(25).into_iter().map(Ok).collect();
    script.insert(22, Ok(rotated("r2")));
    script.insert(25, Ok(Batch::labelled("bookkeeping only")));
    let (_dir, mut v, c) = new_vault();
    let (commits, status) = sync(&mut v, c, script);
    assert_eq!(status, "ok");
    // Groups of 1, 2, 4, 8 pages, then 20 (20,020 rows, under the 32 the doubling allows)
    // would follow, but the secret arrives after page 22: pages 16–22 go then, the secret
    // alone; pages 23–24 before the bookkeeping page, which goes alone; page 25 at the end.
    assert_eq!(commits, [1, 3, 7, 15, 22, 23, 25, 26, 27]);
    let state = v.connector_state(c).unwrap();
    assert_eq!(state.cursors["transactions:cc_1"], "page-25");
    assert_eq!(state.secrets["refresh_token"].as_slice(), b"r2");
    assert_eq!(v.status().unwrap().counts["transactions"], 25_000);

    // The same pages stored one by one leave the same rows and sums.
    let (_dir2, mut one_by_one, c2) = new_vault();
    for page in pages(25) {
        one_by_one.apply_batch(c2, &page, None).unwrap();
    }
    let (sums, recount) = v.summaries_and_recount().unwrap();
    assert_eq!(sums, recount);
    assert_eq!(sums, one_by_one.summaries_and_recount().unwrap().0);
}

#[test]
fn a_failure_keeps_every_page_fetched_before_it() {
    let mut script: Vec<_> = pages(7).into_iter().map(Ok).collect();
    script.push(Err(ConnectorError::Refused {
        institution: "Test Bank".into(),
        detail: "server error".into(),
    }));
    script.extend(pages(3).into_iter().map(Ok));
    let (_dir, mut v, c) = new_vault();
    let (commits, status) = sync(&mut v, c, script);
    assert_eq!(status, "failed");
    assert_eq!(commits, [1, 3, 7]);
    assert_eq!(v.status().unwrap().counts["transactions"], 7_000);
    assert_eq!(
        v.connector_state(c).unwrap().cursors["transactions:cc_1"],
        "page-7"
    );
}
