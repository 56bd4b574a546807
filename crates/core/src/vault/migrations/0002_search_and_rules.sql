-- Coffer vault schema, version 2: full-text search over transactions, category rules, CSV
-- mappings.
--
-- The FTS5 index is external-content (it stores no second copy of the text) and is kept by the
-- storage code, not by triggers: a per-row trigger makes a bulk import about 6x slower, so bulk
-- imports rebuild the index in one pass after the rows are in.

CREATE VIRTUAL TABLE transactions_fts USING fts5(
    description, merchant, memo,
    content = 'transactions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO transactions_fts (transactions_fts) VALUES ('rebuild');

CREATE TABLE category_rules (
    id           INTEGER PRIMARY KEY,
    match_kind   TEXT NOT NULL CHECK (match_kind IN ('contains', 'starts_with', 'exact', 'regex')),
    pattern      TEXT NOT NULL,
    category_id  INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    priority     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    UNIQUE (match_kind, pattern)
);

CREATE TABLE csv_mappings (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    account_id  INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    definition  TEXT NOT NULL,                          -- JSON: columns, date format, signs...
    created_at  TEXT NOT NULL
);

CREATE INDEX transactions_by_category ON transactions(category_id, posted_on);
CREATE INDEX transactions_by_merchant ON transactions(merchant);
-- The few pendings of an account, for settling postings by the matching rule without scanning
-- the account's whole history for each posting.
CREATE INDEX transactions_pending ON transactions(account_id, transacted_on) WHERE status = 'pending';
