//! Search pages: a word matching few rows and a word matching thousands (the two plans of
//! `queries::search_plan`) give exactly the rows, order, pages and totals of a brute-force
//! filter over every row, with and without other filters.

mod analytics_support;

use coffer_core::vault::store::{TransactionFilter, TransactionView};

fn brute(all: &[TransactionView], word: &str, account: Option<i64>) -> Vec<i64> {
    all.iter()
        .filter(|t| {
            let text = format!(
                "{} {}",
                t.description,
                t.merchant.as_deref().unwrap_or_default()
            );
            text.to_lowercase().contains(word) && account.is_none_or(|a| t.account_id == a)
        })
        .map(|t| t.id)
        .collect()
}

#[test]
fn both_search_plans_match_a_brute_force_filter() {
    // 40,000 rows over 8 merchants: "blue" matches 5,000 (more than the few-matches bound),
    // "netflix" too, "hyperlink" as well; "2k4ab12c3" only Amazon's rows; "zzzq" none.
    let (_dir, v) = analytics_support::bulk_vault(40_000);
    let all = v.transactions(&TransactionFilter::default()).unwrap();
    assert_eq!(all.len(), 40_000);
    let account = all[0].account_id;
    for word in ["blue", "netflix", "zzzq"] {
        let want = brute(&all, word, None);
        for (offset, limit) in [(0, 100), (250, 50), (4_990, 100)] {
            let got: Vec<i64> = v
                .transactions(&TransactionFilter {
                    search: Some(word.into()),
                    limit: Some(limit),
                    offset: Some(offset),
                    ..Default::default()
                })
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .collect();
            let end = (offset as usize + limit as usize).min(want.len());
            let expected = want.get(offset as usize..end).unwrap_or_default();
            assert_eq!(got, expected, "'{word}' offset {offset} limit {limit}");
        }
        for acct in [None, Some(account)] {
            let (rows, total) = v
                .transactions_page(
                    &TransactionFilter {
                        search: Some(word.into()),
                        account_id: acct,
                        limit: Some(100),
                        ..Default::default()
                    },
                    None,
                )
                .unwrap();
            let want = brute(&all, word, acct);
            assert_eq!(total, want.len() as u64, "'{word}' total, account {acct:?}");
            let ids: Vec<i64> = rows.into_iter().map(|t| t.id).collect();
            assert_eq!(
                ids,
                want[..want.len().min(100)],
                "'{word}' page, account {acct:?}"
            );
        }
    }
    assert!(
        brute(&all, "blue", None).len() > 4_000,
        "the common-word plan ran"
    );
}
