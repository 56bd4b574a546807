-- Coffer vault schema, version 7: two indexes no query uses are dropped.
--
-- `transactions_by_date (posted_on)` and `transactions_by_account_date (account_id, posted_on)`
-- came with version 1, before every date filter and order moved to the transaction's day,
-- `coalesce(posted_on, transacted_on)`, which `transactions_by_day` (version 3) serves; lookups
-- by account use the prefix of the `UNIQUE (account_id, source_id)` index. No statement reads
-- `posted_on` alone, yet every row written kept both b-trees, and a bulk import rebuilt them:
-- two of the five index builds of a 1,000,000-row import (BENCHMARKS.md).
DROP INDEX IF EXISTS transactions_by_date;
DROP INDEX IF EXISTS transactions_by_account_date;
