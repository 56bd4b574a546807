-- Coffer vault schema, version 10: the rewards ledger reads day sums, not every event.
--
-- The ledger (balances over time, earned and burned, expiring lots, earnings per card) needs
-- only sums per program × day × account × kind × bonus category. A synced vault of 1.2M
-- transactions holds 888,830 reward events; reading them all (with a join to each event's
-- purchase for the reconciliation) took 5.4 s and ~180 MB, and the dashboard reads this report.
-- `reward_summary` holds those sums (36,000 rows on that vault), kept by triggers on every
-- insert, change and deletion of an event, foreign-key actions included.
--
-- The reconciliation (reported accrual against the card's earn rate × the purchase) is judged
-- when an event is stored: `expected_points` holds the points the purchase earns at the stated
-- rate, NULL while it cannot be judged (no rate, no purchase yet, the purchase's amount
-- changed). Coffer's write path judges the NULL ones whose purchase is now there after every
-- batch (`store/reward_checks.rs`), and this migration judges the accruals already stored.
-- `gained` and `lost` keep the positive and negative points apart: the expiring lots burn the
-- oldest points first, day by day.
ALTER TABLE reward_events ADD COLUMN expected_points INTEGER;

-- The migrator judges the stored accruals here, before the sums, triggers and indexes below
-- exist, so each verdict is one plain update.
-- @judge-accruals

-- Accruals waiting for a verdict: the write path judges them once their purchase is there.
CREATE INDEX reward_events_unjudged ON reward_events (account_id)
    WHERE kind = 'accrual' AND expected_points IS NULL AND earn_rate IS NOT NULL
        AND transaction_source_id IS NOT NULL;

CREATE TABLE reward_summary (
    program_id   INTEGER NOT NULL,
    occurred_on  TEXT NOT NULL,
    account_key  INTEGER NOT NULL,          -- account_id, 0 for none
    kind         TEXT NOT NULL,
    bonus_key    TEXT NOT NULL,             -- bonus_category, '' for none
    gained       INTEGER NOT NULL,          -- sum of the positive points
    lost         INTEGER NOT NULL,          -- sum of the negative points (<= 0)
    events       INTEGER NOT NULL,
    checked      INTEGER NOT NULL,          -- accruals with a verdict (expected_points set)
    PRIMARY KEY (program_id, occurred_on, account_key, kind, bonus_key)
) WITHOUT ROWID;

INSERT INTO reward_summary
SELECT program_id, occurred_on, coalesce(account_id, 0), kind, coalesce(bonus_category, ''),
    sum(max(points, 0)), sum(min(points, 0)), count(*),
    sum(kind = 'accrual' AND expected_points IS NOT NULL)
FROM reward_events
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER reward_summary_on_insert AFTER INSERT ON reward_events
BEGIN
    INSERT INTO reward_summary
    VALUES (NEW.program_id, NEW.occurred_on, coalesce(NEW.account_id, 0), NEW.kind,
        coalesce(NEW.bonus_category, ''), max(NEW.points, 0), min(NEW.points, 0), 1,
        NEW.kind = 'accrual' AND NEW.expected_points IS NOT NULL)
    ON CONFLICT DO UPDATE SET gained = gained + excluded.gained, lost = lost + excluded.lost,
        events = events + 1, checked = checked + excluded.checked;
END;

CREATE TRIGGER reward_summary_on_update
AFTER UPDATE OF program_id, occurred_on, account_id, kind, bonus_category, points, expected_points
    ON reward_events
BEGIN
    UPDATE reward_summary SET gained = gained - max(OLD.points, 0),
        lost = lost - min(OLD.points, 0), events = events - 1,
        checked = checked - (OLD.kind = 'accrual' AND OLD.expected_points IS NOT NULL)
    WHERE program_id = OLD.program_id AND occurred_on = OLD.occurred_on
        AND account_key = coalesce(OLD.account_id, 0) AND kind = OLD.kind
        AND bonus_key = coalesce(OLD.bonus_category, '');
    DELETE FROM reward_summary
    WHERE program_id = OLD.program_id AND occurred_on = OLD.occurred_on
        AND account_key = coalesce(OLD.account_id, 0) AND kind = OLD.kind
        AND bonus_key = coalesce(OLD.bonus_category, '') AND events = 0;
    INSERT INTO reward_summary
    VALUES (NEW.program_id, NEW.occurred_on, coalesce(NEW.account_id, 0), NEW.kind,
        coalesce(NEW.bonus_category, ''), max(NEW.points, 0), min(NEW.points, 0), 1,
        NEW.kind = 'accrual' AND NEW.expected_points IS NOT NULL)
    ON CONFLICT DO UPDATE SET gained = gained + excluded.gained, lost = lost + excluded.lost,
        events = events + 1, checked = checked + excluded.checked;
END;

CREATE TRIGGER reward_summary_on_delete AFTER DELETE ON reward_events
BEGIN
    UPDATE reward_summary SET gained = gained - max(OLD.points, 0),
        lost = lost - min(OLD.points, 0), events = events - 1,
        checked = checked - (OLD.kind = 'accrual' AND OLD.expected_points IS NOT NULL)
    WHERE program_id = OLD.program_id AND occurred_on = OLD.occurred_on
        AND account_key = coalesce(OLD.account_id, 0) AND kind = OLD.kind
        AND bonus_key = coalesce(OLD.bonus_category, '');
    DELETE FROM reward_summary
    WHERE program_id = OLD.program_id AND occurred_on = OLD.occurred_on
        AND account_key = coalesce(OLD.account_id, 0) AND kind = OLD.kind
        AND bonus_key = coalesce(OLD.bonus_category, '') AND events = 0;
END;

-- The events that name a purchase, to find them when the purchase changes.
CREATE INDEX reward_events_by_purchase ON reward_events (account_id, transaction_source_id)
    WHERE transaction_source_id IS NOT NULL;

-- The discrepancies the report lists.
CREATE INDEX reward_events_mismatched ON reward_events (occurred_on)
    WHERE kind = 'accrual' AND expected_points <> points;

-- A purchase whose amount changes takes the verdicts of its accruals back to "not judged".
CREATE TRIGGER reward_verdicts_on_amount
AFTER UPDATE OF amount_minor ON transactions
WHEN OLD.amount_minor IS NOT NEW.amount_minor
BEGIN
    UPDATE reward_events SET expected_points = NULL
    WHERE account_id = NEW.account_id AND transaction_source_id = NEW.source_id
        AND expected_points IS NOT NULL;
END;
