-- Coffer vault schema, version 5: the transactions page's total count without a full scan.
--
-- The page's count for filters made of account, whole months and the default statuses is read
-- from `spend_summary`'s row counts (posted and pending rows) plus the rows of every other
-- status (superseded, expired, voided: few), which this partial index finds without touching
-- the table (see `vault/store/page_count.rs`).
CREATE INDEX transactions_not_counted
    ON transactions(account_id, coalesce(posted_on, transacted_on))
    WHERE status NOT IN ('posted', 'pending');
