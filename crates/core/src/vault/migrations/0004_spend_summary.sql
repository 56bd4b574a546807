-- Coffer vault schema, version 4: maintained aggregates for analytics.
--
-- Spend analysis, "apply to N similar" and recurring payments read these small tables instead
-- of a million transactions. The storage code keeps them, in the same SQLite transaction as the
-- rows they sum (see `vault/store/summary.rs`):
--   * new rows (id above `summary_state.through_id`) are added in one grouped pass when a batch
--     commits (`summary::summarize_new_rows`), not by a per-row trigger, so bulk imports pay
--     one pass over their own rows;
--   * changes to rows already summed (status, dates, amount, texts, category) and deletions
--     (purges) are applied as deltas by the triggers below, which only fire for such rows.
-- NULLs are stored as '' / 0 so that every group has one key.

CREATE TABLE summary_state (
    only_row    INTEGER PRIMARY KEY CHECK (only_row = 1),
    through_id  INTEGER NOT NULL            -- transactions with id <= this are summed
);

-- Counted (posted and pending) transactions by account, month, merchant, MCC, category and
-- currency.
CREATE TABLE spend_summary (
    account_id         INTEGER NOT NULL,
    month              TEXT NOT NULL,       -- YYYY-MM of coalesce(posted_on, transacted_on)
    merchant_key       TEXT NOT NULL,       -- coalesce(merchant, description)
    has_merchant       INTEGER NOT NULL,
    mcc                TEXT NOT NULL,
    category_id        INTEGER NOT NULL,
    category_source    TEXT NOT NULL,
    currency           TEXT NOT NULL,
    original_currency  TEXT NOT NULL,
    outflow_minor      INTEGER NOT NULL,    -- sum of negative amounts
    inflow_minor       INTEGER NOT NULL,    -- sum of positive amounts
    row_count          INTEGER NOT NULL,
    original_minor     INTEGER NOT NULL,    -- sum of original amounts (foreign purchases)
    description        TEXT NOT NULL,       -- a representative raw description (the smallest added)
    PRIMARY KEY (account_id, month, merchant_key, has_merchant, mcc, category_id, category_source,
                 currency, original_currency)
) WITHOUT ROWID;

-- Posted outflows by account, merchant, exact amount and currency, with their days (days since
-- 1970-01-01, comma-separated, in no order), for recurring payments.
CREATE TABLE charge_summary (
    account_id    INTEGER NOT NULL,
    merchant_key  TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    row_count     INTEGER NOT NULL,
    days          TEXT NOT NULL,
    PRIMARY KEY (account_id, merchant_key, amount_minor, currency)
) WITHOUT ROWID;

INSERT INTO summary_state (only_row, through_id) VALUES (1, 0);

-- A change to a row already summed: its old form out, its new form in.
CREATE TRIGGER spend_summary_on_update
AFTER UPDATE OF status, transacted_on, posted_on, amount_minor, currency, original_amount_minor,
    original_currency, description, merchant, mcc, category_id, category_source ON transactions
WHEN OLD.id <= (SELECT through_id FROM summary_state)
BEGIN
    INSERT INTO spend_summary
    SELECT OLD.account_id, coalesce(substr(coalesce(OLD.posted_on, OLD.transacted_on), 1, 7), ''),
        coalesce(OLD.merchant, OLD.description), OLD.merchant IS NOT NULL, coalesce(OLD.mcc, ''),
        coalesce(OLD.category_id, 0), coalesce(OLD.category_source, ''), OLD.currency,
        coalesce(OLD.original_currency, ''),
        -min(OLD.amount_minor, 0), -max(OLD.amount_minor, 0), -1,
        -coalesce(OLD.original_amount_minor, 0), OLD.description
    WHERE OLD.status IN ('posted', 'pending')
    ON CONFLICT DO UPDATE SET outflow_minor = outflow_minor + excluded.outflow_minor,
        inflow_minor = inflow_minor + excluded.inflow_minor,
        row_count = row_count + excluded.row_count,
        original_minor = original_minor + excluded.original_minor;
    DELETE FROM spend_summary WHERE account_id = OLD.account_id
        AND month = coalesce(substr(coalesce(OLD.posted_on, OLD.transacted_on), 1, 7), '')
        AND merchant_key = coalesce(OLD.merchant, OLD.description) AND has_merchant = (OLD.merchant IS NOT NULL)
        AND mcc = coalesce(OLD.mcc, '') AND category_id = coalesce(OLD.category_id, 0)
        AND category_source = coalesce(OLD.category_source, '') AND currency = OLD.currency
        AND original_currency = coalesce(OLD.original_currency, '')
        AND row_count = 0;
    INSERT INTO spend_summary
    SELECT NEW.account_id, coalesce(substr(coalesce(NEW.posted_on, NEW.transacted_on), 1, 7), ''),
        coalesce(NEW.merchant, NEW.description), NEW.merchant IS NOT NULL, coalesce(NEW.mcc, ''),
        coalesce(NEW.category_id, 0), coalesce(NEW.category_source, ''), NEW.currency,
        coalesce(NEW.original_currency, ''),
        min(NEW.amount_minor, 0), max(NEW.amount_minor, 0), 1,
        coalesce(NEW.original_amount_minor, 0), NEW.description
    WHERE NEW.status IN ('posted', 'pending')
    ON CONFLICT DO UPDATE SET outflow_minor = outflow_minor + excluded.outflow_minor,
        inflow_minor = inflow_minor + excluded.inflow_minor,
        row_count = row_count + excluded.row_count,
        original_minor = original_minor + excluded.original_minor,
        description = min(description, excluded.description);
