-- Coffer vault schema, version 1: connections, accounts and every kind of financial data.
-- Money is INTEGER minor units beside an ISO 4217 code; rates (APY, FX) are canonical decimal
-- TEXT; points and miles are INTEGER; dates are ISO 8601 TEXT (YYYY-MM-DD), instants RFC 3339 UTC.
-- Every row that comes from a source carries that source's id; (owner, source_id) is UNIQUE, which
-- is what makes re-syncing and re-importing idempotent. Links between rows of one source are kept
-- as that source's ids (joined when read), so they hold whatever order the rows arrive in.

CREATE TABLE connections (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('issuer', 'fdx', 'simplefin', 'ofx', 'csv', 'file')),
    institution   TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    base_url      TEXT,
    scopes        TEXT NOT NULL DEFAULT '[]',          -- JSON array of granted scopes
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'needs_reauth', 'error', 'revoked')),
    last_sync_at  TEXT,
    last_error    TEXT,
    created_at    TEXT NOT NULL
);

CREATE TABLE consents (
    id             INTEGER PRIMARY KEY,
    connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    granted_at     TEXT NOT NULL,
    scopes         TEXT NOT NULL,                      -- JSON array
    receipt        TEXT NOT NULL,                      -- JSON: what was consented, when, by whom
    revoked_at     TEXT
);
CREATE INDEX consents_by_connection ON consents(connection_id);

-- Secrets of a connection (refresh tokens, device binding, SimpleFIN access URL). Only ever
-- inside this encrypted file; deleted the moment the connection is unlinked.
CREATE TABLE secrets (
    connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    value          BLOB NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (connection_id, name)
) WITHOUT ROWID;

CREATE TABLE sync_cursors (
    connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    stream         TEXT NOT NULL,                      -- e.g. 'transactions:<account source id>'
    cursor         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (connection_id, stream)
) WITHOUT ROWID;

CREATE TABLE sync_runs (
    id             INTEGER PRIMARY KEY,
    connection_id  INTEGER REFERENCES connections(id) ON DELETE SET NULL,
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    status         TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'partial')),
    accounts       INTEGER NOT NULL DEFAULT 0,
    pages          INTEGER NOT NULL DEFAULT 0,
    rows_added     INTEGER NOT NULL DEFAULT 0,
    rows_updated   INTEGER NOT NULL DEFAULT 0,
    error          TEXT
);

CREATE TABLE reward_programs (
    id             INTEGER PRIMARY KEY,
    connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    source_id      TEXT NOT NULL,
    name           TEXT NOT NULL,                      -- 'AAdvantage miles', 'TrueBlue points'
    unit           TEXT NOT NULL CHECK (unit IN ('miles', 'points', 'cash')),
    expiry_rule    TEXT,                               -- JSON rule, shown to the user as text
    UNIQUE (connection_id, source_id)
);

CREATE TABLE accounts (
    id                        INTEGER PRIMARY KEY,
    connection_id             INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    source_id                 TEXT NOT NULL,
    kind                      TEXT NOT NULL CHECK (kind IN ('credit_card', 'savings', 'cd', 'checking')),
    product                   TEXT,                    -- co-brand product, e.g. 'AAdvantage Aviator Red'
    name                      TEXT NOT NULL,
    mask                      TEXT,                    -- last four digits
    currency                  TEXT NOT NULL,
    credit_limit_minor        INTEGER,
    cash_advance_limit_minor  INTEGER,
    apy                       TEXT,                    -- decimal percent, e.g. '4.35'
    opened_on                 TEXT,
    term_months               INTEGER,
    maturity_on               TEXT,
    status                    TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'matured')),
    reward_program_source_id  TEXT,                    -- joins reward_programs(connection_id, source_id)
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    UNIQUE (connection_id, source_id)
);

CREATE TABLE balance_snapshots (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    as_of            TEXT NOT NULL,
    current_minor    INTEGER NOT NULL,
    available_minor  INTEGER,
    limit_minor      INTEGER,
    currency         TEXT NOT NULL,
    UNIQUE (account_id, as_of)
);

CREATE TABLE statements (
    id                     INTEGER PRIMARY KEY,
    account_id             INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source_id              TEXT NOT NULL,
    period_start           TEXT NOT NULL,
    period_end             TEXT NOT NULL,
    closing_balance_minor  INTEGER NOT NULL,
    minimum_due_minor      INTEGER,
    due_on                 TEXT,
    fees_minor             INTEGER NOT NULL DEFAULT 0,
    interest_minor         INTEGER NOT NULL DEFAULT 0,
    currency               TEXT NOT NULL,
    pdf                    BLOB,                       -- the statement PDF itself, inside the vault
    pdf_sha256             TEXT,
    UNIQUE (account_id, source_id)
);

CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('spend', 'income', 'transfer', 'payment', 'fee'))
);

