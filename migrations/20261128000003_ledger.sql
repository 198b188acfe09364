-- Money: wallets and fees as an append-only ledger, pagoPA payments, notice numbering.
-- Amounts are integer euro cents. Ledger rows are never updated nor deleted.

ALTER TABLE tenants ADD COLUMN iban TEXT;
-- The Ente's CBILL code, printed on payment notices (home banking payments).
ALTER TABLE tenants ADD COLUMN cbill TEXT;
ALTER TABLE tenants ADD COLUMN recharge_min_cents BIGINT NOT NULL DEFAULT 500;
ALTER TABLE tenants ADD COLUMN recharge_max_cents BIGINT NOT NULL DEFAULT 50000;
-- The pagoPA taxonomy code ("dati specifici di riscossione") of each service's payments.
ALTER TABLE services ADD COLUMN taxonomy TEXT;

-- One account per tutore and service: the canteen wallet, or the transport fees.
CREATE TABLE accounts (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    guardian_id      TEXT NOT NULL,
    service_id       TEXT NOT NULL,
    -- The sum of the account's ledger rows, kept in the same transaction as each row
    -- (`sportello ledger verify` proves it).
    balance_cents    BIGINT NOT NULL DEFAULT 0,
    last_movement_at TEXT,
    UNIQUE (tenant_id, guardian_id, service_id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, guardian_id) REFERENCES guardians (tenant_id, id),
    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
);

CREATE TABLE ledger_entries (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    account_id   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('topup', 'meal', 'fee_issued', 'fee_paid', 'refund', 'correction')),
    amount_cents BIGINT NOT NULL,
    pupil_id     TEXT,
    description  TEXT NOT NULL,
    -- What the movement is for (the IUV of a payment, a pupil's meal day, a fee): the same
    -- event can never be posted twice. Corrections carry none.
    reference    TEXT,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    UNIQUE (tenant_id, kind, reference),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id)
);
CREATE INDEX ledger_account ON ledger_entries (tenant_id, account_id, created_at, id);

-- The last IUV base used by each Ente (13 digits after the segregation code).
CREATE TABLE iuv_sequences (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id),
    last_base BIGINT NOT NULL
);

-- A payment asked of pagoPA: a top-up or a fee, with its debt position (iupd) and notice.
CREATE TABLE payments (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    account_id     TEXT NOT NULL,
    purpose        TEXT NOT NULL CHECK (purpose IN ('topup', 'fee')),
    fee_id         TEXT,
    amount_cents   BIGINT NOT NULL CHECK (amount_cents > 0),
    iuv            TEXT NOT NULL,
    notice_number  TEXT NOT NULL,
    iupd           TEXT NOT NULL,
    description    TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('creating', 'open', 'paid', 'expired', 'failed')),
    -- Where pagoPA Checkout takes this payment online, once opened.
    checkout_url   TEXT,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    paid_at        TEXT,
    next_check_at  TEXT,
    check_attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, iuv),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX payments_to_check ON payments (status, next_check_at);
CREATE INDEX payments_account ON payments (tenant_id, account_id, created_at);
