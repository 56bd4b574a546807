-- Coffer vault schema, version 9: the charge groups that can recur get a covering index.
--
-- Recurring payments reads `charge_summary`'s groups of three or more charges. The table holds
-- every posted outflow's group, and most groups (one purchase of one amount at one merchant)
-- have one or two charges, so the report scanned a table three or more times larger than the
-- part it uses, and its pages, more than the page cache holds, were read and decrypted again
-- on every run. This partial index holds only the repeated groups, with every column the
-- report reads (the row count too: without it SQLite reads the table to test the predicate),
-- so the report reads the index alone. SQLite keeps it in step like any index: a group enters
-- it with its third charge and leaves it below three.
--
-- Measured on a vault of 996,081 imported OFX rows (389,000 charge groups, 113,000 of them
-- repeated; BENCHMARKS.md): the report 137 ms → 87 ms warm.
CREATE INDEX charge_summary_repeated
    ON charge_summary (account_id, merchant_key, amount_minor, currency, row_count, days)
    WHERE row_count >= 3;