-- status: 'pending' (an authorization not yet settled), 'posted', 'superseded' (a pending that a
-- posting settled; kept and shown, never counted), 'expired' (a pending that never posted),
-- 'voided' (a posting the institution later voided or replaced, e.g. an OFX correction; kept and
-- shown, never counted, never revived by re-importing an older file).
CREATE TABLE transactions (
    id                        INTEGER PRIMARY KEY,
    account_id                INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source_id                 TEXT NOT NULL,
    status                    TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'superseded', 'expired', 'voided')),
    transacted_on             TEXT,
    posted_on                 TEXT,
    amount_minor              INTEGER NOT NULL,        -- negative: money leaving the account holder
    currency                  TEXT NOT NULL,
    original_amount_minor     INTEGER,
    original_currency         TEXT,
    fx_rate                   TEXT,
    description               TEXT NOT NULL,           -- the raw merchant string as the source gave it
    merchant                  TEXT,                    -- cleaned merchant name
    mcc                       TEXT CHECK (mcc IS NULL OR (length(mcc) = 4 AND mcc NOT GLOB '*[^0-9]*')),
    category_id               INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    category_source           TEXT CHECK (category_source IN ('source', 'mcc', 'rule', 'manual')),
    memo                      TEXT,
    statement_source_id       TEXT,                    -- joins statements(account_id, source_id)
    authorization_source_id   TEXT,                    -- the source's id of the pending this settles
    settles_id                INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    UNIQUE (account_id, source_id)
);
CREATE INDEX transactions_by_account_date ON transactions(account_id, posted_on);
CREATE INDEX transactions_by_date ON transactions(posted_on);
CREATE INDEX transactions_by_settles ON transactions(settles_id) WHERE settles_id IS NOT NULL;

CREATE TABLE credit_scores (
    id             INTEGER PRIMARY KEY,
    connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    as_of          TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 250 AND 900),
    model          TEXT NOT NULL,                      -- 'FICO 8 Bankcard'
    bureau         TEXT NOT NULL DEFAULT '',           -- '' when the source does not say
    source         TEXT NOT NULL,
    UNIQUE (connection_id, model, bureau, as_of)
);

CREATE TABLE reward_balances (
    id          INTEGER PRIMARY KEY,
    program_id  INTEGER NOT NULL REFERENCES reward_programs(id) ON DELETE CASCADE,
    as_of       TEXT NOT NULL,
    balance     INTEGER NOT NULL,
    UNIQUE (program_id, as_of)
);

CREATE TABLE reward_events (
    id                      INTEGER PRIMARY KEY,
    program_id              INTEGER NOT NULL REFERENCES reward_programs(id) ON DELETE CASCADE,
    account_id              INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    source_id               TEXT NOT NULL,
    occurred_on             TEXT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('accrual', 'bonus', 'redemption', 'adjustment', 'expiry')),
    points                  INTEGER NOT NULL,          -- signed: burns and expiries are negative
    transaction_source_id   TEXT,                       -- joins transactions(account_id, source_id)
    earn_rate               TEXT,
    bonus_category          TEXT,
    description             TEXT,
    UNIQUE (program_id, source_id)
);

CREATE TABLE transfers (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source_id       TEXT NOT NULL,
    counterparty    TEXT NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('scheduled', 'completed', 'failed', 'cancelled')),
    scheduled_on    TEXT,
    completed_on    TEXT,
    UNIQUE (account_id, source_id)
);

CREATE TABLE card_events (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source_id    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('locked', 'unlocked', 'replacement_requested', 'shipped', 'delivered')),
    occurred_at  TEXT NOT NULL,
    reason       TEXT,
    UNIQUE (account_id, source_id)
);

-- Signed webhook events already applied, so a replayed event id is refused.
CREATE TABLE processed_events (
    event_id       TEXT PRIMARY KEY,
    connection_id  INTEGER REFERENCES connections(id) ON DELETE CASCADE,
    received_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    action         TEXT NOT NULL,                      -- 'vault.create', 'sync', 'import', 'export', ...
    connection_id  INTEGER,
    outcome        TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    detail         TEXT NOT NULL DEFAULT '{}'          -- JSON, never a secret
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO categories (name, kind) VALUES
    ('Airfare', 'spend'), ('Lodging', 'spend'), ('Cruises', 'spend'), ('Car rental', 'spend'),
    ('Ground transport', 'spend'), ('Groceries', 'spend'), ('Dining', 'spend'), ('Gas', 'spend'),
    ('Shopping', 'spend'), ('Entertainment', 'spend'), ('Subscriptions', 'spend'),
    ('Health', 'spend'), ('Utilities', 'spend'), ('Services', 'spend'), ('Other', 'spend'),
    ('Fees', 'fee'), ('Interest', 'fee'), ('Payments', 'payment'), ('Transfers', 'transfer'),
    ('Income', 'income'), ('Refunds', 'income');