END;

CREATE TRIGGER charge_summary_on_update
AFTER UPDATE OF status, transacted_on, posted_on, amount_minor, currency, description, merchant
    ON transactions
WHEN OLD.id <= (SELECT through_id FROM summary_state)
BEGIN
    UPDATE charge_summary SET row_count = row_count - 1,
        days = trim(substr(',' || days || ',', 1, instr(',' || days || ',', ',' || CAST(round(julianday(coalesce(OLD.posted_on, OLD.transacted_on)) - 2440587.5) AS INTEGER) || ',') - 1)
            || substr(',' || days || ',', instr(',' || days || ',', ',' || CAST(round(julianday(coalesce(OLD.posted_on, OLD.transacted_on)) - 2440587.5) AS INTEGER) || ',') + length(CAST(round(julianday(coalesce(OLD.posted_on, OLD.transacted_on)) - 2440587.5) AS INTEGER)) + 1), ',')
    WHERE OLD.status = 'posted' AND OLD.amount_minor < 0 AND coalesce(OLD.posted_on, OLD.transacted_on) IS NOT NULL
        AND account_id = OLD.account_id AND merchant_key = coalesce(OLD.merchant, OLD.description)
        AND amount_minor = OLD.amount_minor AND currency = OLD.currency;
    DELETE FROM charge_summary WHERE account_id = OLD.account_id
        AND merchant_key = coalesce(OLD.merchant, OLD.description)
        AND amount_minor = OLD.amount_minor AND currency = OLD.currency AND row_count = 0;
    INSERT INTO charge_summary
    SELECT NEW.account_id, coalesce(NEW.merchant, NEW.description), NEW.amount_minor, NEW.currency,
        1, CAST(round(julianday(coalesce(NEW.posted_on, NEW.transacted_on)) - 2440587.5) AS INTEGER)
    WHERE NEW.status = 'posted' AND NEW.amount_minor < 0 AND coalesce(NEW.posted_on, NEW.transacted_on) IS NOT NULL
    ON CONFLICT DO UPDATE SET row_count = row_count + 1, days = days || ',' || excluded.days;
END;

-- A summed row deleted (a purge): out of the sums. When the newest rows go, the watermark comes
-- down with them, so a later row that reuses their id is still summed.
CREATE TRIGGER summary_on_delete
AFTER DELETE ON transactions
WHEN OLD.id <= (SELECT through_id FROM summary_state)
BEGIN
    INSERT INTO spend_summary
    SELECT OLD.account_id, coalesce(substr(coalesce(OLD.posted_on, OLD.transacted_on), 1, 7), ''),
        coalesce(OLD.merchant, OLD.description), OLD.merchant IS NOT NULL, coalesce(OLD.mcc, ''),
        coalesce(OLD.category_id, 0), coalesce(OLD.category_source, ''), OLD.currency,
        coalesce(OLD.original_currency, ''),
        -min(OLD.amount_minor, 0), -max(OLD.amount_minor, 0), -1,
        -coalesce(OLD.original_amount_minor, 0), OLD.description
    WHERE OLD.status IN ('posted', 'pending')
    ON CONFLICT DO UPDATE SET outflow_minor = outflow_minor + excluded.outflow_minor,
        inflow_minor = inflow_minor + excluded.inflow_minor,
        row_count = row_count + excluded.row_count,
        original_minor = original_minor + excluded.original_minor;
    DELETE FROM spend_summary WHERE account_id = OLD.account_id
        AND month = coalesce(substr(coalesce(OLD.posted_on, OLD.transacted_on), 1, 7), '')
        AND merchant_key = coalesce(OLD.merchant, OLD.description) AND has_merchant = (OLD.merchant IS NOT NULL)
        AND mcc = coalesce(OLD.mcc, '') AND category_id = coalesce(OLD.category_id, 0)
        AND category_source = coalesce(OLD.category_source, '') AND currency = OLD.currency
        AND original_currency = coalesce(OLD.original_currency, '')
        AND row_count = 0;
    UPDATE charge_summary SET row_count = row_count - 1,
        days = trim(substr(',' || days || ',', 1, instr(',' || days || ',', ',' || CAST(round(julianday(coalesce(OLD.posted_on, OLD.transacted_on)) - 2440587.5) AS INTEGER) || ',') - 1)
            || substr(',' || days || ',', instr(',' || days || ',', ',' || CAST(round(julianday(coalesce(OLD.posted_on, OLD.transacted_on)) - 2440587.5) AS INTEGER) || ',') + length(CAST(round(julianday(coalesce(OLD.posted_on, OLD.transacted_on)) - 2440587.5) AS INTEGER)) + 1), ',')
    WHERE OLD.status = 'posted' AND OLD.amount_minor < 0 AND coalesce(OLD.posted_on, OLD.transacted_on) IS NOT NULL
        AND account_id = OLD.account_id AND merchant_key = coalesce(OLD.merchant, OLD.description)
        AND amount_minor = OLD.amount_minor AND currency = OLD.currency;
    DELETE FROM charge_summary WHERE account_id = OLD.account_id
        AND merchant_key = coalesce(OLD.merchant, OLD.description)
        AND amount_minor = OLD.amount_minor AND currency = OLD.currency AND row_count = 0;
    UPDATE summary_state
    SET through_id = (SELECT coalesce(max(id), 0) FROM transactions)
    WHERE through_id > (SELECT coalesce(max(id), 0) FROM transactions);
END;
